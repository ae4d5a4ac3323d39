/**
 * The store's id index and arrival orders (used by rows.ts). It is kept across diffs so that a diff finds its
 * rows by id in O(changes) instead of scanning 100k rows. Split from rows.ts, which holds the rows state and
 * its two transitions (receiveSnapshot, receiveDiff); this file holds what builds or reads the index: building
 * it from a snapshot, an id's position in the rows, each row's order (ordOf, ords), the packed orders a diff
 * hands the grid's view (grid/view-index.ts), and the checks for diffs the index cannot follow.
 */
import type { SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import type { Replacement } from './rows-after-diff';
import type { StringTable } from './shared-strings';
import { emptyRing, type RowsRing } from './rows-ring';

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
export interface RowIndex {
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
  /** The strings a diff's rows share (shared-strings.ts): kept with the index, so a whole snapshot starts anew. */
  strings: StringTable;
  /** The rows arrays this chain of diffs writes into (rows-ring.ts): kept with the index for the same reason. */
  ring: RowsRing;
}

/** Closed rows get orders from here on, after every open row (they are appended to `rows`). */
export const CLOSED_BASE = 2 ** 40;
export const emptyIndex = (): RowIndex => ({
  seq: -1,
  ordById: new Map(),
  ordAt: new Float64Array(0),
  nextOrd: 0,
  duplicates: false,
  strings: new Map(),
  ring: emptyRing(),
});

export function buildIndex(snapshot: Snapshot): RowIndex {
  const ordById = new Map<string, number>();
  const conns = snapshot.connections;
  const ordAt = new Float64Array(conns.length);
  for (let i = 0; i < conns.length; i++) {
    ordById.set((conns[i] as Connection).id, i);
    ordAt[i] = i;
  }
  const duplicates = ordById.size !== conns.length;
  return {
    seq: snapshot.seq,
    ordById,
    ordAt,
    nextOrd: conns.length,
    duplicates,
    strings: new Map(),
    ring: emptyRing(),
  };
}

/** The orders of `open` rows (`ordAt`, or their positions when null) and of a closed tail after them. */
export function rowOrds(ordAt: Float64Array | null, open: number, closed: number): Float64Array {
  const ords = new Float64Array(open + closed);
  if (ordAt) ords.set(ordAt.subarray(0, open));
  else for (let i = 0; i < open; i++) ords[i] = i;
  for (let i = 0; i < closed; i++) ords[open + i] = CLOSED_BASE + i;
  return ords;
}

/**
 * Closed rows sort after every open one (they are appended to `rows`), in their order there.
 *
 * WHY the closed rows' map is made on the first call: a diff hands the grid's views every order they need
 * (RowsChange leftOrds, enteredOrds), so a diff's ordOf is mostly never called, while making the map in every
 * diff (a 1% diff at 100k rows closes ~330 rows) cost an entry per closed row and a closure called per row, made
 * per diff (see byAt in rows.ts).
 */
export function ordFunction(index: () => RowIndex, closed: readonly Connection[]): (c: Connection) => number {
  if (closed.length === 0) return (c) => index().ordById.get(c.id) ?? CLOSED_BASE;
  let closedAt: Map<Connection, number> | null = null;
  return (c) => (closedAt ??= closedOrders(closed)).get(c) ?? index().ordById.get(c.id) ?? CLOSED_BASE;
}

/** Each closed row's order: after every open one, in their order. */
function closedOrders(closed: readonly Connection[]): Map<Connection, number> {
  const at = new Map<Connection, number>();
  for (let i = 0; i < closed.length; i++) at.set(closed[i] as Connection, CLOSED_BASE + i);
  return at;
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
export function positionOfId(connections: readonly Connection[], open: number, index: RowIndex, id: string): number {
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
 * A diff that adds an id already held, or adds one twice, which only applyDiff's own rules settle. (An id changed
 * twice is found by receiveDiff as one position replaced twice, without a set of every changed id.)
 */
export function repeatsAnId(index: RowIndex, diff: SnapshotDiff): boolean {
  const added = new Set<string>();
  for (let i = 0; i < diff.added.length; i++) {
    const id = (diff.added[i] as Connection).id;
    if (index.ordById.has(id) || added.has(id)) return true;
    added.add(id);
  }
  return false;
}

/** Whether two replacements (sorted by position) are for one row: a diff that changes an id twice. */
export function replacesTwice(replace: readonly Replacement[]): boolean {
  for (let i = 1; i < replace.length; i++)
    if ((replace[i] as Replacement).at === (replace[i - 1] as Replacement).at) return true;
  return false;
}

/** `count` arrival orders counting up from `from` (the added rows', or the closed tail's). */
export interface OrdRun {
  from: number;
  count: number;
}

/**
 * Orders in one typed array, part after part. WHY typed: the closed tail's orders (from 2^40) would be a boxed
 * number each in a plain array.
 */
export function packOrds(...parts: (readonly number[] | OrdRun)[]): Float64Array {
  let size = 0;
  for (const p of parts) size += Array.isArray(p) ? p.length : (p as OrdRun).count;
  const ords = new Float64Array(size);
  let k = 0;
  for (const p of parts) {
    if (Array.isArray(p)) for (let i = 0; i < p.length; i++) ords[k++] = p[i] as number;
    else for (let i = 0; i < (p as OrdRun).count; i++) ords[k++] = (p as OrdRun).from + i;
  }
  return ords;
}
