/**
 * The grid's header keeps its column model (@tanstack/react-table) to itself: a refresh renders the rows, not the
 * table (GridHead), while a header click still sorts and a drag on a column's edge still resizes it, marked as it
 * goes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { diffSnapshots } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import { conn, snap } from '../store/test-helpers';
import { renderAppWith, withClientHeight } from '../test/render-app';

const tableCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@tanstack/react-table', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@tanstack/react-table')>();
  return {
    ...actual,
    useReactTable: ((options) => {
      tableCalls.count++;
      return actual.useReactTable(options);
    }) as typeof actual.useReactTable,
  };
});

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(600);
});
afterAll(() => restore());

describe('the grid header', () => {
  it('is not rendered again by a refresh, sorted or not', async () => {
    const store = await renderAppWith([conn(1), conn(2), conn(3)]);
    const first = store.getState().snapshot as Snapshot;
    const second = snap(2, [conn(2), conn(3), conn(4)]);
    const third = snap(3, [conn(3), conn(4), conn(5), conn(6)]);
    const before = tableCalls.count;
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    // Three open rows and the one closed, shown once more.
    expect(screen.getAllByTestId('conn-row')).toHaveLength(4);
    expect(tableCalls.count).toBe(before);
    // Sorted: the click renders the header (its arrow), a refresh after it does not.
    fireEvent.click(screen.getByTestId('col-sort-remoteAddress'));
    expect(screen.getByTestId('col-header-remoteAddress').getAttribute('aria-sort')).toBe('ascending');
    const sorted = tableCalls.count;
    expect(sorted).toBeGreaterThan(before);
    act(() => store.getState().handleDiff(diffSnapshots(second, third)));
    expect(screen.getAllByTestId('conn-row')).toHaveLength(5);
    expect(tableCalls.count).toBe(sorted);
  });

  it('resizes a column by its edge, marking the edge while it is dragged', async () => {
    const store = await renderAppWith([conn(1), conn(2)]);
    const header = screen.getByTestId('col-header-remoteAddress');
    const edge = header.querySelector('.resizer') as HTMLElement;
    const width = (): number | undefined => store.getState().prefs.columnSizes.remoteAddress;
    const start = parseInt(header.style.width, 10);
    // Each event in a render of its own, as a user's drag is.
    act(() => void fireEvent.mouseDown(edge, { clientX: 100 }));
    act(() => void fireEvent.mouseMove(document, { clientX: 130 }));
    expect(edge.className).toContain('resizing');
    act(() => void fireEvent.mouseMove(document, { clientX: 160 }));
    act(() => void fireEvent.mouseUp(document, { clientX: 160 }));
    expect(width()).toBe(start + 60);
    expect((header.querySelector('.resizer') as HTMLElement).className).not.toContain('resizing');
    expect(header.style.width).toBe(`${start + 60}px`);
  });
});
