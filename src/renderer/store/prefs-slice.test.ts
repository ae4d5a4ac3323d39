/** The preference actions through the store (issue 9: the prefs slice's rules, one by one). */
import { describe, expect, it } from 'vitest';
import { defaultPrefs, PREFS_KEY } from './prefs';
import { createNetScopeStore } from './store';
import { FakeApi, memoryStorage } from './test-helpers';

const newStore = (storage = memoryStorage()) => createNetScopeStore(new FakeApi().asApi(), storage);

describe('filter', () => {
  it('applies a filter whose every term can match, and says nothing', () => {
    const store = newStore();
    store.getState().setFilter('state:listen rate>1M');
    expect(store.getState()).toMatchObject({
      appliedFilter: 'state:listen rate>1M',
      filterProblems: [],
      prefs: { filter: 'state:listen rate>1M' },
    });
  });

  it('keeps the last good filter applied while the typed one cannot match, and says why', () => {
    const store = newStore();
    store.getState().setFilter('pid:4');
    store.getState().setFilter('pid:4 rtt>soon');
    expect(store.getState().prefs.filter).toBe('pid:4 rtt>soon');
    expect(store.getState().appliedFilter).toBe('pid:4');
    expect(store.getState().filterProblems).toEqual([
      'rtt>soon: rtt takes a time like 100ms, 1.5s, 250us (a bare number is milliseconds)',
    ]);
    // Fixed: applied again, and the problem is gone.
    store.getState().setFilter('pid:4 rtt>1s');
    expect(store.getState().appliedFilter).toBe('pid:4 rtt>1s');
    expect(store.getState().filterProblems).toEqual([]);
    // Cleared: everything shows.
    store.getState().setFilter('');
    expect(store.getState().appliedFilter).toBe('');
  });

  it('leaves the other preferences as they were', () => {
    const store = newStore();
    store.getState().setHideTimeWait(true);
    store.getState().setFilter('port:443');
    expect(store.getState().prefs).toEqual({ ...defaultPrefs(), hideTimeWait: true, filter: 'port:443' });
  });
});

describe('sort', () => {
  it('sorts by a clicked column ascending, flips on a second click, starts ascending on another', () => {
    const store = newStore();
    const sortAfter = (column: string) => {
      store.getState().cycleSort(column);
      return store.getState().prefs.sort;
    };
    expect(sortAfter('pid')).toEqual({ column: 'pid', desc: false });
    expect(sortAfter('pid')).toEqual({ column: 'pid', desc: true });
    expect(sortAfter('pid')).toEqual({ column: 'pid', desc: false });
    expect(sortAfter('pid')).toEqual({ column: 'pid', desc: true });
    expect(sortAfter('process')).toEqual({ column: 'process', desc: false });
  });

  it('is set or cleared as a whole', () => {
    const store = newStore();
    store.getState().setSort({ column: 'localPort', desc: true });
    expect(store.getState().prefs.sort).toEqual({ column: 'localPort', desc: true });
    store.getState().cycleSort('localPort');
    expect(store.getState().prefs.sort).toEqual({ column: 'localPort', desc: false });
    store.getState().setSort(null);
    expect(store.getState().prefs.sort).toBeNull();
    store.getState().cycleSort('localPort');
    expect(store.getState().prefs.sort).toEqual({ column: 'localPort', desc: false });
  });
});

describe('columns', () => {
  it('shows a column once at the end, and hides it again', () => {
    const store = newStore();
    const before = store.getState().prefs.visibleColumns;
    const hidden = store.getState().prefs.columnOrder.find((id) => !before.includes(id)) as string;
    expect(hidden).toBeDefined();
    store.getState().setColumnVisible(hidden, true);
    expect(store.getState().prefs.visibleColumns).toEqual([...before, hidden]);
    store.getState().setColumnVisible(hidden, true);
    expect(store.getState().prefs.visibleColumns).toEqual([...before, hidden]);
    store.getState().setColumnVisible(hidden, false);
    expect(store.getState().prefs.visibleColumns).toEqual(before);
    // Hiding a column that is not shown changes nothing.
    store.getState().setColumnVisible(hidden, false);
    expect(store.getState().prefs.visibleColumns).toEqual(before);
  });

  it('never hides the last one shown', () => {
    const store = newStore();
    const visible = [...store.getState().prefs.visibleColumns];
    for (const id of visible) store.getState().setColumnVisible(id, false);
    expect(store.getState().prefs.visibleColumns).toEqual([visible.at(-1)]);
  });

  it('keeps an order and each column its own width', () => {
    const store = newStore();
    store.getState().setColumnOrder(['pid', 'process']);
    expect(store.getState().prefs.columnOrder).toEqual(['pid', 'process']);
    store.getState().setColumnSize('pid', 80);
    store.getState().setColumnSize('process', 200);
    store.getState().setColumnSize('pid', 90);
    expect(store.getState().prefs.columnSizes).toEqual({ pid: 90, process: 200 });
  });

  it('resets order, visibility and widths to the defaults, and nothing else', () => {
    const store = newStore();
    const d = defaultPrefs();
    store.getState().setFilter('pid:1');
    store.getState().setSort({ column: 'pid', desc: true });
    store.getState().setHideTimeWait(true);
    store.getState().setColumnOrder(['pid']);
    store.getState().setColumnSize('pid', 10);
    store.getState().setColumnVisible(d.visibleColumns[0] as string, false);
    store.getState().resetColumns();
    expect(store.getState().prefs).toEqual({
      ...d,
      filter: 'pid:1',
      sort: { column: 'pid', desc: true },
      hideTimeWait: true,
    });
  });
});

describe('persisted', () => {
  it('every action is written and read back by a new store', () => {
    const storage = memoryStorage();
    const a = newStore(storage);
    a.getState().setHideTimeWait(true);
    a.getState().cycleSort('pid');
    a.getState().setColumnSize('pid', 77);
    expect(JSON.parse(storage.data[PREFS_KEY] ?? '{}').state.prefs).toEqual(a.getState().prefs);
    const b = newStore(storage);
    expect(b.getState().prefs).toEqual(a.getState().prefs);
    expect(b.getState().prefs).toMatchObject({ hideTimeWait: true, sort: { column: 'pid', desc: false } });
  });
});
