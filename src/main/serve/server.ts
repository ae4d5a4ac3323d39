/**
 * `netscope serve`: the renderer as a web page plus the API over a WebSocket,
 * for viewing in a browser. Plain Node (http + ws), no Electron. The page is
 * public (it holds no secret); only a client that offers the token can open
 * the socket, and with it reach any data.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, type Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { TOKEN_PARAM, WS_PATH } from '../../shared/wire';
import { WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS } from '../../shared/wire-frame';
import { HEAD_PARAM, parseHeadRequest } from '../../shared/wire-head';
import type { Backend } from '../engine/backend-types';
import {
  acceptedHosts,
  generateToken,
  hostForUrl,
  listeningAddresses,
  offeredProtocols,
  presentedToken,
  selectedProtocol,
  tokenProblem,
  tokensEqual,
} from './auth';
import { BufferBudget, DEFAULT_SERVER_LIMITS, type BufferStats, type ServerLimits } from './budget';
import { createClientSession } from './client';
import type { ClientLimits, ClientSession } from './client-socket';
import { SECURITY_HEADERS } from './headers';
import { appPrefetchLink, contentType, entryPreloadLinks, IMMUTABLE, isHashedAsset, lookupStatic } from './static';

export interface ServeOptions {
  backend: Backend;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Generated (32 random bytes) when not given. */
  token?: string;
  /** The built renderer: out/renderer. */
  rendererDir: string;
  /** Allows ending processes from the page (--allow-actions). */
  allowActions: boolean;
  /** Tests only: smaller back-pressure limits. */
  limits?: Partial<ClientLimits>;
  /** Clients at once and bytes queued across them (--max-clients, --max-buffer-mb). */
  serverLimits?: Partial<ServerLimits>;
}

export interface RunningServer {
  /** The URL to open, token included (in the fragment, which browsers never send): the first of `urls`. */
  url: string;
  /** One URL per address the server really listens on (every interface address for a wildcard bind). */
  urls: string[];
  host: string;
  port: number;
  token: string;
  /** The server's own accounting of clients and unsent bytes. */
  stats(): BufferStats;
  close(): Promise<void>;
}

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? generateToken();
  const problem = tokenProblem(token);
  if (problem !== null) throw new Error(problem);
  const budget = new BufferBudget({ ...DEFAULT_SERVER_LIMITS, ...options.serverLimits });
  let hosts = new Set<string>();

  const requestUrl = (req: IncomingMessage): URL | null => {
    try {
      return new URL(req.url ?? '/', 'http://netscope.invalid');
    } catch {
      return null;
    }
  };
  const hostAllowed = (req: IncomingMessage): boolean => hosts.has((req.headers.host ?? '').toLowerCase());
  const authorized = (req: IncomingMessage): boolean => {
    const given = presentedToken(offeredProtocols(req.headers['sec-websocket-protocol']));
    return given !== null && tokensEqual(given, token);
  };

  const reply = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...extra,
    });
    res.end(`${text}\n`);
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req)) return reply(res, 403, 'Forbidden: unexpected Host header.');
    const url = requestUrl(req);
    if (url === null) return reply(res, 400, 'Bad request.');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    // No token here: the page and its assets are the same for everyone; the data is behind the socket.
    const found = await lookupStatic(options.rendererDir, url.pathname);
    if (found.kind === 'bad-request') return reply(res, 400, 'Bad request.');
    if (found.kind === 'not-found') return reply(res, 404, 'Not found.');
    const isIndex = found.path.endsWith('index.html');
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': contentType(found.path),
      'Content-Length': String(found.size),
      // The page itself never, so a new build shows at once. A hashed asset's name changes with its content: kept
      // without asking again, so a reload takes the page's ~1 MB of script from the cache (no-cache, with no
      // validator to check, fetched it whole every time).
      'Cache-Control': isIndex ? 'no-store' : isHashedAsset(url.pathname) ? IMMUTABLE : 'private, no-cache',
    };
    // Read at each page load (index.html, one readdir): a rebuild beside a running serve names new chunks, which the
    // page (no-store) loads at once; a Link read at start would name the old ones (404s, the preloads lost).
    const page = isIndex ? await readFile(found.path) : null;
    if (page !== null) {
      const prefetchApp = await appPrefetchLink(options.rendererDir);
      const links = [...entryPreloadLinks(page.toString('utf8')), ...(prefetchApp === null ? [] : [prefetchApp])];
      if (links.length > 0) headers.Link = links.join(', ');
      headers['Content-Length'] = String(page.byteLength);
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    if (page !== null) return void res.end(page);
    // pipeline, not pipe: a client that goes away destroys the file stream too, closing its descriptor.
    pipeline(createReadStream(found.path), res, () => undefined);
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  // Only the socket path is upgraded; other upgrade requests are refused below.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: selectedProtocol,
  });

  const refuseUpgrade = (socket: Duplex, status: number, text: string): void => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (url === null || url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    // Browsers always send Origin on WebSocket handshakes: another site's page is refused here.
    const origin = (req.headers.origin ?? '').toLowerCase();
    if (!origin.startsWith('http://') || !hosts.has(origin.slice('http://'.length))) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!authorized(req)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const sessions = new Set<ClientSession>();
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const session = createClientSession(ws, options.backend, {
      allowActions: options.allowActions,
      limits: options.limits,
      budget,
      binarySnapshots: ws.protocol === WS_PROTOCOL_COLUMNS || ws.protocol === WS_PROTOCOL_BINARY_DIFFS,
      binaryDiffs: ws.protocol === WS_PROTOCOL_BINARY_DIFFS,
      // The view the page shows first, if it said (a malformed one is ignored: the page just waits for the snapshot).
      head: parseHeadRequest(requestUrl(req)?.searchParams.get(HEAD_PARAM) ?? null),
    });
    sessions.add(session);
    const end = (): void => {
      session.dispose();
      sessions.delete(session);
    };
    ws.on('message', (data, isBinary) => session.onMessage(isBinary ? null : data.toString()));
    ws.on('close', end);
    ws.on('error', () => {
      end();
      ws.terminate();
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, options.host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const bound = server.address() as AddressInfo;
  const port = bound.port;
  const addresses = listeningAddresses(bound.address, bound.family);
  hosts = acceptedHosts(addresses, port);
  const urls = addresses.map((a) => `http://${hostForUrl(a)}:${port}/#${TOKEN_PARAM}=${encodeURIComponent(token)}`);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolveClose) => {
      // Stop engine pushes at once; the sockets' close handshakes finish on their own.
      for (const session of sessions) session.dispose();
      sessions.clear();
      for (const ws of wss.clients) ws.close(1001, 'server closing');
      wss.close();
      server.close(() => resolveClose());
      // Keep-alive HTTP connections and sockets that ignore the close frame would hold close() open.
      server.closeAllConnections();
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000).unref();
    });
    return closing;
  };

  return {
    url: urls[0] ?? `http://127.0.0.1:${port}/#${TOKEN_PARAM}=${encodeURIComponent(token)}`,
    urls,
    host: options.host,
    port,
    token,
    stats: () => budget.stats(),
    close,
  };
}
