/**
 * Issue 13: the view built from a streamed snapshot (its head, then the whole
 * of it) equals the view built from the whole snapshot; before the whole
 * snapshot, the grid shows the head only for the view it was cut for.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { diffSnapshots } from '../../shared/diff';
import { assignConnectionIds, blankConnection, emptySnapshot, type Connection } from '../../shared/model';
import { headMessage, readHead, snapshotHead, viewPredicate, type HeadRequest } from '../../shared/wire-head';
import { createNetScopeStore, StoreProvider } from '../store';
import { EMPTY_ROWS, receiveSnapshot } from '../store/rows';
import { conn, FakeApi, memoryStorage, snap } from '../store/test-helpers';
import { extraText } from './columns';
import { useViewRows } from './useViewRows';
import { createViewIndex } from './view-index';

const arbConn = fc
  .record({
    port: fc.integer({ min: 1, max: 30 }),
    peer: fc.constantFrom('*', '10.0.0.2', '10.0.0.10', '::1', '2001:db8::1'),
    state: fc.constantFrom<Connection['state']>('ESTABLISHED', 'LISTEN', 'TIME_WAIT'),
    pid: fc.option(fc.integer({ min: 1, max: 3 })),
  })
  .map((r) =>
    blankConnection({
      protocol: 'tcp',
      family: r.peer.includes(':') ? 6 : 4,
      localAddress: '10.0.0.1',
      localPort: r.port,
      remoteAddress: r.peer,
      remotePort: 443,
      state: r.state,
      pid: r.pid,
      processName: r.pid === null ? null : `proc${r.pid}`,
    }),
  );

const arbRequest: fc.Arbitrary<HeadRequest> = fc.record({
  sort: fc.option(
    fc.record({
      column: fc.constantFrom('remoteAddress', 'localAddress', 'localPort', 'pid', 'state', 'process', 'service'),
      desc: fc.boolean(),
    }),
  ),
  filter: fc.constantFrom('', 'proc:proc1', 'state:est', '-pid:none', 'proc2'),
  hideTimeWait: fc.boolean(),
  rows: fc.integer({ min: 1, max: 15 }),
});

const noNames = new Map<string, string>();

describe('a streamed snapshot', () => {
  it("head is the first rows of the grid's view of the whole snapshot, and says how many it holds", () => {
    fc.assert(
      fc.property(fc.array(arbConn, { maxLength: 50 }), arbRequest, (cs, request) => {
        const snapshot = emptySnapshot({ seq: 3, host: 'h', connections: assignConnectionIds(cs) });
        // Through the wire, as the page receives it.
        const made = snapshotHead(snapshot, request);
        if (!made) throw new Error('every column here is one the server can order by');
        const head = readHead(JSON.parse(headMessage(made)).payload);
        const state = receiveSnapshot(EMPTY_ROWS, snapshot);
        const index = createViewIndex(viewPredicate(request.filter, request.hideTimeWait), request.sort, (id, c) =>
          extraText(id, c, noNames),
        );
        const whole = index.sync({ rows: state.rows, change: null, ordOf: state.ordOf });
        expect(head?.rows).toEqual(whole.slice(0, request.rows));
        expect(head?.matched).toBe(whole.length);
        expect(head?.total).toBe(snapshot.connections.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('useViewRows with a head', () => {
  const setup = (prefs?: object) => {
    const storage = memoryStorage(prefs ? { 'netscope.prefs': JSON.stringify({ state: { prefs }, version: 2 }) } : {});
    const store = createNetScopeStore(new FakeApi().asApi(), storage);
    const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
    const { result } = renderHook(() => useViewRows(), { wrapper });
    return { store, result };
  };
  const whole = snap(5, [conn(1), conn(2), conn(3, 'TIME_WAIT'), conn(4)]);
  const headOf = (request: HeadRequest) => {
    const h = snapshotHead(whole, request);
    if (!h) throw new Error('no head');
    return h;
  };

  it('shows the head and the whole view count until the snapshot, then the snapshot', () => {
    const { store, result } = setup();
    act(() => store.getState().handleHead(headOf({ sort: null, filter: '', hideTimeWait: false, rows: 2 })));
    expect(result.current.view.rows.map((c) => c.localPort)).toEqual([1, 2]);
    expect(result.current.view.openCount).toBe(4);
    // The grid is sized for the whole view: its other rows are still to come.
    expect(result.current.view.count).toBe(4);
    expect(store.getState().counts.byState.get('TIME_WAIT')).toBe(1);
    act(() => store.getState().handleSnapshot(whole));
    expect(result.current.view.rows).toHaveLength(4);
    expect(result.current.view.count).toBe(4);
    expect(store.getState().head).toBeNull();
  });

  it('waits (no rows) when the view is not the one the head was cut for', () => {
    const { store, result } = setup({ sort: { column: 'pid', desc: true } });
    act(() => store.getState().handleHead(headOf({ sort: null, filter: '', hideTimeWait: false, rows: 2 })));
    expect(result.current.view.rows).toEqual([]);
    expect(result.current.view.count).toBe(0);
    act(() =>
      store
        .getState()
        .handleHead(headOf({ sort: { column: 'pid', desc: true }, filter: '', hideTimeWait: false, rows: 2 })),
    );
    expect(result.current.view.rows).toHaveLength(2);
    // Sorting another way before the rest arrives: no rows rather than the wrong first ones.
    act(() => store.getState().cycleSort('localPort'));
    expect(result.current.view.rows).toEqual([]);
    expect(result.current.view.count).toBe(0);
    act(() => store.getState().handleSnapshot(whole));
    expect(result.current.view.rows.map((c) => c.localPort)).toEqual([1, 2, 3, 4]);
  });

  it('keeps diffs that come between the head and the snapshot, and applies them after it', () => {
    const api = new FakeApi();
    const store = createNetScopeStore(api.asApi(), memoryStorage());
    store.getState().handleHead(headOf({ sort: null, filter: '', hideTimeWait: false, rows: 2 }));
    const next = snap(6, [conn(1), conn(2), conn(4), conn(5)]);
    store.getState().handleDiff(diffSnapshots(whole, next));
    expect(api.getSnapshot).not.toHaveBeenCalled();
    store.getState().handleSnapshot(whole);
    expect(store.getState().snapshot?.seq).toBe(6);
    expect(store.getState().rows.map((c) => c.localPort)).toEqual([1, 2, 4, 5, 3]);
    expect(store.getState().marks.get(next.connections[3]?.id ?? '')).toBe('new');
  });

  it('ignores a head once a snapshot is held', () => {
    const { store } = setup();
    act(() => store.getState().handleSnapshot(whole));
    act(() => store.getState().handleHead(headOf({ sort: null, filter: '', hideTimeWait: false, rows: 1 })));
    expect(store.getState().head).toBeNull();
  });
});
