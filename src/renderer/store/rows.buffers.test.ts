/**
 * What keeps a diff from allocating 100k-row lists (issue 13): the snapshot's
 * connections cut from `rows` only when read, and the index's arrival orders
 * compacted in place in one buffer, made anew only to grow.
 */
import { describe, expect, it } from 'vitest';
import { applyDiff, diffSnapshots } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { conn, snap as snapshotOf } from './test-helpers';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from './rows';

/** A snapshot of one TCP row per port, all in `state` (the store's test rows). */
const snap = (seq: number, ports: number[], state: Connection['state'] = 'ESTABLISHED'): Snapshot =>
  snapshotOf(
    seq,
    ports.map((p) => conn(p, state)),
  );

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** Counts the reads of a snapshot's connections from now on. */
function countReads(snapshot: Snapshot): () => number {
  const own = Object.getOwnPropertyDescriptor(snapshot, 'connections');
  let reads = 0;
  let value = own?.get ? undefined : own?.value;
  Object.defineProperty(snapshot, 'connections', {
    enumerable: true,
    configurable: true,
    get: () => {
      reads++;
      return own?.get ? own.get() : value;
    },
    set: (v: Connection[]) => (value = v),
  });
  return () => reads;
}

describe("the snapshot's connections after a diff that closes rows", () => {
  const s1 = snap(1, [1, 2, 3, 4]);
  const s2 = snap(2, [1, 3, 5]);
  const next = receiveDiff(withIndex(receiveSnapshot(EMPTY_ROWS, s1)), diffSnapshots(s1, s2));

  it('are the open rows, the same array on every read, in spreads and JSON too', () => {
    const connections = next.snapshot?.connections;
    expect(connections?.map((c) => c.localPort)).toEqual([1, 3, 5]);
    expect(next.rows.map((c) => c.localPort)).toEqual([1, 3, 5, 2, 4]);
    expect(next.snapshot?.connections).toBe(connections);
    expect({ ...next.snapshot }.connections).toBe(connections);
    const parsed = JSON.parse(JSON.stringify(next.snapshot)) as Snapshot;
    expect(parsed.connections.map((c) => c.localPort)).toEqual([1, 3, 5]);
    expect(next.snapshot).toEqual(applyDiff(s1, diffSnapshots(s1, s2)));
  });

  it('are not read by the next diff, nor the one after', () => {
    const s3 = snap(3, [3, 5, 6]);
    const s4 = snap(4, [5, 6, 7]);
    const reads = countReads(next.snapshot as Snapshot);
    const third = receiveDiff(next, diffSnapshots(s2, s3));
    const readsThird = countReads(third.snapshot as Snapshot);
    const fourth = receiveDiff(third, diffSnapshots(s3, s4));
    expect([reads(), readsThird()]).toEqual([0, 0]);
    expect(third.change).not.toBeNull();
    expect(fourth.snapshot?.connections.map((c) => c.localPort)).toEqual([5, 6, 7]);
    expect(fourth.rows.map((c) => c.localPort)).toEqual([5, 6, 7, 3]);
    expect({ ...fourth.snapshot, connections: [] }).toEqual({
      ...applyDiff(s3, diffSnapshots(s3, s4)),
      connections: [],
    });
  });

  it('are the rows when nothing closed, in an array of their own (the store writes later rows into its own)', () => {
    const grown = receiveDiff(next, diffSnapshots(s2, snap(3, [1, 3, 5, 8])));
    expect(grown.closed).toEqual([]);
    expect(grown.snapshot?.connections).toEqual(grown.rows);
    expect(grown.snapshot?.connections).not.toBe(grown.rows);
    expect(grown.snapshot?.connections).toBe(grown.snapshot?.connections);
  });
});

describe("the index's arrival orders over diffs that grow and shrink the snapshot", () => {
  it('finds every row as applyDiff does, the orders compacted in place or moved to a larger buffer', () => {
    // Sizes that grow past the buffer and shrink below it, with rows closed, changed and added each time.
    const sizes = [40, 10, 90, 200, 30, 5, 5, 300, 1, 0, 60, 61];
    let from = 0;
    const lists = sizes.map((size, i) => {
      from += Math.ceil(size / 3);
      return { ports: range(from, from + size), state: (i % 2 ? 'CLOSE_WAIT' : 'ESTABLISHED') as Connection['state'] };
    });
    const snaps = lists.map(({ ports, state }, i) => snap(i + 1, ports, state));
    let state: RowsState = withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot));
    for (let i = 1; i < snaps.length; i++) {
      const prev = snaps[i - 1] as Snapshot;
      const diff = diffSnapshots(prev, snaps[i] as Snapshot);
      state = receiveDiff(state, diff);
      expect(state.change).not.toBeNull();
      expect(state.snapshot).toEqual(applyDiff(prev, diff));
      // Every row that changed state is marked: its old row was found where the orders said.
      const changed = diff.changed.filter((c) => prev.connections.find((o) => o.id === c.id)?.state !== c.state);
      expect(changed.every((c) => state.marks.get(c.id) === 'changed')).toBe(true);
      expect(state.closed.map((c) => c.id)).toEqual(diff.removed);
      const ords = state.rows.map(state.ordOf);
      expect(ords).toEqual([...ords].sort((a, b) => a - b));
    }
  });
});
