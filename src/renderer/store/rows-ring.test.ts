import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDiff, diffSnapshots } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { holdsConnections } from './lazy-snapshot';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from './rows';
import { applyEdit, RING_SIZE } from './rows-ring';
import { rowsVersion, showRows } from './rows-version';
import { conn, snap } from './test-helpers';
import { createViewIndex } from '../grid/view-index';
import { sortConnections } from '../grid/sort';

const ports = (rows: readonly Connection[]): number[] => rows.map((c) => c.localPort);

/** Snapshots of the given port lists, ids by port (a port kept from one list to the next is the same connection). */
function chain(lists: number[][]): Snapshot[] {
  return lists.map((list, i) =>
    snap(
      i + 1,
      list.map((p) => conn(p, p % 3 === 0 && i % 2 ? 'CLOSE_WAIT' : 'ESTABLISHED')),
    ),
  );
}

/**
 * The store's states over `snaps`, from a whole snapshot then a diff each. The diffs are taken between `snaps`
 * (the same seqs and ids), so that no state's snapshot list is read here.
 */
function states(snaps: Snapshot[]): RowsState[] {
  const out: RowsState[] = [withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot))];
  for (let i = 1; i < snaps.length; i++)
    out.push(receiveDiff(out[i - 1] as RowsState, diffSnapshots(snaps[i - 1] as Snapshot, snaps[i] as Snapshot)));
  return out;
}

/** Ports 1..size, the oldest `shift` closed and as many new ones at the end per step (a busy server). */
function rolling(size: number, shift: number, steps: number): number[][] {
  return Array.from({ length: steps }, (_, i) => Array.from({ length: size }, (_, k) => 1 + i * shift + k));
}

afterEach(() => showRows([]));

describe("the store's rows arrays, reused (rows-ring.ts)", () => {
  it('writes a diff into the array of three states before, which then holds the new rows', () => {
    const all = states(chain(rolling(20, 3, 8)));
    const made = new Set(all.slice(1).map((s) => s.rows));
    // Three arrays for seven diffs: the fourth diff on writes into the first again.
    expect(made.size).toBe(RING_SIZE);
    expect((all[4] as RowsState).rows).toBe((all[1] as RowsState).rows);
    // Each state's rows are those of the snapshot plus the closed tail, while the state is one of the last three.
    for (let i = 5; i < all.length; i++) {
      const s = all[i] as RowsState;
      expect(ports(s.rows)).toEqual([...ports((s.snapshot as Snapshot).connections), ...ports(s.closed)]);
    }
  });

  it('never changes the rows of the last three states, over random diffs (scattered drops too)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.nat({ max: 80 }), { maxLength: 40 }), { minLength: 2, maxLength: 12 }),
        (lists) => {
          const snaps = chain(lists);
          const seen: { state: RowsState; ports: number[] }[] = [];
          let state = withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot));
          for (let i = 1; i < snaps.length; i++) {
            // The store's snapshot (in arrival order), read while it is the current one.
            const prev = state.snapshot as Snapshot;
            const diff = diffSnapshots(prev, snaps[i] as Snapshot);
            state = receiveDiff(state, diff);
            // What applyDiff gives, then the rows this diff closed.
            expect(ports(state.rows)).toEqual([...ports(applyDiff(prev, diff).connections), ...ports(state.closed)]);
            seen.push({ state, ports: ports(state.rows) });
            for (const s of seen.slice(-RING_SIZE)) expect(ports(s.state.rows)).toEqual(s.ports);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('replays an edit of scattered drops as one pass, of a few runs as splices: the same rows either way', () => {
    const rows = Array.from({ length: 30 }, (_, i) => conn(i));
    const edit = (drop: number[]) => ({
      n: 28,
      drop,
      replace: [{ at: 5, row: conn(105) }],
      added: [conn(200)],
      closed: [],
    });
    const scattered = [1, 3, 7, 9, 11, 13, 17, 19, 21, 23];
    const expected = (drop: number[]): number[] => [
      ...ports(rows.slice(0, 28).map((c, i) => (i === 5 ? conn(105) : c))).filter((_, i) => !drop.includes(i)),
      200,
    ];
    expect(ports(applyEdit(rows.slice(), edit(scattered)))).toEqual(expected(scattered));
    expect(ports(applyEdit(rows.slice(), edit([2, 3, 4, 20])))).toEqual(expected([2, 3, 4, 20]));
  });

  it('never writes into the rows the grid shows, however many diffs come before its next render', () => {
    const snaps = chain(rolling(20, 3, 10));
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot));
    const step = (i: number): RowsState =>
      receiveDiff(state, diffSnapshots(snaps[i - 1] as Snapshot, snaps[i] as Snapshot));
    for (let i = 1; i <= 3; i++) state = step(i);
    const shown = state.rows;
    const shownPorts = ports(shown);
    showRows(shown);
    const later: Connection[][] = [];
    for (let i = 4; i < snaps.length; i++) {
      state = step(i);
      later.push(state.rows);
    }
    expect(ports(shown)).toEqual(shownPorts);
    expect(later).not.toContain(shown);
  });

  it("says when a snapshot's list is gone, and throws rather than give another state's rows", () => {
    const snaps = chain(rolling(20, 3, 6));
    const first = states(snaps.slice(0, 2));
    const read = first[1] as RowsState;
    // Read while current: its own list from then on.
    const kept = ports((read.snapshot as Snapshot).connections);
    const all = [...first];
    for (let i = 2; i < snaps.length; i++)
      all.push(receiveDiff(all[i - 1] as RowsState, diffSnapshots(snaps[i - 1] as Snapshot, snaps[i] as Snapshot)));
    const unread = all[2] as RowsState;
    expect(rowsVersion(unread.rows)).not.toBe(0);
    // Three diffs later the store wrote state 5's rows into state 2's array.
    expect((all[5] as RowsState).rows).toBe(unread.rows);
    expect(holdsConnections(unread.snapshot as Snapshot)).toBe(false);
    expect(() => (unread.snapshot as Snapshot).connections).toThrow(/read after the store reused its rows/);
    expect(holdsConnections(read.snapshot as Snapshot)).toBe(true);
    expect(ports((read.snapshot as Snapshot).connections)).toEqual(kept);
    // The last three still give theirs.
    for (const s of all.slice(-RING_SIZE)) expect(holdsConnections(s.snapshot as Snapshot)).toBe(true);
  });

  it('gives a view index synced three diffs late the later rows, though they are in the array it synced', () => {
    const snaps = chain(rolling(20, 3, 8));
    const noExtra = (): string => '';
    for (const sort of [null, { column: 'localPort' as const, desc: true }]) {
      const view = createViewIndex(null, sort, noExtra);
      const all = states(snaps.slice(0, 3));
      view.sync(all[2] as RowsState);
      for (let i = 3; i <= 5; i++)
        all.push(receiveDiff(all[i - 1] as RowsState, diffSnapshots(snaps[i - 1] as Snapshot, snaps[i] as Snapshot)));
      const late = all[5] as RowsState;
      expect(late.rows).toBe((all[2] as RowsState).rows);
      const expected = sort ? sortConnections(late.rows, sort.column, sort.desc, noExtra) : late.rows;
      expect(ports(view.sync(late))).toEqual(ports(expected));
    }
  });
});
