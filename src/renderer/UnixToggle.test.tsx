/** UNIX sockets in the app: the toolbar switch, the rows in the grid (proto:unix), the status bar, the process panel. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EngineStatus } from '../shared/api';
import { blankConnection, type Connection } from '../shared/model';
import { renderAppWith, withClientHeight } from './test/render-app';
import { stateHistogram, topProcesses } from './views/states';

const tcp = blankConnection({
  protocol: 'tcp',
  family: 4,
  localAddress: '10.0.0.1',
  localPort: 22,
  remoteAddress: '192.0.2.7',
  remotePort: 40022,
  state: 'ESTABLISHED',
  pid: 20,
  processName: 'sshd',
});

const unixRow = (path: string, inode: number, peerInode: number | null): Connection =>
  blankConnection({
    protocol: 'unix',
    family: 4,
    localAddress: path,
    localPort: 0,
    remoteAddress: '*',
    remotePort: 0,
    state: peerInode === null ? 'LISTEN' : 'ESTABLISHED',
    pid: 20,
    processName: 'sshd',
    inode,
    unixType: 'stream',
    peerInode,
  });

const status = (unixSockets?: boolean): EngineStatus => ({
  intervalMs: 1000,
  paused: false,
  seq: 1,
  readOnly: false,
  title: 'h',
  ...(unixSockets === undefined ? {} : { unixSockets }),
});

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(600);
});
afterAll(() => restore());

describe('the UNIX sockets switch', () => {
  it('is absent where the engine cannot list them', async () => {
    const store = await renderAppWith([tcp], { getStatus: async () => ({ ok: true, value: status() }) });
    await waitFor(() => expect(store.getState().status?.title).toBe('h'));
    expect(screen.queryByTestId('unix-sockets-toggle')).toBeNull();
  });

  it('is off by default; turning it on asks the engine and shows the Socket Type, Inode and Peer Inode columns', async () => {
    const user = userEvent.setup();
    const setUnixSockets = vi.fn(async (enabled: boolean) => ({ ok: true as const, value: status(enabled) }));
    const store = await renderAppWith([tcp], {
      getStatus: async () => ({ ok: true, value: status(false) }),
      setUnixSockets,
    });
    const toggle = (await screen.findByTestId('unix-sockets-toggle')) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    await user.click(toggle);
    expect(setUnixSockets).toHaveBeenCalledWith(true);
    await waitFor(() => expect(toggle.checked).toBe(true));
    expect(store.getState().prefs.visibleColumns).toEqual(expect.arrayContaining(['unixType', 'inode', 'peerInode']));
  });
});

describe('the UNIX sockets switch while the engine answers', () => {
  it('shows the click at once, and goes back when the engine refuses', async () => {
    const user = userEvent.setup();
    let answer: (r: { ok: false; error: { code: 'unsupported'; message: string } }) => void = () => undefined;
    const setUnixSockets = vi.fn(
      () => new Promise<{ ok: false; error: { code: 'unsupported'; message: string } }>((ok) => (answer = ok)),
    );
    await renderAppWith([tcp], { getStatus: async () => ({ ok: true, value: status(false) }), setUnixSockets });
    const toggle = (await screen.findByTestId('unix-sockets-toggle')) as HTMLInputElement;
    await user.click(toggle);
    expect(toggle.checked).toBe(true);
    answer({ ok: false, error: { code: 'unsupported', message: 'no UNIX sockets here' } });
    await waitFor(() => expect(toggle.checked).toBe(false));
  });
});

describe('UNIX socket rows', () => {
  const rows = [tcp, unixRow('/run/app.sock', 100, null), unixRow('(unnamed)', 102, 101)];

  it('are counted apart from inet sockets in the status bar', async () => {
    await renderAppWith(rows, { getStatus: async () => ({ ok: true, value: status(true) }) });
    expect((await screen.findByTestId('status-unix')).textContent).toBe('UNIX 2');
    const counts = screen.getByTestId('status-counts').textContent ?? '';
    expect(counts).toMatch(/^1 sockets/);
    expect(counts).not.toMatch(/unix/);
  });

  it('are what proto:unix shows, with path, state and inode in their cells', async () => {
    const store = await renderAppWith(rows, { getStatus: async () => ({ ok: true, value: status(true) }) });
    store.getState().setFilter('proto:unix');
    await waitFor(() => expect(screen.getAllByTestId('conn-row')).toHaveLength(2));
    const text = screen.getAllByTestId('conn-row').map((r) => r.textContent ?? '');
    expect(text.some((t) => t.includes('/run/app.sock') && t.includes('LISTEN'))).toBe(true);
    expect(text.some((t) => t.includes('(unnamed)'))).toBe(true);
  });

  it("are listed in the process panel apart from the process's inet sockets", async () => {
    await renderAppWith(rows, {
      getStatus: async () => ({ ok: true, value: status(false) }),
      getProcessDetails: async (pid) => ({
        ok: true,
        value: {
          pid,
          name: 'sshd',
          exePath: null,
          commandLine: null,
          user: null,
          startTime: null,
          connections: rows.map((r, i) => ({ ...r, id: `r${i}` })),
        },
      }),
    }).then((store) => store.getState().openProcess(20));
    const table = await screen.findByTestId('process-unix-sockets');
    const cells = within(table)
      .getAllByTestId('process-unix-row')
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).toEqual([
      ['/run/app.sock', 'STREAM', 'LISTEN', '100', ''],
      ['(unnamed)', 'STREAM', 'ESTABLISHED', '102', '101'],
    ]);
    expect(screen.getAllByTestId('process-socket-row')).toHaveLength(1);
  });
});

describe('the States view', () => {
  it('counts no UNIX socket among the TCP states or the processes by socket count', () => {
    const rows = [tcp, unixRow('/run/app.sock', 100, null), unixRow('(unnamed)', 102, 101)];
    const summary = stateHistogram(rows);
    expect([summary.tcp, summary.udp, summary.raw]).toEqual([1, 0, 0]);
    expect(summary.bars.find((b) => b.state === 'LISTEN')?.count).toBe(0);
    expect(topProcesses(rows).map((p) => [p.name, p.total])).toEqual([['sshd', 1]]);
  });
});
