/**
 * The LiveView on its own: a diff after a render's commit is synced with that render's cut and handed on; a diff
 * that came between a render and its commit is synced at the commit; the view's emptiness changing, or the rows let
 * go, ask for a render; a store change that brings no rows hands nothing on.
 */
import { describe, expect, it, vi } from 'vitest';
import { diffSnapshots } from '../../shared/diff';
import { viewPredicate } from '../../shared/wire-head';
import type { Snapshot } from '../../shared/model';
import { createNetScopeStore } from '../store';
import { conn, FakeApi, memoryStorage, snap } from '../store/test-helpers';
import { extraText } from './columns';
import { createFilteredViews } from './filtered-view';
import { LiveView, viewRowsOf, type ViewCut, type ViewRows } from './live-view';

/** A store holding `first`, a cut sorting by local port descending under `filter`, and a LiveView watching it. */
function setUp(first: Snapshot, filter = '') {
  const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
  store.getState().handleSnapshot(first);
  const views = createFilteredViews({ column: 'localPort', desc: true }, false, (id, c) => extraText(id, c, new Map()));
  const cut: ViewCut = { views, filter, predicate: viewPredicate(filter, false) };
  const requestRender = vi.fn();
  const live = new LiveView(requestRender);
  const seen: ViewRows[] = [];
  live.subscribe((v) => seen.push(v));
  store.subscribe((s) => live.storeChanged(s));
  return { store, cut, live, requestRender, seen };
}

const ports = (v: ViewRows): number[] => v.rows.map((c) => c.localPort);

describe('LiveView', () => {
  it('syncs each diff after a commit with the committed cut, and hands it on', () => {
    const first = snap(1, [conn(1), conn(3), conn(2)]);
    const { store, cut, live, seen } = setUp(first);
    const state = store.getState();
    live.commit(viewRowsOf(state, cut), cut, state, state);
    expect(ports(live.current)).toEqual([3, 2, 1]);
    store.getState().handleDiff(diffSnapshots(first, snap(2, [conn(3), conn(2), conn(5)])));
    // Row 1 closed: shown once more, counted apart from the open rows.
    expect(ports(live.current)).toEqual([5, 3, 2, 1]);
    expect(live.current.openCount).toBe(3);
    expect(seen.at(-1)).toBe(live.current);
    // A store change that brings no rows (a selection) hands nothing on.
    const handed = seen.length;
    store.getState().select(live.current.rows[0]?.id ?? null);
    expect(seen).toHaveLength(handed);
  });

  it('syncs at the commit a diff that came while the render was under way', () => {
    const first = snap(1, [conn(1), conn(2)]);
    const { store, cut, live } = setUp(first);
    const rendered = store.getState();
    const view = viewRowsOf(rendered, cut);
    store.getState().handleDiff(diffSnapshots(first, snap(2, [conn(1), conn(2), conn(4)])));
    live.commit(view, cut, rendered, store.getState());
    expect(ports(live.current)).toEqual([4, 2, 1]);
  });

  it('asks for a render when a diff empties the view or fills it, and when the rows are let go', () => {
    const first = snap(1, [conn(1), conn(20)]);
    const { store, cut, live, requestRender } = setUp(first, 'lport:20');
    const state = store.getState();
    live.commit(viewRowsOf(state, cut), cut, state, state);
    const second = snap(2, [conn(1)]);
    store.getState().handleDiff(diffSnapshots(first, second));
    // Row 20 closed, shown once more: the view is not empty yet.
    expect(requestRender).not.toHaveBeenCalled();
    const third = snap(3, [conn(1), conn(2)]);
    store.getState().handleDiff(diffSnapshots(second, third));
    expect(live.current.count).toBe(0);
    expect(requestRender).toHaveBeenCalledTimes(1);
    store.getState().handleDiff(diffSnapshots(third, snap(4, [conn(1), conn(2), conn(20)])));
    expect(ports(live.current)).toEqual([20]);
    expect(requestRender).toHaveBeenCalledTimes(2);
    store.setState({ snapshot: null, rows: [], closed: [] });
    expect(requestRender).toHaveBeenCalledTimes(3);
  });
});
