/**
 * UI preferences kept across sessions in localStorage: filter text, visible
 * columns, column order and widths, sort. Everything read back is validated,
 * so a stale or hand-edited entry can never break the grid.
 */
import { CONNECTION_COLUMNS } from '../../shared/columns';

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
}

export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const PREFS_KEY = 'netscope.prefs.v1';

/** Grid columns beyond the shared ones: computed in the renderer. */
export const EXTRA_COLUMN_IDS = ['service', 'fqdn'] as const;

/** The netstat order, with the renderer's columns after the remote port and state. */
export const ALL_GRID_COLUMN_IDS: readonly string[] = (() => {
  const ids = CONNECTION_COLUMNS.map((c) => c.id);
  const at = ids.indexOf('state') + 1;
  return [...ids.slice(0, at), ...EXTRA_COLUMN_IDS, ...ids.slice(at)];
})();

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
  };
}

export function loadPrefs(storage: PrefsStorage | null): Prefs {
  if (!storage) return defaultPrefs();
  try {
    const text = storage.getItem(PREFS_KEY);
    return text ? sanitizePrefs(JSON.parse(text)) : defaultPrefs();
  } catch {
    return defaultPrefs();
  }
}

export function savePrefs(storage: PrefsStorage | null, prefs: Prefs): void {
  try {
    storage?.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Storage full or disabled (private mode): preferences just don't persist.
  }
}

/** localStorage when the page may use it. */
export function browserStorage(): PrefsStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
