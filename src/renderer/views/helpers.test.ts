import { at } from './test-helpers';
import { describe, it, expect, vi } from 'vitest';
import { emptySnapshot, type Route } from '../../shared/model';
import { memoBySnapshot } from './memo';
import { activeDefaultRoutes, isDefaultRoute, lookupRoute, routeMatchesText } from './routes';
import { naturalKey, sortKey } from './sort';

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

// Sorting the tables themselves (order, direction, stability, which way a first
// click goes) is tested through DataTable in DataTable.test.tsx.
describe('sortKey', () => {
  it('orders numbers and text naturally and treats every missing value alike', () => {
    expect(sortKey(undefined)).toBe(sortKey(Number.NaN));
    expect(sortKey(null)).toBeNull();
    expect(sortKey(2)).toBe(2);
    expect(String(sortKey('10.0.0.9')) < String(sortKey('10.0.0.10'))).toBe(true);
    expect(String(sortKey('b')) > String(sortKey('A'))).toBe(true);
    expect(naturalKey('eth007')).toBe(naturalKey('eth7'));
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
