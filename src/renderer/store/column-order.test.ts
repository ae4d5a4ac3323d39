/**
 * The grid's default column order puts the owner and traffic columns right after the connection's own, and an
 * order saved before that (prefs version 2 or 1) still loads: in the new layout where the user never chose
 * otherwise, as saved where the user moved a traffic column.
 */
import { describe, expect, it } from 'vitest';
import { TRAFFIC_COLUMN_IDS } from '../../shared/traffic';
import { GRID_COLUMN_ORDER, migrateColumnOrder, NETSTAT_GRID_ORDER } from './column-order';
import { createNetScopeStore } from './store';
import { defaultPrefs, migratePrefs, PREFS_KEY, sanitizePrefs } from './prefs';
import { FakeApi, memoryStorage } from './test-helpers';

const TRAFFIC = ['sendRate', 'receiveRate', 'bytesSent', 'bytesReceived', 'rtt', 'retransmissions'];
/** An order as version 2 saved it: complete, the columns the user did not place in the old order. */
const saved = (order: string[]): string[] => [...order, ...NETSTAT_GRID_ORDER.filter((id) => !order.includes(id))];
const without = (order: readonly string[], ids: readonly string[]): string[] => order.filter((id) => !ids.includes(id));

describe('GRID_COLUMN_ORDER', () => {
  it('is the connection, its owner, its traffic, then the rest, with every column once', () => {
    expect(GRID_COLUMN_ORDER.slice(0, 18)).toEqual([
      'proto',
      'localAddress',
      'localPort',
      'remoteAddress',
      'remotePort',
      'state',
      'pid',
      'process',
      ...TRAFFIC,
      'service',
      'fqdn',
      'user',
      'path',
    ]);
    expect([...GRID_COLUMN_ORDER].sort()).toEqual([...NETSTAT_GRID_ORDER].sort());
    expect(new Set(GRID_COLUMN_ORDER).size).toBe(GRID_COLUMN_ORDER.length);
    expect(defaultPrefs().columnOrder).toEqual(GRID_COLUMN_ORDER);
  });
});

describe('migrateColumnOrder', () => {
  it('gives an order never changed by the user the new default', () => {
    expect(migrateColumnOrder(saved([...NETSTAT_GRID_ORDER]))).toEqual(GRID_COLUMN_ORDER);
    // Saved before the traffic columns existed, or cut short by hand, or with columns no version knows.
    expect(migrateColumnOrder(without(NETSTAT_GRID_ORDER, TRAFFIC_COLUMN_IDS))).toEqual(GRID_COLUMN_ORDER);
    expect(migrateColumnOrder(['proto', 'bogus', 42, 'proto'])).toEqual(GRID_COLUMN_ORDER);
    expect(migrateColumnOrder([])).toEqual(GRID_COLUMN_ORDER);
  });

  it("moves the traffic columns, still last, to after the user's PID and Process, keeping the user's order", () => {
    const mine = ['process', 'pid', 'remoteAddress', 'state', 'proto'];
    const order = migrateColumnOrder(saved(mine));
    expect(order.slice(0, 8)).toEqual(['process', 'pid', ...TRAFFIC]);
    expect(without(order, TRAFFIC_COLUMN_IDS)).toEqual(without(saved(mine), TRAFFIC_COLUMN_IDS));
    // The same where version 2 did not complete it (a hand-edited entry): the migration completes it first.
    expect(migrateColumnOrder(mine)).toEqual(order);
  });

  it('keeps an order where the user moved a traffic column', () => {
    const mine = saved(['bytesSent', 'proto', 'process']);
    expect(migrateColumnOrder(mine)).toEqual(mine);
    const middle = saved(['proto', 'state', 'receiveRate', 'pid']);
    expect(migrateColumnOrder(middle)).toEqual(middle);
  });
});

describe('preferences saved before version 3', () => {
  const before = {
    ...defaultPrefs(),
    filter: 'worker',
    columnOrder: [...NETSTAT_GRID_ORDER],
    visibleColumns: ['proto', 'remoteAddress', 'process', 'path', 'bytesSent', 'sendRate'],
    columnSizes: { path: 400, bytesSent: 120 },
    sort: { column: 'sendRate', desc: true },
    hideTimeWait: true,
  };

  it('load with the new order and everything else as saved (version 2 and version 1)', () => {
    for (const [stored, version] of [
      [{ prefs: before }, 2],
      [before, 1],
    ] as const) {
      const { prefs } = migratePrefs(stored, version);
      expect(prefs).toEqual({ ...before, columnOrder: GRID_COLUMN_ORDER });
    }
  });

  it("load into the store from localStorage's version 2 entry", () => {
    const storage = memoryStorage({ [PREFS_KEY]: JSON.stringify({ state: { prefs: before }, version: 2 }) });
    const store = createNetScopeStore(new FakeApi().asApi(), storage);
    expect(store.getState().prefs).toEqual({ ...before, columnOrder: GRID_COLUMN_ORDER });
  });

  it('keep a sanitized order and defaults where the entry has none', () => {
    expect(migratePrefs({ prefs: { ...before, columnOrder: 'pid' } }, 2).prefs.columnOrder).toEqual(GRID_COLUMN_ORDER);
    expect(
      migratePrefs({ prefs: { ...before, columnOrder: ['pid', 'bytesSent', 'proto'] } }, 2).prefs.columnOrder,
    ).toEqual(sanitizePrefs({ columnOrder: ['pid', 'bytesSent', 'proto', ...NETSTAT_GRID_ORDER] }).columnOrder);
  });

  it('keep a version 3 order as saved, traffic last included', () => {
    const { prefs } = migratePrefs({ prefs: before }, 3);
    expect(prefs.columnOrder).toEqual(NETSTAT_GRID_ORDER);
  });
});
