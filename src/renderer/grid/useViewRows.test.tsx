/**
 * The free-text filter's row text is built while the page is idle and a filter may be typed: a whole snapshot once,
 * then only each diff's rows; and the view the grid shows, filtered and sorted, as diffs land.
 */
import { describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { diffSnapshots } from '../../shared/diff';
import { viewPredicate } from '../../shared/wire-head';
import type { Connection } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { conn, FakeApi, memoryStorage, snap } from '../store/test-helpers';
import { setFilterBoxFocused, setFilterBoxHovered } from './filter-focus';
import { useViewRows } from './useViewRows';
import { DROP_TEXT_AFTER_MS } from './warm-filter-text';

const warmed = vi.hoisted(() => [] as unknown[]);
vi.mock('../../shared/filter-text', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/filter-text')>();
  return {
    ...actual,
    rowText: (c: Connection) => {
      warmed.push(c);
      return actual.rowText(c);
    },
  };
});

/** Whether `rows` were warmed, each once, and nothing else (by identity: another test's rows may look the same). */
const warmedAre = (rows: readonly Connection[]): boolean =>
  warmed.length === rows.length && rows.every((c) => warmed.includes(c));

/**
 * A view on screen: the hook over a new store, and the last rows it showed (a render's, or a diff's through its
 * LiveView, as the grid paints them) with the ports they held when shown.
 */
function renderViewRows() {
  const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
  const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
  // Every rows array shown with the ports it held when shown: a later write into a shown array shows.
  const rendered: { rows: Connection[]; ports: number[] }[] = [];
  // Shown arrays that were written into while on screen (checked as each is replaced, and the last one at will).
  const written: number[][] = [];
  const writtenInto = (shown: { rows: Connection[]; ports: number[] }): boolean =>
    shown.rows.length !== shown.ports.length || shown.rows.some((c, i) => c.localPort !== shown.ports[i]);
  const record = (rows: Connection[]): void => {
    const prev = rendered[rendered.length - 1];
    if (prev && writtenInto(prev)) written.push(prev.ports);
    rendered.push({ rows, ports: rows.map((c) => c.localPort) });
  };
  const { result } = renderHook(
    () => {
      const result = useViewRows();
      record(result.view.rows);
      return result;
    },
    { wrapper },
  );
  result.current.live.subscribe((view) => record(view.rows));
  const last = (): { rows: Connection[]; ports: number[] } => rendered[rendered.length - 1] ?? { rows: [], ports: [] };
  /** The shown arrays written into while on screen, the one on screen now included: none, always. */
  const writtenWhileShown = (): number[][] => [...written, ...(writtenInto(last()) ? [last().ports] : [])];
  return { store, last, writtenWhileShown };
}

/**
 * The hook over a new store that has just taken a snapshot of rows 1-3 (`first`); what was warmed is counted from
 * before that snapshot.
 */
function renderWithFirstRows() {
  const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
  const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
  const { result } = renderHook(() => useViewRows(), { wrapper });
  warmed.length = 0;
  const first = snap(1, [conn(1), conn(2), conn(3)]);
  act(() => store.getState().handleSnapshot(first));
  return { store, result, first };
}

describe('useViewRows', () => {
  it("builds no filter text until a filter may be typed: the box focused, then every row and each diff's new rows", async () => {
    const { store, result, first } = renderWithFirstRows();
    // The warm's tasks follow each other at once: they would have run by now.
    await new Promise((r) => setTimeout(r, 100));
    expect(warmed).toEqual([]);

    act(() => setFilterBoxFocused(store, true));
    await waitFor(() => expect(warmedAre(first.connections)).toBe(true));
    expect(result.current.view.rows).toHaveLength(3);

    warmed.length = 0;
    const second = snap(2, [conn(1), conn(2), conn(3), conn(4)]);
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    await waitFor(() => expect(warmedAre(store.getState().rows.slice(3))).toBe(true));
    // A diff renders nothing: the view it makes is the LiveView's (live-view.ts).
    expect(result.current.view.rows).toHaveLength(3);
    expect(result.current.live.current.rows).toHaveLength(4);
    act(() => setFilterBoxFocused(store, false));
  });

  it("hands the rows' filter texts to the view of a new sort: a header click with the box in use builds none again", async () => {
    const { store, result, first } = renderWithFirstRows();
    act(() => setFilterBoxFocused(store, true));
    await waitFor(() => expect(warmedAre(first.connections)).toBe(true));
    warmed.length = 0;
    act(() => store.getState().setSort({ column: 'localPort', desc: true }));
    act(() => store.getState().setFilter('tcp'));
    await new Promise((r) => setTimeout(r, 100));
    // Fails without adoptTexts: the sorted view built all three texts again.
    expect(warmed).toEqual([]);
    expect(result.current.view.rows.map((c) => c.localPort)).toEqual([3, 2, 1]);
    act(() => setFilterBoxFocused(store, false));
  });

  it('filters a key typed before any text is built from the rows themselves, building none; the warm builds them after', async () => {
    // Issue 13: the click into the box and a key at once. Its pass built every row's text it needed before its
    // frame (~200 ms at 100k rows); it now reads the rows' cells, and each text is built once, by the warm.
    const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
    const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
    const { result } = renderHook(() => useViewRows(), { wrapper });
    const first = snap(1, [conn(1), conn(2, 'LISTEN'), conn(3), conn(4, 'LISTEN', 7)]);
    act(() => store.getState().handleSnapshot(first));
    warmed.length = 0;
    act(() => {
      setFilterBoxFocused(store, true);
      store.getState().setFilter('listen');
    });
    // The key's frame: the warm's first task has not run yet.
    expect(result.current.view.rows.map((c) => c.localPort)).toEqual([2, 4]);
    expect(warmed).toEqual([]);
    // Fails on the base: the key's pass made the texts itself (owner parts, completed later), so no row's was built
    // by rowText.
    await waitFor(() => expect(warmedAre(first.connections)).toBe(true));
    act(() => store.getState().setFilter('listen 7'));
    expect(result.current.view.rows.map((c) => c.localPort)).toEqual([4]);
    act(() => setFilterBoxFocused(store, false));
  });

  it('builds the filter texts while the pointer is over the box, before any click', async () => {
    const { store, first } = renderWithFirstRows();
    await new Promise((r) => setTimeout(r, 100));
    warmed.length = 0;
    act(() => setFilterBoxHovered(store, true));
    await waitFor(() => expect(warmedAre(first.connections)).toBe(true));
    act(() => setFilterBoxHovered(store, false));
  });

  it('builds in tasks of its own, each stopping once its few ms are spent (a diff or a key waits at most that)', async () => {
    const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
    const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
    renderHook(() => useViewRows(), { wrapper });
    const many = snap(
      1,
      Array.from({ length: 3000 }, (_, n) => conn(n + 1)),
    );
    act(() => store.getState().handleSnapshot(many));
    warmed.length = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
    // Each look at the clock finds 2 ms more gone.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 2));
    try {
      act(() => setFilterBoxFocused(store, true));
      const perTask: number[] = [];
      for (let task = 0; task < 10 && warmed.length < 3000; task++) {
        const before = warmed.length;
        act(() => {
          vi.advanceTimersToNextTimer();
        });
        perTask.push(warmed.length - before);
      }
      expect(warmed).toHaveLength(3000);
      // A few chunks of 500 per task, not all 3000 in one.
      expect(perTask.length).toBeGreaterThan(1);
      expect(Math.max(...perTask)).toBeLessThan(3000);
      act(() => setFilterBoxFocused(store, false));
    } finally {
      now.mockRestore();
      vi.useRealTimers();
    }
  });

  it('builds the filter texts while a filter is set, the box not focused (set from a menu, or left after Enter)', async () => {
    const { store, first } = renderWithFirstRows();
    warmed.length = 0;
    act(() => {
      store.getState().setFilter('lport:1');
      store.getState().commitFilter();
    });
    await waitFor(() => expect(warmedAre(first.connections)).toBe(true));
  });

  it('stops building texts once the box loses the focus with no filter set, and lets them go after a while', async () => {
    const { store, first } = renderWithFirstRows();
    warmed.length = 0;
    act(() => setFilterBoxFocused(store, true));
    await waitFor(() => expect(warmedAre(first.connections)).toBe(true));

    // Fake timers from here (the warm's tasks are setImmediate in Node): the drop's delay is timed.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
    try {
      const wait = (ms: number): void =>
        act(() => {
          vi.advanceTimersByTime(ms);
        });
      // Blurred: a diff's new row gets no text.
      act(() => setFilterBoxFocused(store, false));
      warmed.length = 0;
      const second = snap(2, [conn(1), conn(2), conn(3), conn(4)]);
      act(() => store.getState().handleDiff(diffSnapshots(first, second)));
      wait(300);
      expect(warmed).toEqual([]);

      // Focused again just before the drop: only the row that came meanwhile needs its text (the rest are kept).
      wait(DROP_TEXT_AFTER_MS - 400);
      act(() => setFilterBoxFocused(store, true));
      wait(300);
      expect(warmedAre(store.getState().rows.slice(3))).toBe(true);

      // Blurred for DROP_TEXT_AFTER_MS, a diff meanwhile (it must not put the drop off): the texts are gone, and a
      // focus builds every row's again.
      act(() => setFilterBoxFocused(store, false));
      wait(DROP_TEXT_AFTER_MS / 2);
      const third = snap(3, [conn(1), conn(2), conn(3), conn(4), conn(5)]);
      act(() => store.getState().handleDiff(diffSnapshots(second, third)));
      wait(DROP_TEXT_AFTER_MS / 2);
      warmed.length = 0;
      act(() => setFilterBoxFocused(store, true));
      wait(300);
      expect(warmedAre(store.getState().rows)).toBe(true);
      act(() => setFilterBoxFocused(store, false));
    } finally {
      vi.useRealTimers();
    }
  });

  it('renders a filter committed with Enter at once, never a stale view the next key would act on', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
    const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
    const rendered: number[] = [];
    renderHook(
      () => {
        const result = useViewRows();
        rendered.push(result.view.rows.length);
        return result;
      },
      { wrapper },
    );
    act(() => store.getState().handleSnapshot(snap(1, [conn(1), conn(2), conn(3)])));
    // Typing: the filter is deferred, so the grid may render the old view first (typing stays responsive).
    rendered.length = 0;
    act(() => store.getState().setFilter('lport:1'));
    expect(rendered.at(-1)).toBe(1);
    // Typing then Enter in one go (a fast typist, a loaded machine): the first render already has the filtered rows.
    rendered.length = 0;
    act(() => {
      store.getState().setFilter('-lport:1');
      store.getState().commitFilter();
    });
    expect(rendered).toEqual(rendered.map(() => 2));
    expect(rendered.length).toBeGreaterThan(0);
  });

  it('never changes a sorted view the grid rendered while the next diffs land, one at a time or batched', () => {
    const { store, last, writtenWhileShown } = renderViewRows();
    const sortedPorts = (): number[] =>
      store
        .getState()
        .rows.map((c) => c.localPort)
        .sort((a, b) => b - a);
    act(() => store.getState().setSort({ column: 'localPort', desc: true }));
    let ports = Array.from({ length: 40 }, (_, i) => i + 1);
    let prev = snap(
      1,
      ports.map((p) => conn(p)),
    );
    act(() => store.getState().handleSnapshot(prev));
    const diff = (): void => {
      // The lowest ports close (the view's end), new ones open (its start): every row moves.
      const top = ports[ports.length - 1] ?? 0;
      ports = [...ports.slice(2), top + 1, top + 2];
      const next = snap(
        prev.seq + 1,
        ports.map((p) => conn(p)),
      );
      store.getState().handleDiff(diffSnapshots(prev, next));
      prev = next;
    };
    for (let k = 0; k < 6; k++) {
      act(diff);
      // No view was written into while on screen; the new one is the store's rows, sorted.
      expect(writtenWhileShown()).toEqual([]);
      expect(last().ports).toEqual(sortedPorts());
      // Two diffs in one task (the page was busy): the same.
      act(() => {
        diff();
        diff();
      });
      expect(writtenWhileShown()).toEqual([]);
      expect(last().ports).toEqual(sortedPorts());
    }
  });
  it('shows the rows a free-text filter of the unsorted view matches, Service cell included, while diffs land', () => {
    const { store, last, writtenWhileShown } = renderViewRows();
    // The PID is the port: a free-text filter of a digit that no address, state or the remote port 443 has then
    // reads each row's own text (which the view keeps, and carries from one diff's rows to the next). Not only its
    // port and PID: the Service cell is text too (port 210 is z39.50, so the filter 9 shows it), so what the view
    // must show is the store's rows under the same filter, from scratch (compileFilter's meaning).
    const rowsOf = (seq: number, ps: number[]) =>
      snap(
        seq,
        ps.map((p) => conn(p, 'ESTABLISHED', p)),
      );
    let ports = Array.from({ length: 40 }, (_, i) => i + 1);
    let closed: number[] = [];
    let prev = rowsOf(1, ports);
    act(() => store.getState().handleSnapshot(prev));
    const diff = (): void => {
      // The oldest rows close (the view's top: they move to its closed tail), new ones open at its end.
      const top = ports[ports.length - 1] ?? 0;
      closed = ports.slice(0, 2);
      ports = [...ports.slice(2), top + 1, top + 2];
      const next = rowsOf(prev.seq + 1, ports);
      store.getState().handleDiff(diffSnapshots(prev, next));
      prev = next;
    };
    const matches = (filter: string): number[] => {
      const rows = store.getState().rows;
      // The store's rows are the open ones in arrival order, then those the last diff closed.
      expect(rows.map((c) => c.localPort)).toEqual([...ports, ...closed]);
      const keep = viewPredicate(filter, false);
      return (keep ? rows.filter(keep) : rows).map((c) => c.localPort);
    };
    for (const filter of ['', '7', '5', '9']) {
      act(() => {
        store.getState().setFilter(filter);
        store.getState().commitFilter();
      });
      expect(last().ports, `cut ${filter}`).toEqual(matches(filter));
      for (let k = 0; k < 6; k++) {
        act(diff);
        expect(writtenWhileShown()).toEqual([]);
        expect(last().ports, `one ${filter} ${k}`).toEqual(matches(filter));
        // Three diffs in one task (the page was busy): the rows on screen are not written into either.
        act(() => {
          diff();
          diff();
          diff();
        });
        expect(writtenWhileShown()).toEqual([]);
        expect(last().ports, `three ${filter} ${k}`).toEqual(matches(filter));
      }
    }
  });
});
