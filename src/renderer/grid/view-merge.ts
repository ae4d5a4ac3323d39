/**
 * A view index's update (view-index.ts) in one pass over the view's change points: used where a diff touches the
 * view in more places than view-splice.ts takes (sorted by process name, a 1% diff touches ~500 runs). Split from
 * view-index.ts, which finds the places.
 */
import type { RowText } from '../../shared/filter-text';
import type { Connection } from '../../shared/model';
import type { SortKey } from '../../shared/sort-keys';
import { makeRanked, ordsRoom, type Ranked } from './ranked';
import type { Entering } from './view-splice';

/** The orders' buffer of a view no longer read, reused by the next diff's view (view-index.ts `spare`). */
export interface Spare {
  ords: Float64Array | null;
}

/**
 * Parts joined by one concat() call at most: a call's arguments must stay far below the engine's limit (a diff
 * that changes every row of a 100k view has ~200k parts).
 */
const PARTS_PER_CONCAT = 8192;

/** The text of a row entering (none until a filter reads it), as a part of the texts' concat(). */
const NO_TEXT: ConcatArray<RowText | undefined> = [undefined];

/**
 * A view's list made of `parts` in order: runs of the view before, and entering rows (or their keys, their
 * texts) as arrays of one. WHY arrays of one: concat() given anything but arrays leaves its fast path (Node,
 * 100k rows in 1000 parts: 1.0 ms against 0.6).
 */
function joined<T>(parts: readonly ConcatArray<T>[]): T[] {
  if (parts.length <= PARTS_PER_CONCAT) return ([] as T[]).concat(...parts);
  const groups: T[][] = [];
  for (let i = 0; i < parts.length; i += PARTS_PER_CONCAT) groups.push(joined(parts.slice(i, i + PARTS_PER_CONCAT)));
  return ([] as T[]).concat(...groups);
}

/**
 * The view without the positions in `drop` (ascending), with the sorted `entering` rows inserted at `at`
 * (each before the row at that position in `list`).
 *
 * WHY each run of rows kept between two change points is copied by native array operations (slice() per run,
 * one concat() of them; the orders by Float64Array.set into the spare buffer) instead of a JS loop over the
 * rows: a diff comes every second or two, so this code runs mostly in V8's unoptimised tiers, above all in the
 * first diffs after a header click. Node, 100k rows with 500 scattered changes: the loop over rows, keys, orders
 * and texts 7.3-8.6 ms unoptimised, 2.0 optimised; these copies 3.1-3.4 ms in any tier, 1.3 without the texts
 * (which view-index.ts now carries to the view after the diff's frame, so they are not merged here).
 */
export function mergeView(
  list: Ranked & { ords: Float64Array },
  drop: ArrayLike<number>,
  entering: readonly Entering[],
  at: readonly number[],
  spare: Spare,
): { view: Ranked; spare: Spare } {
  const length = list.rows.length;
  const size = length - drop.length + entering.length;
  const { rows: listRows, keys: listKeys, hays: listHays, ords: listOrds } = list;
  const room =
    spare.ords && spare.ords.buffer.byteLength >= size * 8 ? spare.ords.buffer : new ArrayBuffer(ordsRoom(size));
  const ords = new Float64Array(room, 0, size);
  const rowParts: Connection[][] = [];
  const keyParts: SortKey[][] | null = listKeys ? [] : null;
  const hayParts: ConcatArray<RowText | undefined>[] | null = listHays ? [] : null;
  let n = 0;
  /** The rows kept from `from` to `to` (exclusive), with their keys, texts and orders. */
  const keep = (from: number, to: number): void => {
    if (to <= from) return;
    rowParts.push(listRows.slice(from, to));
    if (keyParts && listKeys) keyParts.push(listKeys.slice(from, to));
    if (hayParts && listHays) hayParts.push(listHays.slice(from, to));
    ords.set(listOrds.subarray(from, to), n);
    n += to - from;
  };
  let from = 0;
  let d = 0;
  for (let e = 0; e <= entering.length; e++) {
    const end = e < entering.length ? (at[e] as number) : length;
    // The rows kept before this entering row, skipping the ones that left.
    for (; d < drop.length && (drop[d] as number) < end; d++) {
      const p = drop[d] as number;
      keep(from, p);
      from = p + 1;
    }
    keep(from, end);
    if (end > from) from = end;
    const entry = entering[e];
    if (entry) {
      rowParts.push([entry.c]);
      keyParts?.push([entry.key]);
      hayParts?.push(NO_TEXT);
      ords[n++] = entry.ord;
    }
  }
  // The texts before the first change are where they were (warmText need not look at them again).
  const firstChange = Math.min(drop.length > 0 ? (drop[0] as number) : length, at[0] ?? length);
  const view = makeRanked(
    joined(rowParts),
    keyParts && joined(keyParts),
    ords,
    hayParts && joined(hayParts),
    hayParts ? Math.min(list.warmedTo, firstChange) : 0,
  );
  return { view, spare: { ords: listOrds } };
}
