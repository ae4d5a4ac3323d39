/** The status bar's socket total after diffs: the open rows, not the closed ones the grid shows once more. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import { diffSnapshots } from '../shared/diff';
import type { Snapshot } from '../shared/model';
import { renderAppWith, withClientHeight } from './test/render-app';
import { conn, snap } from './store/test-helpers';

describe('the status bar total', () => {
  // A grid tall enough to show every row (happy-dom lays nothing out).
  let restore: () => void = () => undefined;
  beforeAll(() => {
    restore = withClientHeight(600);
  });
  afterAll(() => restore());

  it('counts the open sockets while closed rows are still on screen, and after they leave', async () => {
    const store = await renderAppWith([conn(1), conn(2), conn(3)]);
    const first = store.getState().snapshot as Snapshot;
    const second = snap(2, [conn(2), conn(4), conn(5), conn(6)]);
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    // Two rows closed and three opened: six rows in the grid, four sockets open.
    expect(screen.getAllByTestId('conn-row')).toHaveLength(6);
    expect(screen.getByTestId('status-counts').textContent).toMatch(/^4 sockets/);
    const third = snap(3, [conn(2), conn(4)]);
    act(() => store.getState().handleDiff(diffSnapshots(second, third)));
    expect(screen.getAllByTestId('conn-row')).toHaveLength(4);
    expect(screen.getByTestId('status-counts').textContent).toMatch(/^2 sockets/);
  });
});
