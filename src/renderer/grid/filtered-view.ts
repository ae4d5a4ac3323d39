/**
 * The grid's view under a filter that changes with every key typed, with no
 * sort and no pass over every row per key where it can be avoided.
 *
 * WHY two indexes: a new filter used to mean a new view index, built from
 * scratch: the predicate over 100k rows, then a sort of the matches, 31-55 ms
 * per key in Node (more in Chromium), one long task the typed character's
 * frame waited behind. Here the sorted view without the text filter (the
 * base: the sort and the TIME_WAIT switch only) stays alive across filter
 * changes, kept up to date per diff like any view, and a filter's view is cut
 * from it in order (view-index.ts narrow(): a subsequence of a sorted list is
 * sorted). A key that can only narrow the filter (shared/filter-narrow.ts)
 * cuts from the previous key's view instead, which holds fewer rows.
 *
 * The unsorted view of every row is the store's own array, remade by every
 * diff, so its filter texts are kept here instead (`plain`), carried from one
 * array to the next by row identity (carryTexts): without them, the first key
 * typed into that view (the one the app opens with) looked up 100k texts in a
 * WeakMap, ~50 ms in Node.
 *
 * Every view equals filtering the store's rows and stably sorting them from
 * scratch (filtered-view.test.ts checks it over random diffs and edits).
 */
import { parseFilter, type ConnectionPredicate, type FilterTerm } from '../../shared/filter';
import { termsNarrow } from '../../shared/filter-narrow';
import { compileTextFilter, type RowText, type TextFilter } from '../../shared/filter-text';
import { viewPredicate } from '../../shared/wire-head';
import type { Connection } from '../../shared/model';
import { changeFollows, type RowsChange } from '../store/rows';
import { holdsVersion, rowsVersion, showRows } from '../store/rows-version';
import {
  adoptTexts,
  carryTexts,
  dropText,
  filterRanked,
  keptTexts,
  makeRanked,
  warmText,
  type KeptTexts,
  type Ranked,
} from './ranked';
import type { ExtraText } from './sort';
import { createViewIndex, type RowsInput, type Screen, type ViewIndex, type ViewSort } from './view-index';

export interface FilteredViews {
  /** The view of these rows under this filter text (shared/filter.ts language); the same array for the same rows and text. */
  sync(input: RowsInput, filter: string): Connection[];
  /**
   * Builds up to `limit` of the kept sorted view's filter texts, while the page is idle, so that the first key of
   * a filter reads them from an array (ranked.ts); false when there is nothing (more) to build.
   */
  warmText(limit: number): boolean;
  /**
   * Lets go of every filter text the views keep, so that they and their carrying per diff cost nothing while no
   * filter is likely to be typed (warm-filter-text.ts); warmText builds them again.
   */
  dropText(): void;
  readonly keepsText: boolean;
  /**
   * Whether sync() with this filter is quick: the same view, a cut of the previous filter's rows (the filter
   * narrows), or a cut of the sorted view whose texts are all built. The grid then renders a typed key at once
   * rather than deferred (useViewRows.ts), saving the deferred render's extra frame.
   */
  quick(filter: string): boolean;
  /** Views built from scratch, a sort included, by every index so far (tests: a filter edit never needs one). */
  readonly rebuilds: number;
  /**
   * The grid committed these rows to the screen: no later diff writes into them while it shows them, neither the
   * views (Screen) nor the store, whose own rows array is the view when nothing filters or sorts (rows-ring.ts).
   */
  shown(rows: Connection[]): void;
  /** The filter texts the views keep of their rows (see adoptTexts). */
  keptTexts(): KeptTexts | null;
  /**
   * Takes the filter texts `from` (the views this one replaces: another sort or TIME_WAIT switch) keeps, for the
   * same row objects, at the next sync. WHY: a header click with a filter set otherwise built 100k texts again
   * before the sorted rows could be cut (ranked.ts adoptTexts).
   */
  adoptTexts(from: FilteredViews): void;
}

/** The predicate of a view (wire-head.ts viewPredicate: the grid's and the server's head's); tests count its calls. */
export type CompileView = (filter: string, hideTimeWait: boolean) => ConnectionPredicate | null;

export function createFilteredViews(
  sort: ViewSort | null,
  hideTimeWait: boolean,
  extraText: ExtraText,
  compile: CompileView = viewPredicate,
  compileText: (filter: string) => TextFilter | null = compileTextFilter,
): FilteredViews {
  const screen: Screen = { rows: null };
  const base = createViewIndex(compile('', hideTimeWait), sort, extraText, null, screen);
  const keepsText = true;
  /** The unsorted view of every row (the store's rows) with its texts, when `base` is that view. */
  const plainBase = sort === null && !hideTimeWait;
  let plain: Ranked = makeRanked([], null, null);
  /**
   * What `plain.rows` held when synced (store/rows-version.ts): the store writes a later state's rows into an array
   * it made three diffs before (store/rows-ring.ts), so the same array is not always the same rows.
   */
  let plainVersion = 0;
  /**
   * The texts of the rows before the last diff, carried to `plain` when first needed (a key, or the idle warm).
   * WHY not in sync(): carrying walks every row (~1.4 ms at 100k in Node), which the diff's frame need not wait for.
   */
  let carry: { old: Connection[]; version: number; hays: (RowText | undefined)[]; change: RowsChange } | null = null;
  /**
   * The texts' array of the rows before the last carry, no longer read: the next carry writes into it (WHY: a new
   * one per diff is a 0.4 MB large object at 100k rows, promoted at the next scavenge; view-merge.ts Spare).
   */
  let spareHays: (RowText | undefined)[] | null = null;
  const settled = (): Ranked => {
    // Rows written over since they were synced (no render for three diffs): their texts no longer fit them.
    if (!holdsVersion(plain.rows, plainVersion)) {
      plain = makeRanked(plain.rows, null, null);
      plainVersion = rowsVersion(plain.rows);
      carry = null;
    }
    if (carry && holdsVersion(carry.old, carry.version)) {
      plain.hays = carryTexts(carry.old, carry.hays, plain.rows, carry.change.left, spareHays);
      spareHays = carry.hays;
    }
    carry = null;
    return plain;
  };
  const syncPlain = (rows: Connection[], change: RowsChange | null): void => {
    const version = rowsVersion(rows);
    if (!plainBase || (plain.rows === rows && plainVersion === version)) return;
    const before = settled();
    const beforeVersion = plainVersion;
    plain = makeRanked(rows, null, null);
    plainVersion = version;
    if (before.hays && changeFollows(change, before.rows, beforeVersion))
      carry = { old: before.rows, version: beforeVersion, hays: before.hays, change };
  };
  /** Texts of the views this one replaced, taken at the next sync (adoptTexts). */
  let adopted: KeptTexts | null = null;
  /**
   * The index of the last filter with any term, synced with `base` on every call while it is the one shown;
   * `texts`: whether it was cut from a view whose rows all had their filter texts (not whether a diff's rows have).
   */
  let current: { filter: string; terms: FilterTerm[]; index: ViewIndex; texts: boolean } | null = null;
  /** Rebuilds of indexes no longer in use. */
  let retiredRebuilds = 0;

  /** Whether every row of the sorted view has its filter text (warmText(0) builds nothing: it says if any is missing). */
  const baseTexts = (): boolean => !(plainBase ? warmText(settled(), 0) : base.warmText(0));

  const retire = (): void => {
    if (current) retiredRebuilds += current.index.rebuilds;
    current = null;
  };

  return {
    sync(input, filter) {
      const unfiltered = base.sync(input);
      syncPlain(unfiltered, input.change);
      if (adopted) {
        if (plainBase) adoptTexts(settled(), adopted);
        else base.adoptTexts(adopted);
        adopted = null;
      }
      if (current?.filter === filter) return current.index.sync(input);
      const terms = parseFilter(filter);
      if (terms.length === 0) {
        // An index not synced from now on would be stale by the next key: never narrow from it.
        retire();
        return unfiltered;
      }
      const narrows = current !== null && termsNarrow(current.terms, terms);
      if (current && narrows && termsNarrow(terms, current.terms)) {
        // The same terms (a space typed after the last one): the same view.
        current = { ...current, filter };
        return current.index.sync(input);
      }
      // The previous filter's view is brought up to this input first (a diff may have come with the key).
      // WHY not from a previous filter's view cut before the texts were built, once they are: its rows have none
      // (a key typed at once after the click into the box is answered from the rows' cells, building no text:
      // filter-text.ts ownCellsTest), so each later key would read every row's cells again (~40 ms at 100k rows in
      // Node) where a cut of the sorted view reads the texts the warm has built since (~6 ms).
      const texts = baseTexts();
      const from = current && narrows && (current.texts || !texts) ? current.index : base;
      if (from !== base) from.sync(input);
      // The cut reads the haystacks the view keeps; the predicate also hides TIME_WAIT, for the rows diffs bring.
      // The previous filter's index is dropped right after (retire), so its arrays can be handed over.
      const predicate = compile(filter, hideTimeWait) as ConnectionPredicate;
      const index =
        from === base && plainBase
          ? createViewIndex(
              predicate,
              null,
              extraText,
              {
                ranked: filterRanked(settled(), predicate, compileText(filter)),
                rows: input.rows,
                version: rowsVersion(input.rows),
                ordOf: input.ordOf,
              },
              screen,
            )
          : from.narrow(predicate, compileText(filter), from !== base);
      const cutTexts = from === base ? texts : (current as { texts: boolean }).texts;
      retire();
      current = { filter, terms, index, texts: cutTexts };
      return index.sync(input);
    },
    keepsText,
    warmText: (limit) => (plainBase ? warmText(settled(), limit) : base.warmText(limit)),
    dropText() {
      carry = null;
      spareHays = null;
      adopted = null;
      dropText(plain);
      base.dropText();
      if (current) {
        current.index.dropText();
        current = { ...current, texts: false };
      }
    },
    quick(filter) {
      if (current?.filter === filter) return true;
      const terms = parseFilter(filter);
      if (terms.length === 0 || (current && termsNarrow(current.terms, terms))) return true;
      // warmText(0) builds nothing: it says whether any text is still missing.
      return !(plainBase ? warmText(settled(), 0) : base.warmText(0));
    },
    get rebuilds() {
      return base.rebuilds + retiredRebuilds + (current?.index.rebuilds ?? 0);
    },
    shown(rows) {
      screen.rows = rows;
      // WHY here, not beside this call: the two must go together, and a caller that made only this one (the
      // views' property test) left the store free to write into the rows on screen.
      showRows(rows);
    },
    keptTexts: () => (plainBase ? keptTexts(settled()) : base.keptTexts()),
    adoptTexts(from) {
      adopted = from.keptTexts();
    },
  };
}
