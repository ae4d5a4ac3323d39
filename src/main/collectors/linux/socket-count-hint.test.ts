import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { socketCountHint } from './socket-count-hint';
import { createLane } from './worker-lane';

let root = '';
const io = createLane({ workerFile: null, watchdogMs: 1000, operationsPerYield: 1000, name: 'test' });
const write = (relative: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netscope-count-hint-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('socketCountHint', () => {
  it('adds the sockets in use of both families, and with the TIME_WAIT ones (rows too, without inode) the rows', async () => {
    write(
      'proc/net/sockstat',
      'sockets: used 9\nTCP: inuse 5 orphan 0 tw 40 alloc 6 mem 1\nUDP: inuse 2 mem 0\nRAW: inuse 1\n',
    );
    write('proc/net/sockstat6', 'TCP6: inuse 3\nUDP6: inuse 4\nUDPLITE6: inuse 0\nRAW6: inuse 0\n');
    const warnings: string[] = [];
    expect(await socketCountHint(io, path.join(root, 'proc'), warnings)).toEqual({ rows: 55, inUse: 15 });
    expect(warnings).toEqual([]);
  });

  it('is 0 without sockstat, and counts what one file says when the other is missing', async () => {
    const warnings: string[] = [];
    expect(await socketCountHint(io, path.join(root, 'proc'), warnings)).toEqual({ rows: 0, inUse: 0 });
    write('proc/net/sockstat', 'TCP: inuse 5 orphan 0 tw 0 alloc 6 mem 1\nUDP: inuse 2 mem 0\n');
    expect(await socketCountHint(io, path.join(root, 'proc'), warnings)).toEqual({ rows: 7, inUse: 7 });
    write('proc/net/sockstat', 'garbage\n\0\0');
    expect(await socketCountHint(io, path.join(root, 'proc'), warnings)).toEqual({ rows: 0, inUse: 0 });
    expect(warnings).toEqual([]);
  });

  it('is of this machine: at least the sockets this test opens', async () => {
    if (process.platform !== 'linux') return;
    const net = await import('node:net');
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const hint = await socketCountHint(io, '/proc', []);
      expect(hint.inUse).toBeGreaterThanOrEqual(1);
      expect(hint.rows).toBeGreaterThanOrEqual(hint.inUse);
    } finally {
      server.close();
    }
  });
});
