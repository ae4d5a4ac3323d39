/**
 * Before the whole snapshot lands, the grid shows its head (the first screenful) in a grid as tall as the whole
 * view, as the page's first screen draws it: the scrollbar does not jump when the rest comes, a scroll meanwhile
 * shows rows saying they are loading (not blank, not the head's rows again), and the rows fill in where the user is.
 * A key that goes past the rows in (End) scrolls there, and selects its row once it has come.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { ApiResult } from '../../shared/api';
import type { Snapshot } from '../../shared/model';
import { snapshotHead } from '../../shared/wire-head';
import type { NetScopeStore } from '../store';
import { conn, snap } from '../store/test-helpers';
import { renderAppWith, withClientHeight } from '../test/render-app';
import { HEADER_HEIGHT, ROW_HEIGHT } from './geometry';

const N = 1000;
const HEAD_ROWS = 40;
const VIEWPORT = 600;
const whole = snap(
  5,
  Array.from({ length: N }, (_, i) => conn(i + 1)),
);

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(VIEWPORT);
});
afterAll(() => restore());

/** The app with its head in and the whole snapshot held back; `land` delivers it. */
async function withHeadOnly(): Promise<{ store: NetScopeStore; grid: HTMLElement; land: () => Promise<void> }> {
  let answer: (r: ApiResult<Snapshot>) => void = () => undefined;
  const held = (): Promise<ApiResult<Snapshot>> => new Promise((resolve) => (answer = resolve));
  // No rows yet: the whole snapshot is held back until `land`.
  const store = await renderAppWith([], { getSnapshot: held });
  const head = snapshotHead(whole, { sort: null, filter: '', hideTimeWait: false, rows: HEAD_ROWS });
  if (!head) throw new Error('no head');
  act(() => store.getState().handleHead(head));
  await screen.findAllByTestId('conn-row');
  return {
    store,
    grid: screen.getByTestId('conn-grid'),
    land: async () => {
      await act(async () => answer({ ok: true, value: whole }));
      await waitFor(() => expect(store.getState().snapshot).not.toBeNull());
    },
  };
}

/** Row positions (0-based) of the rows drawn with data, and of those drawn as loading. */
function drawn(): { rows: number[]; loading: number[] } {
  const positions = (id: string): number[] =>
    screen
      .queryAllByTestId(id)
      .map((r) => Number(r.getAttribute('aria-rowindex')) - 2)
      .sort((a, b) => a - b);
  return { rows: positions('conn-row'), loading: positions('conn-row-loading') };
}

function scrollTo(grid: HTMLElement, top: number): void {
  act(() => {
    grid.scrollTop = top;
    fireEvent.scroll(grid);
  });
}

describe('the grid before the whole snapshot', () => {
  it('is as tall as the whole view, shows rows not in yet as loading, and fills them in where the user is', async () => {
    const { grid, land } = await withHeadOnly();
    expect(grid.getAttribute('aria-rowcount')).toBe(String(N + 1));
    expect(grid.getAttribute('aria-busy')).toBe('true');
    const body = grid.querySelector<HTMLElement>('.grid-body');
    expect(body?.style.height).toBe(`${N * ROW_HEIGHT}px`);
    expect(drawn().loading).toEqual([]);

    // To the middle: where row 500 will be, rows that say they are loading (the head's rows are not drawn again).
    scrollTo(grid, 500 * ROW_HEIGHT);
    const middle = drawn();
    expect(middle.rows).toEqual([]);
    expect(middle.loading).toContain(500);
    expect(middle.loading).toContain(500 + Math.floor((VIEWPORT - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    expect(screen.getAllByTestId('conn-row-loading')[0]?.textContent).toBe('Loading…');

    await land();
    expect(grid.getAttribute('aria-busy')).toBeNull();
    expect(grid.getAttribute('aria-rowcount')).toBe(String(N + 1));
    expect(grid.scrollTop).toBe(500 * ROW_HEIGHT);
    const after = drawn();
    expect(after.loading).toEqual([]);
    expect(after.rows).toEqual(middle.loading);
    const row500 = document.querySelector('[data-testid="conn-row"][aria-rowindex="502"]');
    expect(row500?.querySelector('[data-col="localPort"]')?.textContent).toBe('501');
  });

  it('End scrolls to the last row while it is loading, and selects it once it has come', async () => {
    const { store, grid, land } = await withHeadOnly();
    act(() => store.getState().select(whole.connections[2]?.id ?? null));
    grid.focus();
    fireEvent.keyDown(grid, { key: 'End' });
    // Scrolled to the end (the last row under the viewport's bottom edge); the selection waits for the row.
    expect(grid.scrollTop).toBe(HEADER_HEIGHT + N * ROW_HEIGHT - VIEWPORT);
    expect(store.getState().selectedId).toBe(whole.connections[2]?.id);
    await land();
    expect(store.getState().selectedId).toBe(whole.connections[N - 1]?.id);
  });

  it('a click on a row meanwhile wins over a key that is waiting for its row', async () => {
    const { store, grid, land } = await withHeadOnly();
    act(() => store.getState().select(whole.connections[0]?.id ?? null));
    fireEvent.keyDown(grid, { key: 'End' });
    act(() => store.getState().select(whole.connections[5]?.id ?? null));
    await land();
    expect(store.getState().selectedId).toBe(whole.connections[5]?.id);
  });
});
