/** The transient UI state and the process panel's engine calls, through the store's actions (issue 9). */
import { createElement, type ReactNode } from 'react';
import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ApiResult, ElevateResult, EngineStatus, NetScopeApi, ShellCommand } from '../../shared/api';
import type { SnapshotHead } from '../../shared/wire-head';
import { connectStore, createNetScopeStore, StoreProvider, TABS, useNetScope, useNetScopeStore } from './index';
import { defaultPrefs, PREFS_KEY } from './prefs';
import { PUSHED_SNAPSHOT_GRACE_MS } from './store';
import { conn, FakeApi, memoryStorage } from './test-helpers';

const api = (overrides: Partial<NetScopeApi> = {}): NetScopeApi => ({ ...new FakeApi().asApi(), ...overrides });
const refused = async () => ({ ok: false as const, error: { code: 'forbidden' as const, message: 'not allowed' } });

describe('ui slice', () => {
  it('starts on the grid with nothing open', () => {
    const s = createNetScopeStore(api(), null).getState();
    expect(s).toMatchObject({
      tab: 'Connections',
      selectedId: null,
      menu: null,
      processPid: null,
      confirmEnd: false,
      exportOpen: false,
      connectOpen: false,
      columnsOpen: false,
      notice: null,
      filterFocusRequests: 0,
    });
    expect(TABS[0]).toBe('Connections');
  });

  it('closes the context menu when a tab, the process panel or a dialog opens', () => {
    const store = createNetScopeStore(api(), null);
    const menu = { connection: conn(1), x: 10, y: 20 };
    const opens: [string, () => void, Record<string, unknown>][] = [
      ['tab', () => store.getState().setTab('Routes'), { tab: 'Routes' }],
      ['process', () => store.getState().openProcess(42), { processPid: 42, confirmEnd: false }],
      ['end', () => store.getState().openProcess(43, true), { processPid: 43, confirmEnd: true }],
      ['export', () => store.getState().setExportOpen(true), { exportOpen: true }],
      ['connect', () => store.getState().setConnectOpen(true), { connectOpen: true }],
    ];
    for (const [name, open, expected] of opens) {
      store.getState().openMenu(menu);
      expect(store.getState().menu).toBe(menu);
      open();
      expect([name, store.getState()]).toMatchObject([name, { ...expected, menu: null }]);
    }
  });

  it('keeps the menu open for a selection, the column chooser and the confirmation flag', () => {
    const store = createNetScopeStore(api(), null);
    const menu = { connection: conn(1), x: 1, y: 2 };
    store.getState().openMenu(menu);
    store.getState().select('row-1');
    store.getState().setColumnsOpen(true);
    store.getState().setConfirmEnd(true);
    expect(store.getState()).toMatchObject({ menu, selectedId: 'row-1', columnsOpen: true, confirmEnd: true });
    store.getState().setColumnsOpen(false);
    store.getState().setExportOpen(false);
    store.getState().setConnectOpen(false);
    expect(store.getState()).toMatchObject({ columnsOpen: false, exportOpen: false, connectOpen: false, menu: null });
  });

  it('counts each request to focus the filter', () => {
    const store = createNetScopeStore(api(), null);
    store.getState().focusFilter();
    store.getState().focusFilter();
    expect(store.getState().filterFocusRequests).toBe(2);
  });

  it('drills down to the grid with the filter applied and nothing selected', () => {
    const store = createNetScopeStore(api(), null);
    store.getState().setTab('Top talkers');
    store.getState().select('x');
    store.getState().openMenu({ connection: conn(1), x: 0, y: 0 });
    store.getState().showInGrid('pid:7');
    expect(store.getState()).toMatchObject({
      tab: 'Connections',
      menu: null,
      selectedId: null,
      appliedFilter: 'pid:7',
      prefs: { filter: 'pid:7' },
    });
  });
});

describe('engine calls of the process panel and dialogs', () => {
  it('hands each request to the engine and its answer back', async () => {
    const answer = { ok: true as const, value: { title: 'agent' } };
    const calls = {
      getProcessDetails: vi.fn(refused),
      endProcess: vi.fn(async () => ({ ok: true as const, value: { ended: true as const } })),
      revealFile: vi.fn(refused),
      connectRemote: vi.fn(async () => answer),
    };
    const store = createNetScopeStore(api(calls), null);
    expect(await store.getState().getProcessDetails(42)).toEqual(await refused());
    expect(await store.getState().endProcess({ pid: 42, startTime: null })).toEqual({
      ok: true,
      value: { ended: true },
    });
    expect(await store.getState().revealFile('/usr/bin/x')).toEqual(await refused());
    expect(await store.getState().connectRemote('http://127.0.0.1:7000/#token=t')).toBe(answer);
    expect(calls.getProcessDetails).toHaveBeenCalledWith(42);
    expect(calls.endProcess).toHaveBeenCalledWith({ pid: 42, startTime: null });
    expect(calls.revealFile).toHaveBeenCalledWith('/usr/bin/x');
    expect(calls.connectRemote).toHaveBeenCalledWith('http://127.0.0.1:7000/#token=t');
  });

  it('says what resolving owners elevated did: its message, else how many, else why it failed', async () => {
    const run = async (r: ApiResult<ElevateResult>) => {
      const store = createNetScopeStore(api({ elevateOwners: async () => r }), null);
      await store.getState().elevateOwners();
      return store.getState().notice;
    };
    expect(await run({ ok: true, value: { resolved: 3, message: 'UAC refused' } })).toEqual({
      kind: 'info',
      text: 'UAC refused',
    });
    expect(await run({ ok: true, value: { resolved: 3, message: '' } })).toEqual({
      kind: 'info',
      text: 'Resolved 3 owners.',
    });
    expect(await run(await refused())).toEqual({ kind: 'error', text: 'forbidden: not allowed' });
  });

  it("gives an engine's refusal to save other than 'unsupported' back, and downloads on 'unsupported'", async () => {
    const store = createNetScopeStore(api({ exportCsv: refused }), null);
    expect(await store.getState().saveCsv('A\r\n', 'x.csv')).toEqual(await refused());
    const unsupported = async () => ({ ok: false as const, error: { code: 'unsupported' as const, message: 'no' } });
    const exportCsv = vi.fn(unsupported);
    const engineless = createNetScopeStore(api({ exportCsv }), null);
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    try {
      expect(await engineless.getState().saveCsv('A\r\n', 'y.csv')).toEqual({ ok: true, value: { savedTo: null } });
    } finally {
      click.mockRestore();
    }
    expect(exportCsv).toHaveBeenCalledTimes(1);
    expect(clicked).toEqual(['y.csv']);
  });
});

describe('connectStore', () => {
  function wired(over: Partial<NetScopeApi> = {}) {
    const fake = new FakeApi();
    const commands = new Set<(c: ShellCommand) => void>();
    const getCapabilities = vi.fn(fake.asApi().getCapabilities);
    const a = api({ onCommand: (l) => (commands.add(l), () => commands.delete(l)), getCapabilities, ...over });
    const store = createNetScopeStore(a, null);
    const off = connectStore(store, a);
    const pushStatus = (status: EngineStatus) => fake.statusListeners.forEach((l) => l(status));
    return { fake, store, off, commands, getCapabilities, a, pushStatus };
  }

  it('opens the remote agent dialog on the shell command, and ignores the commands it does not handle', () => {
    const { store, commands } = wired();
    commands.forEach((l) => l('about'));
    expect(store.getState()).toMatchObject({ connectOpen: false, exportOpen: false, filterFocusRequests: 0 });
    commands.forEach((l) => l('connect-remote'));
    expect(store.getState().connectOpen).toBe(true);
  });

  it('asks the capabilities again only when the window switches source', async () => {
    const fake = new FakeApi();
    const statusListeners = new Set<(s: EngineStatus) => void>();
    const getCapabilities = vi.fn(fake.asApi().getCapabilities);
    const a = api({ getCapabilities, onStatus: (l) => (statusListeners.add(l), () => statusListeners.delete(l)) });
    const store = createNetScopeStore(a, null);
    connectStore(store, a);
    await vi.waitFor(() => expect(store.getState().capabilities).not.toBeNull());
    expect(getCapabilities).toHaveBeenCalledTimes(1);
    const push = (status: EngineStatus) => statusListeners.forEach((l) => l(status));
    const local = fake.status;
    const remote: EngineStatus = {
      ...local,
      remote: { address: '127.0.0.1:7000', hostName: null, state: 'open', message: null },
    };
    push(local); // the first status: nothing to compare with
    push({ ...local, seq: 11 }); // same source
    expect(getCapabilities).toHaveBeenCalledTimes(1);
    expect(store.getState().status?.seq).toBe(11);
    push(remote);
    expect(getCapabilities).toHaveBeenCalledTimes(2);
    push({ ...remote, seq: 12 });
    expect(getCapabilities).toHaveBeenCalledTimes(2);
    push({ ...remote, readOnly: true }); // a saved output: read-only
    expect(getCapabilities).toHaveBeenCalledTimes(3);
    push({ ...local, readOnly: true }); // back to this computer
    expect(getCapabilities).toHaveBeenCalledTimes(4);
  });

  it('keeps the capabilities it has when asking again fails', async () => {
    const caps = {
      mode: 'electron' as const,
      canEndProcess: true,
      canRevealFile: true,
      canElevate: false,
      platform: 'linux',
    };
    const getCapabilities = vi
      .fn<NetScopeApi['getCapabilities']>()
      .mockResolvedValueOnce({ ok: true, value: caps })
      .mockResolvedValue(await refused());
    const statusListeners = new Set<(s: EngineStatus) => void>();
    const fake = new FakeApi();
    const getStatus = vi.fn(refused);
    const a = api({
      getCapabilities,
      getStatus,
      onStatus: (l) => (statusListeners.add(l), () => statusListeners.delete(l)),
    });
    const store = createNetScopeStore(a, null);
    connectStore(store, a);
    await vi.waitFor(() => expect(store.getState().capabilities).toBe(caps));
    statusListeners.forEach((l) => l(fake.status));
    statusListeners.forEach((l) => l({ ...fake.status, readOnly: true }));
    await vi.waitFor(() => expect(getCapabilities).toHaveBeenCalledTimes(2));
    await Promise.resolve();
    expect(store.getState().capabilities).toBe(caps);
    // A refused first status leaves it to the pushes.
    expect(getStatus).toHaveBeenCalledTimes(1);
  });

  it('shows the first screenful the transport sends ahead of a snapshot', () => {
    const heads = new Set<(h: SnapshotHead) => void>();
    const a = api({ onSnapshotHead: (l) => (heads.add(l), () => heads.delete(l)) });
    const store = createNetScopeStore(a, null);
    const off = connectStore(store, a);
    const head: SnapshotHead = {
      seq: 3,
      view: { sort: null, filter: '', hideTimeWait: false },
      total: 0,
      matched: 0,
      byProtocol: [],
      byState: [],
      rows: [],
    };
    heads.forEach((l) => l(head));
    expect(store.getState().head).toBe(head);
    off();
    expect(heads.size).toBe(0);
  });

  it('leaves capabilities and status empty when the engine refuses them on connect', async () => {
    const getCapabilities = vi.fn(refused);
    const getStatus = vi.fn(refused);
    const a = api({ getCapabilities, getStatus });
    const store = createNetScopeStore(a, null);
    connectStore(store, a);
    await vi.waitFor(() => expect(getStatus).toHaveBeenCalled());
    await vi.waitFor(() => expect(store.getState().snapshot).not.toBeNull());
    expect(store.getState().capabilities).toBeNull();
    expect(store.getState().status).toBeNull();
  });

  it('takes the new capabilities when the window moves from one remote agent to another', async () => {
    const fake = new FakeApi();
    const caps = (platform: string) => ({
      mode: 'electron' as const,
      canEndProcess: false,
      canRevealFile: false,
      canElevate: false,
      platform,
    });
    const answers = [caps('linux'), caps('win32'), caps('darwin')];
    const getCapabilities = vi.fn(async () => ({ ok: true as const, value: answers.shift() ?? caps('none') }));
    const statusListeners = new Set<(s: EngineStatus) => void>();
    const a = api({ getCapabilities, onStatus: (l) => (statusListeners.add(l), () => statusListeners.delete(l)) });
    const store = createNetScopeStore(a, null);
    connectStore(store, a);
    await vi.waitFor(() => expect(store.getState().capabilities?.platform).toBe('linux'));
    const agent = (address: string): EngineStatus => ({
      ...fake.status,
      remote: { address, hostName: null, state: 'open', message: null },
    });
    statusListeners.forEach((l) => l(agent('127.0.0.1:7000')));
    statusListeners.forEach((l) => l(agent('127.0.0.1:7001')));
    expect(getCapabilities).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(store.getState().capabilities?.platform).toBe('win32'));
  });

  it('stops waiting for the pushed snapshot when unsubscribed', async () => {
    vi.useFakeTimers();
    try {
      const fake = new FakeApi();
      const a = { ...fake.asApi(), pushesSnapshotOnConnect: true as const };
      const off = connectStore(createNetScopeStore(a, null), a);
      off();
      await vi.advanceTimersByTimeAsync(PUSHED_SNAPSHOT_GRACE_MS + 1);
      expect(fake.getSnapshot).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts unfiltered when the saved filter cannot match, and says why', () => {
    const storage = memoryStorage({
      [PREFS_KEY]: JSON.stringify({ state: { prefs: { ...defaultPrefs(), filter: 'rtt>soon' } }, version: 2 }),
    });
    const s = createNetScopeStore(api(), storage).getState();
    expect(s.prefs.filter).toBe('rtt>soon');
    expect(s.appliedFilter).toBe('');
    expect(s.filterProblems).toHaveLength(1);
    const good = memoryStorage({
      [PREFS_KEY]: JSON.stringify({ state: { prefs: { ...defaultPrefs(), filter: 'rtt>1s' } }, version: 2 }),
    });
    expect(createNetScopeStore(api(), good).getState().appliedFilter).toBe('rtt>1s');
  });

  it('does not ask for a snapshot it already holds', async () => {
    const fake = new FakeApi();
    const a = fake.asApi();
    const store = createNetScopeStore(a, null);
    store.getState().handleSnapshot(fake.current);
    const off = connectStore(store, a);
    await Promise.resolve();
    expect(fake.getSnapshot).not.toHaveBeenCalled();
    off();
  });
});

describe('the React hooks', () => {
  it('read the store given by the provider', () => {
    const store = createNetScopeStore(api(), null);
    const wrapper = ({ children }: { children?: ReactNode }) => createElement(StoreProvider, { store }, children);
    const { result } = renderHook(() => [useNetScopeStore(), useNetScope((s) => s.tab)] as const, { wrapper });
    expect(result.current[0]).toBe(store);
    expect(result.current[1]).toBe('Connections');
  });

  it('say so outside a provider', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => renderHook(() => useNetScopeStore())).toThrow(
        'NetScope store missing: render inside <StoreProvider>',
      );
    } finally {
      quiet.mockRestore();
    }
  });
});
