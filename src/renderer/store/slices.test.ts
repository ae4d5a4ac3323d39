/** The store's slices: persisted preferences and their migration, history, host names, shell commands, saving a CSV. */
import { describe, it, expect, vi } from 'vitest';
import type { ApiResult, NetScopeApi, ShellCommand, TransportState } from '../../shared/api';
import { diffSnapshots } from '../../shared/diff';
import { emptySnapshot, zeroCounters, type Snapshot } from '../../shared/model';
import { defaultPrefs, LEGACY_PREFS_KEY, PREFS_KEY, PREFS_VERSION } from './prefs';
import { connectStore, createNetScopeStore } from './store';
import { conn, FakeApi, memoryStorage, snap } from './test-helpers';

const api = (overrides: Partial<NetScopeApi> = {}): NetScopeApi => ({ ...new FakeApi().asApi(), ...overrides });

describe('prefs: persist with a version and migrate', () => {
  it('migrates the shape stored before persist (a bare Prefs object under netscope.prefs.v1)', () => {
    // Exactly what version 1 wrote: JSON.stringify(prefs) under its own key.
    const v1 = {
      filter: 'state:listen',
      visibleColumns: ['pid', 'process', 'bogus'],
      columnOrder: ['process', 'pid'],
      columnSizes: { pid: 80 },
      sort: { column: 'pid', desc: true },
    };
    const storage = memoryStorage({ [LEGACY_PREFS_KEY]: JSON.stringify(v1) });
    const prefs = createNetScopeStore(api(), storage).getState().prefs;
    expect(prefs.filter).toBe('state:listen');
    expect(prefs.visibleColumns).toEqual(['pid', 'process']);
    expect(prefs.columnOrder.slice(0, 2)).toEqual(['process', 'pid']);
    expect(prefs.columnOrder).toContain('service');
    expect(prefs.columnSizes).toEqual({ pid: 80 });
    expect(prefs.sort).toEqual({ column: 'pid', desc: true });
    // Migrated and written back in today's shape, under today's key.
    const stored = JSON.parse(storage.data[PREFS_KEY] ?? 'null') as { state: { prefs: unknown }; version: number };
    expect(stored.version).toBe(PREFS_VERSION);
    expect(stored.state.prefs).toEqual(prefs);
    // The old entry goes once today's is written: nothing stale is left behind to be read again.
    expect(storage.data[LEGACY_PREFS_KEY]).toBeUndefined();
  });

  it("drops a stale version 1 entry left beside today's", () => {
    const storage = memoryStorage({
      [LEGACY_PREFS_KEY]: JSON.stringify({ filter: 'old' }),
      [PREFS_KEY]: JSON.stringify({ state: { prefs: { ...defaultPrefs(), filter: 'new' } }, version: 2 }),
    });
    expect(createNetScopeStore(api(), storage).getState().prefs.filter).toBe('new');
    expect(storage.data[LEGACY_PREFS_KEY]).toBeUndefined();
  });

  it("keeps the version 1 entry when today's cannot be written (storage full): the preferences are not lost", () => {
    const storage = memoryStorage({ [LEGACY_PREFS_KEY]: JSON.stringify({ filter: 'state:listen' }) });
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(createNetScopeStore(api(), storage).getState().prefs.filter).toBe('state:listen');
    expect(storage.data[LEGACY_PREFS_KEY]).toBeDefined();
  });

  it("reads today's entry before the old one, and sanitizes what it reads", () => {
    const storage = memoryStorage({
      [LEGACY_PREFS_KEY]: JSON.stringify({ filter: 'old' }),
      [PREFS_KEY]: JSON.stringify({
        state: { prefs: { ...defaultPrefs(), filter: 'new', visibleColumns: ['nope'] } },
        version: 2,
      }),
    });
    const prefs = createNetScopeStore(api(), storage).getState().prefs;
    expect(prefs.filter).toBe('new');
    expect(prefs.visibleColumns).toEqual(defaultPrefs().visibleColumns);
  });

  it('falls back to defaults on garbage in either entry', () => {
    const entries: Record<string, string>[] = [
      { [LEGACY_PREFS_KEY]: '{oops' },
      { [PREFS_KEY]: '42' },
      { [PREFS_KEY]: '{"state":7}' },
    ];
    for (const data of entries) {
      expect(createNetScopeStore(api(), memoryStorage(data)).getState().prefs).toEqual(defaultPrefs());
    }
  });

  it('writes the preferences when they change, not on every diff', () => {
    const storage = memoryStorage();
    const setItem = vi.spyOn(storage, 'setItem');
    const store = createNetScopeStore(api(), storage);
    const s1 = snap(1, [conn(1)]);
    store.getState().handleSnapshot(s1);
    const writesBefore = setItem.mock.calls.length;
    store.getState().handleDiff(diffSnapshots(s1, snap(2, [conn(1), conn(2)])));
    store.getState().select('x');
    expect(setItem.mock.calls.length).toBe(writesBefore);
    store.getState().setFilter('pid:1');
    expect(setItem.mock.calls.length).toBe(writesBefore + 1);
  });
});

function withInterface(seq: number, rx: number | null): Snapshot {
  return emptySnapshot({
    seq,
    takenAt: 1_000_000 + seq * 1000,
    interfaces: [
      {
        name: 'eth0',
        mac: null,
        mtu: 1500,
        up: true,
        speedMbps: null,
        counters: zeroCounters(),
        rates: rx === null ? null : { rxBytesPerSec: rx, txBytesPerSec: 0, rxPacketsPerSec: 0, txPacketsPerSec: 0 },
      },
    ],
  });
}

describe('history slice', () => {
  it('records every new snapshot once, in the same update, whichever view is open', () => {
    const store = createNetScopeStore(api(), null);
    store.getState().handleSnapshot(withInterface(1, null));
    store.getState().handleSnapshot(withInterface(2, 100));
    expect(store.getState().historyVersion).toBe(2);
    store.getState().handleSnapshot(withInterface(2, 100)); // the same again (a resync)
    expect(store.getState().historyVersion).toBe(2);
    expect(
      store
        .getState()
        .history.points('eth0')
        .map((p) => p.rxBytesPerSec),
    ).toEqual([100]);
    // Each store has its own history.
    expect(createNetScopeStore(api(), null).getState().history.points('eth0')).toEqual([]);
  });
});

describe('fqdn slice', () => {
  it('asks for the addresses on screen a few at a time, skips wildcards and known names, drops older screens', async () => {
    const pending: { address: string; answer: (r: ApiResult<string | null>) => void }[] = [];
    const resolveHost = vi.fn(
      (address: string) =>
        new Promise<ApiResult<string | null>>((answer) => {
          pending.push({ address, answer });
        }),
    );
    const store = createNetScopeStore(api({ resolveHost }), null);
    store.getState().resolveVisible(['0.0.0.0', '*', '::', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    expect(resolveHost.mock.calls.map((c) => c[0])).toEqual(['a1', 'a2', 'a3', 'a4']);
    // The user scrolled: a5 and a6 are no longer wanted, b1 is.
    store.getState().resolveVisible(['b1', 'a1']);
    pending[0]?.answer({ ok: true, value: 'one.example' });
    await vi.waitFor(() => expect(resolveHost).toHaveBeenCalledTimes(5));
    expect(resolveHost.mock.calls.at(-1)?.[0]).toBe('b1');
    expect(store.getState().hostNames.get('a1')).toBe('one.example');
    store.getState().resolveVisible(['a1']);
    expect(resolveHost).toHaveBeenCalledTimes(5); // known: not asked again
  });

  it('says the answer of a look-up from the menu and remembers it', async () => {
    const resolveHost = async (): Promise<ApiResult<string | null>> => ({ ok: true, value: 'host.example' });
    const store = createNetScopeStore(api({ resolveHost }), null);
    await store.getState().lookUpHost('192.0.2.1');
    expect(store.getState().notice).toEqual({ kind: 'info', text: '192.0.2.1 is host.example' });
    expect(store.getState().hostNames.get('192.0.2.1')).toBe('host.example');
  });
});

describe('ui slice', () => {
  it('drills down from a view to the grid filtered to those rows', () => {
    const store = createNetScopeStore(api(), null);
    store.getState().setTab('DoS');
    store.getState().select('some-row');
    store.getState().showInGrid('raddr:=203.0.113.9 state:syn_recv');
    expect(store.getState().tab).toBe('Connections');
    expect(store.getState().prefs.filter).toBe('raddr:=203.0.113.9 state:syn_recv');
    expect(store.getState().selectedId).toBeNull();
  });
});

describe('connectStore', () => {
  it("follows the shell's commands and the optional transport state", () => {
    const commands = new Set<(c: ShellCommand) => void>();
    const states = new Set<(s: TransportState) => void>();
    const withTransport = api({
      onCommand: (l) => (commands.add(l), () => commands.delete(l)),
      onConnectionChange: (l) => (states.add(l), () => states.delete(l)),
    });
    const store = createNetScopeStore(withTransport, null);
    const off = connectStore(store, withTransport);
    commands.forEach((l) => l('export-csv'));
    expect(store.getState().exportOpen).toBe(true);
    commands.forEach((l) => l('focus-filter'));
    expect(store.getState().filterFocusRequests).toBe(1);
    states.forEach((l) => l('closed'));
    expect(store.getState().connection).toBe('closed');
    off();
    expect(commands.size + states.size).toBe(0);
    // Electron's IPC has no transport state: nothing to subscribe, the state stays null.
    const plain = createNetScopeStore(api(), null);
    connectStore(plain, api())();
    expect(plain.getState().connection).toBeNull();
  });
});

describe('saveCsv', () => {
  it('Electron: hands the text and name to the engine and answers the path', async () => {
    const exportCsv = vi.fn(async () => ({ ok: true as const, value: { path: '/home/u/x.csv' } }));
    const store = createNetScopeStore(api({ exportCsv }), null);
    store.getState().setCapabilities({
      mode: 'electron',
      canEndProcess: true,
      canRevealFile: true,
      canElevate: false,
      platform: 'linux',
    });
    expect(await store.getState().saveCsv('A\r\n1\r\n', 'x.csv')).toEqual({
      ok: true,
      value: { savedTo: '/home/u/x.csv' },
    });
    expect(exportCsv).toHaveBeenCalledWith({ csv: 'A\r\n1\r\n', fileName: 'x.csv' });
  });

  it('browser: downloads in the page and never sends the text to the server', async () => {
    const exportCsv = vi.fn();
    const store = createNetScopeStore(api({ exportCsv }), null);
    store.getState().setCapabilities({
      mode: 'browser',
      canEndProcess: false,
      canRevealFile: false,
      canElevate: false,
      platform: 'linux',
    });
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    try {
      expect(await store.getState().saveCsv('A\r\n', 'netscope-x.csv')).toEqual({ ok: true, value: { savedTo: null } });
    } finally {
      click.mockRestore();
    }
    expect(clicked).toEqual(['netscope-x.csv']);
    expect(exportCsv).not.toHaveBeenCalled();
  });
});
