import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { ok } from '../../shared/api';
import { fakeHandlers } from '../../../test/helpers/fake-handlers';
import { TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL, type ServerMessage } from '../../shared/wire';
import { blankConnection, emptySnapshot } from '../../shared/model';
import { trafficCounters } from '../../shared/test-helpers';
import { diffSnapshots } from '../../shared/diff';
import {
  decodeFrame,
  decodeSnapshotFrame,
  WS_PROTOCOL_BINARY_DIFFS,
  WS_PROTOCOL_COLUMNS,
} from '../../shared/wire-frame';
import { encodeHeadRequest, readHead } from '../../shared/wire-head';
import type { Backend, PushMessage } from '../engine/backend-types';
import { startServer, type RunningServer } from './server';

function fakeBackend() {
  const listeners = new Set<(m: PushMessage) => void>();
  // Reached only by calls the server has validated.
  const dispatch = vi.fn(async (method: string, args: readonly unknown[]) => ok({ echo: method, args }));
  const backend: Backend = {
    handlers: fakeHandlers(dispatch),
    subscribe: (l) => {
      listeners.add(l);
      l({ channel: 'command', payload: 'about' }); // stands in for the first snapshot
      return () => listeners.delete(l);
    },
    sendCommand: (c) => listeners.forEach((l) => l({ channel: 'command', payload: c })),
    start: () => undefined,
    stop: async () => undefined,
  };
  return { backend, dispatch, listeners };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'GET',
        headers: { Host: `127.0.0.1:${port}`, ...headers },
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

interface Client extends WebSocket {
  inbox: ServerMessage[];
}

/** token: offered as the `netscope.token.<T>` subprotocol (TOKEN unless given; null offers none). */
function connect(
  port: number,
  opts: { origin?: string; token?: string | null; headers?: Record<string, string>; path?: string } = {},
): Promise<Client> {
  const token = opts.token === undefined ? TOKEN : opts.token;
  const protocols = token === null ? [WS_PROTOCOL] : [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
  const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? WS_PATH}`, protocols, {
    origin: opts.origin ?? `http://127.0.0.1:${port}`,
    headers: opts.headers ?? {},
    handshakeTimeout: 5000,
  }) as Client;
  // Collect from the start: the server's first push can arrive together with the handshake.
  ws.inbox = [];
  ws.on('message', (data: Buffer) => ws.inbox.push(JSON.parse(data.toString()) as ServerMessage));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Takes the first message matching pred out of the client's inbox, waiting up to 5 s. */
async function nextMessage(ws: Client, pred: (m: ServerMessage) => boolean = () => true): Promise<ServerMessage> {
  let found: ServerMessage | undefined;
  await vi.waitFor(
    () => {
      const i = ws.inbox.findIndex(pred);
      if (i === -1) throw new Error('no message');
      found = ws.inbox.splice(i, 1)[0];
    },
    { timeout: 5000, interval: 5 },
  );
  return found as ServerMessage;
}

const closeCode = (ws: WebSocket): Promise<number> =>
  new Promise((resolve) => ws.once('close', (code) => resolve(code)));

const TOKEN = 'test-token-0123456789';
let dir: string;
let server: RunningServer;
let fake: ReturnType<typeof fakeBackend>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netscope-serve-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>NetScope</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'main-Ab3_xY9-.js'), 'export {}');
  writeFileSync(join(dir, 'package.json'), '{"secret":true}');
  fake = fakeBackend();
  server = await startServer({
    backend: fake.backend,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    rendererDir: root,
    allowActions: false,
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startServer: HTTP', () => {
  it('reports a URL carrying the token on an ephemeral port', () => {
    expect(server.port).toBeGreaterThan(0);
    // In the fragment: browsers never send it, so it reaches no server log, proxy or Referer.
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${TOKEN}`);
    expect(server.urls).toEqual([server.url]);
  });

  it('generates a 32-byte base64url token when none is given', async () => {
    const s = await startServer({
      backend: fakeBackend().backend,
      host: '127.0.0.1',
      port: 0,
      rendererDir: dir,
      allowActions: false,
    });
    try {
      expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      await s.close();
    }
  });

  it('refuses a token that is short or cannot travel as a subprotocol', async () => {
    const start = (token: string) =>
      startServer({ backend: fake.backend, host: '127.0.0.1', port: 0, token, rendererDir: dir, allowActions: false });
    await expect(start('short')).rejects.toThrow('at least 16');
    await expect(start('has spaces, commas and more')).rejects.toThrow('only letters');
  });

  it('serves the page without a token, sets no cookie, sends the security headers', async () => {
    const r = await get(server.port, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('NetScope');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    // A cookie would be sent to every other service on 127.0.0.1 (cookies ignore ports).
    expect(r.headers['set-cookie']).toBeUndefined();
    expect((await get(server.port, `/?token=${TOKEN}`)).headers['set-cookie']).toBeUndefined();
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-frame-options']).toBe('DENY');
  });

  it('serves assets without a token, with the right content type', async () => {
    const js = await get(server.port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1)');
    expect((await get(server.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(server.port, '/assets/missing.js')).status).toBe(404);
    expect((await get(server.port, '/assets')).status).toBe(404);
  });

  it('lets the browser keep a hashed asset without asking again; the page and unhashed files are asked for', async () => {
    // A reload then takes the page's script from the cache; a new build has new names, which index.html (never
    // cached) points to.
    const hashed = await get(server.port, '/assets/main-Ab3_xY9-.js');
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect((await get(server.port, '/assets/app.js')).headers['cache-control']).toBe('private, no-cache');
    expect((await get(server.port, '/')).headers['cache-control']).toBe('no-store');
    expect((await get(server.port, '/index.html')).headers['cache-control']).toBe('no-store');
  });

  it("has the page prefetch the app's chunk (fetched, not evaluated), and only the page", async () => {
    // boot.ts imports main only after the first paint or its head wait: the chunk is then in the cache.
    expect((await get(server.port, '/')).headers.link).toBe('</assets/main-Ab3_xY9-.js>; rel=prefetch');
    expect((await get(server.port, '/assets/app.js')).headers.link).toBeUndefined();
  });

  it('has the page preload its own entry script and stylesheet from the response, and serves the HTML whole', async () => {
    const html = `<!doctype html><script type="module" crossorigin src="./assets/index-B5naOBQq.js"></script><link rel="stylesheet" crossorigin href="./assets/index-v_ALeMbr.css">`;
    const page = join(dir, 'renderer', 'index.html');
    writeFileSync(page, html);
    try {
      const res = await get(server.port, '/');
      expect(res.headers.link).toBe(
        '</assets/index-B5naOBQq.js>; rel=modulepreload, </assets/index-v_ALeMbr.css>; rel=preload; as=style; crossorigin, </assets/main-Ab3_xY9-.js>; rel=prefetch',
      );
      expect(res.body).toBe(html);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(html)));
    } finally {
      writeFileSync(page, '<!doctype html><title>NetScope</title>');
    }
  });

  it('names the chunk of the build on disk now: a rebuild beside a running serve', async () => {
    const assets = join(dir, 'renderer', 'assets');
    renameSync(join(assets, 'main-Ab3_xY9-.js'), join(assets, 'main-Zz9_Qq1-.js'));
    try {
      expect((await get(server.port, '/')).headers.link).toBe('</assets/main-Zz9_Qq1-.js>; rel=prefetch');
    } finally {
      renameSync(join(assets, 'main-Zz9_Qq1-.js'), join(assets, 'main-Ab3_xY9-.js'));
    }
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/%252e%252e/package.json',
    '/%c0%ae%c0%ae/package.json',
    '/assets/%00.js',
    '/%',
  ])('path traversal %s never leaves the renderer folder', async (path) => {
    const r = await get(server.port, path);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain('secret');
  });

  it('refuses a foreign Host header (DNS rebinding) with 403, accepts loopback names', async () => {
    expect((await get(server.port, '/', { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, '/', { Host: `127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await get(server.port, '/', { Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.port, '/', { Host: `[::1]:${server.port}` })).status).toBe(200);
  });
});

describe('startServer: WebSocket', () => {
  it('refuses a foreign Origin', async () => {
    await expect(connect(server.port, { origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(connect(server.port, { origin: `https://127.0.0.1:${server.port}` })).rejects.toThrow('403');
  });

  it('refuses a socket without the token, with a wrong one, or with it anywhere but the subprotocol', async () => {
    await expect(connect(server.port, { token: null })).rejects.toThrow('401');
    await expect(connect(server.port, { token: 'nope-nope-nope-nope' })).rejects.toThrow('401');
    await expect(connect(server.port, { token: `${TOKEN}x` })).rejects.toThrow('401');
    await expect(connect(server.port, { token: null, path: `${WS_PATH}?token=${TOKEN}` })).rejects.toThrow('401');
    const cookie = { Cookie: `netscope_token_${server.port}=${TOKEN}` };
    await expect(connect(server.port, { token: null, headers: cookie })).rejects.toThrow('401');
  });

  it('answers with netscope.v1, never echoing the token protocol', async () => {
    const ws = await connect(server.port);
    expect(ws.protocol).toBe(WS_PROTOCOL);
    ws.close();
  });

  /** A snapshot of one row and a diff from it: the row changed, one added, none removed. */
  const snapshotAndDiff = () => {
    const row = blankConnection({
      id: 'a',
      protocol: 'tcp',
      family: 6,
      localAddress: '::1',
      localPort: 1,
      remoteAddress: '::1',
      remotePort: 2,
      state: 'ESTABLISHED',
    });
    const snapshot = emptySnapshot({ seq: 3, connections: [row] });
    const traffic = trafficCounters({ bytesSent: 2 ** 32 - 1, sendRate: 1.5, receiveRate: 0 });
    const next = emptySnapshot({
      seq: 4,
      connections: [
        { ...row, state: 'CLOSE_WAIT', traffic },
        { ...row, id: 'b', localPort: 3 },
      ],
    });
    return { snapshot, diff: diffSnapshots(snapshot, next) };
  };

  it('selects netscope.v5 when offered, and sends that client snapshots and diffs as binary frames', async () => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}${WS_PATH}`,
      [WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS, WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`],
      { origin: `http://127.0.0.1:${server.port}` },
    );
    const frames: Buffer[] = [];
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) frames.push(data);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    expect(ws.protocol).toBe(WS_PROTOCOL_BINARY_DIFFS);
    const { snapshot, diff } = snapshotAndDiff();
    expect(diff.added).toHaveLength(1);
    expect(diff.changed).toHaveLength(1);
    fake.listeners.forEach((l) => l({ channel: 'snapshot', payload: snapshot }));
    fake.listeners.forEach((l) => l({ channel: 'diff', payload: diff }));
    await vi.waitFor(() => expect(frames).toHaveLength(2), { timeout: 5000 });
    expect(decodeFrame(frames[0] as Buffer)).toEqual({ route: { type: 'push', channel: 'snapshot' }, snapshot });
    expect(decodeFrame(frames[1] as Buffer)).toEqual({ route: { type: 'push', channel: 'diff' }, diff });
    ws.close();
  });

  it('selects netscope.v4 when offered, and sends that client full snapshots as binary frames, diffs as JSON', async () => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}${WS_PATH}`,
      [WS_PROTOCOL_COLUMNS, WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`],
      { origin: `http://127.0.0.1:${server.port}` },
    );
    const frames: Buffer[] = [];
    const texts: string[] = [];
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) frames.push(data);
      else texts.push(data.toString());
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    expect(ws.protocol).toBe(WS_PROTOCOL_COLUMNS);
    const { snapshot, diff } = snapshotAndDiff();
    fake.listeners.forEach((l) => l({ channel: 'snapshot', payload: snapshot }));
    await vi.waitFor(() => expect(frames).toHaveLength(1), { timeout: 5000 });
    expect(decodeSnapshotFrame(frames[0] as Buffer)).toEqual({
      route: { type: 'push', channel: 'snapshot' },
      snapshot,
    });
    // A page of the build before (v4) reads every binary frame as a snapshot: its diffs stay JSON.
    fake.listeners.forEach((l) => l({ channel: 'diff', payload: diff }));
    await vi.waitFor(() => expect(texts.some((t) => t.includes('"diff"'))).toBe(true), { timeout: 5000 });
    expect(JSON.parse(texts.find((t) => t.includes('"diff"')) as string)).toEqual({
      type: 'push',
      channel: 'diff',
      payload: JSON.parse(JSON.stringify(diff)),
    });
    expect(frames).toHaveLength(1);
    ws.close();
  });

  it.each(['netscope.v2', 'netscope.v3'])(
    'gives a page built for an older binary format (%s) the JSON protocol, not frames it cannot read',
    async (older) => {
      const ws = new WebSocket(
        `ws://127.0.0.1:${server.port}${WS_PATH}`,
        [older, WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`],
        { origin: `http://127.0.0.1:${server.port}` },
      );
      let binaryFrames = 0;
      ws.on('message', (_data: Buffer, isBinary: boolean) => {
        if (isBinary) binaryFrames++;
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      expect(ws.protocol).toBe(WS_PROTOCOL);
      const texts: string[] = [];
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) texts.push(data.toString());
      });
      fake.listeners.forEach((l) => l({ channel: 'snapshot', payload: emptySnapshot({ seq: 4 }) }));
      await vi.waitFor(() => expect(texts.some((t) => t.includes('"snapshot"'))).toBe(true), { timeout: 5000 });
      expect(binaryFrames).toBe(0);
      ws.close();
    },
  );

  it("sends the view asked for in the URL's head parameter first, and ignores a malformed one", async () => {
    const request = { sort: { column: 'localPort', desc: true }, filter: '', hideTimeWait: false, rows: 1 };
    const asked = await connect(server.port, {
      path: `${WS_PATH}?head=${encodeURIComponent(encodeHeadRequest(request))}`,
    });
    const garbled = await connect(server.port, { path: `${WS_PATH}?head=%7Bnope` });
    const snapshot = emptySnapshot({
      seq: 4,
      connections: [1, 2].map((port) =>
        blankConnection({
          id: `p${port}`,
          protocol: 'tcp',
          family: 4,
          localAddress: '10.0.0.1',
          localPort: port,
          remoteAddress: '10.0.0.2',
          remotePort: 2,
          state: 'ESTABLISHED',
        }),
      ),
    });
    fake.listeners.forEach((l) => l({ channel: 'snapshot', payload: snapshot }));
    const isPush = (m: ServerMessage) => m.type === 'push' && m.channel !== 'command';
    const first = (await nextMessage(asked, isPush)) as { channel: string; payload: unknown };
    expect(first.channel).toBe('head');
    expect(readHead(first.payload)?.rows.map((c) => c.localPort)).toEqual([2]);
    expect(await nextMessage(asked, isPush)).toMatchObject({ channel: 'snapshot' });
    expect(await nextMessage(garbled, isPush)).toMatchObject({ channel: 'snapshot' });
    asked.close();
    garbled.close();
  });

  it('refuses other upgrade paths', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/other`, [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`], {
      origin: `http://127.0.0.1:${server.port}`,
    });
    await expect(new Promise((_, reject) => ws.once('error', reject))).rejects.toThrow('404');
  });

  it('round-trips a valid invoke through the backend', async () => {
    const ws = await connect(server.port);
    ws.send(JSON.stringify({ type: 'invoke', id: 7, method: 'setInterval', args: [2000] }));
    const m = await nextMessage(ws, (x) => x.type === 'result');
    expect(m).toEqual({ type: 'result', id: 7, result: { ok: true, value: { echo: 'setInterval', args: [2000] } } });
    ws.close();
  });

  it('answers a bad call with invalid-argument and keeps the connection', async () => {
    const ws = await connect(server.port);
    fake.dispatch.mockClear();
    ws.send(JSON.stringify({ type: 'invoke', id: 8, method: 'setInterval', args: ['fast'] }));
    const m = await nextMessage(ws, (x) => x.type === 'result');
    expect(m).toMatchObject({ type: 'result', id: 8, result: { ok: false, error: { code: 'invalid-argument' } } });
    expect(fake.dispatch).not.toHaveBeenCalled();
    ws.send(JSON.stringify({ type: 'invoke', id: 9, method: 'getStatus', args: [] }));
    expect(await nextMessage(ws, (x) => x.type === 'result')).toMatchObject({ id: 9, result: { ok: true } });
    ws.close();
  });

  it('closes a client sending malformed JSON (1008) and keeps serving others', async () => {
    const bad = await connect(server.port);
    const code = closeCode(bad);
    bad.send('{not json');
    expect(await code).toBe(1008);
    const good = await connect(server.port);
    good.send(JSON.stringify({ type: 'invoke', id: 1, method: 'pause', args: [] }));
    expect(await nextMessage(good, (x) => x.type === 'result')).toMatchObject({ id: 1, result: { ok: true } });
    good.close();
  });

  it('refuses endProcess without --allow-actions before reaching the backend', async () => {
    const ws = await connect(server.port);
    fake.dispatch.mockClear();
    ws.send(JSON.stringify({ type: 'invoke', id: 2, method: 'endProcess', args: [{ pid: 5, startTime: null }] }));
    expect(await nextMessage(ws, (x) => x.type === 'result')).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'forbidden' } },
    });
    expect(fake.dispatch).not.toHaveBeenCalled();
    ws.close();
  });

  it('forwards pushes and unsubscribes when the client leaves', async () => {
    // Earlier tests' clients close asynchronously; start from none.
    await vi.waitFor(() => expect(fake.listeners.size).toBe(0));
    const before = 0;
    const ws = await connect(server.port);
    expect(await nextMessage(ws)).toEqual({ type: 'push', channel: 'command', payload: 'about' });
    const pushed = nextMessage(ws);
    fake.backend.sendCommand('export-csv');
    expect(await pushed).toEqual({ type: 'push', channel: 'command', payload: 'export-csv' });
    expect(fake.listeners.size).toBe(before + 1);
    const closed = closeCode(ws);
    ws.close();
    await closed;
    await vi.waitFor(() => expect(fake.listeners.size).toBe(before));
  });

  it('close() closes sockets and the listener', async () => {
    const f = fakeBackend();
    const s = await startServer({
      backend: f.backend,
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      rendererDir: dir,
      allowActions: true,
    });
    const ws = await connect(s.port);
    const code = closeCode(ws);
    await s.close();
    expect(await code).toBe(1001);
    expect(f.listeners.size).toBe(0);
    await expect(get(s.port, '/')).rejects.toThrow();
  });
});
