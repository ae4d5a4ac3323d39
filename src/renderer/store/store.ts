/**
 * The renderer's one store (zustand, vanilla so tests need no DOM): the
 * snapshot and row marks fed by the API's pushes, the engine status and
 * capabilities, and the persisted UI preferences. Per-row state never lives
 * in React: the grid derives everything from `rows` and `marks`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Capabilities, EngineStatus, NetScopeApi, ApiResult, Unsubscribe } from '../../shared/api';
import { DiffGapError, type SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import { loadPrefs, savePrefs, type Prefs, type PrefsStorage, type SortPref } from './prefs';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from './rows';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

export interface NetScopeState extends RowsState {
  status: EngineStatus | null;
  capabilities: Capabilities | null;
  /** Browser mode: the WebSocket's state; null in Electron. */
  connection: ConnectionState | null;
  resyncing: boolean;
  prefs: Prefs;
  notice: Notice | null;

  handleSnapshot(snapshot: Snapshot): void;
  handleDiff(diff: SnapshotDiff): void;
  handleStatus(status: EngineStatus): void;
  resync(): Promise<void>;

  setFilter(text: string): void;
  setSort(sort: SortPref | null): void;
  setColumnVisible(id: string, visible: boolean): void;
  setColumnOrder(order: string[]): void;
  setColumnSize(id: string, size: number): void;
  setNotice(notice: Notice | null): void;

  pause(): Promise<void>;
  resume(): Promise<void>;
  refreshNow(): Promise<void>;
  setIntervalMs(ms: number): Promise<void>;
}

export type NetScopeStore = StoreApi<NetScopeState>;

/** Runs fn once the next frame is painted (a task queued from requestAnimationFrame); a plain task without a DOM. */
function afterNextFrame(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
}

export function createNetScopeStore(api: NetScopeApi, storage: PrefsStorage | null): NetScopeStore {
  return createStore<NetScopeState>()((set, get) => {
    const updatePrefs = (patch: Partial<Prefs>): void => {
      const prefs = { ...get().prefs, ...patch };
      savePrefs(storage, prefs);
      set({ prefs });
    };

    /** Engine commands answer with the new status; failures become a notice, never a throw. */
    const command = async (run: () => Promise<ApiResult<EngineStatus>>): Promise<void> => {
      const r = await run();
      if (r.ok) get().handleStatus(r.value);
      else set({ notice: { kind: 'error', text: `${r.error.code}: ${r.error.message}` } });
    };

    return {
      ...EMPTY_ROWS,
      status: null,
      capabilities: null,
      connection: null,
      resyncing: false,
      prefs: loadPrefs(storage),
      notice: null,

      handleSnapshot(snapshot) {
        const s = get();
        // A late answer to a resync must not roll a newer view back.
        if (
          s.snapshot &&
          snapshot.source.kind === 'live' &&
          s.snapshot.source.kind === 'live' &&
          snapshot.seq < s.snapshot.seq
        )
          return;
        set(receiveSnapshot(s, snapshot));
        // The id index that makes diffs O(changes) is built after this snapshot's first frame, not before it.
        afterNextFrame(() => {
          const cur = get();
          if (cur.snapshot === snapshot) withIndex(cur);
        });
      },

      handleDiff(diff) {
        const s = get();
        if (s.resyncing) return;
        if (!s.snapshot) {
          void get().resync();
          return;
        }
        try {
          const next = receiveDiff(s, diff);
          if (next !== s) set(next);
        } catch (e) {
          if (e instanceof DiffGapError) void get().resync();
          else throw e;
        }
      },

      handleStatus(status) {
        set({ status });
      },

      async resync() {
        if (get().resyncing) return;
        set({ resyncing: true });
        try {
          const r = await api.getSnapshot();
          if (r.ok) get().handleSnapshot(r.value);
          else set({ notice: { kind: 'error', text: `Could not reload the snapshot: ${r.error.message}` } });
        } finally {
          set({ resyncing: false });
        }
      },

      setFilter: (filter) => updatePrefs({ filter }),
      setSort: (sort) => updatePrefs({ sort }),
      setColumnVisible(id, visible) {
        const cur = get().prefs.visibleColumns;
        const next = visible ? (cur.includes(id) ? cur : [...cur, id]) : cur.filter((c) => c !== id);
        // Never hide the last column: the grid would have nothing to click on.
        if (next.length > 0) updatePrefs({ visibleColumns: next });
      },
      setColumnOrder: (columnOrder) => updatePrefs({ columnOrder }),
      setColumnSize: (id, size) => updatePrefs({ columnSizes: { ...get().prefs.columnSizes, [id]: size } }),
      setNotice: (notice) => set({ notice }),

      pause: () => command(() => api.pause()),
      resume: () => command(() => api.resume()),
      refreshNow: () => command(() => api.refreshNow()),
      setIntervalMs: (ms) => command(() => api.setInterval(ms)),
    };
  });
}

function hasConnectionEvents(
  api: NetScopeApi,
): api is NetScopeApi & { onConnectionChange(l: (s: ConnectionState) => void): Unsubscribe } {
  return typeof (api as { onConnectionChange?: unknown }).onConnectionChange === 'function';
}

function pushesSnapshotOnConnect(api: NetScopeApi): boolean {
  return (api as { pushesSnapshotOnConnect?: unknown }).pushesSnapshotOnConnect === true;
}

/** How long to wait for a snapshot the API pushes on its own before asking for one. */
export const PUSHED_SNAPSHOT_GRACE_MS = 15_000;

/**
 * Subscribes the store to the API's pushes, then loads what a push may not
 * bring (capabilities, status, the first snapshot). Returns the unsubscribe.
 */
export function connectStore(store: NetScopeStore, api: NetScopeApi): Unsubscribe {
  const s = store.getState;
  const offs: Unsubscribe[] = [
    api.onSnapshot((snap) => s().handleSnapshot(snap)),
    api.onDiff((diff) => s().handleDiff(diff)),
    api.onStatus((status) => s().handleStatus(status)),
  ];
  if (hasConnectionEvents(api)) offs.push(api.onConnectionChange((connection) => store.setState({ connection })));
  void api.getCapabilities().then((r) => {
    if (r.ok) store.setState({ capabilities: r.value });
  });
  void api.getStatus().then((r) => {
    if (r.ok) s().handleStatus(r.value);
  });
  if (!s().snapshot) {
    if (pushesSnapshotOnConnect(api)) {
      // The push is on its way (or comes with the engine's first refresh); asking
      // too would make the server serialize and send the whole snapshot twice and
      // the page parse it twice, which at 100k rows doubles the first paint.
      const timer = setTimeout(() => {
        if (!s().snapshot) void s().resync();
      }, PUSHED_SNAPSHOT_GRACE_MS);
      offs.push(() => clearTimeout(timer));
    } else {
      void s().resync();
    }
  }
  return () => offs.forEach((off) => off());
}
