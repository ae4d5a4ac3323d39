/**
 * The grid's filtered, sorted rows, kept up to date per diff instead of
 * recomputed: at 100k rows a full filter + sort costs 50-100 ms, while a 1%
 * diff touches ~1000 rows. The order is (sort key, then arrival order), which
 * is exactly what a stable sortConnections() of the store's `rows` gives,
 * because `rows` is always in arrival order (store/rows.ts). So a diff only
 * has to drop the rows that left and binary-insert the ones that entered
 * (O(k log n) comparisons, one O(n) copy).
 *
 * WHY the view keeps each row's sort key and arrival order in arrays beside
 * it: a comparison then reads two array slots instead of a WeakMap (the key
 * cache) and a Map (arrival order by id) per row compared. Profiled in
 * Chromium at 100k rows sorted by remote address, those lookups made the
 * view's update ~25 ms of a 1% diff; reading the arrays, a few ms.
 */
import type { ConnectionPredicate } from '../../shared/filter';
import type { RowText, TextFilter } from '../../shared/filter-text';
import type { Connection } from '../../shared/model';
import type { SortKey } from '../../shared/sort-keys';
import { changeFollows, type RowsChange } from '../store/rows';
import { holdsVersion, rowsVersion } from '../store/rows-version';
import {
  adoptTexts,
  carryTexts,
  dropText,
  filterRanked,
  keptTexts,
  makeRanked,
  ordsRoom,
  unknownOrds,
  viewLowerBound,
  warmText,
  type KeptTexts,
  type Ranked,
} from './ranked';
import { keyOrder } from './key-order';
import { sortKeyFor, type ExtraText } from './sort';
import { mergeView, noSpare, type Spare } from './view-merge';
import { spliceView, writeReplaced, type Entering, type Replaced } from './view-splice';

export interface ViewSort {
  column: string;
  desc: boolean;
}

export interface RowsInput {
  rows: Connection[];
  change: RowsChange | null;
  ordOf: (c: Connection) => number;
  /** `ordOf` of every row of `rows`, when known without a lookup per row (store/rows.ts `ords`). */
  ords?: () => Float64Array | null;
}

export interface ViewIndex {
  /** The view of these rows; incremental when `change.base` is the rows of the previous call. */
  sync(input: RowsInput): Connection[];
  /** How many times the view was built from scratch (tests: a diff should never need it). */
  readonly rebuilds: number;
  /**
   * An index of these rows under `narrower`, a predicate that accepts only rows this one does (this one's and
   * more terms, or a longer text), starting from this view filtered in order: no sort, and no look at rows this
   * view has already filtered out. It then follows diffs by itself. Before any sync, it starts empty. `text` is
   * the same filter reading the rows' haystacks, which this view then keeps (ranked.ts filterRanked).
   * `handOver`: this index is dropped once the new one is made, which may then take its arrays.
   */
  narrow(narrower: ConnectionPredicate, text?: TextFilter | null, handOver?: boolean): ViewIndex;
  /**
   * Builds up to `limit` of the filter texts this view keeps (ranked.ts warmText), so that the first key of a
   * filter reads them from an array; false once every row has its text. Worth it only for a view that diffs
   * update (sorted, or filtered): the unsorted, unfiltered view is the store's rows, remade by every diff.
   */
  warmText(limit: number): boolean;
  /** Lets go of the filter texts this view keeps (and the ones it would carry); warmText builds them again. */
  dropText(): void;
  /** The filter texts this view keeps, with its rows (for a view made to replace it: adoptTexts). */
  keptTexts(): KeptTexts | null;
  /** Takes the texts another view kept for the same row objects, for the rows of this view without one. */
  adoptTexts(from: KeptTexts): void;
}

/**
 * The rows array the grid last committed to the screen (filtered-view.ts shown(), from a layout effect), shared by
 * every index of one grid. WHY: sync() runs while React renders, and React may drop a render it has not committed;
 * the view that render got is then not on screen, and the array the index would write the next diff into (the view
 * before it) still is. An index never writes into this one.
 */
export interface Screen {
  rows: Connection[] | null;
}

/** Where an index made by narrow() starts: the view of `rows` (in arrival order `ordOf`) under its predicate. */
interface Seed {
  ranked: Ranked;
  rows: Connection[];
  /** What `rows` held then (store/rows-version.ts). */
  version: number;
  ordOf: (c: Connection) => number;
}

export function createViewIndex(
  predicate: ConnectionPredicate | null,
  sort: ViewSort | null,
  extraText: ExtraText,
  seed: Seed | null = null,
  screen: Screen = { rows: null },
): ViewIndex {
  const keyOf = sort ? sortKeyFor(sort.column, extraText) : null;
  /**
   * WHY a diff's rows are keyed without the per-object cache: the view already holds every row's key, so a
   * cached key would be read once (when the row leaves) at the price of a WeakMap entry per new row object.
   * In Chromium at 100k rows by remote address the cached lookups and inserts were ~2 ms of each diff's
   * ~8 ms update (CPU profile), and the WeakMap only grows until a major GC.
   */
  const diffKeyOf = sort ? sortKeyFor(sort.column, extraText, false) : null;
  const dir: 1 | -1 = sort?.desc ? -1 : 1;
  let lastRows: Connection[] | null = seed?.rows ?? null;
  /**
   * What `lastRows` held when synced (store/rows-version.ts). WHY: the store writes a later state's rows into an
   * array it made three diffs before (store/rows-ring.ts), so the same array is not always the same rows.
   */
  let lastVersion = seed?.version ?? 0;
  let lastOrdOf: ((c: Connection) => number) | null = seed?.ordOf ?? null;
  let ranked: Ranked = seed?.ranked ?? makeRanked([], null, null);
  /**
   * Arrays of earlier views no longer read, written over by the next diff (view-merge.ts Spare): the orders' and
   * keys' of the view before this one (this index's alone), and its rows once the grid no longer renders them.
   * WHY: a fresh orders' buffer per refresh is 0.8 MB outside the JS heap, which counts toward V8's next full GC
   * (reusing it and the keys' array once took the update per diff from ~5.9 to ~3.6 ms in Chromium); fresh rows
   * and keys arrays are 0.4 MB large objects each, promoted to the old generation at the next scavenge.
   */
  let spare: Spare = noSpare();
  /**
   * The rows arrays this index made (merge, splice or a rebuild), which only it and the grid read. WHY: only
   * those may be written over, once the grid renders a later one; a rows array cut to a narrower index
   * (narrow(), where every row is kept) or the store's own (the unsorted view) is never reused.
   */
  const made = new WeakSet<Connection[]>();
  /** The filter texts' array of the view before the last carry, written over by the next one (carryTexts). */
  let spareHays: (RowText | undefined)[] | null = null;
  /**
   * The filter texts of the view before the last diff, carried to the view (`ranked`) when first read: by the
   * idle warm (warmText), a filter cut (narrow) or the next diff.
   * WHY not in the diff: the texts matter only to a filter, while moving them with the view's rows (a slice and
   * a concat of 100k slots, or splices) was ~1.3 of the merge's ~2.7 ms (Node, 100k rows, 500 places); the
   * carry walks both arrays once (carryTexts) after the diff's frame.
   */
  let carry: { old: Connection[]; version: number; hays: (RowText | undefined)[]; left: readonly Connection[] } | null =
    null;
  /** `ranked` with the texts carried to it (none when the old rows were written over since: they are built again). */
  const settled = (): Ranked => {
    if (carry && !holdsVersion(carry.old, carry.version)) carry = null;
    if (carry) {
      ranked.hays = carryTexts(carry.old, carry.hays, ranked.rows, carry.left, spareHays);
      ranked.warmedTo = 0;
      spareHays = carry.hays;
      carry = null;
    }
    return ranked;
  };

  /**
   * compareSortKeys for this direction, written out: a call to the shared one
   * (numbers and strings through one function) measured ~1.8x slower in a 100k-row sort.
   */
  const byKey = (ka: SortKey, kb: SortKey): number => {
    if (ka === kb) return 0;
    if (ka === null) return 1;
    if (kb === null) return -1;
    // An address column keys IPv4 by numbers and the rest by strings, after them (sort-keys.ts).
    if (typeof ka !== typeof kb) return typeof ka === 'number' ? -dir : dir;
    return ka < kb ? -dir : dir;
  };

  /** Same order rule as sortConnections: empty keys last in both directions, ties by arrival. */
  const compare = (ka: SortKey, oa: number, kb: SortKey, ob: number): number => byKey(ka, kb) || oa - ob;
  /** Entering rows in view order; made once per index, not per diff (see byPlace in view-splice.ts). */
  const compareEntering = (a: Entering, b: Entering): number => compare(a.key, a.ord, b.key, b.ord);

  const lowerBound = viewLowerBound(byKey);

  /**
   * The whole view from scratch: filter, then a stable sort on keys computed once per row. `rowOrds` (each
   * row's arrival order, when the store has them: rows.ts `ords`) fill the view's orders, so that its diffs
   * look none up by id.
   */
  let rebuilds = 0;
  const full = (rows: Connection[], rowOrds: Float64Array | null): Ranked => {
    rebuilds++;
    spare = noSpare();
    spareHays = null;
    carry = null;
    const known = rowOrds !== null && rowOrds.length === rows.length;
    // The position in `rows` of each filtered row, for its order.
    let at: Int32Array | null = null;
    let filtered = rows;
    if (predicate && known) {
      at = new Int32Array(rows.length);
      let count = 0;
      for (let i = 0; i < rows.length; i++) if (predicate(rows[i] as Connection)) at[count++] = i;
      filtered = new Array<Connection>(count);
      for (let n = 0; n < count; n++) filtered[n] = rows[at[n] as number] as Connection;
    } else if (predicate) filtered = rows.filter(predicate);
    /** The orders of the view's rows, `order` giving each one's index in `filtered` (or none: the same). */
    const ordsIn = (order: Int32Array | null): Float64Array | null => {
      if (!known) return null;
      const size = filtered.length;
      const ords = new Float64Array(new ArrayBuffer(ordsRoom(size)), 0, size);
      // Written out per case: one indirection fewer per row in the common ones (no filter).
      if (order && at) for (let n = 0; n < size; n++) ords[n] = rowOrds[at[order[n] as number] as number] as number;
      else if (order) for (let n = 0; n < size; n++) ords[n] = rowOrds[order[n] as number] as number;
      else if (at) for (let n = 0; n < size; n++) ords[n] = rowOrds[at[n] as number] as number;
      else ords.set(rowOrds);
      return ords;
    };
    if (!keyOf) return makeRanked(filtered, null, ordsIn(null));
    const keys = filtered.map(keyOf);
    const order = keyOrder(keys, dir === -1);
    const sortedRows = new Array<Connection>(order.length);
    const sortedKeys = new Array<SortKey>(order.length);
    for (let n = 0; n < order.length; n++) {
      const i = order[n] as number;
      sortedRows[n] = filtered[i] as Connection;
      sortedKeys[n] = keys[i] ?? null;
    }
    return makeRanked(sortedRows, sortedKeys, ordsIn(order));
  };

  return {
    sync(input) {
      const version = rowsVersion(input.rows);
      if (input.rows === lastRows && version === lastVersion) return ranked.rows;
      // WHY: with no filter and no sort the view is `rows` itself (arrival
      // order), so the O(n) drop-and-merge below would only rebuild the same
      // array: ~6 ms per 1% diff at 100k rows, for nothing.
      if (!predicate && !sort) {
        ranked = makeRanked(input.rows, null, null);
      } else {
        const { change } = input;
        const incremental = lastOrdOf !== null && changeFollows(change, lastRows, lastVersion);
        ranked =
          (incremental && update(settled(), change, lastOrdOf as (c: Connection) => number, input.ordOf)) ||
          full(input.rows, input.ords?.() ?? null);
        if (ranked.rows !== input.rows) made.add(ranked.rows);
      }
      lastRows = input.rows;
      lastVersion = version;
      lastOrdOf = input.ordOf;
      return ranked.rows;
    },
    get rebuilds() {
      return rebuilds;
    },
    warmText: (limit) => warmText(settled(), limit),
    dropText() {
      carry = null;
      spareHays = null;
      dropText(ranked);
    },
    keptTexts: () => keptTexts(settled()),
    adoptTexts: (from) => adoptTexts(settled(), from),
    narrow(narrower, text = null, handOver = false) {
      const from =
        lastRows === null || lastOrdOf === null ? null : { rows: lastRows, version: lastVersion, ordOf: lastOrdOf };
      const seed = from && { ...from, ranked: filterRanked(settled(), narrower, text, handOver) };
      // A cut that kept every row shares this view's rows: the other index reads them, so they are never reused.
      if (seed?.ranked.rows === ranked.rows) made.delete(ranked.rows);
      return createViewIndex(narrower, sort, extraText, seed, screen);
    },
  };

  /**
   * The view after one diff, or null when a row that left is not where the
   * order says (the caller then rebuilds it: the safe answer).
   *
   * Rows already in the view are ranked by the previous arrival order (by which
   * it is sorted) and entering ones by the new one. Rows kept rank the same in
   * both, so the place found among them is the one the new order gives (rows
   * that left are skipped whatever their place).
   */
  function update(
    view: Ranked,
    change: RowsChange,
    prevOrdOf: (c: Connection) => number,
    ordOf: (c: Connection) => number,
  ): Ranked | null {
    // A kept row's arrival order is the same in the previous state and this one, so orders looked up with the
    // previous one stay right in later views (merge copies them along).
    // Without its texts: they are carried to the next view after this diff (`carry`).
    const current = makeRanked(view.rows, view.keys, view.ords ?? unknownOrds(view.rows.length)) as Ranked & {
      ords: Float64Array;
    };
    // No closures made per diff here (a keyFor, a forEach or sort callback): see byPlace in view-splice.ts.
    // The orders the store hands over (rows.ts knows them), else looked up by id.
    const { enteredOrds, leftOrds } = change;
    // The rows the diff changed are the last `changed` of `left` and, in the same order, the first of `entered`
    // (rows.ts), with the same arrival order. WHY paired: one whose sort key did not change either keeps its
    // place, so it is found once and written over there, instead of being dropped, searched for again and
    // sorted in (a third of a 1% diff's rows; in the process view the searches were ~40% of the view's update in
    // a Chromium profile).
    const pairs = change.changed ?? 0;
    const firstPair = change.left.length - pairs;
    const paired = new Uint8Array(pairs);
    const replaced: Replaced[] = [];
    const dropped: number[] = [];
    for (let i = 0; i < change.left.length; i++) {
      const c = change.left[i] as Connection;
      const key = diffKeyOf ? diffKeyOf(c) : null;
      const p = lowerBound(current, prevOrdOf, key, leftOrds ? (leftOrds[i] as number) : prevOrdOf(c));
      if (current.rows[p] !== c) {
        if (!predicate || predicate(c)) return null;
        continue;
      }
      const pair = i - firstPair;
      if (pair >= 0) {
        const next = change.entered[pair] as Connection;
        const nextKey = diffKeyOf ? diffKeyOf(next) : null;
        if (byKey(nextKey, key) === 0 && (!predicate || predicate(next))) {
          replaced.push({ p, c: next, key: nextKey });
          paired[pair] = 1;
          continue;
        }
      }
      dropped.push(p);
    }
    const entering: Entering[] = [];
    for (let i = 0; i < change.entered.length; i++) {
      const c = change.entered[i] as Connection;
      if ((i < pairs && paired[i] === 1) || (predicate && !predicate(c))) continue;
      const key = diffKeyOf ? diffKeyOf(c) : null;
      entering.push({ c, key, ord: enteredOrds ? (enteredOrds[i] as number) : ordOf(c) });
    }
    entering.sort(compareEntering);
    // A numeric sort of a typed array: no comparator called per comparison.
    const drop = Int32Array.from(dropped).sort();
    // Where each entering row goes: before the first row that sorts after it.
    const at: number[] = [];
    let lo = 0;
    for (const e of entering) {
      lo = lowerBound(current, prevOrdOf, e.key, e.ord, lo);
      at.push(lo);
    }
    // In place where the diff touches the view in few places (view-splice.ts), else in one pass; the rows into
    // those of the view before this one, which the grid rendered until this view's (now the previous) was shown,
    // unless the grid still shows them (a render with this view's was dropped: see Screen).
    if (spare.rows !== null && spare.rows === screen.rows) spare.rows = null;
    let next = spliceView(current, drop, entering, at, spare.rows);
    if (!next) {
      const merged = mergeView(current, drop, entering, at, spare);
      next = merged.view;
      spare = merged.spare;
    }
    // The rows shown until now are reused by the next diff, once the grid renders this view's instead.
    spare.rows = made.has(view.rows) ? view.rows : null;
    writeReplaced(next, replaced, drop, at);
    if (view.hays) carry = { old: view.rows, version: rowsVersion(view.rows), hays: view.hays, left: change.left };
    return next;
  }
}
