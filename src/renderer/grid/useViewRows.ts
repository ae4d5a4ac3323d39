/**
 * The rows the grid shows: the store's rows, filtered, then sorted, kept by a
 * ViewIndex that applies each diff to the previous view (view-index.ts)
 * instead of filtering and sorting 100k rows per refresh. A new sorted index
 * is made only when the sort or the TIME_WAIT switch changes (or host names
 * arrive while sorting by them); a filter edit cuts its view from the one kept
 * (filtered-view.ts), so scrolling and unrelated renders cost nothing. The filter text is
 * deferred so typing stays responsive with 100k rows, until Enter commits it.
 *
 * Before the first snapshot, the server's first screenful of it (the head,
 * shared/wire-head.ts) is shown while the view is the one it was cut for;
 * with another filter or sort the grid waits for the whole snapshot rather
 * than show rows that are not that view's first. While the head is shown, the
 * view's count is the whole view's (the head says how many rows it holds):
 * the grid is as tall as it will be, the rows not yet in shown as loading.
 *
 * A render cuts the view when what it is cut by changes (sort, filter, switch, the head); the diffs after it reach
 * the grid and the status bar through the returned LiveView, which applies each to the same cut without a render
 * (live-view.ts says why).
 */
import { useDeferredValue, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { sameView, viewPredicate } from '../../shared/wire-head';
import { useNetScope, useNetScopeStore } from '../store';
import { extraText, type HostNames } from './columns';
import { createFilteredViews, type FilteredViews } from './filtered-view';
import { useFilterBoxIntent } from './filter-focus';
import { LiveView, viewRowsOf, type ViewCut, type ViewRows, type ViewSource } from './live-view';
import { useWarmFilterText } from './warm-filter-text';

export type { ViewRows } from './live-view';

const NO_NAMES: HostNames = new Map();

/** The view a render cut, and the LiveView that keeps it up to date per diff after it (live-view.ts). */
export interface ViewRowsResult {
  /** This render's view (what it commits to `live`): the grid tells by it whether the commit is to come. */
  view: ViewRows;
  live: LiveView;
}

export function useViewRows(): ViewRowsResult {
  const store = useNetScopeStore();
  // A diff renders nothing here (live-view.ts): the view's emptiness changing does.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [live] = useState(() => new LiveView(rerender));
  // The store's rows as of this render, read, not subscribed to: diffs reach the screen through `live`.
  const state = store.getState();
  const source: ViewSource = {
    rows: state.rows,
    change: state.change,
    ordOf: state.ordOf,
    ords: state.ords,
    closed: state.closed,
    snapshot: state.snapshot,
  };
  const applied = useNetScope((s) => s.appliedFilter);
  const committed = useNetScope((s) => s.committedFilter);
  const deferred = useDeferredValue(applied);
  const hideTimeWait = useNetScope((s) => s.prefs.hideTimeWait);
  const sort = useNetScope((s) => s.prefs.sort);
  const head = useNetScope((s) => (s.snapshot === null ? s.head : null));
  // Only a sort by host name depends on names arriving.
  const hostNames = useNetScope((s) => (sort?.column === 'fqdn' ? s.hostNames : NO_NAMES));
  // Kept across filter edits: a key filters the sorted view it keeps, with no sort (filtered-view.ts).
  // The views replaced by a sort or switch hand their rows' filter texts on (filtered-view.ts adoptTexts).
  const replaced = useRef<FilteredViews | null>(null);
  const views = useMemo(() => {
    const next = createFilteredViews(sort, hideTimeWait, (columnId, c) => extraText(columnId, c, hostNames));
    // WHY a ref read in render: the new views' first sync runs in this render, so the texts must be handed on
    // before it; what is read is a cache of texts by row object, nothing the render shows depends on.
    // eslint-disable-next-line react-hooks/refs
    if (replaced.current) next.adoptTexts(replaced.current);
    return next;
  }, [sort, hideTimeWait, hostNames]);
  useLayoutEffect(() => {
    replaced.current = views;
  }, [views]);
  // A typed key is deferred when its view may take a pass over every row (responsive at 100k rows), else shown
  // at once, as is a filter committed with Enter (prefs-slice.ts).
  const filter = committed === applied || views.quick(applied) ? applied : deferred;

  // The same predicate the server builds for a head.
  const predicate = useMemo(() => viewPredicate(filter, hideTimeWait), [filter, hideTimeWait]);
  const cut: ViewCut = useMemo(() => ({ views, filter, predicate }), [views, filter, predicate]);
  // sync() is idempotent for the same rows and filter, so a repeated render (StrictMode) gets the same array.
  const synced = useMemo(
    () => viewRowsOf(source, cut),
    // The source's fields, not the object made per render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cut, source.rows, source.change, source.closed, source.snapshot],
  );
  const headShown = head !== null && source.rows.length === 0 && sameView(head.view, { sort, filter, hideTimeWait });
  const view: ViewRows = useMemo(
    () =>
      headShown && head
        ? { rows: head.rows, openCount: head.matched, count: Math.max(head.matched, head.rows.length) }
        : synced,
    [headShown, head, synced],
  );
  // Committed: later diffs are applied with this cut (live-view.ts), and may write into older views' arrays and the
  // store into its older rows arrays, never into the one on screen (view-index.ts Screen, store/rows-ring.ts).
  useLayoutEffect(() => {
    live.commit(view, cut, headShown ? null : source, store.getState());
  });
  useLayoutEffect(() => store.subscribe((s) => live.storeChanged(s)), [store, live]);
  // A filter may be typed: the box has the focus or the pointer over it, or a filter is set (it may be edited, or
  // set from a menu).
  const intent = useFilterBoxIntent();
  const filterSet = useNetScope((s) => s.prefs.filter !== '' || s.appliedFilter !== '');
  useWarmFilterText(views, intent || filterSet);
  return useMemo(() => ({ view, live }), [view, live]);
}
