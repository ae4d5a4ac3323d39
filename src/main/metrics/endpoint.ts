/**
 * The exporter around an engine: the token, the shared feed, the scraper and
 * the HTTP server, for `netscope exporter` and `netscope serve --metrics`.
 */
import { version } from '../../../package.json';
import type { Backend } from '../engine/backend-types';
import { isLoopback } from '../serve/auth';
import { backendSource, ScrapeFeed } from './feed';
import type { MetricsOptions } from './flags';
import { startMetricsServer, type RunningMetricsServer } from './http-server';
import { Scraper } from './scraper';
import { loadTokenFile } from './token';

/** A scrape waits this long at most for a refresh before answering with the last good data. */
export const MAX_SCRAPE_WAIT_MS = 5000;

export interface EndpointOptions {
  /** A snapshot younger than this serves a scrape as it is. */
  maxAgeMs: number;
  /** Where warnings go (stderr in the CLI). */
  warn: (message: string) => void;
  maxWaitMs?: number;
}

export async function startMetricsEndpoint(
  backend: Backend,
  metrics: MetricsOptions,
  options: EndpointOptions,
): Promise<RunningMetricsServer> {
  const loaded = metrics.tokenFile === null ? null : await loadTokenFile(metrics.tokenFile);
  if (loaded?.warning) options.warn(loaded.warning);
  if (!isLoopback(metrics.host)) {
    options.warn(
      `metrics on ${metrics.host} are reachable from the network` +
        (loaded ? '' : ' without a token: give --metrics-token-file, or bind 127.0.0.1'),
    );
  }
  const maxWaitMs = options.maxWaitMs ?? MAX_SCRAPE_WAIT_MS;
  const feed = new ScrapeFeed(backendSource(backend), { maxAgeMs: options.maxAgeMs, waitMs: maxWaitMs });
  const scraper = new Scraper(feed, { version, limits: metrics.limits, dos: metrics.dos });
  return startMetricsServer({
    scraper,
    host: metrics.host,
    port: metrics.port,
    token: loaded?.token ?? null,
    allowedHosts: metrics.allowedHosts,
    maxWaitMs,
  });
}
