/**
 * The /metrics endpoint: plain Node http, loopback by default. Requests with a
 * foreign Host header are refused (a web page reaching 127.0.0.1 through a
 * rebound DNS name reads nothing), and with a token file every scrape must
 * carry `Authorization: Bearer <token>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { acceptedHosts, hostForUrl, listeningAddresses } from '../serve/auth';
import { negotiateContentType } from './exposition';
import type { Scraper } from './scraper';
import { bearerMatches } from './token';

export interface MetricsServerOptions {
  scraper: Scraper;
  host: string;
  port: number;
  /** null: no token needed. */
  token: string | null;
  /** Extra Host header names to accept (e.g. the name Prometheus's target uses). */
  allowedHosts: readonly string[];
  /** The longest a scrape waits for a refresh, when Prometheus does not say a shorter timeout. */
  maxWaitMs: number;
}

export interface RunningMetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Prometheus sends its scrape timeout; answer a little before it, so it gets the stale data, not a timeout. */
export function waitFor(header: string | string[] | undefined, maxWaitMs: number): number {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (!Number.isFinite(seconds) || seconds <= 0) return maxWaitMs;
  return Math.max(0, Math.min(maxWaitMs, seconds * 1000 - 500));
}

const gzipAsync = promisify(gzip);

const LANDING = `<!doctype html><title>NetScope exporter</title><h1>NetScope exporter</h1><p><a href="metrics">Metrics</a></p>\n`;

export async function startMetricsServer(options: MetricsServerOptions): Promise<RunningMetricsServer> {
  let hosts = new Set<string>();

  const reply = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
    res.end(`${text}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hosts.has((req.headers.host ?? '').toLowerCase()))
      return reply(res, 403, 'Forbidden: unexpected Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    if (options.token !== null && !bearerMatches(req.headers.authorization, options.token)) {
      return reply(res, 401, 'Unauthorized: scrape with the bearer token from --metrics-token-file.', {
        'WWW-Authenticate': 'Bearer realm="netscope"',
      });
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(req.method === 'HEAD' ? undefined : LANDING);
    }
    if (path !== '/metrics') return reply(res, 404, 'Not found: the metrics are at /metrics.');
    const contentType = negotiateContentType(req.headers.accept);
    const body = await options.scraper.scrape(
      contentType,
      waitFor(req.headers['x-prometheus-scrape-timeout-seconds'], options.maxWaitMs),
    );
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'Cache-Control': 'no-store',
      Vary: 'Accept-Encoding',
    };
    // Prometheus asks for gzip; the text of a big host shrinks about tenfold.
    if (/\bgzip\b/i.test(req.headers['accept-encoding'] ?? '')) {
      const zipped = await gzipAsync(body);
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip' });
      return void res.end(req.method === 'HEAD' ? undefined : zipped);
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        reply(res, 500, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });
  // A scraper that opens a connection and says nothing must not hold it forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const addresses = listeningAddresses(bound.address, bound.family);
  const names = [...addresses, hostname(), ...options.allowedHosts];
  hosts = acceptedHosts(names, bound.port);
  const first = addresses[0] ?? '127.0.0.1';
  return {
    url: `http://${hostForUrl(first)}:${bound.port}/metrics`,
    port: bound.port,
    close: async () => {
      server.closeAllConnections();
      await promisify(server.close.bind(server))();
    },
  };
}
