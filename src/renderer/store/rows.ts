/**
 * The pure core of the store: a snapshot plus the TCPView-style row marks,
 * advanced by snapshots and diffs. Unchanged connections keep their objects,
 * and `rows` is a whole snapshot's own array when nothing is closing, so
 * memoized views downstream stay cheap. At 100k rows a diff costs O(changes)
 * plus a few native moves of the rows within an array the store made three
 * states before (rows-ring.ts; the same array then holds a later state's rows,
 * so what keeps rows past a diff compares their version, rows-version.ts):
 * marks, closed rows and counts come from an id index, the snapshot's own list
 * is cut from `rows` only when read, and `change` tells the grid's view which
 * rows left and entered so it can update its sorted order instead of
 * re-sorting (grid/view-index.ts).
 *
 * This file holds the state's types and its transitions (receiveSnapshot,
 * receiveDiff, withIndex). Split out of it: row-index.ts (the id index and
 * arrival orders a diff reads), row-marks.ts (the O(n) marks of a whole
 * snapshot), lazy-snapshot.ts (the snapshot whose list is cut on read),
 * rows-after-diff.ts (the rows after a diff) and rows-ring.ts (the arrays
 * they are written into).
 */
import { applyDiff, diffSnapshots, DiffGapError, type SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { countConnections, updateCounts, type ConnectionCounts } from '../../shared/connection-counts';
import { lazySnapshotAfterDiff } from './lazy-snapshot';
import {
  buildIndex,
  CLOSED_BASE,
  emptyIndex,
  ordFunction,
  packOrds,
  positionOfId,
  repeatsAnId,
  replacesTwice,
  rowOrds,
  type RowIndex,
} from './row-index';
import { continues, marksFor } from './row-marks';
import { rowsAfterDiff, type Replacement } from './rows-after-diff';
import { keepRows, takeSpare, type RowsEdit } from './rows-ring';
import { rowsVersion } from './rows-version';
import { shareAdded, shareChanged } from './shared-strings';

/** new = added by the last refresh (green), changed = its state changed (yellow), closed = gone, shown once more (red). */
export type RowMark = 'new' | 'changed' | 'closed';

/**
 * What one diff did to `rows`: `base` is the previous `rows` array; objects left it and entered the new one.
 * `baseVersion`: what `base` held then (store/rows-version.ts; absent: 0, an array never reused). WHY: the store
 * writes a later state's rows into an earlier state's array (rows-ring.ts), so `base` alone names no one state.
 */
export interface RowsChange {
  base: readonly Connection[];
  baseVersion?: number;
  left: readonly Connection[];
  entered: readonly Connection[];
  /**
   * The arrival order of each row of `left` in the previous state and of `entered` in this one (the `ordOf`
   * of each), which the store knows without a lookup by id: the view index reads them (grid/view-index.ts).
   */
  leftOrds?: Float64Array;
  enteredOrds?: Float64Array;
  /**
   * How many rows the diff changed: the last `changed` of `left` are the rows before the change and the first
   * `changed` of `entered` the same rows after it, in the same order (the same ids, so the same arrival orders).
   */
  changed?: number;
}

/** Whether `change` was made on top of `rows` as they held `version` (what a view synced last): it applies to them. */
export function changeFollows(
  change: RowsChange | null,
  rows: readonly Connection[] | null,
  version: number,
): change is RowsChange {
  return change !== null && rows !== null && change.base === rows && (change.baseVersion ?? 0) === version;
}

/**
 * A diff's change to the snapshot's own connections, for what follows them per diff instead of reading them all
 * (the Top talkers, views/talkers.ts): `left` the rows it closed and the versions its changes replaced, `entered`
 * the changed versions and the new rows. `baseSeq` is the snapshot it applies to.
 */
export interface SnapshotChange {
  baseSeq: number;
  left: readonly Connection[];
  entered: readonly Connection[];
}

export interface RowsState {
  snapshot: Snapshot | null;
  /** The grid's rows: the snapshot's connections, then the closed ones being shown one last time. */
  rows: Connection[];
  closed: Connection[];
  marks: ReadonlyMap<string, RowMark>;
  /** Per protocol and state, over the snapshot's connections. */
  counts: ConnectionCounts;
  /** Set by a diff; null after a whole snapshot (views rebuild). */
  change: RowsChange | null;
  /** What the last diff did to the snapshot's connections (not the closed rows shown after them); null otherwise. */
  snapshotChange: SnapshotChange | null;
  /** A row's position in arrival order (open rows, then closed ones): ties in a sort keep this order. */
  ordOf: (c: Connection) => number;
  /** The id index, built on first use (see withIndex). */
  index: () => RowIndex;
  /**
   * `ordOf` of every row of `rows`, in one array made on call, or null once a later diff has moved the index on
   * (it is written in place). WHY: a view built from scratch (grid/view-index.ts) then knows every row's order
   * without a lookup by id per row.
   */
  ords: () => Float64Array | null;
}

const noOrd = (): number => 0;

export const EMPTY_ROWS: RowsState = {
  snapshot: null,
  rows: [],
  closed: [],
  marks: new Map(),
  counts: countConnections([]),
  change: null,
  snapshotChange: null,
  ordOf: noOrd,
  index: emptyIndex,
  ords: () => null,
};

function withClosed(connections: Connection[], closed: Connection[]): Connection[] {
  return closed.length === 0 ? connections : connections.concat(closed);
}

/**
 * Builds the index of a state from a whole snapshot now. It is built on
 * demand because the first diff needs it and the first paint does not: the
 * store calls this after that paint.
 */
export function withIndex(state: RowsState): RowsState {
  state.index();
  return state;
}

function fullState(snapshot: Snapshot, closed: Connection[], marks: Map<string, RowMark>): RowsState {
  let built: RowIndex | null = null;
  const index = (): RowIndex => (built ??= buildIndex(snapshot));
  return {
    snapshot,
    rows: withClosed(snapshot.connections, closed),
    closed,
    marks,
    counts: countConnections(snapshot.connections),
    change: null,
    snapshotChange: null,
    ordOf: ordFunction(index, closed),
    index,
    // A whole snapshot's arrival orders are its positions (buildIndex), so no index is needed for them.
    ords: () => rowOrds(null, snapshot.connections.length, closed.length),
  };
}

/** A whole snapshot: first load, resync, or an import. A resync of the same live view keeps marking changes. */
export function receiveSnapshot(state: RowsState, snapshot: Snapshot): RowsState {
  const prev = state.snapshot;
  if (prev && continues(prev, snapshot)) {
    const d = diffSnapshots(prev, snapshot);
    const { marks, closed } = marksFor(prev.connections, d.added, d.removed, d.changed);
    return fullState(snapshot, closed, marks);
  }
  return fullState(snapshot, [], new Map());
}

/** The plain O(n) way, for diffs the index cannot follow; views rebuild (change is null). */
function slowDiff(prev: Snapshot, diff: SnapshotDiff): RowsState {
  const snapshot = applyDiff(prev, diff);
  const { marks, closed } = marksFor(prev.connections, diff.added, diff.removed, diff.changed);
  return fullState(snapshot, closed, marks);
}

/**
 * Replacements by place. WHY module-level (with `ascending`): V8 keeps a function's optimized code only while a
 * closure of it lives, so an arrow function written in receiveDiff is a new closure per diff whose code each major
 * GC drops and Maglev compiles again a few diffs later, on the pool threads the diff's frame competes with
 * (bench/diff-deopt-probe.mjs: these four were compiled 7 times in 40 diffs).
 */
const byAt = (a: Replacement, b: Replacement): number => a.at - b.at;
const ascending = (a: number, b: number): number => a - b;

/**
 * One diff. Throws DiffGapError (from applyDiff) when it does not apply to the
 * snapshot held; returns the state unchanged for a diff already applied.
 */
export function receiveDiff(state: RowsState, diff: SnapshotDiff): RowsState {
  const prev = state.snapshot;
  if (!prev) return state;
  if (diff.seq <= prev.seq) return state;
  if (diff.baseSeq !== prev.seq) throw new DiffGapError(prev.seq, diff.baseSeq);
  const held = state.index();
  const index = held.seq === prev.seq ? held : buildIndex(prev);
  // The snapshot's connections are the first rows (read from `rows`, so a list made on demand stays unmade).
  const conns = state.rows;
  const n = conns.length - state.closed.length;
  // The rows closed by the last diff leave the grid now: their ids leave the index (one could come back below).
  // Indexed loops here, not for-of: a diff's code runs mostly unoptimised, where for-of makes an iterator result per
  // element (~1000 objects, 30 KiB a diff in Chromium's heap sampling at 100k rows), memory the page faults in.
  for (let i = 0; i < state.closed.length; i++) {
    const id = (state.closed[i] as Connection).id;
    if (positionOfId(conns, n, index, id) < 0) index.ordById.delete(id);
  }
  if (index.duplicates || repeatsAnId(index, diff)) return slowDiff(prev, diff);
  // Found before the snapshot changes: the rows this diff closes or replaces.
  const closed: Connection[] = [];
  const drop: number[] = [];
  const marks = new Map<string, RowMark>();
  for (let i = 0; i < diff.removed.length; i++) {
    const id = diff.removed[i] as string;
    const at = positionOfId(conns, n, index, id);
    if (at < 0 || marks.has(id)) continue;
    closed.push(conns[at] as Connection);
    drop.push(at);
    marks.set(id, 'closed');
  }
  const changedOld: Connection[] = [];
  const changedNew: Connection[] = [];
  const replace: Replacement[] = [];
  for (let i = 0; i < diff.changed.length; i++) {
    const c = diff.changed[i] as Connection;
    if (marks.get(c.id) === 'closed') continue; // applyDiff drops it
    const at = positionOfId(conns, n, index, c.id);
    if (at < 0) continue; // applyDiff ignores it too
    const old = conns[at] as Connection;
    // The diff's copies of strings the store holds give way to the held ones (shared-strings.ts).
    shareChanged(index.strings, c, old);
    changedOld.push(old);
    changedNew.push(c);
    replace.push({ at, row: c });
    // Only a state change is worth a colour; a PID resolved later is not.
    if (old.state !== c.state) marks.set(c.id, 'changed');
  }
  // Read before rowsAfterDiff writes the new orders over the index's array.
  // Loops and module-level comparators, not arrow functions made per diff: see byAt.
  const closedOrds: number[] = [];
  for (let i = 0; i < drop.length; i++) closedOrds.push(index.ordAt[drop[i] as number] as number);
  const changedOrds: number[] = [];
  for (let i = 0; i < replace.length; i++) changedOrds.push(index.ordAt[(replace[i] as Replacement).at] as number);
  const firstAddedOrd = index.nextOrd;
  drop.sort(ascending);
  replace.sort(byAt);
  // applyDiff keeps the last of them (an id changed twice in a row is not expected from the engine).
  if (replacesTwice(replace)) return slowDiff(prev, diff);
  // The rows are written into an array of three states ago when the store has one (rows-ring.ts).
  const edit: RowsEdit = { n, drop, replace, added: diff.added, closed };
  const baseVersion = rowsVersion(conns);
  const { rows, open } = rowsAfterDiff(conns, index, edit, takeSpare(index.ring, conns, baseVersion));
  keepRows(index.ring, baseVersion, rows, edit);
  const snapshot = lazySnapshotAfterDiff(prev, diff, rows, open);
  // Closed ids stay in the index until they leave the grid.
  for (let i = 0; i < diff.added.length; i++) {
    const c = diff.added[i] as Connection;
    marks.set(c.id, 'new');
    shareAdded(index.strings, c);
  }
  index.seq = snapshot.seq;
  const leftSnapshot = closed.concat(changedOld);
  const enteredSnapshot = changedNew.concat(diff.added);
  return {
    snapshot,
    rows,
    closed,
    marks,
    counts: updateCounts(state.counts, leftSnapshot, enteredSnapshot),
    snapshotChange: { baseSeq: prev.seq, left: leftSnapshot, entered: enteredSnapshot },
    // Rows closed last time leave now; rows closing now move to the closed tail (leave and enter again).
    change: {
      base: state.rows,
      baseVersion,
      left: state.closed.concat(leftSnapshot),
      entered: changedNew.concat(diff.added, closed),
      leftOrds: packOrds({ from: CLOSED_BASE, count: state.closed.length }, closedOrds, changedOrds),
      enteredOrds: packOrds(
        changedOrds,
        { from: firstAddedOrd, count: diff.added.length },
        { from: CLOSED_BASE, count: closed.length },
      ),
      changed: changedOld.length,
    },
    ordOf: ordFunction(() => index, closed),
    index: () => index,
    ords: () => (index.seq === snapshot.seq ? rowOrds(index.ordAt, open, closed.length) : null),
  };
}
