/**
 * The connections collector's set of inodes seen in a pass (kept for the process's life, zeroed every refresh) is
 * sized by the sockets that have an inode, not by the rows: TIME_WAIT rows (inode 0) are never added to it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The size every InodeSet of this thread was made for. */
const sizes = vi.hoisted((): number[] => []);
vi.mock('./inode-table', async (original) => {
  const real = await original<typeof import('./inode-table')>();
  class SizedInodeSet extends real.InodeSet {
    constructor(expected = 0) {
      super(expected);
      sizes.push(expected);
    }
  }
  return { ...real, InodeSet: SizedInodeSet };
});

let root = '';
const signal = new AbortController().signal;
const write = (relative: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
};
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const udpRow = (slot: number, port: number, inode: number): string =>
  `  ${slot}: 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 ${inode} 2 0000000000000000 0\n`;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netscope-seen-size-'));
  sizes.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the inode set of a pass', () => {
  it('is sized by the sockets in use (sockstat inuse on a cold pass), not with the TIME_WAIT rows', async () => {
    const { createLinuxCollectors } = await import('./index');
    write('proc/net/udp', HEADER + udpRow(1, 53, 4242) + udpRow(2, 54, 4243) + udpRow(3, 55, 4244));
    // Many TIME_WAIT sockets (rows of the TCP tables, but no inode); three UDP sockets in use.
    write('proc/net/sockstat', 'TCP: inuse 0 orphan 0 tw 5000 alloc 0 mem 0\nUDP: inuse 3 mem 0\nRAW: inuse 0\n');
    mkdirSync(path.join(root, 'proc', '1', 'fd'), { recursive: true });
    const collectors = createLinuxCollectors({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    try {
      const { data } = await collectors.connections.collect({ signal });
      expect(data.map((c) => c.inode)).toEqual([4242, 4243, 4244]);
      expect(sizes).toContain(3);
      // Before: the set was made for the rows' hint, 5003 (TIME_WAIT included).
      expect(Math.max(...sizes)).toBeLessThan(5000);
    } finally {
      await collectors.dispose?.();
    }
  });
});
