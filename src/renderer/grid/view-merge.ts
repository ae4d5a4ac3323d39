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

/**
 * Arrays of views no longer read, which the next diff's view is written into (view-index.ts `spare`). WHY: each
 * is 0.4-0.8 MB at 100k rows, past V8's large-object size, and one that is still alive at the next scavenge is
 * promoted to the old generation at once. Reusing them halved what a diff promotes in Chromium (100k rows by
 * remote address, --trace-gc-nvp: ~550-680 KB -> ~190-290 KB a diff); the major GCs came as often (V8 starts them
 * by the heap's room below its limit, or its memory reducer), so the gain is the copying, not the GC's timing.
 */
export interface Spare {
  ords: Float64Array | null;
  keys: SortKey[] | null;
  /** A rows array the caller made and no one reads any more (none while the grid may still render it). */
  rows: Connection[] | null;
}

/** No arrays to reuse yet (a new object each: an index writes its own). */
export const noSpare = (): Spare => ({ ords: null, keys: null, rows: null });

/**
 * `spare`, or a new array of `size` slots, for a list written from its first slot on while `read` is copied into
 * it: never `read` itself. WHY the spare's length is not set to `size` first: a length past its room makes a new
 * backing store of exactly that size, while writes past the end grow it with room to spare (by half), which later
 * diffs then fit in.
 */
export function reuse<T>(spare: T[] | null, read: readonly T[], size: number): T[] {
  return spare !== null && spare !== read ? spare : new Array<T>(size);
}

/** `list` cut to the `size` slots written (drops the slots of a longer list it was before). */
export function cut<T>(list: T[], size: number): T[] {
  if (list.length > size) list.length = size;
  return list;
}

/**
 * Copies `from[start..end)` to `to` at `at`; returns where the copy ends. WHY a small function of its own: it runs
 * once per run of rows kept (hundreds per diff), so V8 optimises it within the first diff (on-stack replacement
 * too, for a long run) instead of running a loop over 100k rows in the interpreter.
 */
export function copyRun<T>(to: T[], at: number, from: readonly T[], start: number, end: number): number {
  for (let i = start; i < end; i++) to[at++] = from[i] as T;
  return at;
}

/** The arrays mergeView writes, and how many slots it has written. */
interface MergeTarget {
  rows: Connection[];
  keys: SortKey[] | null;
  hays: (RowText | undefined)[] | null;
  ords: Float64Array;
  n: number;
}

/**
 * Copies the rows of `list` kept from `from` to `to` (exclusive), with their keys, texts and orders, to the end of
 * `target`. WHY a module-level function, not a closure in mergeView: a closure made per diff had its optimized
 * code made again after each major GC (the page's V8 log, bench/diff-deopt-probe.mjs; see byPlace in
 * view-splice.ts).
 */
function keepRun(target: MergeTarget, list: Ranked & { ords: Float64Array }, from: number, to: number): void {
  if (to <= from) return;
  const n = target.n;
  copyRun(target.rows, n, list.rows, from, to);
  if (target.keys && list.keys) copyRun(target.keys, n, list.keys, from, to);
  if (target.hays && list.hays) copyRun(target.hays, n, list.hays, from, to);
  target.ords.set(list.ords.subarray(from, to), n);
  target.n = n + to - from;
}

/**
 * The view without the positions in `drop` (ascending), with the sorted `entering` rows inserted at `at`
 * (each before the row at that position in `list`).
 *
 * WHY the rows and keys are copied run by run into arrays of views no longer read (`spare`), not joined into new
 * ones (slice() per run, one concat(), as since b54999e): a new 100k array per diff is a large object, promoted
 * to the old generation when it outlives a scavenge (see Spare), while the native copies also made ~3x the young
 * garbage of a loop. The loop is as fast in the first diffs after a sort (Node, 100k keys in 1000 runs: first
 * call ~2 ms against ~3 ms for the slices and concat; later ~0.2 ms against ~3 ms). The orders are copied by
 * Float64Array.set into the spare buffer. The texts, which only tests still hand over (view-index.ts carries
 * them to the view after the diff), go into a new array.
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
  const rows = reuse(spare.rows, listRows, size);
  const keys = listKeys ? reuse(spare.keys, listKeys, size) : null;
  const hays = listHays ? new Array<RowText | undefined>(size) : null;
  const to: MergeTarget = { rows, keys, hays, ords, n: 0 };
  let from = 0;
  let d = 0;
  for (let e = 0; e <= entering.length; e++) {
    const end = e < entering.length ? (at[e] as number) : length;
    // The rows kept before this entering row, skipping the ones that left.
    for (; d < drop.length && (drop[d] as number) < end; d++) {
      const p = drop[d] as number;
      keepRun(to, list, from, p);
      from = p + 1;
    }
    keepRun(to, list, from, end);
    if (end > from) from = end;
    const entry = entering[e];
    if (entry) {
      const n = to.n++;
      rows[n] = entry.c;
      if (keys) keys[n] = entry.key;
      if (hays) hays[n] = undefined;
      ords[n] = entry.ord;
    }
  }
  // The texts before the first change are where they were (warmText need not look at them again).
  const firstChange = Math.min(drop.length > 0 ? (drop[0] as number) : length, at[0] ?? length);
  const view = makeRanked(
    cut(rows, size),
    keys && cut(keys, size),
    ords,
    hays,
    hays ? Math.min(list.warmedTo, firstChange) : 0,
  );
  return { view, spare: { ords: listOrds, keys: listKeys, rows: null } };
}
