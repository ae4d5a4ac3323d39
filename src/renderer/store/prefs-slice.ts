/**
 * The persisted preferences and their actions. Persistence itself is zustand's
 * persist middleware around the whole store (store.ts), which keeps only
 * `prefs` (partialize), versioned, migrated by migratePrefs.
 */
import { filterProblems } from '../../shared/filter-assist';
import { defaultPrefs, type Prefs, type SortPref } from './prefs';
import type { SliceCreator } from './types';

export interface PrefsSlice {
  prefs: Prefs;
  /**
   * The filter the grid applies: the typed text when every term can match,
   * else the last text that could (the box shows why under it; the rows stay).
   */
  appliedFilter: string;
  /** Why the typed filter cannot match (empty when it can). */
  filterProblems: string[];
  /**
   * The applied filter when the user committed it (Enter in the filter box), else null. WHY: the grid defers the
   * filter while typing (100k rows); after Enter it renders the committed filter at once, so the arrow key that
   * follows acts on the filtered rows, not on the view from before (where the row it selects is then filtered out).
   */
  committedFilter: string | null;
  setFilter(text: string): void;
  /** Enter in the filter box: the grid shows the applied filter now. */
  commitFilter(): void;
  setHideTimeWait(hide: boolean): void;
  setSort(sort: SortPref | null): void;
  /** A header click: sort by the column, or flip the direction when it is already the sort. */
  cycleSort(columnId: string): void;
  setColumnVisible(id: string, visible: boolean): void;
  setColumnOrder(order: string[]): void;
  setColumnSize(id: string, size: number): void;
  resetColumns(): void;
}

export const createPrefsSlice: SliceCreator<PrefsSlice> = (set, get) => {
  const update = (patch: Partial<Prefs>): void => set({ prefs: { ...get().prefs, ...patch } });
  return {
    prefs: defaultPrefs(),
    appliedFilter: '',
    committedFilter: null,
    filterProblems: [],
    setFilter(filter) {
      const problems = filterProblems(filter);
      set({
        prefs: { ...get().prefs, filter },
        filterProblems: problems,
        ...(problems.length === 0 ? { appliedFilter: filter } : {}),
      });
    },
    commitFilter: () => set({ committedFilter: get().appliedFilter }),
    setHideTimeWait: (hideTimeWait) => update({ hideTimeWait }),
    setSort: (sort) => update({ sort }),
    cycleSort(columnId) {
      const cur = get().prefs.sort;
      update({ sort: { column: columnId, desc: cur?.column === columnId ? !cur.desc : false } });
    },
    setColumnVisible(id, visible) {
      const cur = get().prefs.visibleColumns;
      const next = visible ? (cur.includes(id) ? cur : [...cur, id]) : cur.filter((c) => c !== id);
      // Never hide the last column: the grid would have nothing to click on.
      if (next.length > 0) update({ visibleColumns: next });
    },
    setColumnOrder: (columnOrder) => update({ columnOrder }),
    setColumnSize: (id, size) => update({ columnSizes: { ...get().prefs.columnSizes, [id]: size } }),
    resetColumns() {
      const d = defaultPrefs();
      update({ columnOrder: d.columnOrder, visibleColumns: d.visibleColumns, columnSizes: {} });
    },
  };
};
