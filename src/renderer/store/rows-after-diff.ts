/**
 * The store's rows after one diff (rows.ts receiveDiff): the previous open rows without the dropped positions,
 * changed rows swapped in place, added rows appended, then the closed tail; and each open row's arrival order,
 * compacted in the index's buffer.
 *
 * WHY two ways of copying: a diff comes every second or two, so the page's code for it runs mostly in V8's
 * unoptimised tiers, where a JS loop over 100k rows costs 5-10 ms (Node with TurboFan off: the store's copy
 * 5.9 ms a diff; Chromium traces at 100k rows show it among the largest self times of a diff). Native array
 * operations (slice, splice, copyWithin on the typed orders) move the same rows at memcpy speed in any tier. They
 * are used when the dropped positions form a few runs (a busy server closing its oldest connections: the top
 * of arrival order); scattered drops, where each splice would move the whole tail again, keep the one-pass loop.
 */
import type { Connection } from '../../shared/model';
import {
  applyEdit,
  NATIVE_RUNS,
  runsOf,
  spliceDropRuns,
  writeReplacements,
  type Replacement,
  type RowsEdit,
} from './rows-ring';

export type { Replacement } from './rows-ring';

/** The part of the store's id index a diff writes (row-index.ts RowIndex). */
export interface OrderIndex {
  ordById: Map<string, number>;
  ordAt: Float64Array;
  nextOrd: number;
}

/** A buffer for `open` orders: the index's own while it is large enough (written in place), else a larger one. */
function ordRoom(prev: Float64Array, open: number): ArrayBuffer {
  const buffer = prev.buffer as ArrayBuffer;
  return buffer.byteLength >= open * 8 ? buffer : new ArrayBuffer((Math.ceil(open * 1.05) + 64) * 8);
}

/**
 * The grid's rows after a diff: the previous open rows (the first `n` of `conns`) without the positions in `drop`
 * (ascending), with `replace` (ascending by position) swapped in and the added rows appended (exactly what the
 * shared applyDiff gives: property-tested against it), then the closed rows. Also writes each open row's arrival
 * order into the index, in place: a kept row's new position is never after its old one, so no order is written
 * over before it is read (a buffer is only made to grow).
 *
 * WHY one array of the final size, never grown row by row: pushing 100k rows into an empty array copies it every
 * time it grows, and at 100k rows such large arrays are what made Chromium's major GCs come every few diffs. The
 * native path makes one array that holds every row it will keep (bySplice) and the snapshot's own list is cut
 * from the result only when read (lazy-snapshot.ts).
 *
 * `target`, when given, is an array holding the same rows as `conns` (the store's ring, rows-ring.ts): the new
 * rows are written into it in place, and no array is made.
 */
export function rowsAfterDiff(
  conns: readonly Connection[],
  index: OrderIndex,
  edit: RowsEdit,
  target: Connection[] | null = null,
): { rows: Connection[]; open: number } {
  if (target) {
    applyEdit(target, edit);
    return { rows: target, open: writeOrds(index, edit) };
  }
  return runsOf(edit.drop, NATIVE_RUNS) <= NATIVE_RUNS ? bySplice(conns, index, edit) : byLoop(conns, index, edit);
}

/**
 * The native way (few runs of drops): one concat of the previous rows with the added and closed ones, the
 * replacements written in place, then splices (the previous closed tail, a run of drops each) that only move rows
 * down.
 *
 * WHY concat, not a slice() of the previous rows and a push() per added and closed row: the slice has room for
 * exactly the previous rows, so whenever more rows entered than the previous closed tail held (about every other
 * diff: a third of a 1% diff's rows are new, a third close) the pushes outgrew it, and V8 copied the 100k slots
 * into a new backing store half as large again (Chromium at 100k rows by remote address, sampled heap profile of
 * what outlived the young generation: 235 KiB a diff of such regrowth beside the slice's 163). concat() makes the
 * one array at its full length at once, and splices that remove slots never reallocate it.
 */
function bySplice(
  conns: readonly Connection[],
  index: OrderIndex,
  edit: RowsEdit,
): { rows: Connection[]; open: number } {
  const { n, drop, replace, added, closed } = edit;
  const rows = conns.concat(added, closed);
  // The previous closed tail out (the added and closed rows after it move down; positions before n stay put).
  if (conns.length > n) rows.splice(n, conns.length - n);
  // Positions in the previous rows: written before any splice of drops moves them. A replaced row keeps its order.
  writeReplacements(rows, replace);
  spliceDropRuns(rows, drop);
  return { rows, open: writeOrds(index, edit) };
}

/**
 * The index's arrival orders after a diff: the kept rows' orders compacted front to back (one copyWithin, a
 * memmove, per run of drops), then the added rows' new ones; returns how many rows are open.
 */
function writeOrds(index: OrderIndex, { n, drop, added }: RowsEdit): number {
  const open = n - drop.length + added.length;
  const prevOrdAt = index.ordAt;
  const room = ordRoom(prevOrdAt, open);
  const all = new Float64Array(room);
  if (room !== prevOrdAt.buffer) all.set(prevOrdAt.subarray(0, n));
  let out = drop.length > 0 ? (drop[0] as number) : n;
  let i = 0;
  while (i < drop.length) {
    let j = i;
    while (j + 1 < drop.length && (drop[j + 1] as number) === (drop[j] as number) + 1) j++;
    const from = (drop[j] as number) + 1;
    const to = j + 1 < drop.length ? (drop[j + 1] as number) : n;
    all.copyWithin(out, from, to);
    out += to - from;
    i = j + 1;
  }
  for (const c of added) {
    const ord = index.nextOrd++;
    index.ordById.set(c.id, ord);
    all[out++] = ord;
  }
  index.ordAt = new Float64Array(room, 0, open);
  return open;
}

/** The one-pass loop (drops scattered over many runs), rows and orders copied together. */
function byLoop(conns: readonly Connection[], index: OrderIndex, edit: RowsEdit): { rows: Connection[]; open: number } {
  const { n, drop, replace, added, closed } = edit;
  const open = n - drop.length + added.length;
  const rows = new Array<Connection>(open + closed.length);
  const prevOrdAt = index.ordAt;
  const ordAt = new Float64Array(ordRoom(prevOrdAt, open), 0, open);
  let out = 0;
  let from = 0;
  let nextDrop = 0;
  let nextReplace = 0;
  for (;;) {
    const d = nextDrop < drop.length ? (drop[nextDrop] as number) : n;
    const r = nextReplace < replace.length ? (replace[nextReplace] as Replacement) : null;
    const stop = r && r.at < d ? r.at : d;
    for (; from < stop; from++, out++) {
      rows[out] = conns[from] as Connection;
      ordAt[out] = prevOrdAt[from] as number;
    }
    if (stop >= n) break;
    if (r && r.at === stop) {
      // A replaced row keeps its id, so its place in arrival order.
      rows[out] = r.row;
      ordAt[out++] = prevOrdAt[from] as number;
      nextReplace++;
    } else {
      nextDrop++;
    }
    from++;
  }
  // Indexed loops, as the store's others per diff (receiveDiff, rows.ts): for-of makes an iterator result a row.
  for (let i = 0; i < added.length; i++) {
    const c = added[i] as Connection;
    const ord = index.nextOrd++;
    index.ordById.set(c.id, ord);
    rows[out] = c;
    ordAt[out++] = ord;
  }
  for (let i = 0; i < closed.length; i++) rows[out++] = closed[i] as Connection;
  index.ordAt = ordAt;
  return { rows, open };
}
