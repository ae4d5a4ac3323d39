import { at } from './test-helpers';
import { describe, it, expect, vi } from 'vitest';
import { emptySnapshot, type Route } from '../../shared/model';
import { memoBySnapshot } from './memo';
import { activeDefaultRoutes, isDefaultRoute, lookupRoute, routeMatchesText } from './routes';
import { compareSortValues, naturalKey, nextSort, sortRows } from './sort';

describe('memoBySnapshot', () => {
  it('computes once per snapshot and argument', () => {
    const compute = vi.fn((s: { connections: unknown[] }, arg: string) => `${s.connections.length}:${arg}`);
    const memo = memoBySnapshot(compute);
    const s1 = emptySnapshot({ seq: 1, takenAt: 10 });
    expect(memo(s1, 'a')).toBe('0:a');
    expect(memo({ ...s1 }, 'a')).toBe('0:a'); // a re-render with a copied object
    expect(compute).toHaveBeenCalledTimes(1);
    memo(s1, 'b');
    memo(emptySnapshot({ seq: 2, takenAt: 20 }), 'a');
    // Same seq and time but another connection list (another source): recompute.
    memo({ ...s1, connections: [] }, 'a');
    expect(compute).toHaveBeenCalledTimes(4);
    expect(memo(s1, 'b')).toBe('0:b');
    expect(compute).toHaveBeenCalledTimes(4);
  });
});

describe('sort', () => {
  it('sorts numbers and text naturally, missing values last either way', () => {
    const rows = [{ v: 10 }, { v: null }, { v: 2 }, { v: 33 }];
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.v)).toEqual([2, 10, 33, null]);
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.v)).toEqual([33, 10, 2, null]);
    const names = ['eth10', 'eth2', 'Eth1'];
    expect(sortRows(names, (n) => n, 'asc')).toEqual(['Eth1', 'eth2', 'eth10']);
    expect(compareSortValues(undefined, Number.NaN, 'asc')).toBe(0);
    expect(compareSortValues('10.0.0.9', '10.0.0.10', 'asc')).toBeLessThan(0);
    expect(compareSortValues('b', 'A', 'asc')).toBeGreaterThan(0);
    expect(naturalKey('eth007')).toBe(naturalKey('eth7'));
  });
  it('is stable', () => {
    const rows = [
      { k: 1, id: 'a' },
      { k: 1, id: 'b' },
      { k: 0, id: 'c' },
    ];
    expect(sortRows(rows, (r) => r.k, 'desc').map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
  it('flips the same column, starts numbers descending', () => {
    expect(nextSort(null, 'metric', true)).toEqual({ column: 'metric', direction: 'desc' });
    expect(nextSort({ column: 'metric', direction: 'desc' }, 'metric', true)).toEqual({
      column: 'metric',
      direction: 'asc',
    });
    expect(nextSort({ column: 'metric', direction: 'asc' }, 'iface', false)).toEqual({
      column: 'iface',
      direction: 'asc',
    });
  });
});

const route = (r: Partial<Route> & Pick<Route, 'destination' | 'prefixLength'>): Route => ({
  family: r.destination.includes(':') ? 6 : 4,
  gateway: null,
  interface: 'eth0',
  metric: null,
  flags: 'U',
  table: null,
  ...r,
});

describe('routes', () => {
  const routes = [
    route({ destination: '0.0.0.0', prefixLength: 0, gateway: '192.168.1.1', metric: 600, flags: 'UG' }),
    route({ destination: '0.0.0.0', prefixLength: 0, gateway: '10.8.0.1', metric: 50, flags: 'UG', interface: 'tun0' }),
    route({ destination: '192.168.1.0', prefixLength: 24, metric: 600 }),
    route({ destination: '10.0.0.0', prefixLength: 8, interface: 'tun0' }),
    route({ destination: '10.1.0.0', prefixLength: 16, interface: 'eth1', table: 'vpn' }),
    route({ destination: '::', prefixLength: 0, gateway: 'fe80::1', metric: 1024, flags: 'UG' }),
    route({ destination: 'fe80::', prefixLength: 64, metric: 256 }),
  ];
  it('finds the longest prefix, then the lowest metric', () => {
    expect(lookupRoute(routes, '192.168.1.20')?.destination).toBe('192.168.1.0');
    expect(lookupRoute(routes, '::ffff:192.168.1.20')?.destination).toBe('192.168.1.0');
    expect(lookupRoute(routes, '8.8.8.8')?.gateway).toBe('10.8.0.1');
    // 10.1/16 lives in a policy table that ordinary lookups do not consult.
    expect(lookupRoute(routes, '10.1.2.3')?.interface).toBe('tun0');
    expect(lookupRoute(routes, 'fe80::abcd')?.destination).toBe('fe80::');
    expect(lookupRoute(routes, '2001:db8::1')?.gateway).toBe('fe80::1');
    expect(lookupRoute(routes, 'not an ip')).toBeNull();
    expect(lookupRoute([], '1.2.3.4')).toBeNull();
  });
  it('picks the active default per family', () => {
    const active = activeDefaultRoutes(routes);
    expect(active.get(4)?.gateway).toBe('10.8.0.1');
    expect(active.get(6)?.gateway).toBe('fe80::1');
    expect(isDefaultRoute(at(routes, 0))).toBe(true);
    expect(isDefaultRoute(at(routes, 2))).toBe(false);
  });
  it('matches filter text against every column, on-link included', () => {
    expect(routeMatchesText(at(routes, 2), 'on-link')).toBe(true);
    expect(routeMatchesText(at(routes, 2), '192.168.1.0/24')).toBe(true);
    expect(routeMatchesText(at(routes, 0), 'on-link')).toBe(false);
    expect(routeMatchesText(at(routes, 3), 'TUN')).toBe(true);
    expect(routeMatchesText(at(routes, 3), '')).toBe(true);
  });
});
