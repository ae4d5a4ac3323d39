/**
 * A static response whose client goes away must give back its file
 * descriptor: under `ulimit -n 256` a few hundred early closes used to stop
 * the server answering (issue 8, must-fix 1). Real sockets, real files, and
 * this process's own /proc/self/fd count (vitest runs each file in its own fork).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../engine/backend-types';
import { startServer, type RunningServer } from './server';

// No WebSocket in this test: the backend is never called, only handed to the server.
const idleBackend = {
  subscribe: () => () => undefined,
  sendCommand: () => undefined,
  start: () => undefined,
  stop: async () => undefined,
} as Partial<Backend> as Backend;

const openFds = (): number => readdirSync('/proc/self/fd').length;

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netscope-fd-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>NetScope</title>');
  // Larger than the socket buffers, so the file is still being read when the client leaves.
  writeFileSync(join(dir, 'assets', 'big.js'), Buffer.alloc(8 * 1024 * 1024, 0x61));
  server = await startServer({
    backend: idleBackend,
    host: '127.0.0.1',
    port: 0,
    rendererDir: dir,
    allowActions: false,
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Asks for the big asset and hangs up as soon as the first bytes arrive. */
function earlyClose(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET /assets/big.js HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    });
    socket.once('data', () => socket.destroy());
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
}

/** A whole page load on a connection that is not kept alive. */
function plainGet(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', agent: false, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** The server closes its side on its own schedule: give it a bounded while to get back to `target`. */
async function settledFdCount(target: number): Promise<number> {
  let count = openFds();
  for (let i = 0; i < 100 && count > target; i++) {
    await new Promise((r) => setTimeout(r, 100));
    count = openFds();
  }
  return count;
}

describe('serve gives back every file descriptor', () => {
  it('after 300 early-closing requests for a large asset and 200 page loads', async () => {
    expect(await plainGet(server.port)).toBe(200);
    const before = openFds();
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 30 }, () => earlyClose(server.port)));
    }
    for (let round = 0; round < 10; round++) {
      const statuses = await Promise.all(Array.from({ length: 20 }, () => plainGet(server.port)));
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
    // At most the start: the test runner may close a descriptor of its own meanwhile; a leak shows as hundreds more.
    expect(await settledFdCount(before)).toBeLessThanOrEqual(before);
  });
});
