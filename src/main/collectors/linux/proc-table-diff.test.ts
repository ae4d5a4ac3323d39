/**
 * Only changed /proc/net lines cross threads (proc-table-diff.ts): the encoding, and on the procfs engine that a
 * changed, new or gone socket is seen at the next refresh while an unchanged one keeps its row object.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { createLinuxCollectors } from './index';
import { decodeTableChunk, encodeTableChunk, isDiffChunk, TablePrintMemory } from './proc-table-diff';
import { InodePrints } from './sock-diag-diff';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
/** A TCP line: slot, local port (hex), state, rx queue, inode. */
const tcp = (slot: number, port: string, state: string, rx: string, inode: number): string =>
  `  ${slot}: 0100007F:${port} 00000000:0000 ${state} 00000000:${rx} 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;
const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('encodeTableChunk', () => {
  it('sends every line first, then only the changed ones with the unchanged inodes at their places', () => {
    const first = HEADER + tcp(0, '0016', '0A', '00000000', 100) + tcp(1, '0050', '0A', '00000000', 200);
    const prints = new InodePrints();
    const cold = decodeTableChunk(...encoded(first, null, prints));
    expect(cold?.inodes).toEqual([]);
    expect(cold?.text).toBe(first.slice(HEADER.length));

    // Same sockets, one moved to another slot (slot numbers are not part of a line's fingerprint).
    const same = tcp(3, '0016', '0A', '00000000', 100) + tcp(4, '0050', '0A', '00000000', 200);
    const next = new InodePrints();
    const warm = decodeTableChunk(...encoded(HEADER + same, prints, next));
    expect(warm).toEqual({ text: '', inodes: [100, 200], positions: [0, 0] });

    // A changed queue, a new socket and an inode-less TIME_WAIT line are sent; the unchanged one keeps its place.
    const changed =
      tcp(0, '0016', '0A', '00000001', 100) +
      tcp(1, '0050', '0A', '00000000', 200) +
      tcp(2, '1F90', '0A', '00000000', 300) +
      tcp(3, '2000', '06', '00000000', 0);
    const after = new InodePrints();
    const third = decodeTableChunk(...encoded(changed, next, after));
    expect(third?.inodes).toEqual([200]);
    expect(third?.positions).toEqual([1]);
    expect(third?.text).toBe(
      tcp(0, '0016', '0A', '00000001', 100) +
        tcp(2, '1F90', '0A', '00000000', 300) +
        tcp(3, '2000', '06', '00000000', 0),
    );
    // What no row holds (a timer that runs, its retransmissions) is no change; the uid is.
    const timers = tcp(0, '0016', '0A', '00000001', 100).replace('00:00000000 00000000', '02:000000A0 00000003');
    const uid = tcp(1, '0050', '0A', '00000000', 200).replace('     0        0 200', '  1000        0 200');
    const fourth = decodeTableChunk(...encoded(timers + uid, after, new InodePrints()));
    expect(fourth?.inodes).toEqual([100]);
    expect(fourth?.text).toBe(uid);
  });

  it('sends a malformed line as text (the parser reports it) and is not taken for the kernel text', () => {
    const prints = new InodePrints();
    const chunk = encoded('garbage\n' + tcp(0, '0016', '0A', '00000000', 100), null, prints);
    expect(isDiffChunk(...chunk)).toBe(true);
    expect(isDiffChunk(...([bytes(HEADER), HEADER.length] as const))).toBe(false);
    expect(decodeTableChunk(...chunk)?.text.startsWith('garbage\n')).toBe(true);
    // Lengths that do not add up.
    const cut = Buffer.from(chunk[0]);
    cut.writeUInt32LE(1000, 4);
    expect(decodeTableChunk(cut, cut.length)).toBeNull();
  });
});

describe('TablePrintMemory', () => {
  it('alternates two maps per table (no new one each refresh) and compares only with the read it holds', () => {
    const memory = new TablePrintMemory();
    const seen = new Set<InodePrints>();
    for (let generation = 1; generation <= 6; generation++) {
      for (const file of ['tcp', 'tcp6']) {
        if (generation > 1) expect(memory.lastFor(file, generation - 1)?.get(generation - 1)).toBe(generation - 1);
        const next = memory.nextFor(file);
        next.addFirst(generation, generation);
        seen.add(next);
        memory.keep(file, generation, next);
      }
    }
    expect(seen.size).toBe(4);
    expect(memory.lastFor('tcp', 6)?.get(6)).toBe(6);
    expect(memory.lastFor('tcp', 5)).toBeNull();
    memory.forget('tcp', null);
    expect(memory.lastFor('tcp', 6)).toBeNull();
    expect(seen.has(memory.nextFor('tcp'))).toBe(true);
  });
});

function encoded(text: string, last: InodePrints | null, next: InodePrints): [Buffer, number] {
  const out = Buffer.from(encodeTableChunk(bytes(text), text.length, last, next));
  return [out, out.length];
}

describe('the procfs engine, refresh after refresh', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'netscope-table-diff-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const write = (relative: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };

  it('sees a changed, a new and a gone socket at once; an unchanged one keeps its row object', async () => {
    mkdirSync(path.join(root, 'proc', '1', 'fd'), { recursive: true });
    write('proc/net/tcp', HEADER + tcp(0, '0016', '0A', '00000000', 100) + tcp(1, '0050', '0A', '00000000', 200));
    const collectors = createLinuxCollectors({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    const signal = new AbortController().signal;
    const collect = async (): Promise<Connection[]> => (await collectors.connections.collect({ signal })).data;
    try {
      const first = await collect();
      expect(first.map((c) => [c.inode, c.rxQueue])).toEqual([
        [100, 0],
        [200, 0],
      ]);
      write('proc/net/tcp', HEADER + tcp(0, '0016', '0A', '00000005', 100) + tcp(1, '0050', '0A', '00000000', 200));
      const second = await collect();
      expect(second.map((c) => [c.inode, c.rxQueue])).toEqual([
        [100, 5],
        [200, 0],
      ]);
      expect(second[1]).toBe(first[1]);
      write('proc/net/tcp', HEADER + tcp(0, '0050', '0A', '00000000', 200) + tcp(1, '1F90', '0A', '00000000', 300));
      const third = await collect();
      expect(third.map((c) => [c.inode, c.localPort])).toEqual([
        [200, 80],
        [300, 8080],
      ]);
      expect(third[0]).toBe(first[1]);
    } finally {
      await collectors.dispose?.();
    }
  });
});

describe('a line the parser cannot read', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'netscope-table-diff-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('costs only its own row, refresh after refresh (it has no previous row to carry)', async () => {
    mkdirSync(path.join(root, 'proc', '1', 'fd'), { recursive: true });
    // Addresses of different lengths: the parser skips the line; it still has an inode.
    const bad = tcp(1, '0050', '0A', '00000000', 300).replace('00000000:0000', '0000000000:0000');
    mkdirSync(path.join(root, 'proc', 'net'), { recursive: true });
    writeFileSync(path.join(root, 'proc', 'net', 'tcp'), HEADER + tcp(0, '0016', '0A', '00000000', 100) + bad);
    const collectors = createLinuxCollectors({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    const signal = new AbortController().signal;
    try {
      for (let refresh = 0; refresh < 4; refresh++) {
        const { data } = await collectors.connections.collect({ signal });
        expect(data.map((c) => c.inode)).toEqual([100]);
      }
    } finally {
      await collectors.dispose?.();
    }
  });
});

describe('switching engines', () => {
  it.skipIf(process.platform !== 'linux')('never carries a netlink row into a procfs refresh', async () => {
    // An established loopback connection of the test's own: only those have tcp_info counters (listeners and UDP
    // sockets have none), and the machine may have no other at this moment (a clean CI run had none).
    const accepted: Socket[] = [];
    const server = createServer((socket) => accepted.push(socket)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(client, 'connect');
    const collectors = createLinuxCollectors({ socketEngine: 'procfs', workerFile: null });
    const signal = new AbortController().signal;
    try {
      await collectors.connections.collect({ signal });
      await collectors.connections.collect({ signal });
      collectors.setSocketEngine?.('netlink');
      const netlink = await collectors.connections.collect({ signal });
      if (collectors.connections.lastEngine !== 'netlink') {
        console.warn('proc-table-diff.test: no netlink sock_diag here; the switch is not tested');
        return;
      }
      expect(netlink.data.some((c) => c.protocol === 'tcp' && c.traffic !== undefined)).toBe(true);
      collectors.setSocketEngine?.('procfs');
      for (let i = 0; i < 2; i++) {
        const procfs = await collectors.connections.collect({ signal });
        expect(collectors.connections.lastEngine).toBe('procfs');
        expect(procfs.data.filter((c) => c.traffic !== undefined)).toEqual([]);
      }
    } finally {
      await collectors.dispose?.();
      client.destroy();
      accepted.forEach((socket) => socket.destroy());
      server.close();
    }
  });
});
