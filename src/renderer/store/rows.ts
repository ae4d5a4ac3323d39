/**
 * The pure core of the store: a snapshot plus the TCPView-style row marks,
 * advanced by snapshots and diffs. Unchanged connections keep their objects,
 * and `rows` is the snapshot's own array when nothing is closing, so memoized
 * views downstream stay cheap. At 100k rows everything but the shared
 * applyDiff is O(changes) per diff: marks, closed rows and counts come from an
 * id index, and `change` tells the grid's view which rows left and entered so
 * it can update its sorted order instead of re-sorting (grid/view-index.ts).
 */
import { applyDiff, diffSnapshots, DiffGapError, snapshotAfterDiff, type SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { countConnections, updateCounts, type ConnectionCounts } from '../../shared/connection-counts';

/** new = added by the last refresh (green), changed = its state changed (yellow), closed = gone, shown once more (red). */
export type RowMark = 'new' | 'changed' | 'closed';

/** What one diff did to `rows`: `base` is the previous `rows` array; objects left it and entered the new one. */
export interface RowsChange {
  base: readonly Connection[];
  left: readonly Connection[];
  entered: readonly Connection[];
}

/**
 * Lookups kept across diffs (mutated in place, so a diff costs O(changes)).
 * `seq` says which snapshot it describes; a state whose snapshot has another
 * seq rebuilds it rather than trust it.
 *
 * WHY one Map from id to arrival order, not an id -> row Map plus a WeakMap
 * from row to order: building those two for 100k rows took ~350 ms of the
 * page's first second (a WeakMap entry per object is costly to make and to
 * collect), while a Map of string keys is about a fifth of that. The row of
 * an id is then found by binary search in the snapshot's connections, which
 * are in arrival order (rowOf).
 */
interface RowIndex {
  seq: number;
  /**
   * Arrival order of every open row's id, and of the rows closed by the last
   * diff (their order still ranks them in the previous state's view); those
   * are dropped when they leave the closed list. `rows` is always in
   * ascending order of it, which is the grid's tie-break.
   */
  ordById: Map<string, number>;
  nextOrd: number;
  /**
   * Two rows share an id. The engine should never send that, but applyDiff
   * then drops every row with a removed id, which an id index cannot mirror:
   * such snapshots take the O(n) path (slowDiff).
   */
  duplicates: boolean;
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
  /** A row's position in arrival order (open rows, then closed ones): ties in a sort keep this order. */
  ordOf: (c: Connection) => number;
  /** The id index, built on first use (see withIndex). */
  index: () => RowIndex;
}

const CLOSED_BASE = 2 ** 40;
const noOrd = (): number => 0;
const emptyIndex = (): RowIndex => ({ seq: -1, ordById: new Map(), nextOrd: 0, duplicates: false });

export const EMPTY_ROWS: RowsState = {
  snapshot: null,
  rows: [],
  closed: [],
  marks: new Map(),
  counts: countConnections([]),
  change: null,
  ordOf: noOrd,
  index: emptyIndex,
};

function withClosed(connections: Connection[], closed: Connection[]): Connection[] {
  return closed.length === 0 ? connections : connections.concat(closed);
}

function buildIndex(snapshot: Snapshot): RowIndex {
  const ordById = new Map<string, number>();
  const conns = snapshot.connections;
  for (let i = 0; i < conns.length; i++) ordById.set((conns[i] as Connection).id, i);
  const duplicates = ordById.size !== conns.length;
  return { seq: snapshot.seq, ordById, nextOrd: conns.length, duplicates };
}

/** Closed rows sort after every open one (they are appended to `rows`), in their order there. */
function ordFunction(index: () => RowIndex, closed: readonly Connection[]): (c: Connection) => number {
  if (closed.length === 0) return (c) => index().ordById.get(c.id) ?? CLOSED_BASE;
  const closedAt = new Map(closed.map((c, i) => [c, CLOSED_BASE + i]));
  return (c) => closedAt.get(c) ?? index().ordById.get(c.id) ?? CLOSED_BASE;
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

/** Marks from one refresh: what it added, removed and changed the state of. */
function marksFor(
  before: readonly Connection[],
  added: readonly Connection[],
  removed: readonly string[],
  changed: readonly Connection[],
): { marks: Map<string, RowMark>; closed: Connection[] } {
  const marks = new Map<string, RowMark>();
  const closed: Connection[] = [];
  let oldById: Map<string, Connection> | null = null;
  if (changed.length > 0) {
    oldById = new Map();
    for (const c of before) oldById.set(c.id, c);
  }
  if (removed.length > 0) {
    const gone = new Set(removed);
    for (const c of before) if (gone.has(c.id)) closed.push(c);
    for (const c of closed) marks.set(c.id, 'closed');
  }
  for (const c of changed) {
    const old = oldById?.get(c.id);
    // Only a state change is worth a colour; a PID resolved later is not.
    if (old && old.state !== c.state) marks.set(c.id, 'changed');
  }
  for (const c of added) marks.set(c.id, 'new');
  return { marks, closed };
}

/** Whether a fresh snapshot continues what is on screen (so marks between them mean something). */
function continues(prev: Snapshot, next: Snapshot): boolean {
  return prev.source.kind === 'live' && next.source.kind === 'live' && prev.host === next.host && next.seq > prev.seq;
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
    ordOf: ordFunction(index, closed),
    index,
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

/**
 * Where the open row with this id is in `connections` (which are in arrival
 * order), found by binary search on that order; -1 if no open row has it.
 */
function positionOfId(connections: readonly Connection[], index: RowIndex, id: string): number {
  const want = index.ordById.get(id);
  if (want === undefined) return -1;
  let lo = 0;
  let hi = connections.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.ordById.get((connections[mid] as Connection).id) ?? -1) < want) lo = mid + 1;
    else hi = mid;
  }
  return lo < connections.length && (connections[lo] as Connection).id === id ? lo : -1;
}

/**
 * Exactly what the shared applyDiff returns (property-tested against it), but
 * the rows to drop and replace are found through the index (O(k log n))
 * instead of hashing all 100k ids, and the rest is one copy.
 */
function applyDiffIndexed(prev: Snapshot, diff: SnapshotDiff, index: RowIndex): Snapshot {
  const conns = prev.connections;
  const replace = new Map<number, Connection>();
  const drop: number[] = [];
  const removedIds = new Set(diff.removed);
  for (const id of removedIds) {
    const at = positionOfId(conns, index, id);
    if (at >= 0) drop.push(at);
  }
  for (const c of diff.changed) {
    if (removedIds.has(c.id)) continue;
    const at = positionOfId(conns, index, c.id);
    if (at >= 0) replace.set(at, c);
  }
  drop.sort((a, b) => a - b);
  const connections: Connection[] = [];
  let from = 0;
  // WHY: the replaced positions, in order, so the copy below walks runs of
  // untouched rows with plain pushes; a replace.get() per row was a 100k-entry
  // Map lookup per diff (~4 ms at 100k rows). No position is both dropped and
  // replaced (a changed id that is also removed is skipped above).
  const replaced = [...replace.keys()].sort((a, b) => a - b);
  let nextReplaced = 0;
  const copyTo = (end: number): void => {
    while (from < end) {
      const at = replaced[nextReplaced];
      const stop = at !== undefined && at < end ? at : end;
      for (; from < stop; from++) connections.push(conns[from] as Connection);
      if (stop < end) {
        connections.push(replace.get(stop) as Connection);
        from++;
        nextReplaced++;
      }
    }
  };
  if (replace.size === 0) {
    // The common case without replacements copies without a lookup per row.
    for (const at of drop) {
      for (; from < at; from++) connections.push(conns[from] as Connection);
      from = at + 1;
    }
    for (; from < conns.length; from++) connections.push(conns[from] as Connection);
  } else {
    for (const at of drop) {
      copyTo(at);
      from = at + 1;
    }
    copyTo(conns.length);
  }
  for (const c of diff.added) connections.push(c);
  return snapshotAfterDiff(prev, diff, connections);
}

/** A diff that adds an id already held, or names an id twice, which only applyDiff's own rules settle. */
function repeatsAnId(index: RowIndex, diff: SnapshotDiff): boolean {
  const added = new Set<string>();
  for (const c of diff.added) {
    if (index.ordById.has(c.id) || added.has(c.id)) return true;
    added.add(c.id);
  }
  const changed = new Set<string>();
  for (const c of diff.changed) {
    if (changed.has(c.id)) return true;
    changed.add(c.id);
  }
  return false;
}

/** The plain O(n) way, for diffs the index cannot follow; views rebuild (change is null). */
function slowDiff(prev: Snapshot, diff: SnapshotDiff): RowsState {
  const snapshot = applyDiff(prev, diff);
  const { marks, closed } = marksFor(prev.connections, diff.added, diff.removed, diff.changed);
  return fullState(snapshot, closed, marks);
}

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
  // The rows closed by the last diff leave the grid now: their ids leave the index (one could come back below).
  for (const c of state.closed) if (positionOfId(prev.connections, index, c.id) < 0) index.ordById.delete(c.id);
  if (index.duplicates || repeatsAnId(index, diff)) return slowDiff(prev, diff);
  const conns = prev.connections;
  // Found before the snapshot changes: the rows this diff closes or replaces.
  const closed: Connection[] = [];
  const marks = new Map<string, RowMark>();
  for (const id of diff.removed) {
    const at = positionOfId(conns, index, id);
    if (at < 0 || marks.has(id)) continue;
    closed.push(conns[at] as Connection);
    marks.set(id, 'closed');
  }
  const changedOld: Connection[] = [];
  const changedNew: Connection[] = [];
  for (const c of diff.changed) {
    if (marks.get(c.id) === 'closed') continue; // applyDiff drops it
    const at = positionOfId(conns, index, c.id);
    if (at < 0) continue; // applyDiff ignores it too
    const old = conns[at] as Connection;
    changedOld.push(old);
    changedNew.push(c);
    // Only a state change is worth a colour; a PID resolved later is not.
    if (old.state !== c.state) marks.set(c.id, 'changed');
  }
  const snapshot = applyDiffIndexed(prev, diff, index);
  // Replaced rows keep their id, so their place in arrival order; closed ids stay until they leave the grid.
  for (const c of diff.added) {
    index.ordById.set(c.id, index.nextOrd++);
    marks.set(c.id, 'new');
  }
  index.seq = snapshot.seq;
  const leftSnapshot = closed.concat(changedOld);
  return {
    snapshot,
    rows: withClosed(snapshot.connections, closed),
    closed,
    marks,
    counts: updateCounts(state.counts, leftSnapshot, changedNew.concat(diff.added)),
    // Rows closed last time leave now; rows closing now move to the closed tail (leave and enter again).
    change: {
      base: state.rows,
      left: state.closed.concat(leftSnapshot),
      entered: changedNew.concat(diff.added, closed),
    },
    ordOf: ordFunction(() => index, closed),
    index: () => index,
  };
}
