/**
 * The grid's view (the store's rows filtered and sorted), kept up to date per diff without a React render.
 *
 * A render (useViewRows) resolves what the view is cut by (the sort and TIME_WAIT switch in its FilteredViews, the
 * filter text) and commits it here. Each store change that brings new rows (a diff) then syncs the same views with
 * the same filter inside the store's own notification, and hands the new view to its listeners: the grid's painter
 * writes the rows on screen and the status bar its counts. A change to what React renders around the rows (the view
 * becomes empty or stops being so: the grid's "no connections" line) asks for a render as well.
 *
 * WHY not React per diff: the app rendered the shell, the grid and the status bar on every diff for these rows and
 * counts. In issue 13's slowest diffs the page's main thread waited for a core while V8 compiled React's largest
 * functions (the reconciler's begin/complete work and commit walks) on the page's pool threads, as each got hot
 * enough, again and again (bench/diff-deopt-probe.mjs: 24 of the 40 functions compiled in 30 diffs were React's).
 * Kept out of the diff, that code runs on a click or a key only.
 */
import type { ConnectionPredicate } from '../../shared/filter';
import type { Connection } from '../../shared/model';
import type { NetScopeState } from '../store';
import type { FilteredViews } from './filtered-view';

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

/** What a view is cut by, as the render that committed it resolved it. */
export interface ViewCut {
  views: FilteredViews;
  filter: string;
  /** The same test as the filter's (with the switch): which closed rows the view shows. */
  predicate: ConnectionPredicate | null;
}

/** The store's fields a view is made of, all replaced (never written into) by a diff. */
export type ViewSource = Pick<NetScopeState, 'rows' | 'change' | 'ordOf' | 'ords' | 'closed' | 'snapshot'>;

const NO_VIEW: ViewRows = { rows: [], openCount: 0, count: 0 };

/** How many of `rows` pass `keep`. A loop, not filter().length: no array of 100k made to be counted. */
function countOf(rows: readonly Connection[], keep: ConnectionPredicate): number {
  let n = 0;
  for (const c of rows) if (keep(c)) n++;
  return n;
}

/** The view of the store's rows under `cut`; the same rows array for the same store rows (FilteredViews.sync). */
export function viewRowsOf(source: ViewSource, cut: ViewCut): ViewRows {
  const input = { rows: source.rows, change: source.change, ordOf: source.ordOf, ords: source.ords };
  const rows = cut.views.sync(input, cut.filter);
  const closedShown = cut.predicate ? countOf(source.closed, cut.predicate) : source.closed.length;
  return { rows, openCount: rows.length - closedShown, count: rows.length };
}

const sameSource = (a: ViewSource, b: ViewSource): boolean =>
  a.rows === b.rows && a.change === b.change && a.closed === b.closed && a.snapshot === b.snapshot;

export type ViewListener = (view: ViewRows) => void;

export class LiveView {
  /** The view on screen: the last render's, or a later diff's. */
  current: ViewRows = NO_VIEW;
  private cut: ViewCut | null = null;
  /** The store's fields `current` was made of (null: a render's own view, e.g. the snapshot's head). */
  private source: ViewSource | null = null;
  /** The view the last commit() had from its render. */
  private committed: ViewRows | null = null;
  private readonly listeners = new Set<ViewListener>();
  private readonly changeListeners = new Set<() => void>();

  /** `requestRender`: the view's emptiness changed, which React renders (the grid's "no connections" line). */
  constructor(private readonly requestRender: () => void = () => {}) {}

  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * `listener` is called once for each store change, after the view was synced with it, and once for each new view a
   * render commits: what is written from the store and the view together (the status bar's counts) is written once,
   * from both as they are now. WHY not a store subscription of its own: one made before this view's (a child's
   * effect runs before App's) ran first, and wrote the diff's counts beside the view from before the diff, then again.
   */
  subscribeChanges(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * A render committed `view`, cut by `cut` from `source` (null: not the store's rows, the head before them); `latest`
   * is the store now. If it changed between that render and its commit (a diff came while React rendered), the view
   * is synced again now, so what goes on screen is never older than the store.
   */
  commit(view: ViewRows, cut: ViewCut, source: ViewSource | null, latest: ViewSource): void {
    this.cut = cut;
    this.committed = view;
    const changed = this.current !== view;
    this.current = view;
    this.source = source;
    if (source !== null) cut.views.shown(view.rows);
    if (source !== null && !sameSource(source, latest)) this.storeChanged(latest);
    else if (changed) {
      this.notify();
      this.notifyChanges();
    }
  }

  /**
   * Whether a render's `view` is yet to be committed. A component rendered with it (the grid) then leaves the paint to
   * the commit, which comes after its own layout effect (a parent's effects run after its children's) and always hands
   * a view other than `current` on to the listeners: `current` is only ever a committed view or a diff's new one.
   * WHY: the grid painted the view from before the render and then, handed the new one, again: twice per key.
   */
  awaitsCommit(view: ViewRows): boolean {
    return view !== this.committed;
  }

  /** The store changed: if it brought new rows, the view is synced and handed on (see the header). */
  storeChanged(state: ViewSource): void {
    this.sync(state);
    this.notifyChanges();
  }

  private sync(state: ViewSource): void {
    const cut = this.cut;
    // No cut yet (no render committed), or the render's view is not the store's rows (the head): React renders it.
    if (cut === null || this.source === null || sameSource(state, this.source)) return;
    if (state.snapshot === null) {
      // The rows were let go (another source is being joined): React renders what shows until its snapshot.
      this.source = state;
      this.requestRender();
      return;
    }
    const next = viewRowsOf(state, cut);
    const emptied = (next.count === 0) !== (this.current.count === 0);
    this.source = state;
    this.current = next;
    // On screen from now on: no later diff writes into these rows (FilteredViews.shown).
    cut.views.shown(next.rows);
    this.notify();
    if (emptied) this.requestRender();
  }

  private notify(): void {
    const view = this.current;
    for (const listener of this.listeners) listener(view);
  }

  private notifyChanges(): void {
    for (const listener of this.changeListeners) listener();
  }
}
