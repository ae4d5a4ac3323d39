import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { settleRatesWhenDiffed } from '../../../shared/pending-rates';
import { ConnectionReuse } from './connection-reuse';
import { NetlinkRowBuilder, RecordMemory } from './netlink-rows';
import { DiffEncoder, InodePrints, readDiffChunk, type DiffChunk } from './sock-diag-diff';
import type { SockDiagTable } from './sock-diag-tables';
import { little, refresh, settledIn, tableOf, tcp, udp, ZERO_RATES, type Socket } from './test-netlink-tables';

describe('netlink rows carried without decoding: settled rows, tables taken piece by piece, diff chunks', () => {
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

  it('makes from chunks the rows of the whole table when long runs of unchanged sockets surround changed ones', () => {
    // 200 sockets, changed ones where carryUnchanged() slices end (64 sockets a call) and around them.
    const changedAt = new Set([0, 63, 64, 65, 127, 128, 150, 199]);
    const sockets = (moved: boolean): Socket[] =>
      Array.from({ length: 200 }, (_, i) =>
        tcp([moved && changedAt.has(i) ? 5000 + i : 10, 20, 1, 2, 0], 1000 + i, 1000 + i),
      );
    const whole = { reuse: new ConnectionReuse(), memory: new RecordMemory() };
    const byChunks = { reuse: new ConnectionReuse(), memory: new RecordMemory() };
    let prints: InodePrints | null = null;
    let carried = 0;
    let previous: Connection[] = [];
    for (const [moved, readAt] of [
      [false, 1000],
      [false, 2000],
      [true, 3000],
    ] as const) {
      const expected = refresh(whole.reuse, whole.memory, tableOf(sockets(moved), readAt));
      const table = tableOf(sockets(moved), readAt);
      const before = byChunks.reuse.start();
      const builder = new NetlinkRowBuilder(byChunks.memory, before, () => true);
      const next = new InodePrints();
      const encoder = new DiffEncoder(prints, next, (bytes, length) => {
        builder.takeChunk(readDiffChunk(bytes.slice(0, length), length) as DiffChunk);
      });
      encoder.add(table.bytes, table.count);
      encoder.flush();
      prints = next;
      builder.finishAt(table.readAt);
      before.commit();
      byChunks.memory.commit(table);
      settleRatesWhenDiffed(byChunks.reuse, before.rows, builder.rowsToSettle);
      settledIn(before.rows);
      expect(before.rows).toEqual(expected);
      if (moved) {
        before.rows.forEach((row, i) => {
          expect(row === previous[i]).toBe(!changedAt.has(i));
          if (row === previous[i]) carried++;
        });
      }
      previous = [...before.rows];
    }
    expect(carried).toBe(200 - changedAt.size);
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
