/**
 * A view's rows in view order with what the view index compares them by
 * (view-index.ts), and the view of a narrower filter cut from it in order.
 */
import type { ConnectionPredicate } from '../../shared/filter';
import { rowText, type RowText, type TextFilter } from '../../shared/filter-text';
import type { Connection } from '../../shared/model';
import type { SortKey } from '../../shared/sort-keys';

/** Rows in view order with their keys (null for every row when unsorted) and arrival orders. */
export interface Ranked {
  rows: Connection[];
  keys: SortKey[] | null;
  /**
   * Given by the store when a view is built from scratch (rows.ts ords()), else looked up as binary searches
   * need them (NaN until then): ties follow `rows`' own order there, and a diff reads a few hundred, not 100k.
   */
  ords: Float64Array | null;
  /**
   * Each row's filter text (shared/filter-text.ts rowText), kept once a filter has been cut from this view
   * (undefined until read: a diff's rows get theirs when a filter next reads them). WHY: a filter pass then reads
   * them from an array instead of a WeakMap per row, about 3x less work over 100k rows (filter-text.ts).
   */
  hays: (RowText | undefined)[] | null;
  /** Rows before this index all have their text in `hays` (warmText's place). */
  warmedTo: number;
}

/**
 * A view's arrays in one object of one shape. WHY every view is made here: the diff path (view-index.ts update,
 * merge, lowerBound; view-splice.ts) reads these objects every diff, and objects made with the fields in
 * different orders, some missing or added later (hays, warmedTo), or warmedTo undefined in one and a number in
 * another, have different hidden classes. Chromium's --trace-deopt showed that code deoptimised again and again
 * ("wrong map", "dependent field type changed") in the first diffs after a sort, so they ran in the interpreter.
 */
export function makeRanked(
  rows: Connection[],
  keys: SortKey[] | null,
  ords: Float64Array | null,
  hays: (RowText | undefined)[] | null = null,
  warmedTo = 0,
): Ranked {
  return { rows, keys, ords, hays, warmedTo };
}

/** Builds up to `limit` missing filter texts of the view (making its `hays`); false once every row has one. */
export function warmText(view: Ranked, limit: number): boolean {
  const { rows } = view;
  const length = rows.length;
  if (!view.hays) view.hays = new Array<RowText | undefined>(length);
  const hays = view.hays;
  let i = view.warmedTo;
  for (let built = 0; i < length && built < limit; i++) {
    if (hays[i] === undefined) {
      hays[i] = rowText(rows[i] as Connection);
      built++;
    }
  }
  view.warmedTo = i;
  return i < length;
}

/** A view's rows and the filter texts it keeps beside them (undefined where a row has none yet). */
export interface KeptTexts {
  rows: readonly Connection[];
  hays: readonly (RowText | undefined)[];
}

/** The texts `view` keeps, or null when it keeps none. */
export function keptTexts(view: Ranked): KeptTexts | null {
  return view.hays ? { rows: view.rows, hays: view.hays } : null;
}

/**
 * Gives the rows of `view` that have no text yet the text `from` keeps for the same row object. WHY: a sort or
 * TIME_WAIT switch makes new views, whose rows are the same objects in another order; building their texts again
 * was most of a header click with a free-text filter set (a profile of click-ab FILTER=worker-1: ~120 ms of
 * building texts and their garbage, where the sort itself took ~40). A text belongs to its row
 * object alone, so one found by identity is the row's (a diff's changed row is a new object: none is found).
 */
export function adoptTexts(view: Ranked, from: KeptTexts): void {
  const byRow = new Map<Connection, RowText>();
  for (let i = 0; i < from.rows.length; i++) {
    const text = from.hays[i];
    if (text !== undefined) byRow.set(from.rows[i] as Connection, text);
  }
  if (byRow.size === 0) return;
  const { rows } = view;
  const hays = view.hays ?? new Array<RowText | undefined>(rows.length);
  let warmedTo = -1;
  for (let i = 0; i < rows.length; i++) {
    let text = hays[i];
    if (text === undefined) text = hays[i] = byRow.get(rows[i] as Connection);
    if (warmedTo < 0 && text === undefined) warmedTo = i;
  }
  view.hays = hays;
  // warmText walks on from the first row whose text is missing.
  view.warmedTo = warmedTo < 0 ? rows.length : warmedTo;
}

/** Lets go of the view's filter texts (no filter is likely to be typed: warm-filter-text.ts); warmText builds them anew. */
export function dropText(view: Ranked): void {
  view.hays = null;
  view.warmedTo = 0;
}

/** Arrival orders not looked up yet (NaN): a binary search fills the few it reads, when keys tie. */
export function unknownOrds(length: number): Float64Array {
  return new Float64Array(new ArrayBuffer(ordsRoom(length)), 0, length).fill(NaN);
}

/**
 * Bytes for the orders of a view of this size, with room to grow: the buffer is reused by the view two diffs
 * later (see `spare` in view-index.ts), and one made exactly to size would have to be made again as soon as the
 * view grows a row.
 */
export function ordsRoom(size: number): number {
  return Math.ceil(size * 1.05 + 64) * 8;
}

/**
 * filterRanked's scratch. WHY kept: a fresh Int32Array per filter key (400 KB at 100k rows) is memory outside the
 * JS heap, which counts toward what makes V8 start a full GC; a Chromium profile of typing showed a ~140 ms one
 * among the keys (not measured apart from this change).
 */
let scratch = new Int32Array(0);

/**
 * The rows of `view` that `keep` accepts, in the same order, with their keys and orders: the view of a filter
 * that implies the view's own, with no sort (a subsequence of a sorted list is sorted, ties included). `text`,
 * when given, is used instead of `keep`: the same filter reading the haystacks kept in `view.hays` (it may leave
 * out what every row of the view already passes, such as the TIME_WAIT switch).
 *
 * WHY the keys and orders are always copied while the rows are shared when every row is kept: a view index
 * writes a later diff's keys and orders over the arrays of earlier views (its `spare`), so two indexes must never
 * hold the same ones; a rows array shared here is never written again (view-index.ts narrow() takes it off the
 * rows its index may reuse, and the store's own rows are never reused). Sharing it also
 * tells the grid that nothing changed (the same array), as when a key narrows a filter every row still matches.
 * With `handOver` (the caller drops the index that holds `view`), a cut that keeps every row takes the arrays
 * themselves: typing into a filter that still matches every row then copies nothing.
 */
export function filterRanked(
  view: Ranked,
  keep: ConnectionPredicate,
  text: TextFilter | null = null,
  handOver = false,
): Ranked {
  const { rows, keys, ords } = view;
  const length = rows.length;
  // Positions of the kept rows, in a scratch array reused by every call (read only within it).
  if (scratch.length < length) scratch = new Int32Array(Math.ceil(length * 1.25));
  const at = scratch;
  let count = 0;
  const hays = view.hays;
  if (text?.readsText) {
    const { test } = text;
    // A row whose text is not built yet (a key typed before the warm was done) is tested on its cells, building
    // nothing: the warm builds its text (filter-text.ts ownCellsTest says why).
    if (hays) {
      for (let i = 0; i < length; i++) if (test(rows[i] as Connection, hays[i])) at[count++] = i;
    } else {
      for (let i = 0; i < length; i++) if (test(rows[i] as Connection, undefined)) at[count++] = i;
    }
  } else if (text) {
    const { test } = text;
    for (let i = 0; i < length; i++) if (test(rows[i] as Connection, '')) at[count++] = i;
  } else {
    for (let i = 0; i < length; i++) if (keep(rows[i] as Connection)) at[count++] = i;
  }
  const all = count === length;
  if (all && handOver) return makeRanked(rows, keys, ords, hays, view.warmedTo);
  const outRows = all ? rows : new Array<Connection>(count);
  const outKeys = keys ? (all ? keys.slice() : new Array<SortKey>(count)) : null;
  const outOrds = ords ? new Float64Array(new ArrayBuffer(ordsRoom(count)), 0, count) : null;
  const outHays = hays ? (all ? hays.slice() : new Array<RowText | undefined>(count)) : null;
  if (all) outOrds?.set(ords as Float64Array);
  else {
    for (let n = 0; n < count; n++) {
      const i = at[n] as number;
      outRows[n] = rows[i] as Connection;
      if (outKeys) outKeys[n] = (keys as SortKey[])[i] as SortKey;
      if (outOrds) outOrds[n] = (ords as Float64Array)[i] as number;
      if (outHays) outHays[n] = (hays as (RowText | undefined)[])[i];
    }
  }
  return makeRanked(outRows, outKeys, outOrds, outHays);
}

/**
 * The binary search of a view index (view-index.ts) for this key order (`byKey`, the sort's direction applied):
 * the first index of a view whose row sorts after (key, ord), or is that row; rows of equal keys are ranked by
 * arrival order, looked up through `viewOrdOf` where the view's `ords` have none yet (and kept there).
 */
export function viewLowerBound(
  byKey: (a: SortKey, b: SortKey) => number,
): (
  view: Ranked & { ords: Float64Array },
  viewOrdOf: (c: Connection) => number,
  key: SortKey,
  ord: number,
  from?: number,
) => number {
  /** The row's arrival order at `i`, looked up (and kept) on first read. */
  const ordAt = (view: Ranked & { ords: Float64Array }, viewOrdOf: (c: Connection) => number, i: number): number => {
    let ord = view.ords[i] as number;
    if (Number.isNaN(ord)) view.ords[i] = ord = viewOrdOf(view.rows[i] as Connection);
    return ord;
  };

  /**
   * The first index of the view whose row sorts after (key, ord), or is that row.
   *
   * WHY the end of the key's run is found first (a binary search on keys alone), then its last row's order read:
   * rows with one key are in arrival order, and a new connection arrives after every row in the view, so its
   * place is the run's end, found with one order read instead of a binary search over orders (~log2(run) of
   * them, each a lookup by id the first time). Sorted by process name at 100k rows, where a process owns
   * thousands of rows, those lookups were most of a diff's update (CPU profile, Chromium). The same goes for a
   * row closing (it moves to the closed tail) and for most rows that leave (the oldest of their key close).
   */
  const lowerBound = (
    view: Ranked & { ords: Float64Array },
    viewOrdOf: (c: Connection) => number,
    key: SortKey,
    ord: number,
    from = 0,
  ): number => {
    const { keys } = view;
    let lo = from;
    let end = view.ords.length;
    if (keys) {
      let hi = end;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byKey(keys[mid] ?? null, key) <= 0) lo = mid + 1;
        else hi = mid;
      }
      end = lo;
      lo = from;
      if (end === from || byKey(keys[end - 1] ?? null, key) !== 0) return end;
    } else if (end === from) return end;
    const last = ordAt(view, viewOrdOf, end - 1);
    if (last < ord) return end;
    if (last === ord) return end - 1;
    // Among the run: (key, order) against each row, the key first (the run's start is not known).
    let hi = end - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      let order = keys ? byKey(keys[mid] ?? null, key) : 0;
      if (order === 0) order = ordAt(view, viewOrdOf, mid) - ord;
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return lowerBound;
}

/**
 * The texts of `old` (the previous rows of a view, `hays` beside them) for `rows`, that view after a diff whose
 * rows that left are among `left`: each row that stayed takes its text, by identity, and the rest (entered,
 * changed, or moved) none yet. WHY a walk in step: the rows that stayed are in the same order in both arrays (the
 * store keeps rows in arrival order; a sorted view orders them by key and arrival order, which a row keeps while
 * it stays), and the old rows passed over are the ones that left. A text is only ever copied for its own row
 * object. Written into `into` when given (the texts' array of an earlier view, no longer read; not `hays`): WHY, a
 * new array per diff is 0.4 MB at 100k rows, a large object that the next scavenge promotes to the old generation
 * (view-merge.ts Spare).
 */
export function carryTexts(
  old: readonly Connection[],
  hays: readonly (RowText | undefined)[],
  rows: readonly Connection[],
  left: readonly Connection[],
  into: (RowText | undefined)[] | null = null,
): (RowText | undefined)[] {
  const leftSet = new Set(left);
  const out = into !== null && into !== hays ? into : new Array<RowText | undefined>(rows.length);
  let i = 0;
  for (let j = 0; j < rows.length; j++) {
    const c = rows[j];
    while (i < old.length && old[i] !== c && leftSet.has(old[i] as Connection)) i++;
    out[j] = i < old.length && old[i] === c ? hays[i++] : undefined;
  }
  if (out.length > rows.length) out.length = rows.length;
  return out;
}
