import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import { ConnectionReuse } from './connection-reuse';
import { addNetlinkRows, NetlinkRowBuilder, RecordMemory } from './netlink-rows';
import { DiffEncoder, InodePrints, readDiffChunk, type DiffChunk } from './sock-diag-diff';
import type { SockDiagTable } from './sock-diag-tables';

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Socket {
  inode: number;
  localPort: number;
  remotePort: number;
  /** bytes sent, received, segments out, in, retransmissions; none: a row without counters (UDP). */
  counters?: [number, number, number, number, number];
}

/** A table of records laid out as sock-diag-record.ts writes them (127.0.0.1, TCP ESTABLISHED or UDP). */
function tableOf(sockets: Socket[], readAt: number): SockDiagTable {
  const bytes = new Uint8Array(sockets.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  sockets.forEach((s, i) => {
    const at = i * RECORD_BYTES;
    bytes[at] = 4;
    bytes[at + 1] = s.counters ? 1 : 7;
    bytes[at + 2] = s.counters ? 3 : 0;
    view.setUint16(at + 4, s.localPort, little);
    view.setUint16(at + 6, s.remotePort, little);
    bytes.set([127, 0, 0, 1], at + 8);
    bytes.set([127, 0, 0, 1], at + 24);
    view.setUint32(at + 40, s.inode, little);
    view.setUint32(at + 44, 1000, little);
    if (s.counters) {
      const [sent, received, out, into, retransmitted] = s.counters;
      view.setFloat64(at + 56, sent, little);
      view.setFloat64(at + 64, received, little);
      view.setUint32(at + 72, out, little);
      view.setUint32(at + 76, into, little);
      view.setUint32(at + 80, retransmitted, little);
      view.setUint32(at + 84, 2500, little);
    }
  });
  return { bytes, words: new Int32Array(bytes.buffer), count: sockets.length, readAt };
}

/** One refresh as the connections collector runs it: rows into a reuse pass, then both committed. */
function refresh(reuse: ConnectionReuse, memory: RecordMemory, table: SockDiagTable): Connection[] {
  const pass = reuse.start();
  const seen = new Set<number>();
  addNetlinkRows(table, memory, pass, (inode) => {
    if (inode === null) return true;
    if (seen.has(inode)) return false;
    seen.add(inode);
    return true;
  });
  pass.commit();
  memory.commit(table);
  return pass.rows;
}

const tcp = (counters: Socket['counters'], inode = 100, remotePort = 443): Socket => ({
  inode,
  localPort: 50000,
  remotePort,
  counters,
});
const udp: Socket = { inode: 200, localPort: 53, remotePort: 0 };
const ZERO_RATES = { sendRate: 0, receiveRate: 0, segmentSendRate: 0, segmentReceiveRate: 0, retransmissionRate: 0 };

describe('netlink rows from records', () => {
  it('decodes first-seen sockets with no rates, then carries the very objects of unchanged ones', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const first = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 1000));
    expect(first.map((r) => [r.protocol, r.inode, r.state])).toEqual([
      ['tcp', 100, 'ESTABLISHED'],
      ['udp', 200, 'NONE'],
    ]);
    expect(first[0]?.traffic).toMatchObject({ bytesSent: 10, rttMs: 2.5, sendRate: null, retransmissionRate: null });
    expect(first[1]?.traffic).toBeUndefined();

    const second = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 2000));
    // The UDP row is unchanged: the same object. The TCP row's rates go from none to 0: a new object.
    expect(second[1]).toBe(first[1]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]?.traffic).toMatchObject({
      sendRate: 0,
      receiveRate: 0,
      segmentSendRate: 0,
      retransmissionRate: 0,
    });
    expect(first[0]?.traffic?.sendRate).toBeNull();

    const third = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 3000));
    expect(third[0]).toBe(second[0]);
    expect(third[1]).toBe(first[1]);
  });

  it('gives the change per second since the last refresh, then 0 again, never writing into a shared row', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 1000));
    const settled = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 2000));
    const moved = refresh(reuse, memory, tableOf([tcp([4010, 1020, 5, 4, 2])], 4000));
    expect(moved[0]?.traffic).toMatchObject({
      bytesSent: 4010,
      sendRate: 2000,
      receiveRate: 500,
      segmentSendRate: 2,
      segmentReceiveRate: 1,
      retransmissionRate: 1,
    });
    expect(settled[0]?.traffic?.sendRate).toBe(0);
    const quiet = refresh(reuse, memory, tableOf([tcp([4010, 1020, 5, 4, 2])], 5000));
    expect(quiet[0]).not.toBe(moved[0]);
    expect(quiet[0]?.traffic?.sendRate).toBe(0);
    expect(moved[0]?.traffic?.sendRate).toBe(2000);
  });

  it('starts over (no rate) when counters go back, when an inode comes back on other ports, and after procfs ran', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    refresh(reuse, memory, tableOf([tcp([5000, 20, 9, 2, 0])], 1000));
    const back = refresh(reuse, memory, tableOf([tcp([100, 20, 9, 2, 0])], 2000));
    expect(back[0]?.traffic?.sendRate).toBeNull();
    const otherPorts = refresh(reuse, memory, tableOf([tcp([200, 20, 9, 2, 0], 100, 8443)], 3000));
    expect(otherPorts[0]?.remotePort).toBe(8443);
    expect(otherPorts[0]?.traffic?.sendRate).toBeNull();
    const counted = refresh(reuse, memory, tableOf([tcp([1200, 20, 9, 2, 0], 100, 8443)], 4000));
    expect(counted[0]?.traffic?.sendRate).toBe(1000);
    // A refresh that read procfs: its rows have no counters, and the records are forgotten.
    memory.forget();
    const pass = reuse.start();
    pass.commit();
    const afterProcfs = refresh(reuse, memory, tableOf([tcp([1200, 20, 9, 2, 0], 100, 8443)], 5000));
    expect(afterProcfs[0]).not.toBe(counted[0]);
    expect(afterProcfs[0]?.traffic?.sendRate).toBeNull();
  });

  it('gives an unchanged socket whose rates go from none to 0 a copy that shares the strings of its row', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const first = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 1000));
    const firstRow = first[0] as Connection;
    // The id the snapshot gave it (collect.ts): a copy keeps it rather than being given a new one.
    firstRow.id = 'tcp4 127.0.0.1:50000 127.0.0.1:443';
    const second = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 2000));
    const row = second[0] as Connection;
    expect(row).not.toBe(firstRow);
    expect(row.traffic).not.toBe(firstRow.traffic);
    expect(row.id).toBe(firstRow.id);
    expect(row.localAddress).toBe(firstRow.localAddress);
    expect(row).toEqual({ ...firstRow, traffic: { ...firstRow.traffic, ...ZERO_RATES } });
    expect(firstRow.traffic).toMatchObject({ sendRate: null, segmentReceiveRate: null });
  });

  it('makes the same rows from a table taken piece by piece as it arrives as from the whole table', () => {
    const sockets = (sent: number): Socket[] => [
      tcp([sent, 20, 1, 2, 0], 100),
      udp,
      tcp([10, 20, 1, 2, 0], 300, 8443),
      tcp([sent * 2, 5, 1, 2, 0], 400, 22),
      tcp([7, 7, 7, 7, 0], 100),
    ];
    const whole = { reuse: new ConnectionReuse(), memory: new RecordMemory() };
    const pieces = { reuse: new ConnectionReuse(), memory: new RecordMemory() };
    for (const [sent, readAt] of [
      [10, 1000],
      [10, 2000],
      [5000, 3000],
    ] as const) {
      const expected = refresh(whole.reuse, whole.memory, tableOf(sockets(sent), readAt));
      const full = tableOf(sockets(sent), readAt);
      const pass = pieces.reuse.start();
      const seen = new Set<number>();
      const builder = new NetlinkRowBuilder(pieces.memory, pass, (inode) => {
        if (inode === null || seen.has(inode)) return inode === null;
        seen.add(inode);
        return true;
      });
      // The table as it grows: the first two records, then all of them; the time is known only at the end.
      builder.take({ ...full, count: 2, readAt: 0 });
      builder.take({ ...full, readAt: 0 });
      builder.finish(full);
      pass.commit();
      pieces.memory.commit(full);
      expect(pass.rows).toEqual(expected);
    }
  });

  it('keeps the first of a socket listed twice (a dump the kernel interrupted)', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const rows = refresh(reuse, memory, tableOf([tcp([1, 1, 1, 1, 0]), udp, tcp([2, 2, 2, 2, 0])], 1000));
    expect(rows.map((r) => r.inode)).toEqual([100, 200]);
    expect(rows[0]?.traffic?.bytesSent).toBe(1);
  });

  it('carries the previous rows of the sockets a chunk says are unchanged, and decodes the changed ones', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const sockets = [tcp([10, 20, 1, 2, 0]), udp, tcp([5, 5, 1, 1, 0], 300, 22)];
    // The reading thread's side: its last dump's prints, then this dump sorted into changed and unchanged.
    let prints: InodePrints | null = null;
    const chunksOf = (table: SockDiagTable): DiffChunk[] => {
      const next = new InodePrints();
      const chunks: DiffChunk[] = [];
      const encoder = new DiffEncoder(prints, next, (bytes, length) => {
        chunks.push(readDiffChunk(bytes.slice(0, length), length) as DiffChunk);
      });
      encoder.add(table.bytes, table.count);
      encoder.flush();
      prints = next;
      return chunks;
    };
    const refreshByChunks = (table: SockDiagTable): Connection[] => {
      const pass = reuse.start();
      const builder = new NetlinkRowBuilder(memory, pass, () => true);
      for (const chunk of chunksOf(table)) builder.takeChunk(chunk);
      builder.finishAt(table.readAt);
      pass.commit();
      memory.commit(table);
      return pass.rows;
    };
    const first = refreshByChunks(tableOf(sockets, 1000));
    const second = refreshByChunks(tableOf(sockets, 2000));
    // Rates from none to 0: copies; the UDP row: the very object.
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]?.traffic).toMatchObject(ZERO_RATES);
    expect(second[1]).toBe(first[1]);
    const moved = [tcp([10, 20, 1, 2, 0]), udp, tcp([3005, 5, 1, 1, 0], 300, 22)];
    const third = refreshByChunks(tableOf(moved, 3000));
    expect(third[0]).toBe(second[0]);
    expect(third[1]).toBe(first[1]);
    expect(third[2]?.traffic).toMatchObject({ bytesSent: 3005, sendRate: 3000 });
    expect(third.map((r) => r.inode)).toEqual([100, 200, 300]);
  });

  it('refuses a chunk that says a socket is unchanged when this refresh holds no row of it', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    refresh(reuse, memory, tableOf([udp], 1000));
    const builder = new NetlinkRowBuilder(memory, reuse.start(), () => true);
    const unknown = new Uint8Array(16);
    new DataView(unknown.buffer).setUint32(0, 1, little);
    new DataView(unknown.buffer).setFloat64(8, 999, little);
    expect(() => builder.takeChunk(readDiffChunk(unknown, 16) as DiffChunk)).toThrow(/socket 999 is unchanged/);
  });
});
