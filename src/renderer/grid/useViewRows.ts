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
 */
import { useDeferredValue, useLayoutEffect, useMemo, useRef } from 'react';
import { sameView, viewPredicate } from '../../shared/wire-head';
import type { Connection } from '../../shared/model';
import { useNetScope } from '../store';
import { extraText, type HostNames } from './columns';
import { createFilteredViews, type FilteredViews } from './filtered-view';
import { useFilterBoxIntent } from './filter-focus';
import { useWarmFilterText } from './warm-filter-text';

export interface ViewRows {
  rows: Connection[];
  /** Rows shown that are still open (closed rows are on screen one refresh longer). */
  openCount: number;
  /**
   * Rows the view holds: rows.length, except while only the snapshot's head is in, when it is the whole view's
   * count and the rows from rows.length on are still to come. WHY: the grid sized for the head alone (a screenful)
   * had a short scrollbar that jumped when the snapshot landed, and a scroll meanwhile landed in the wrong place.
   */
  count: number;
}

const NO_NAMES: HostNames = new Map();

export function useViewRows(): ViewRows {
  const rows = useNetScope((s) => s.rows);
  const change = useNetScope((s) => s.change);
  const ordOf = useNetScope((s) => s.ordOf);
  const ords = useNetScope((s) => s.ords);
  const closed = useNetScope((s) => s.closed);
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
  // sync() is idempotent for the same rows and filter, so a repeated render (StrictMode) gets the same array.
  const sorted = useMemo(
    () => views.sync({ rows, change, ordOf, ords }, filter),
    [views, rows, change, ordOf, ords, filter],
  );
  // Committed: later diffs may write into older views' arrays and the store into its older rows arrays, never into
  // the one on screen (view-index.ts Screen, store/rows-ring.ts; views.shown says so to both).
  useLayoutEffect(() => {
    views.shown(sorted);
  }, [views, sorted]);
  // A filter may be typed: the box has the focus or the pointer over it, or a filter is set (it may be edited, or
  // set from a menu).
  const intent = useFilterBoxIntent();
  const filterSet = useNetScope((s) => s.prefs.filter !== '' || s.appliedFilter !== '');
  useWarmFilterText(rows, views, intent || filterSet);
  const closedShown = useMemo(() => (predicate ? closed.filter(predicate).length : closed.length), [closed, predicate]);
  const headShown = head !== null && rows.length === 0 && sameView(head.view, { sort, filter, hideTimeWait });
  return useMemo(
    () =>
      headShown && head
        ? { rows: head.rows, openCount: head.matched, count: Math.max(head.matched, head.rows.length) }
        : { rows: sorted, openCount: sorted.length - closedShown, count: sorted.length },
    [headShown, head, sorted, closedShown],
  );
}
