/**
 * Limits for the whole server (issue 8): clients that ask for big answers and
 * never read them once pushed `serve` to 2.4 GB, the per-client limits
 * multiplied by the number of clients. Real sockets; the clients really stop
 * reading (ws.pause() stops reading the TCP socket). The assertions are on the
 * server's own accounting of unsent bytes, not on time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { fakeHandlers } from '../../../test/helpers/fake-handlers';
import { ok } from '../../shared/api';
import { CLOSE_TRY_AGAIN_LATER, TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } from '../../shared/wire';
import type { Backend } from '../engine/backend-types';
import type { ServerLimits } from './budget';
import { startServer, type RunningServer } from './server';

const TOKEN = 'limits-token-0123456789';
const ANSWER_BYTES = 1024 * 1024;
const MB = 1024 * 1024;

/** Every call is answered with about 1 MB, like a getSnapshot of a big table. */
function bulkyBackend(): Backend {
  const blob = 'x'.repeat(ANSWER_BYTES);
  return {
    handlers: fakeHandlers(async () => ok(blob)),
    subscribe: () => () => undefined,
    sendCommand: () => undefined,
    start: () => undefined,
    stop: async () => undefined,
  };
}

let server: RunningServer | null = null;
let dir = '';
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server?.close();
  server = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serve(limits: Partial<ServerLimits>): Promise<RunningServer> {
  dir = mkdtempSync(join(tmpdir(), 'netscope-limits-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  server = await startServer({
    backend: bulkyBackend(),
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    rendererDir: dir,
    allowActions: false,
    serverLimits: limits,
  });
  return server;
}

interface TestClient {
  ws: WebSocket;
  results: number;
  closed: Promise<{ code: number; reason: string }>;
}

function open(port: number): Promise<TestClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`, [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`], {
    origin: `http://127.0.0.1:${port}`,
  });
  sockets.push(ws);
  const client: TestClient = {
    ws,
    results: 0,
    closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
  };
  ws.on('message', (data: Buffer) => {
    if (data.toString().startsWith('{"type":"result"')) client.results++;
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

const ask = (ws: WebSocket, times: number): void => {
  for (let id = 1; id <= times; id++) ws.send(JSON.stringify({ type: 'invoke', id, method: 'getStatus', args: [] }));
};

describe('server-wide limits', () => {
  it('closes a client over --max-clients with 1013 and a reason the page can show', async () => {
    const s = await serve({ maxClients: 2 });
    await open(s.port);
    await open(s.port);
    const third = await open(s.port);
    const closed = await third.closed;
    expect(closed.code).toBe(CLOSE_TRY_AGAIN_LATER);
    expect(closed.reason).toMatch(/too many browser connections \(max 2\)/);
    expect(s.stats()).toMatchObject({ clients: 2, refusedClients: 1 });
  });

  it('keeps the unsent bytes across clients under the limit when clients stop reading', async () => {
    const limit = 8 * MB;
    const s = await serve({ maxClients: 8, maxBufferedBytes: limit });
    const stalled = await Promise.all([open(s.port), open(s.port), open(s.port)]);
    for (const c of stalled) {
      c.ws.pause(); // stops reading the socket: the kernel buffers fill, then the server's
      ask(c.ws, 30); // 30 MB each, far more than the kernel buffers hold
    }
    // 90 MB cannot fit in 8 MB plus the kernel's buffers: the server must have cut clients off.
    await vi.waitFor(() => expect(s.stats().evictedClients).toBeGreaterThanOrEqual(1), { timeout: 20_000 });
    const stats = s.stats();
    // A frame header (a few bytes) may ride on top of the payload the budget counted.
    expect(stats.peakBufferedBytes).toBeLessThanOrEqual(limit + 1024);
    expect(stats.bufferedBytes).toBeLessThanOrEqual(limit + 1024);

    // A client that reads is still served in full once the stalled ones are gone.
    for (const c of stalled) c.ws.terminate();
    await vi.waitFor(() => expect(s.stats().clients).toBe(0), { timeout: 10_000 });
    const reader = await open(s.port);
    ask(reader.ws, 5);
    await vi.waitFor(() => expect(reader.results).toBe(5), { timeout: 10_000 });
    expect(s.stats().peakBufferedBytes).toBeLessThanOrEqual(limit + 1024);
  });

  it('without a server-wide limit the same clients pin far more (the failure the limit prevents)', async () => {
    const s = await serve({ maxClients: 8, maxBufferedBytes: Number.MAX_SAFE_INTEGER });
    const stalled = await Promise.all([open(s.port), open(s.port), open(s.port)]);
    for (const c of stalled) {
      c.ws.pause();
      ask(c.ws, 30);
    }
    await vi.waitFor(() => expect(s.stats().peakBufferedBytes).toBeGreaterThan(40 * MB), { timeout: 20_000 });
    expect(s.stats().evictedClients).toBe(0);
  });
});
