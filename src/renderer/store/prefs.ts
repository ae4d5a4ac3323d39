/**
 * UI preferences kept across sessions in localStorage (through zustand's
 * persist, see prefs-slice.ts): filter text, visible columns, column order and
 * widths, sort. Everything read back is validated, so a stale or hand-edited
 * entry can never break the grid.
 */
import type { PersistStorage, StorageValue } from 'zustand/middleware';
import { isSocketEngineChoice, type SocketEngineChoice } from '../../shared/traffic';
import { GRID_COLUMN_ORDER, migrateColumnOrder } from './column-order';

export interface SortPref {
  column: string;
  desc: boolean;
}

export interface Prefs {
  filter: string;
  visibleColumns: string[];
  columnOrder: string[];
  columnSizes: Record<string, number>;
  sort: SortPref | null;
  /** The grid's "Hide TIME_WAIT" toggle: closed connections the kernel keeps for a while, often thousands. */
  hideTimeWait: boolean;
  /** Linux: the socket engine the user chose in the status bar (asked of the engine on start); null: never chosen. */
  socketEngine: SocketEngineChoice | null;
}

export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

/** Where persist keeps the preferences (version 2 on). */
export const PREFS_KEY = 'netscope.prefs';
/** Where version 1 kept them, as a bare Prefs object. */
export const LEGACY_PREFS_KEY = 'netscope.prefs.v1';

export { EXTRA_COLUMN_IDS } from './column-order';

/** Every grid column in the default order: the connection, its owner, its traffic, then the rest (column-order.ts). */
export const ALL_GRID_COLUMN_IDS: readonly string[] = GRID_COLUMN_ORDER;

export const DEFAULT_VISIBLE = [
  'proto',
  'localAddress',
  'localPort',
  'remoteAddress',
  'remotePort',
  'state',
  'service',
  'pid',
  'process',
  'user',
  'path',
];

export function defaultPrefs(): Prefs {
  return {
    filter: '',
    visibleColumns: [...DEFAULT_VISIBLE],
    columnOrder: [...ALL_GRID_COLUMN_IDS],
    columnSizes: {},
    sort: null,
    hideTimeWait: false,
    socketEngine: null,
  };
}

const known = (id: unknown): id is string => typeof id === 'string' && ALL_GRID_COLUMN_IDS.includes(id);

function uniqueKnown(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return [...new Set(value.filter(known))];
}

export function sanitizePrefs(raw: unknown): Prefs {
  const d = defaultPrefs();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Record<string, unknown>;
  const visible = uniqueKnown(r.visibleColumns);
  const order = uniqueKnown(r.columnOrder);
  const sizes: Record<string, number> = {};
  if (typeof r.columnSizes === 'object' && r.columnSizes !== null) {
    for (const [k, v] of Object.entries(r.columnSizes)) {
      if (known(k) && typeof v === 'number' && Number.isFinite(v)) sizes[k] = Math.min(1200, Math.max(30, v));
    }
  }
  let sort: SortPref | null = null;
  if (typeof r.sort === 'object' && r.sort !== null) {
    const s = r.sort as Record<string, unknown>;
    if (known(s.column)) sort = { column: s.column, desc: s.desc === true };
  }
  return {
    filter: typeof r.filter === 'string' ? r.filter.slice(0, 1000) : '',
    visibleColumns: visible && visible.length > 0 ? visible : d.visibleColumns,
    // Columns added in a later version join the end of a saved order.
    columnOrder: order ? [...order, ...ALL_GRID_COLUMN_IDS.filter((id) => !order.includes(id))] : d.columnOrder,
    columnSizes: sizes,
    sort,
    hideTimeWait: r.hideTimeWait === true,
    // Added within version 2: an entry without it (or with a value no engine knows) has no choice.
    socketEngine: isSocketEngineChoice(r.socketEngine) ? r.socketEngine : null,
  };
}

/**
 * Version 2: zustand persist's { state: { prefs }, version } under PREFS_KEY. Version 3: the same, with the traffic
 * columns after the owner's rather than last (column-order.ts migrateColumnOrder).
 */
export const PREFS_VERSION = 3;

export interface PersistedPrefs {
  prefs: Prefs;
}

/**
 * Brings any stored version to today's shape. Version 1 (before the store used
 * persist) was the bare Prefs object under LEGACY_PREFS_KEY; prefsStorage reads
 * it as version 1. Whatever comes out is sanitized again on merge.
 */
export function migratePrefs(persisted: unknown, version: number): PersistedPrefs {
  const state = typeof persisted === 'object' && persisted !== null ? (persisted as { prefs?: unknown }) : {};
  const raw = version < 2 ? persisted : state.prefs;
  const prefs = sanitizePrefs(raw);
  // Before version 3 the traffic columns came last (column-order.ts): a saved order is brought to today's layout.
  const order = (raw as { columnOrder?: unknown } | null | undefined)?.columnOrder;
  if (version >= 3 || !Array.isArray(order)) return { prefs };
  return { prefs: { ...prefs, columnOrder: migrateColumnOrder(order) } };
}

/**
 * The persist storage over localStorage (or a test's map): reads today's entry
 * or, failing that, version 1's; writes only when the preferences changed,
 * since persist calls setItem on every store update (a diff every second).
 */
export function prefsStorage(storage: PrefsStorage | null): PersistStorage<PersistedPrefs> {
  let lastWritten: string | null = null;
  let legacyDropped = false;
  // Once today's entry is stored, version 1's is stale: left behind, it would be read again (and migrated over
  // today's) should today's ever be cleared. Kept as long as today's could not be written, so nothing is lost.
  const dropLegacy = (): void => {
    if (legacyDropped) return;
    legacyDropped = true;
    try {
      storage?.removeItem?.(LEGACY_PREFS_KEY);
    } catch {
      // Storage disabled: nothing to clean.
    }
  };
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return null; // garbage: defaults (merge sanitizes)
    }
  };
  return {
    getItem(name) {
      if (!storage) return null;
      try {
        const text = storage.getItem(name);
        if (text !== null) {
          lastWritten = text;
          dropLegacy();
          const value = parse(text);
          // Not persist's shape: treat as an empty entry of today's version, so merge falls back to defaults.
          return typeof value === 'object' && value !== null && 'state' in value
            ? (value as StorageValue<PersistedPrefs>)
            : ({ state: {}, version: PREFS_VERSION } as StorageValue<PersistedPrefs>);
        }
        const legacy = storage.getItem(LEGACY_PREFS_KEY);
        return legacy === null ? null : { state: parse(legacy) as PersistedPrefs, version: 1 };
      } catch {
        return null; // storage disabled (private mode): defaults
      }
    },
    setItem(name, value) {
      const text = JSON.stringify(value);
      if (text === lastWritten) return;
      lastWritten = text;
      try {
        storage?.setItem(name, text);
        dropLegacy();
      } catch {
        // Storage full or disabled: preferences just don't persist.
      }
    },
    removeItem(name) {
      try {
        storage?.removeItem?.(name);
      } catch {
        // as above
      }
    },
  };
}

/** localStorage when the page may use it. */
export function browserStorage(): PrefsStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
