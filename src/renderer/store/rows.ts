/**
 * The pure core of the store: a snapshot plus the TCPView-style row marks,
 * advanced by snapshots and diffs. Unchanged connections keep their objects,
 * and `rows` is the snapshot's own array when nothing is closing, so memoized
 * views downstream stay cheap. At 100k rows a diff costs O(changes) plus one
 * copy of the rows into a new array of the final size: marks, closed rows and
 * counts come from an id index, the snapshot's own list is cut from `rows`
 * only when read, and `change` tells the grid's view which rows left and
 * entered so it can update its sorted order instead of re-sorting
 * (grid/view-index.ts).
 */
import { applyDiff, diffSnapshots, DiffGapError, snapshotAfterDiff, type SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { countConnections, updateCounts, type ConnectionCounts } from '../../shared/connection-counts';
import { rowsAfterDiff, type Replacement } from './rows-after-diff';

/** new = added by the last refresh (green), changed = its state changed (yellow), closed = gone, shown once more (red). */
export type RowMark = 'new' | 'changed' | 'closed';

/** What one diff did to `rows`: `base` is the previous `rows` array; objects left it and entered the new one. */
export interface RowsChange {
  base: readonly Connection[];
  left: readonly Connection[];
  entered: readonly Connection[];
  /**
   * The arrival order of each row of `left` in the previous state and of `entered` in this one (the `ordOf`
   * of each), which the store knows without a lookup by id: the view index reads them (grid/view-index.ts).
   */
  leftOrds?: Float64Array;
  enteredOrds?: Float64Array;
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
  /**
   * The arrival order of each position of the snapshot's connections (ascending), so finding an id's row is one
   * Map lookup and a binary search over numbers, not a Map lookup per step (~17 per row at 100k).
   */
  ordAt: Float64Array;
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
  /**
   * `ordOf` of every row of `rows`, in one array made on call, or null once a later diff has moved the index on
   * (it is written in place). WHY: a view built from scratch (grid/view-index.ts) then knows every row's order
   * without a lookup by id per row.
   */
  ords: () => Float64Array | null;
}

const CLOSED_BASE = 2 ** 40;
const noOrd = (): number => 0;
const emptyIndex = (): RowIndex => ({
  seq: -1,
  ordById: new Map(),
  ordAt: new Float64Array(0),
  nextOrd: 0,
  duplicates: false,
});

export const EMPTY_ROWS: RowsState = {
  snapshot: null,
  rows: [],
  closed: [],
  marks: new Map(),
  counts: countConnections([]),
  change: null,
  ordOf: noOrd,
  index: emptyIndex,
  ords: () => null,
};

function withClosed(connections: Connection[], closed: Connection[]): Connection[] {
  return closed.length === 0 ? connections : connections.concat(closed);
}

function buildIndex(snapshot: Snapshot): RowIndex {
  const ordById = new Map<string, number>();
  const conns = snapshot.connections;
  const ordAt = new Float64Array(conns.length);
  for (let i = 0; i < conns.length; i++) {
    ordById.set((conns[i] as Connection).id, i);
    ordAt[i] = i;
  }
  const duplicates = ordById.size !== conns.length;
  return { seq: snapshot.seq, ordById, ordAt, nextOrd: conns.length, duplicates };
}

/** The orders of `open` rows (`ordAt`, or their positions when null) and of a closed tail after them. */
function rowOrds(ordAt: Float64Array | null, open: number, closed: number): Float64Array {
  const ords = new Float64Array(open + closed);
  if (ordAt) ords.set(ordAt.subarray(0, open));
  else for (let i = 0; i < open; i++) ords[i] = i;
  for (let i = 0; i < closed; i++) ords[open + i] = CLOSED_BASE + i;
  return ords;
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

/**
 * Where the open row with this id is in the first `open` rows of
 * `connections` (which are in arrival order), found by searching the
 * index's arrival orders; -1 if no open row has it.
 *
 * WHY interpolation first: the orders ascend with few gaps (those of the rows
 * that closed), so where an order sits is close to a straight line between the
 * two ends of the range; two or three probes find it where a binary search over
 * 100k orders reads ~17 places (cache misses, and code that a diff every second
 * or two runs unoptimised). A few probes that miss leave a binary search of
 * what is left.
 */
function positionOfId(connections: readonly Connection[], open: number, index: RowIndex, id: string): number {
  const want = index.ordById.get(id);
  if (want === undefined) return -1;
  const { ordAt } = index;
  let lo = 0;
  let hi = open;
  for (let probe = 0; probe < 4 && hi - lo > 8; probe++) {
    const first = ordAt[lo] as number;
    const last = ordAt[hi - 1] as number;
    if (want <= first) {
      hi = lo;
      break;
    }
    if (want > last) {
      lo = hi;
      break;
    }
    // first < want <= last, so the guess is in (lo, hi - 1].
    const guess = lo + Math.max(1, Math.floor(((want - first) / (last - first)) * (hi - 1 - lo)));
    if ((ordAt[guess] as number) < want) lo = guess + 1;
    else hi = guess + 1;
    if ((ordAt[guess] as number) === want) lo = guess;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ordAt[mid] as number) < want) lo = mid + 1;
    else hi = mid;
  }
  return lo < open && (connections[lo] as Connection).id === id ? lo : -1;
}

/**
 * The plain snapshot behind each one lazySnapshot made (its `connections`
 * holds the closed tail too), for snapshotAfterDiff's spread to copy instead.
 */
const plainSnapshots = new WeakMap<Snapshot, Snapshot>();

/**
 * `made`, whose connections are the first `open` of `made.connections`:
 * itself when that is all of them, else a copy whose connections are cut on
 * first read (and kept).
 *
 * WHY on demand: with the grid's view the store's `rows`, nothing on the
 * Connections tab reads the snapshot's list (the status bar counts from the
 * store), so cutting 100k rows from `rows` per refresh only made garbage for
 * the major GC; the views that read it (DoS, States, export, traffic
 * history) get the same array on every read.
 */
function lazySnapshot(made: Snapshot, open: number): Snapshot {
  const all = made.connections;
  if (all.length === open) return made;
  let connections: Connection[] | null = null;
  const snapshot: Snapshot = { ...made };
  Object.defineProperty(snapshot, 'connections', {
    enumerable: true,
    configurable: true,
    get: () => (connections ??= all.slice(0, open)),
  });
  plainSnapshots.set(snapshot, made);
  return snapshot;
}

/**
 * A diff that adds an id already held, or adds one twice, which only applyDiff's own rules settle. (An id changed
 * twice is found by receiveDiff as one position replaced twice, without a set of every changed id.)
 */
function repeatsAnId(index: RowIndex, diff: SnapshotDiff): boolean {
  const added = new Set<string>();
  for (const c of diff.added) {
    if (index.ordById.has(c.id) || added.has(c.id)) return true;
    added.add(c.id);
  }
  return false;
}

/** Whether two replacements (sorted by position) are for one row: a diff that changes an id twice. */
function replacesTwice(replace: readonly Replacement[]): boolean {
  for (let i = 1; i < replace.length; i++)
    if ((replace[i] as Replacement).at === (replace[i - 1] as Replacement).at) return true;
  return false;
}

/** The plain O(n) way, for diffs the index cannot follow; views rebuild (change is null). */
function slowDiff(prev: Snapshot, diff: SnapshotDiff): RowsState {
  const snapshot = applyDiff(prev, diff);
  const { marks, closed } = marksFor(prev.connections, diff.added, diff.removed, diff.changed);
  return fullState(snapshot, closed, marks);
}

/** `count` arrival orders counting up from `from` (the added rows', or the closed tail's). */
interface OrdRun {
  from: number;
  count: number;
}

/**
 * Orders in one typed array, part after part. WHY typed: the closed tail's orders (from 2^40) would be a boxed
 * number each in a plain array.
 */
function packOrds(...parts: (readonly number[] | OrdRun)[]): Float64Array {
  let size = 0;
  for (const p of parts) size += Array.isArray(p) ? p.length : (p as OrdRun).count;
  const ords = new Float64Array(size);
  let k = 0;
  for (const p of parts) {
    if (Array.isArray(p)) for (const ord of p as readonly number[]) ords[k++] = ord;
    else for (let i = 0; i < (p as OrdRun).count; i++) ords[k++] = (p as OrdRun).from + i;
  }
  return ords;
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
  // The snapshot's connections are the first rows (read from `rows`, so a list made on demand stays unmade).
  const conns = state.rows;
  const n = conns.length - state.closed.length;
  // The rows closed by the last diff leave the grid now: their ids leave the index (one could come back below).
  for (const c of state.closed) if (positionOfId(conns, n, index, c.id) < 0) index.ordById.delete(c.id);
  if (index.duplicates || repeatsAnId(index, diff)) return slowDiff(prev, diff);
  // Found before the snapshot changes: the rows this diff closes or replaces.
  const closed: Connection[] = [];
  const drop: number[] = [];
  const marks = new Map<string, RowMark>();
  for (const id of diff.removed) {
    const at = positionOfId(conns, n, index, id);
    if (at < 0 || marks.has(id)) continue;
    closed.push(conns[at] as Connection);
    drop.push(at);
    marks.set(id, 'closed');
  }
  const changedOld: Connection[] = [];
  const changedNew: Connection[] = [];
  const replace: Replacement[] = [];
  for (const c of diff.changed) {
    if (marks.get(c.id) === 'closed') continue; // applyDiff drops it
    const at = positionOfId(conns, n, index, c.id);
    if (at < 0) continue; // applyDiff ignores it too
    const old = conns[at] as Connection;
    changedOld.push(old);
    changedNew.push(c);
    replace.push({ at, row: c });
    // Only a state change is worth a colour; a PID resolved later is not.
    if (old.state !== c.state) marks.set(c.id, 'changed');
  }
  // Read before rowsAfterDiff writes the new orders over the index's array.
  const closedOrds = drop.map((at) => index.ordAt[at] as number);
  const changedOrds = replace.map((r) => index.ordAt[r.at] as number);
  const firstAddedOrd = index.nextOrd;
  drop.sort((a, b) => a - b);
  replace.sort((a, b) => a.at - b.at);
  // applyDiff keeps the last of them (an id changed twice in a row is not expected from the engine).
  if (replacesTwice(replace)) return slowDiff(prev, diff);
  const { rows, open } = rowsAfterDiff(conns, n, index, drop, replace, diff.added, closed);
  const snapshot = lazySnapshot(snapshotAfterDiff(plainSnapshots.get(prev) ?? prev, diff, rows), open);
  // Closed ids stay in the index until they leave the grid.
  for (const c of diff.added) marks.set(c.id, 'new');
  index.seq = snapshot.seq;
  const leftSnapshot = closed.concat(changedOld);
  return {
    snapshot,
    rows,
    closed,
    marks,
    counts: updateCounts(state.counts, leftSnapshot, changedNew.concat(diff.added)),
    // Rows closed last time leave now; rows closing now move to the closed tail (leave and enter again).
    change: {
      base: state.rows,
      left: state.closed.concat(leftSnapshot),
      entered: changedNew.concat(diff.added, closed),
      leftOrds: packOrds({ from: CLOSED_BASE, count: state.closed.length }, closedOrds, changedOrds),
      enteredOrds: packOrds(
        changedOrds,
        { from: firstAddedOrd, count: diff.added.length },
        { from: CLOSED_BASE, count: closed.length },
      ),
    },
    ordOf: ordFunction(() => index, closed),
    index: () => index,
    ords: () => (index.seq === snapshot.seq ? rowOrds(index.ordAt, open, closed.length) : null),
  };
}
