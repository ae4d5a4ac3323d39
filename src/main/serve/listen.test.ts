/**
 * `--host 0` used to print `http://0:PORT`, which answered 403: the printed
 * URLs must be the addresses the server really listens on. Only loopback is
 * contacted; the other printed addresses are checked against the interfaces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../engine/backend-types';
import { startServer, type RunningServer } from './server';

// No WebSocket here: the backend is only handed to the server.
const idleBackend = {
  subscribe: () => () => undefined,
  sendCommand: () => undefined,
  start: () => undefined,
  stop: async () => undefined,
} as Partial<Backend> as Backend;

let running: RunningServer | null = null;
let dir = '';

afterEach(async () => {
  await running?.close();
  running = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serveOn(host: string): Promise<RunningServer> {
  dir = mkdtempSync(join(tmpdir(), 'netscope-listen-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>NetScope</title>');
  running = await startServer({ backend: idleBackend, host, port: 0, rendererDir: dir, allowActions: false });
  return running;
}

function statusOf(url: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    get(
      { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port, path: '/', agent: false, headers: { Host: u.host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    ).on('error', reject);
  });
}

const hostOf = (url: string): string => new URL(url).hostname.replace(/^\[|\]$/g, '');

function interfaceAddresses(family: 'IPv4' | 'IPv6'): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === family && !/^fe80:/i.test(a.address))
    .map((a) => a.address);
}

describe('the URLs serve prints are the addresses it listens on', () => {
  it('--host 0: every IPv4 interface address, loopback first, never "0"', async () => {
    const s = await serveOn('0');
    const hosts = s.urls.map(hostOf);
    expect(hosts).not.toContain('0');
    expect(hosts[0]).toBe('127.0.0.1');
    expect(new Set(hosts)).toEqual(new Set(interfaceAddresses('IPv4')));
    expect(s.url).toBe(s.urls[0]);
    for (const url of s.urls) expect(url).toBe(`http://${new URL(url).host}/#token=${s.token}`);
    expect(await statusOf(s.url)).toBe(200);
  });

  it('--host ::: IPv4 and IPv6 addresses (dual stack), IPv6 in brackets, no link-local', async () => {
    const s = await serveOn('::');
    const hosts = s.urls.map(hostOf);
    expect(new Set(hosts)).toEqual(new Set([...interfaceAddresses('IPv4'), ...interfaceAddresses('IPv6')]));
    expect(hosts.some((h) => h.startsWith('fe80:'))).toBe(false);
    expect(s.urls).toContain(`http://[::1]:${s.port}/#token=${s.token}`);
    expect(await statusOf(`http://[::1]:${s.port}/`)).toBe(200);
    expect(await statusOf(`http://127.0.0.1:${s.port}/`)).toBe(200);
  });

  it('a named host prints the address it resolved to', async () => {
    const s = await serveOn('localhost');
    expect(s.urls).toHaveLength(1);
    expect(['127.0.0.1', '::1']).toContain(hostOf(s.url));
    expect(await statusOf(s.url)).toBe(200);
  });
});
