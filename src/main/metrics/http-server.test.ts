/** The /metrics endpoint on a real loopback socket: token, Host header, methods, formats. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../shared/model';
import { DEFAULT_DOS_RULES, DEFAULT_LIMITS } from './defaults';
import { ScrapeFeed } from './feed';
import { startMetricsServer, waitFor, type RunningMetricsServer } from './http-server';
import { Scraper } from './scraper';
import { listener } from './test-connections';
import { bearerMatches, loadTokenFile } from './token';

const TOKEN = 'scrape-token-0123456789abcdef';

function get(
  port: number,
  headers: Record<string, string>,
  method = 'GET',
  path = '/metrics',
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: RunningMetricsServer;
beforeAll(async () => {
  const snapshot = emptySnapshot({ seq: 1, takenAt: Date.now(), connections: [listener(8443, 'api')] });
  const source = { latest: async () => snapshot, refresh: async () => undefined };
  const feed = new ScrapeFeed(source, { maxAgeMs: 3_600_000, waitMs: 1000 });
  const scraper = new Scraper(feed, { version: 'test', limits: DEFAULT_LIMITS, dos: DEFAULT_DOS_RULES });
  server = await startMetricsServer({
    scraper,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    allowedHosts: ['prometheus-target.example'],
    maxWaitMs: 1000,
  });
});
afterAll(() => server.close());

describe('the metrics endpoint', () => {
  const host = () => `127.0.0.1:${server.port}`;

  it('answers a scrape that carries the bearer token', async () => {
    const res = await get(server.port, { Host: host(), Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toContain('port="8443",process="api"} 1');
  });

  it('compresses with gzip when asked, as Prometheus does', async () => {
    const zipped = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/metrics',
          headers: { Host: host(), Authorization: `Bearer ${TOKEN}`, 'Accept-Encoding': 'gzip' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(zipped.encoding).toBe('gzip');
    expect(gunzipSync(zipped.body).toString('utf8')).toContain('port="8443",process="api"} 1');
  });

  it('refuses a scrape without the token or with a wrong one, and says how to authenticate', async () => {
    for (const auth of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer', `Bearer ${TOKEN.slice(0, -1)}`]) {
      const res = await get(server.port, auth === undefined ? { Host: host() } : { Host: host(), Authorization: auth });
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="netscope"');
      expect(res.body).not.toContain('netscope_');
    }
  });

  it('refuses a foreign Host header (DNS rebinding) but accepts an allowed name', async () => {
    const foreign = await get(server.port, { Host: `evil.example:${server.port}`, Authorization: `Bearer ${TOKEN}` });
    expect(foreign.status).toBe(403);
    const allowed = await get(server.port, {
      Host: `prometheus-target.example:${server.port}`,
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(allowed.status).toBe(200);
  });

  it('speaks OpenMetrics when Prometheus asks for it; refuses other methods; 404 elsewhere', async () => {
    const auth = { Host: host(), Authorization: `Bearer ${TOKEN}` };
    const open = await get(server.port, { ...auth, Accept: 'application/openmetrics-text;version=1.0.0' });
    expect(open.headers['content-type']).toMatch(/^application\/openmetrics-text/);
    expect(open.body.endsWith('# EOF\n')).toBe(true);
    expect((await get(server.port, auth, 'POST')).status).toBe(405);
    expect((await get(server.port, auth, 'GET', '/nope')).status).toBe(404);
  });

  it('waits no longer than Prometheus allows', () => {
    expect(waitFor('10', 5000)).toBe(5000);
    expect(waitFor('2', 5000)).toBe(1500);
    expect(waitFor('0.2', 5000)).toBe(0);
    expect(waitFor('junk', 5000)).toBe(5000);
    expect(waitFor(undefined, 5000)).toBe(5000);
  });
});

describe('the token file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netscope-token-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string, mode = 0o600) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };

  it('reads the token, trimmed, and warns when others can read the file', async () => {
    expect(await loadTokenFile(file('ok', `${TOKEN}\n`))).toEqual({ token: TOKEN, warning: null });
    expect((await loadTokenFile(file('open', TOKEN, 0o644))).warning).toMatch(/readable by other users/);
  });

  it('refuses a short token, odd characters, a directory and a missing file, saying which', async () => {
    await expect(loadTokenFile(file('short', 'abc'))).rejects.toThrow(/at least 16 characters/);
    await expect(loadTokenFile(file('odd', 'has spaces in the token value'))).rejects.toThrow(/only letters/);
    await expect(loadTokenFile(dir)).rejects.toThrow(/not a regular file/);
    await expect(loadTokenFile(join(dir, 'missing'))).rejects.toThrow(/cannot use the metrics token file/);
  });

  it('matches only "Bearer <token>"', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer  ${TOKEN} `, TOKEN)).toBe(true);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});
