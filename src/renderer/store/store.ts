/**
 * The renderer's one store (zustand, vanilla so tests need no DOM), made of
 * slices: connections (snapshot, marks, engine status and commands), ui,
 * fqdn (host names), history (what the views chart) and prefs (persisted
 * through zustand's persist, versioned, migrated by migratePrefs). Per-row
 * state never lives in React: the grid derives everything from `rows` and
 * `marks`.
 */
import { createStore } from 'zustand/vanilla';
import { persist } from 'zustand/middleware';
import type { NetScopeApi, Unsubscribe } from '../../shared/api';
import { filterProblems } from '../../shared/filter-assist';
import { createConnectionsSlice } from './connections-slice';
import { createFqdnSlice } from './fqdn-slice';
import { createHistorySlice } from './history-slice';
import {
  migratePrefs,
  PREFS_KEY,
  PREFS_VERSION,
  prefsStorage,
  sanitizePrefs,
  type PersistedPrefs,
  type PrefsStorage,
} from './prefs';
import { createPrefsSlice } from './prefs-slice';
import type { NetScopeState, NetScopeStore } from './types';
import { createUiSlice } from './ui-slice';

export function createNetScopeStore(api: NetScopeApi, storage: PrefsStorage | null): NetScopeStore {
  return createStore<NetScopeState>()(
    persist<NetScopeState, [], [], PersistedPrefs>(
      (set, get) => ({
        ...createConnectionsSlice(set, get, api),
        ...createUiSlice(set, get, api),
        ...createFqdnSlice(set, get, api),
        ...createHistorySlice(set, get, api),
        ...createPrefsSlice(set, get, api),
      }),
      {
        name: PREFS_KEY,
        version: PREFS_VERSION,
        storage: prefsStorage(storage),
        partialize: (s) => ({ prefs: s.prefs }),
        migrate: migratePrefs,
        // Whatever was stored (an old version, a hand edit) is checked before the grid sees it.
        merge: (persisted, current) => {
          const prefs = sanitizePrefs(
            typeof persisted === 'object' && persisted !== null ? (persisted as { prefs?: unknown }).prefs : null,
          );
          // A saved filter that cannot match (saved mid-edit) shows its message; the grid starts unfiltered.
          const problems = filterProblems(prefs.filter);
          return { ...current, prefs, filterProblems: problems, appliedFilter: problems.length ? '' : prefs.filter };
        },
      },
    ),
  );
}

/** How long to wait for a snapshot the API pushes on its own before asking for one. */
export const PUSHED_SNAPSHOT_GRACE_MS = 15_000;

/**
 * Subscribes the store to the API's pushes, then loads what a push may not
 * bring (capabilities, status, the first snapshot). Returns the unsubscribe.
 */
export function connectStore(store: NetScopeStore, api: NetScopeApi): Unsubscribe {
  const s = store.getState;
  let shownSource: string | null = null;
  const offs: Unsubscribe[] = [
    api.onSnapshot((snap) => s().handleSnapshot(snap)),
    api.onDiff((diff) => s().handleDiff(diff)),
    // Where the transport sends a snapshot's first screenful ahead of it (the WebSocket; not Electron's IPC).
    api.onSnapshotHead?.((head) => s().handleHead(head)) ?? (() => undefined),
    api.onStatus((status) => {
      s().handleStatus(status);
      // The window switched source (a remote agent, a saved output, back): what it allows changes with it.
      const source = `${status.remote?.address ?? ''}|${status.readOnly}`;
      if (shownSource !== null && source !== shownSource) {
        void api.getCapabilities().then((r) => {
          if (r.ok) s().setCapabilities(r.value);
        });
      }
      shownSource = source;
    }),
    api.onCommand((command) => {
      if (command === 'export-csv') s().setExportOpen(true);
      else if (command === 'focus-filter') s().focusFilter();
      else if (command === 'connect-remote') s().setConnectOpen(true);
    }),
  ];
  if (api.onConnectionChange) {
    offs.push(api.onConnectionChange((connection, reason) => s().setConnection(connection, reason)));
  }
  void api.getCapabilities().then((r) => {
    if (r.ok) s().setCapabilities(r.value);
  });
  void api.getStatus().then((r) => {
    if (r.ok) s().handleStatus(r.value);
  });
  if (!s().snapshot) {
    if (api.pushesSnapshotOnConnect) {
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
