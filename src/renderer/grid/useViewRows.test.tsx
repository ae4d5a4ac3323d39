/** The free-text filter's row text is built while the page is idle: a whole snapshot once, then only each diff's rows. */
import { describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { diffSnapshots } from '../../shared/diff';
import type { Connection } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { conn, FakeApi, memoryStorage, snap } from '../store/test-helpers';
import { useViewRows } from './useViewRows';

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

describe('useViewRows', () => {
  it('builds the filter text of every row of a snapshot, then of the rows a diff brings only', async () => {
    const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
    const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
    const { result } = renderHook(() => useViewRows(), { wrapper });
    const first = snap(1, [conn(1), conn(2), conn(3)]);
    act(() => store.getState().handleSnapshot(first));
    await waitFor(() => expect(new Set(warmed)).toEqual(new Set(first.connections)));
    expect(result.current.rows).toHaveLength(3);

    warmed.length = 0;
    const second = snap(2, [conn(1), conn(2), conn(3), conn(4)]);
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    await waitFor(() => expect(warmed.map((c) => (c as Connection).localPort)).toEqual([4]));
    expect(result.current.rows).toHaveLength(4);
  });

  it('renders a filter committed with Enter at once, never a stale view the next key would act on', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), memoryStorage());
    const wrapper = ({ children }: { children?: ReactNode }) => <StoreProvider store={store}>{children}</StoreProvider>;
    const rendered: number[] = [];
    renderHook(
      () => {
        const view = useViewRows();
        rendered.push(view.rows.length);
        return view;
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
});
