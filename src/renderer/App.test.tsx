/**
 * The app as a user drives it, in a DOM: the grid sorts on a header click, the
 * filter narrows the rows, the row menu opens on right-click and Shift+F10 and
 * gives focus back, and the export writes the rows in the order on screen.
 */
import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NetScopeApi } from '../shared/api';
import type { Connection } from '../shared/model';
import { tcpRow } from '../shared/test-helpers';
import type { NetScopeStore } from './store';
import { renderAppWith, withClientHeight } from './test/render-app';

function row(localPort: number, remotePort: number, pid: number, processName: string): Connection {
  return tcpRow('10.0.0.1', localPort, '192.0.2.7', remotePort, 'ESTABLISHED', { pid, processName });
}

// happy-dom lays nothing out: give the grid a viewport so it windows a screenful, as a browser would.
let restoreClientHeight: () => void = () => undefined;
beforeAll(() => {
  restoreClientHeight = withClientHeight(600);
});
afterAll(() => restoreClientHeight());

function renderApp(overrides: Partial<NetScopeApi> = {}): Promise<NetScopeStore> {
  return renderAppWith(
    [row(3000, 443, 10, 'nginx'), row(22, 51000, 20, 'sshd'), row(443, 52000, 10, 'nginx')],
    overrides,
  );
}

/** The text of one column, top to bottom, as the grid shows it. */
function shownColumn(id: string): string[] {
  return screen
    .getAllByTestId('conn-row')
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => r.querySelector(`[data-col="${id}"]`)?.textContent ?? '');
}

describe('the connection grid', () => {
  it('sorts on a header click, and flips on the next', async () => {
    const user = userEvent.setup();
    await renderApp();
    expect(shownColumn('localPort')).toEqual(['3000', '22', '443']);
    await user.click(screen.getByTestId('col-header-localPort'));
    expect(shownColumn('localPort')).toEqual(['22', '443', '3000']);
    expect(screen.getByTestId('col-header-localPort').getAttribute('aria-sort')).toBe('ascending');
    await user.click(screen.getByTestId('col-header-localPort'));
    expect(shownColumn('localPort')).toEqual(['3000', '443', '22']);
  });

  it('narrows the rows as the filter is typed, and says how many are shown', async () => {
    const user = userEvent.setup();
    await renderApp();
    await user.type(screen.getByTestId('filter-input'), 'proc:sshd');
    await waitFor(() => expect(shownColumn('process')).toEqual(['sshd']));
    expect(screen.getByTestId('status-counts').textContent).toMatch(/1 of 3 shown/);
  });

  it('opens the row menu on right-click, closes it with Escape and gives focus back to the grid', async () => {
    const user = userEvent.setup();
    await renderApp();
    const sshd = screen.getAllByTestId('conn-row').find((r) => r.textContent?.includes('sshd'));
    if (!sshd) throw new Error('no sshd row');
    await user.pointer({ keys: '[MouseRight]', target: sshd });
    const menu = screen.getByRole('menu', { name: 'Connection actions' });
    expect(within(menu).getByRole('menuitem', { name: 'Go to process' })).toBeTruthy();
    expect(sshd.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('conn-grid'));
  });

  it('opens the menu for the selected row with Shift+F10, and "Go to process" opens its panel', async () => {
    const user = userEvent.setup();
    const store = await renderApp();
    screen.getByTestId('conn-grid').focus();
    await user.keyboard('{ArrowDown}{ArrowDown}'); // the second row: sshd
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = screen.getByRole('menu', { name: 'Connection actions' });
    expect(document.activeElement?.textContent).toBe('Go to process');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('Copy row');
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement?.textContent).toBe('Go to process');
    await user.click(within(menu).getByRole('menuitem', { name: 'Go to process' }));
    expect(store.getState().processPid).toBe(20);
    expect(await screen.findByTestId('process-panel')).toBeTruthy();
  });
});

describe('the column chooser', () => {
  it('hides a column from the grid and brings it back where it was', async () => {
    const user = userEvent.setup();
    const store = await renderApp();
    await user.click(screen.getByTestId('columns-button'));
    await user.click(screen.getByTestId('column-toggle-process'));
    expect(screen.queryByTestId('col-header-process')).toBeNull();
    expect(screen.getAllByTestId('conn-row')[0]?.querySelector('[data-col="process"]')).toBeNull();
    expect(store.getState().prefs.visibleColumns).not.toContain('process');
    await user.click(screen.getByTestId('column-toggle-process'));
    const headers = screen.getAllByRole('columnheader').map((h) => h.getAttribute('data-col'));
    expect(headers.indexOf('process')).toBe(headers.indexOf('pid') + 1);
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('column-chooser')).toBeNull();
  });
});

describe('the process panel', () => {
  it('shows the process and its sockets, and ends it only after a confirmation naming it', async () => {
    const user = userEvent.setup();
    const endProcess = vi.fn(async () => ({ ok: true as const, value: { ended: true as const } }));
    const store = await renderApp({
      getCapabilities: async () => ({
        ok: true,
        value: { mode: 'browser', canEndProcess: true, canRevealFile: false, canElevate: false, platform: 'linux' },
      }),
      getProcessDetails: async (pid) => ({
        ok: true,
        value: {
          pid,
          name: 'sshd',
          exePath: '/usr/sbin/sshd',
          commandLine: 'sshd -D',
          user: 'root',
          startTime: 1_700_000_000_000,
          connections: [row(22, 51000, 20, 'sshd')],
        },
      }),
      endProcess,
    });
    await waitFor(() => expect(store.getState().capabilities?.canEndProcess).toBe(true));
    act(() => store.getState().openProcess(20));
    const panel = await screen.findByTestId('process-panel');
    await within(panel).findByText('/usr/sbin/sshd');
    expect(within(panel).getAllByTestId('process-socket-row')).toHaveLength(1);
    await user.click(within(panel).getByRole('button', { name: 'End process...' }));
    expect(screen.getByTestId('confirm-dialog').getAttribute('aria-label')).toBe('End process sshd (PID 20)?');
    expect(endProcess).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('confirm-ok'));
    await within(panel).findByText('Ended sshd (PID 20).');
    expect(endProcess).toHaveBeenCalledWith({ pid: 20, startTime: 1_700_000_000_000 });
  });
});

describe('the export dialog', () => {
  it('writes the rows in the order on screen, with the columns on screen', async () => {
    const user = userEvent.setup();
    await renderApp();
    await user.click(screen.getByTestId('col-header-remotePort'));
    await user.click(screen.getByTestId('col-header-remotePort')); // descending: 52000, 51000, 443
    const blobs: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      await user.click(screen.getByTestId('export-csv'));
      const dialog = screen.getByTestId('export-dialog');
      await user.click(within(dialog).getByTestId('export-rows-all'));
      await user.click(within(dialog).getByTestId('export-confirm'));
      await screen.findByText(/Downloaded netscope-.*\.csv \(3 rows\)/);
    } finally {
      createObjectURL.mockRestore();
      click.mockRestore();
    }
    const csv = await act(() => blobs[0]?.text() ?? Promise.resolve(''));
    const lines = csv.split('\r\n');
    // The grid's default order: the owner (PID, Process) before Service (store/column-order.ts).
    expect(lines[0]).toBe(
      'Proto,Local Address,Local Port,Remote Address,Remote Port,State,PID,Process,Service,User,Path',
    );
    expect(lines.slice(1, 4).map((l) => l.split(',')[4])).toEqual(['52000', '51000', '443']);
    expect(lines[3]).toContain(',https,'); // Service, as on screen
    expect(lines[4]).toBe(''); // CRLF after the last record too
  });
});
