/**
 * A view index's update (view-index.ts) done by native array operations where a diff touches the view in few
 * places: rows whose place does not change are written over in place, and the rest are dropped and inserted
 * with a splice() per run. Null when the diff is too scattered for that (the caller's one-pass merge then).
 *
 * WHY: a diff comes every second or two, so the page's code for it runs mostly in V8's unoptimised tiers, where
 * the merge's JS loop over 100k rows (rows, keys, orders and filter texts) costs several ms (Node with TurboFan
 * off: ~5 ms a view; the largest self time of a diff sorted by remote address in a Chromium trace). A row that
 * changes state, or closes, keeps its sort key, so it leaves and enters at the same place: written over, it moves
 * nothing. What is left is usually a run of rows leaving at one end (the oldest connections) and a run entering
 * at the other (the newest), two splices that move the rows at memcpy speed in any tier.
 *
 * The view's keys, orders and texts belong to its index alone (ranked.ts filterRanked copies them for a cut), so
 * they are changed in place; its rows are handed to the grid and to filter cuts, so they are copied first, into
 * the rows of a view no one reads any more when the caller has one (view-merge.ts Spare: no new 100k array).
 */
import type { RowText } from '../../shared/filter-text';
import type { Connection } from '../../shared/model';
import type { SortKey } from '../../shared/sort-keys';
import { makeRanked, ordsRoom, type Ranked } from './ranked';
import { copyRun, cut, reuse } from './view-merge';

export interface Entering {
  c: Connection;
  key: SortKey;
  ord: number;
}

/** A row of the view (at `p` before the diff) written over by its changed row `c`, whose key is the same. */
export interface Replaced {
  p: number;
  c: Connection;
  key: SortKey;
}

/** Splices (a run of rows leaving, or rows entering at one place) up to which this way is taken. */
const MAX_SPLICES = 8;
/** Rows entering at one place beyond which a splice's argument list would be too long. */
const MAX_ENTERING = 4096;

/** One splice: at `at` (a position in the view before the diff), `drop` rows leave, then `items` enter. */
interface Splice {
  at: number;
  drop: number;
  items: Entering[];
}

/**
 * The view `list` without the positions in `drop` (ascending) and with the sorted `entering` rows inserted at `at`
 * (each before the row at that position in `list`), as view-merge.ts mergeView() gives it; or null to let
 * mergeView() do it. Its rows are written into `spareRows` when given (never read before it is known the diff is
 * taken here).
 */
export function spliceView(
  list: Ranked & { ords: Float64Array },
  drop: ArrayLike<number>,
  entering: readonly Entering[],
  at: readonly number[],
  spareRows: Connection[] | null = null,
): Ranked | null {
  if (entering.length > MAX_ENTERING) return null;
  // A row leaving at p is written over by the last row entering before it (at p) or else the first entering
  // after it (at p + 1): the merge puts the rows entering at p, then (p dropped) those at p + 1, in that order,
  // so either one in p's place gives the same list, and the others enter around it.
  const writes: { p: number; e: Entering }[] = [];
  const paired = new Uint8Array(entering.length);
  const dropped = new Uint8Array(drop.length);
  let e = 0;
  let leftRuns = 0;
  for (let d = 0; d < drop.length; d++) {
    const p = drop[d] as number;
    while (e < entering.length && (at[e] as number) < p) e++;
    let pick = -1;
    let k = e;
    for (; k < entering.length && at[k] === p; k++) if (paired[k] === 0) pick = k;
    if (pick < 0)
      for (; k < entering.length && at[k] === p + 1; k++)
        if (paired[k] === 0) {
          pick = k;
          break;
        }
    if (pick < 0) {
      // Each run of rows leaving that none is written over takes a splice of its own: a diff scattered over
      // more places than that is left to the merge here, before the rest of the pairing is paid for.
      if (d === 0 || dropped[d - 1] === 1 || (drop[d - 1] as number) !== p - 1) leftRuns++;
      if (leftRuns > MAX_SPLICES) return null;
      continue;
    }
    paired[pick] = 1;
    dropped[d] = 1;
    writes.push({ p, e: entering[pick] as Entering });
  }
  const splices = remainingSplices(drop, dropped, entering, at, paired);
  if (splices === null) return null;
  const length = list.rows.length;
  const rows = reuse(spareRows, list.rows, length);
  cut(rows, copyRun(rows, 0, list.rows, 0, length));
  const { keys, hays } = list;
  const size = length - (drop.length - writes.length) + (entering.length - writes.length);
  // Room for the orders at their longest: an earlier place's rows may enter before a later place's leave.
  const longest = length + entering.length - writes.length;
  let ords = list.ords;
  if ((ords.buffer as ArrayBuffer).byteLength < longest * 8) {
    const grown = new Float64Array(new ArrayBuffer(ordsRoom(longest)), 0, length);
    grown.set(ords);
    ords = grown;
  }
  const allOrds = new Float64Array(ords.buffer as ArrayBuffer, 0, (ords.buffer as ArrayBuffer).byteLength / 8);
  for (const { p, e: w } of writes) {
    rows[p] = w.c;
    if (keys) keys[p] = w.key;
    if (hays) hays[p] = undefined;
    allOrds[p] = w.ord;
  }
  // First place first, each shifted by what the splices before it took and added. WHY not last first (no
  // shifting): rows entering at the end would then come before the oldest rows leave at the start, and grow
  // every array past its length (a new backing store and a copy of 100k slots each, per diff).
  let end = length;
  let shift = 0;
  for (const { at, drop: count, items } of splices) {
    const p = at + shift;
    const inserted = items.length;
    allOrds.copyWithin(p + inserted, p + count, end);
    end += inserted - count;
    shift += inserted - count;
    // Loops, not map/forEach with arrow functions: see byPlace.
    const entered: Connection[] = [];
    const enteredKeys: SortKey[] = [];
    for (let k = 0; k < inserted; k++) {
      const i = items[k] as Entering;
      entered.push(i.c);
      enteredKeys.push(i.key);
      allOrds[p + k] = i.ord;
    }
    spliceIn(rows, p, count, entered);
    if (keys) spliceIn(keys, p, count, enteredKeys);
    if (hays) spliceIn(hays, p, count, new Array<RowText | undefined>(inserted).fill(undefined));
  }
  const firstChange = Math.min(writes[0]?.p ?? size, splices[0]?.at ?? size);
  // The texts before the first change are where they were.
  return makeRanked(
    rows,
    keys,
    new Float64Array(allOrds.buffer as ArrayBuffer, 0, size),
    hays,
    Math.min(list.warmedTo, firstChange),
  );
}

/**
 * Replacements by place. WHY a module-level function, not an arrow function written in the call: V8 keeps a
 * function's optimized code only while some closure of it lives (its feedback vector holds the code weakly), so
 * the code of a closure made afresh per diff is dropped by each major GC and Maglev compiles it again a few diffs
 * later, on the page's 2-core machine beside the diff itself (bench/diff-deopt-probe.mjs, bench/trace-pool.mjs).
 */
const byPlace = (a: Replaced, b: Replaced): number => a.p - b.p;

/**
 * `list.splice(at, count, ...items)` without a spread argument: `items` are at most MAX_ENTERING rows, so the
 * argument list apply() makes stays far below the engine's limit.
 */
function spliceIn<T>(list: T[], at: number, count: number, items: readonly T[]): void {
  Array.prototype.splice.apply(list, ([at, count] as unknown[]).concat(items) as [number, number, ...T[]]);
}

/** The drops and inserts not written in place, grouped into splices in ascending places; null when too many. */
function remainingSplices(
  drop: ArrayLike<number>,
  dropped: Uint8Array,
  entering: readonly Entering[],
  at: readonly number[],
  paired: Uint8Array,
): Splice[] | null {
  const splices: Splice[] = [];
  let d = 0;
  let e = 0;
  for (;;) {
    while (d < drop.length && dropped[d] === 1) d++;
    while (e < entering.length && paired[e] === 1) e++;
    if (d >= drop.length && e >= entering.length) return splices;
    const p = Math.min(
      d < drop.length ? (drop[d] as number) : Infinity,
      e < entering.length ? (at[e] as number) : Infinity,
    );
    if (splices.length === MAX_SPLICES) return null;
    const splice: Splice = { at: p, drop: 0, items: [] };
    // A run of rows leaving from p, then the rows entering where the run ends (before the row after it).
    let next = p;
    while (d < drop.length && dropped[d] === 0 && drop[d] === next) {
      splice.drop++;
      next++;
      d++;
    }
    // Every row entering before a row of the run or the row after it enters where the run was.
    while (e < entering.length && (at[e] as number) <= next) {
      if (paired[e] === 0) splice.items.push(entering[e] as Entering);
      e++;
    }
    splices.push(splice);
  }
}

/**
 * Writes each of `replaced` (rows of the view before the diff, at their place then, in any order) over its row in
 * `view`, the view after the diff made by spliceView or merge from the same `drop` (ascending) and `at` (where
 * the entering rows went, ascending): a row kept moves up by the drops before it and down by the rows entering
 * before it. The row's order is its changed row's, so only the row, its key and its filter text change.
 */
export function writeReplaced(
  view: Ranked,
  replaced: Replaced[],
  drop: ArrayLike<number>,
  at: readonly number[],
): void {
  if (replaced.length === 0) return;
  replaced.sort(byPlace);
  const { rows, keys, hays } = view;
  let d = 0;
  let e = 0;
  for (const r of replaced) {
    while (d < drop.length && (drop[d] as number) < r.p) d++;
    while (e < at.length && (at[e] as number) <= r.p) e++;
    const q = r.p - d + e;
    rows[q] = r.c;
    if (keys) keys[q] = r.key;
    if (hays) hays[q] = undefined;
    if (q < view.warmedTo) view.warmedTo = q;
  }
}
