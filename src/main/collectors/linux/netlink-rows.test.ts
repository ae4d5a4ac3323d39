import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { settlePendingRates, settleRatesWhenDiffed } from '../../../shared/pending-rates';
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

/**
 * One refresh as the connections collector runs it: rows into a reuse pass, then both committed; then, unless
 * `diffed` is false, what the snapshot's diff does to the rows (shared/pending-rates.ts: first-seen rows carried
 * over unchanged get rates 0).
 */
function refresh(reuse: ConnectionReuse, memory: RecordMemory, table: SockDiagTable, diffed = true): Connection[] {
  const pass = reuse.start();
  const seen = new Set<number>();
  const toSettle = addNetlinkRows(table, memory, pass, (inode) => {
    if (inode === null) return true;
    if (seen.has(inode)) return false;
    seen.add(inode);
    return true;
  });
  pass.commit();
  memory.commit(table);
  settleRatesWhenDiffed(reuse, pass.rows, toSettle);
  if (diffed) settledIn(pass.rows);
  return pass.rows;
}

/** The indexes settlePendingRates() settles in `rows` (what the snapshot's diff does to them). */
function settledIn(rows: readonly Connection[]): number[] {
  const at: number[] = [];
  settlePendingRates(rows, (i) => at.push(i));
  return at;
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
    // The UDP row is unchanged: the same object. So is the TCP row, whose rates went from none to 0 in it once its
    // snapshot was diffed (pending-rates.ts; before that, it still shows none: the next test).
    expect(second[1]).toBe(first[1]);
    expect(second[0]).toBe(first[0]);
    expect(second[0]?.traffic).toMatchObject({
      sendRate: 0,
      receiveRate: 0,
      segmentSendRate: 0,
      retransmissionRate: 0,
    });

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

  it('keeps the row object of an unchanged first-seen socket: no rate until its snapshot is diffed, then 0', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const first = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), tcp([1, 1, 1, 1, 0], 300, 22)], 1000));
    const row = first[0] as Connection;
    const second = refresh(
      reuse,
      memory,
      tableOf([tcp([10, 20, 1, 2, 0]), tcp([9, 1, 2, 1, 0], 300, 22)], 2000),
      false,
    );
    expect(second[0]).toBe(row);
    // Not yet diffed (a collection dropped before its diff shows none): the row, shared with the first snapshot,
    // still says "no rate yet".
    expect(row.traffic).toMatchObject({ sendRate: null, receiveRate: null, retransmissionRate: null });
    // The moved socket is a new row with its rate.
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.traffic?.sendRate).toBe(8);
    expect(settledIn(second)).toEqual([0]);
    expect(row.traffic).toMatchObject(ZERO_RATES);
    // Each registration settles once; a row that got a rate since is never written.
    expect(settledIn(second)).toEqual([]);
    // Never diffed: the next refresh hands the row over again, still the same object.
    const undiffed = refresh(reuse, memory, tableOf([tcp([1, 1, 1, 1, 0], 500, 80)], 3000), false);
    const again = refresh(reuse, memory, tableOf([tcp([1, 1, 1, 1, 0], 500, 80)], 4000));
    expect(again[0]).toBe(undiffed[0]);
    expect(again[0]?.traffic).toMatchObject(ZERO_RATES);
  });

  it('gives a socket that stopped moving a copy with rates 0 that shares the strings of its row', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 1000));
    const moved = refresh(reuse, memory, tableOf([tcp([1010, 20, 3, 2, 0])], 2000));
    const movedRow = moved[0] as Connection;
    // The id the snapshot gave it (collect.ts): a copy keeps it rather than being given a new one.
    movedRow.id = 'tcp4 127.0.0.1:50000 127.0.0.1:443';
    const still = refresh(reuse, memory, tableOf([tcp([1010, 20, 3, 2, 0])], 3000));
    const row = still[0] as Connection;
    expect(row).not.toBe(movedRow);
    expect(row.traffic).not.toBe(movedRow.traffic);
    expect(row.id).toBe(movedRow.id);
    expect(row.localAddress).toBe(movedRow.localAddress);
    expect(row).toEqual({ ...movedRow, traffic: { ...movedRow.traffic, ...ZERO_RATES } });
    expect(movedRow.traffic).toMatchObject({ sendRate: 1000, segmentSendRate: 2, receiveRate: 0 });
  });

  it('carries a settled row without reading its counters again, and remembers which rows are settled', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const calm = (rows: readonly Connection[]): boolean[] => rows.map((_, at) => memory.calmOf(at));
    // First seen: the TCP row has no rates yet (settled when diffed), the UDP row has no counters (settled).
    expect(calm(refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 1000)))).toEqual([false, true]);
    // Carried and settled by the diff: known settled from the next refresh on.
    refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 2000));
    const settledRows = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 3000));
    expect(calm(settledRows)).toEqual([true, true]);
    // Reads of the settled row's counters from here on: none (issue 11: they left the CPU's caches since).
    const row = settledRows[0] as Connection;
    const traffic = row.traffic;
    let reads = 0;
    Object.defineProperty(row, 'traffic', {
      enumerable: true,
      get: () => {
        reads++;
        return traffic;
      },
    });
    const again = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 4000));
    expect(again[0]).toBe(row);
    expect(reads).toBe(0);
    // Moving: rates not 0, not settled; then still: a copy with rates 0, settled.
    expect(calm(refresh(reuse, memory, tableOf([tcp([1010, 20, 3, 2, 0]), udp], 5000)))).toEqual([false, true]);
    expect(calm(refresh(reuse, memory, tableOf([tcp([1010, 20, 3, 2, 0]), udp], 6000)))).toEqual([true, true]);
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
      settleRatesWhenDiffed(pieces.reuse, pass.rows, builder.rowsToSettle);
      settledIn(pass.rows);
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
      // What the snapshot's diff does (shared/pending-rates.ts).
      settleRatesWhenDiffed(reuse, pass.rows, builder.rowsToSettle);
      settledIn(pass.rows);
      return pass.rows;
    };
    const first = refreshByChunks(tableOf(sockets, 1000));
    const second = refreshByChunks(tableOf(sockets, 2000));
    // Rates from none to 0, written when diffed: the very objects, as the UDP row.
    expect(second[0]).toBe(first[0]);
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
