/**
 * What the stored preferences become when read back (issue 9): a stale, hand-edited or garbage entry can never
 * break the grid, and the storage writes only what changed, never throws, and keeps version 1's entry until
 * today's is written.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ALL_GRID_COLUMN_IDS,
  browserStorage,
  DEFAULT_VISIBLE,
  defaultPrefs,
  LEGACY_PREFS_KEY,
  migratePrefs,
  PREFS_KEY,
  PREFS_VERSION,
  prefsStorage,
  sanitizePrefs,
} from './prefs';
import { memoryStorage } from './test-helpers';

describe('sanitizePrefs', () => {
  it('gives the defaults for anything that is no object', () => {
    for (const raw of [null, undefined, 42, 'prefs', true]) expect(sanitizePrefs(raw)).toEqual(defaultPrefs());
    expect(sanitizePrefs({})).toEqual(defaultPrefs());
  });

  it('keeps known visible columns once each, in the saved order; defaults when none is left', () => {
    expect(sanitizePrefs({ visibleColumns: ['pid', 'bogus', 'pid', 3, 'state'] }).visibleColumns).toEqual([
      'pid',
      'state',
    ]);
    expect(sanitizePrefs({ visibleColumns: ['bogus'] }).visibleColumns).toEqual(DEFAULT_VISIBLE);
    expect(sanitizePrefs({ visibleColumns: [] }).visibleColumns).toEqual(DEFAULT_VISIBLE);
    expect(sanitizePrefs({ visibleColumns: 'pid' }).visibleColumns).toEqual(DEFAULT_VISIBLE);
    expect(sanitizePrefs({ visibleColumns: ['toString', 'constructor'] }).visibleColumns).toEqual(DEFAULT_VISIBLE);
  });

  it('puts columns a saved order lacks (added by a later version) at its end, in their own order', () => {
    const order = sanitizePrefs({ columnOrder: ['process', 'bogus', 'pid', 'process'] }).columnOrder;
    expect(order.slice(0, 2)).toEqual(['process', 'pid']);
    expect(order.slice(2)).toEqual(ALL_GRID_COLUMN_IDS.filter((id) => id !== 'process' && id !== 'pid'));
    expect(sanitizePrefs({ columnOrder: [] }).columnOrder).toEqual(ALL_GRID_COLUMN_IDS);
    expect(sanitizePrefs({ columnOrder: { 0: 'pid' } }).columnOrder).toEqual(ALL_GRID_COLUMN_IDS);
  });

  it('keeps widths of known columns within 30 to 1200 pixels, and drops the rest', () => {
    const sizes = sanitizePrefs({
      columnSizes: {
        pid: 80,
        process: 29,
        path: 1201,
        user: 30,
        state: 1200,
        service: -5,
        bogus: 100,
        localPort: '90',
        remotePort: Number.NaN,
        localAddress: Number.POSITIVE_INFINITY,
      },
    }).columnSizes;
    expect(sizes).toEqual({ pid: 80, process: 30, path: 1200, user: 30, state: 1200, service: 30 });
    expect(sanitizePrefs({ columnSizes: null }).columnSizes).toEqual({});
    expect(sanitizePrefs({ columnSizes: 5 }).columnSizes).toEqual({});
  });

  it('keeps a sort by a known column, descending only when it says true', () => {
    expect(sanitizePrefs({ sort: { column: 'pid', desc: true } }).sort).toEqual({ column: 'pid', desc: true });
    expect(sanitizePrefs({ sort: { column: 'pid', desc: 'true' } }).sort).toEqual({ column: 'pid', desc: false });
    expect(sanitizePrefs({ sort: { column: 'pid' } }).sort).toEqual({ column: 'pid', desc: false });
    expect(sanitizePrefs({ sort: { column: 'bogus', desc: true } }).sort).toBeNull();
    expect(sanitizePrefs({ sort: null }).sort).toBeNull();
    expect(sanitizePrefs({ sort: 'pid' }).sort).toBeNull();
  });

  it('keeps a filter of text, cut at 1000 characters, and hides TIME_WAIT only for true', () => {
    expect(sanitizePrefs({ filter: 'state:listen' }).filter).toBe('state:listen');
    expect(sanitizePrefs({ filter: 'x'.repeat(1001) }).filter).toBe('x'.repeat(1000));
    expect(sanitizePrefs({ filter: 42 }).filter).toBe('');
    expect(sanitizePrefs({ hideTimeWait: true }).hideTimeWait).toBe(true);
    for (const v of ['true', 1, null]) expect(sanitizePrefs({ hideTimeWait: v }).hideTimeWait).toBe(false);
  });
});

describe('migratePrefs', () => {
  it('reads version 1 as the bare preferences, and version 2 on as { prefs }', () => {
    expect(migratePrefs({ filter: 'pid:1' }, 1).prefs.filter).toBe('pid:1');
    expect(migratePrefs({ filter: 'pid:1' }, 0).prefs.filter).toBe('pid:1');
    expect(migratePrefs({ prefs: { filter: 'pid:2' } }, 2).prefs.filter).toBe('pid:2');
    expect(migratePrefs({ filter: 'pid:1' }, 2).prefs).toEqual(defaultPrefs());
    expect(migratePrefs(null, 2).prefs).toEqual(defaultPrefs());
    expect(migratePrefs('garbage', 3).prefs).toEqual(defaultPrefs());
    expect(PREFS_VERSION).toBe(3);
  });
});

describe('prefsStorage', () => {
  const value = (filter: string) => ({ state: { prefs: { ...defaultPrefs(), filter } }, version: PREFS_VERSION });

  it('without a storage reads nothing and writes nowhere', () => {
    const s = prefsStorage(null);
    expect(s.getItem(PREFS_KEY)).toBeNull();
    expect(() => s.setItem(PREFS_KEY, value('a'))).not.toThrow();
    expect(() => s.removeItem(PREFS_KEY)).not.toThrow();
  });

  it("reads today's entry, and an entry of another shape as an empty one of today's version", () => {
    const storage = memoryStorage({ [PREFS_KEY]: JSON.stringify(value('mine')) });
    expect(prefsStorage(storage).getItem(PREFS_KEY)).toEqual(value('mine'));
    for (const text of ['{oops', '42', 'null', '{"prefs":{}}']) {
      const s = prefsStorage(memoryStorage({ [PREFS_KEY]: text }));
      expect([text, s.getItem(PREFS_KEY)]).toEqual([text, { state: {}, version: PREFS_VERSION }]);
    }
  });

  it('reads version 1 when there is no entry of today, as version 1; nothing when neither is there', () => {
    const storage = memoryStorage({ [LEGACY_PREFS_KEY]: JSON.stringify({ filter: 'old' }) });
    expect(prefsStorage(storage).getItem(PREFS_KEY)).toEqual({ state: { filter: 'old' }, version: 1 });
    expect(prefsStorage(memoryStorage({ [LEGACY_PREFS_KEY]: '{oops' })).getItem(PREFS_KEY)).toEqual({
      state: null,
      version: 1,
    });
    expect(prefsStorage(memoryStorage()).getItem(PREFS_KEY)).toBeNull();
  });

  it("drops version 1's entry once today's is read or written, once", () => {
    const storage = memoryStorage({
      [LEGACY_PREFS_KEY]: '{}',
      [PREFS_KEY]: JSON.stringify(value('a')),
    });
    const remove = vi.spyOn(storage, 'removeItem');
    const s = prefsStorage(storage);
    s.getItem(PREFS_KEY);
    s.getItem(PREFS_KEY);
    s.setItem(PREFS_KEY, value('b'));
    expect(remove.mock.calls).toEqual([[LEGACY_PREFS_KEY]]);
    expect(storage.data[LEGACY_PREFS_KEY]).toBeUndefined();
  });

  it('writes only a change, and what it read counts as written', () => {
    const storage = memoryStorage({ [PREFS_KEY]: JSON.stringify(value('a')) });
    const write = vi.spyOn(storage, 'setItem');
    const s = prefsStorage(storage);
    s.getItem(PREFS_KEY);
    s.setItem(PREFS_KEY, value('a'));
    expect(write).not.toHaveBeenCalled();
    s.setItem(PREFS_KEY, value('b'));
    s.setItem(PREFS_KEY, value('b'));
    s.setItem(PREFS_KEY, value('a'));
    expect(write.mock.calls.map(([, text]) => JSON.parse(text).state.prefs.filter)).toEqual(['b', 'a']);
  });

  it('never throws from a storage that refuses, and keeps version 1 while nothing could be written', () => {
    const storage = memoryStorage({ [LEGACY_PREFS_KEY]: '{"filter":"old"}' });
    const refuse = () => {
      throw new Error('SecurityError');
    };
    storage.setItem = refuse;
    const s = prefsStorage(storage);
    expect(() => s.setItem(PREFS_KEY, value('b'))).not.toThrow();
    expect(storage.data[LEGACY_PREFS_KEY]).toBe('{"filter":"old"}');
    storage.getItem = refuse;
    expect(s.getItem(PREFS_KEY)).toBeNull();
    storage.removeItem = refuse;
    expect(() => s.removeItem(PREFS_KEY)).not.toThrow();
  });

  it('removes an entry, and a storage without removeItem is fine', () => {
    const storage = memoryStorage({ [PREFS_KEY]: 'x', other: 'y' });
    prefsStorage(storage).removeItem(PREFS_KEY);
    expect(storage.data).toEqual({ other: 'y' });
    const bare = { getItem: () => JSON.stringify(value('z')), setItem: vi.fn() };
    const s = prefsStorage(bare);
    expect(s.getItem(PREFS_KEY)).toEqual(value('z'));
    expect(() => s.removeItem(PREFS_KEY)).not.toThrow();
    s.setItem(PREFS_KEY, value('y'));
    expect(bare.setItem).toHaveBeenCalledTimes(1);
  });
});

describe('browserStorage', () => {
  it("is the page's localStorage where there is one", () => {
    expect(browserStorage()).toBe(localStorage);
  });

  it('is null where localStorage is missing or refuses to be read', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    try {
      Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => undefined });
      expect(browserStorage()).toBeNull();
      Object.defineProperty(globalThis, 'localStorage', {
        configurable: true,
        get: () => {
          throw new Error('SecurityError');
        },
      });
      expect(browserStorage()).toBeNull();
    } finally {
      if (descriptor) Object.defineProperty(globalThis, 'localStorage', descriptor);
    }
  });
});
