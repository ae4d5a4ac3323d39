/**
 * A diff (and the engine's status sent after it) reaches the screen without a React render (grid/live-view.ts):
 * the grid's rows, its row count, the status bar's counts and states and the refresh time all change while no
 * component of the app renders; what React shows around the rows (the "no connections" line) renders when the view
 * empties or fills.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { diffSnapshots } from '../shared/diff';
import type { Connection, Snapshot, SocketState } from '../shared/model';
import { tcpRow } from '../shared/test-helpers';
import { App } from './App';
import { RowPainter } from './grid/row-painter';
import { connectStore, createNetScopeStore, StoreProvider, type NetScopeStore } from './store';
import { FakeApi, snap } from './store/test-helpers';
import { withClientHeight } from './test/render-app';

let restoreClientHeight: () => void = () => undefined;
beforeAll(() => {
  restoreClientHeight = withClientHeight(600);
});
afterAll(() => restoreClientHeight());

const row = (localPort: number, state: SocketState = 'ESTABLISHED'): Connection =>
  tcpRow('10.0.0.1', localPort, '192.0.2.7', 443, state, { pid: localPort, processName: `p${localPort}` });

/** The app over a fake API holding `first`, and how many commits React has made since it was rendered. */
async function renderCounted(first: Snapshot): Promise<{ store: NetScopeStore; commits: () => number }> {
  const fake = new FakeApi();
  fake.current = first;
  const api = fake.asApi();
  const store = createNetScopeStore(api, null);
  connectStore(store, api);
  let commits = 0;
  render(
    <Profiler id="app" onRender={() => commits++}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </Profiler>,
  );
  await screen.findAllByTestId('conn-row');
  // Whatever the first snapshot's arrival still renders (fonts, the measured viewport) is settled before counting.
  await act(async () => new Promise((r) => setTimeout(r, 50)));
  const base = commits;
  return { store, commits: () => commits - base };
}

/** The grid's local ports on screen, top to bottom. */
function shownPorts(): string[] {
  return screen
    .getAllByTestId('conn-row')
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => r.querySelector('[data-col="localPort"]')?.textContent ?? '');
}

const text = (testId: string): string => screen.getByTestId(testId).textContent ?? '';

describe('a diff on screen', () => {
  it('changes the rows, the row count, the counts, the states and the time with no React render', async () => {
    const first = { ...snap(1, [row(1), row(2), row(3)]), takenAt: Date.UTC(2026, 0, 1, 10, 0, 0) };
    const { store, commits } = await renderCounted(first);
    expect(shownPorts()).toEqual(['1', '2', '3']);
    expect(text('status-counts')).toMatch(/^3 sockets/);
    const refreshed = text('status-refresh');

    const second = {
      ...snap(2, [row(2), row(3), row(4, 'SYN_SENT'), row(5, 'SYN_SENT')]),
      takenAt: first.takenAt + 7_000,
    };
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    // Row 1 is shown once more as closed, at the end; 4 and 5 are new.
    expect(shownPorts()).toEqual(['2', '3', '4', '5', '1']);
    expect(screen.getByTestId('conn-grid').getAttribute('aria-rowcount')).toBe('6');
    expect(text('status-counts')).toMatch(/^4 sockets/);
    expect(screen.getByTestId('status-bar').textContent).toContain('SYN_SENT 2');
    expect(text('status-refresh')).not.toBe(refreshed);
    // The engine's status after the refresh: the same but its seq.
    const status = store.getState().status;
    if (status === null) throw new Error('no status');
    act(() => store.getState().handleStatus({ ...status, seq: status.seq + 1 }));
    expect(commits()).toBe(0);
  });

  it("writes the status bar's counts once per diff, from the view the diff made", async () => {
    const first = snap(1, [row(10), row(20), row(30)]);
    const { store } = await renderCounted(first);
    act(() => {
      store.getState().setFilter('-lport:20');
      store.getState().commitFilter();
    });
    const counts = screen.getByTestId('status-counts');
    // Each text written, as its records say (the observer's callback comes once for all of a task's writes).
    const texts: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) texts.push(node.textContent ?? '');
    });
    observer.observe(counts, { subtree: true, childList: true, characterData: true });
    const second = snap(2, [row(10), row(20), row(30), row(25), row(40)]);
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    observer.disconnect();
    // One write, and never the new totals beside the view before the diff ("2 of 5 shown").
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/^4 of 5 shown/);
  });

  it('keeps a sorted and filtered view with no React render, and the shown count with it', async () => {
    const first = snap(1, [row(10), row(20), row(30)]);
    const { store, commits } = await renderCounted(first);
    act(() => {
      store.getState().setSort({ column: 'localPort', desc: true });
      store.getState().setFilter('-lport:20');
      store.getState().commitFilter();
    });
    expect(shownPorts()).toEqual(['30', '10']);
    const before = commits();
    const second = snap(2, [row(10), row(20), row(30), row(25), row(40)]);
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    expect(shownPorts()).toEqual(['40', '30', '25', '10']);
    expect(text('status-counts')).toMatch(/^4 of 5 shown/);
    expect(commits()).toBe(before);
  });

  it('renders the "no connections" line when a diff empties the view, and removes it when one fills it', async () => {
    const first = snap(1, [row(10), row(20)]);
    const { store } = await renderCounted(first);
    act(() => {
      store.getState().setFilter('lport:20');
      store.getState().commitFilter();
    });
    expect(shownPorts()).toEqual(['20']);
    // Row 20 closes: shown once more, then gone with the next diff.
    const second = snap(2, [row(10)]);
    act(() => store.getState().handleDiff(diffSnapshots(first, second)));
    const third = snap(3, [row(10), row(11)]);
    act(() => store.getState().handleDiff(diffSnapshots(second, third)));
    expect(screen.queryAllByTestId('conn-row')).toHaveLength(0);
    expect(screen.getByText('No connections match the filter.')).toBeTruthy();
    const fourth = snap(4, [row(10), row(11), row(20)]);
    act(() => store.getState().handleDiff(diffSnapshots(third, fourth)));
    expect(shownPorts()).toEqual(['20']);
    expect(screen.queryByText('No connections match the filter.')).toBeNull();
  });
});

describe('a render of the grid', () => {
  it("paints a filter edit's view once, and writes nothing to the grid for an edit that leaves the view as it was", async () => {
    const first = snap(1, [row(10), row(20), row(30)]);
    const { store } = await renderCounted(first);
    const grid = screen.getByTestId('conn-grid');
    const writes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => writes.push(...records));
    observer.observe(grid, { subtree: true, childList: true, attributes: true, characterData: true });
    const paints = vi.spyOn(RowPainter.prototype, 'paint');
    try {
      // Every row's program is p<port>: the view is the rows it was, and the grid's DOM is left as it was.
      act(() => {
        store.getState().setFilter('p');
        store.getState().commitFilter();
      });
      await act(async () => new Promise((r) => setTimeout(r, 0)));
      expect(writes.map((w) => `${w.type} ${w.attributeName ?? ''}`)).toEqual([]);
      expect(shownPorts()).toEqual(['10', '20', '30']);

      paints.mockClear();
      act(() => {
        store.getState().setFilter('lport:20');
        store.getState().commitFilter();
      });
      // The grid's render and App's commit of the view it renders: one paint, of the new view.
      expect(paints).toHaveBeenCalledTimes(1);
      expect(shownPorts()).toEqual(['20']);
      expect(grid.getAttribute('aria-rowcount')).toBe('2');
    } finally {
      observer.disconnect();
      paints.mockRestore();
    }
  });
});
