/**
 * The status bar after diffs: its socket total (the open rows, not the closed ones the grid shows once more) and its
 * warnings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { diffSnapshots } from '../shared/diff';
import type { Snapshot } from '../shared/model';
import { renderAppWith, withClientHeight } from './test/render-app';
import { conn, snap } from './store/test-helpers';

describe('the status bar', () => {
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

  it('lists each warning whole, one spanning lines too, and keeps them while a diff brings the same', async () => {
    const routes = {
      name: 'routes',
      ok: false,
      tookMs: 1,
      error: 'ip route failed:\nRTNETLINK answers: busy',
      warnings: [],
    };
    const iface = { name: 'interfaces', ok: true, tookMs: 1, error: null, warnings: ['eth9 vanished'] };
    const store = await renderAppWith([conn(1)], {}, { collectors: [routes, iface] });
    const button = screen.getByTestId('status-warnings-button');
    expect(button.textContent).toContain('2 warnings');
    act(() => button.click());
    const items = within(screen.getByTestId('status-warnings')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'routes: ip route failed:\nRTNETLINK answers: busy',
      'interfaces: eth9 vanished',
    ]);
    // The next refresh reports the same: the list stays open, as it was.
    const first = store.getState().snapshot as Snapshot;
    const second = { ...snap(2, [conn(1), conn(2)]), collectors: [routes, iface] };
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    expect(within(screen.getByTestId('status-warnings')).getAllByRole('listitem')).toHaveLength(2);
  });
});
