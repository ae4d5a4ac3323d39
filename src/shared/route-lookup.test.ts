/**
 * The route lookup's rules on hand-made tables (test/route-lookup.test.ts checks
 * it against the kernel's own `ip route get` on a real namespace): table order,
 * longest prefix, lowest metric, reject and throw routes, and the words it answers in.
 */
import { describe, expect, it } from 'vitest';
import type { Route } from './model';
import { activeDefaultRoutes, describeLookup, isDefaultRoute, isRejectRoute, lookupRoute } from './route-lookup';

function route(destination: string, prefixLength: number, extra: Partial<Route> = {}): Route {
  return {
    family: destination.includes(':') ? 6 : 4,
    destination,
    prefixLength,
    gateway: null,
    interface: 'eth0',
    metric: null,
    flags: 'U',
    table: 'main',
    ...extra,
  };
}

describe('lookupRoute', () => {
  const defaultV4 = route('0.0.0.0', 0, { gateway: '192.168.1.1', flags: 'UG', metric: 100 });
  const lan = route('192.168.1.0', 24, { metric: 100 });
  const host = route('192.168.1.7', 32, { gateway: '192.168.1.254', flags: 'UGH' });

  it('picks the longest matching prefix, whatever the order of the table', () => {
    for (const routes of [
      [defaultV4, lan, host],
      [host, lan, defaultV4],
    ]) {
      expect(lookupRoute(routes, '192.168.1.7')).toBe(host);
      expect(lookupRoute(routes, '192.168.1.8')).toBe(lan);
      expect(lookupRoute(routes, '192.168.2.1')).toBe(defaultV4);
    }
  });

  it('among equal prefixes the lowest metric wins; a missing metric counts as 0', () => {
    const wifi = route('0.0.0.0', 0, { gateway: '10.0.0.1', interface: 'wlan0', metric: 600 });
    const wired = route('0.0.0.0', 0, { gateway: '192.168.1.1', metric: 100 });
    const unmetered = route('0.0.0.0', 0, { gateway: '172.16.0.1', interface: 'tun0' });
    expect(lookupRoute([wifi, wired], '8.8.8.8')).toBe(wired);
    expect(lookupRoute([wired, wifi], '8.8.8.8')).toBe(wired);
    expect(lookupRoute([wired, unmetered], '8.8.8.8')).toBe(unmetered);
    // Equal metrics: the first one listed stays.
    const twin = route('0.0.0.0', 0, { gateway: '192.168.1.2', metric: 100 });
    expect(lookupRoute([wired, twin], '8.8.8.8')).toBe(wired);
    expect(lookupRoute([twin, wired], '8.8.8.8')).toBe(twin);
  });

  it('answers null when nothing matches, for another family, or for text that is no address', () => {
    expect(lookupRoute([lan], '10.1.2.3')).toBeNull();
    expect(lookupRoute([defaultV4, lan], '2001:db8::1')).toBeNull();
    expect(lookupRoute([defaultV4], 'example.com')).toBeNull();
    expect(lookupRoute([defaultV4], '')).toBeNull();
    expect(lookupRoute([], '8.8.8.8')).toBeNull();
  });

  it('a v4-mapped IPv6 address is looked up as the IPv4 address it carries', () => {
    expect(lookupRoute([defaultV4, lan], '::ffff:192.168.1.9')).toBe(lan);
  });

  it('IPv6: longest prefix, and the kernel\'s "nothing matched" entry only as a last resort', () => {
    const kernelUnreachable = route('::', 0, { interface: 'lo', metric: 0xffffffff, type: 'unreachable', flags: '!n' });
    const v6default = route('::', 0, { gateway: 'fe80::1', metric: 1024, flags: 'UG' });
    const onLink = route('2001:db8:1::', 64, { metric: 256 });
    expect(lookupRoute([kernelUnreachable, v6default, onLink], '2001:db8:1::42')).toBe(onLink);
    expect(lookupRoute([kernelUnreachable, v6default, onLink], '2001:db8:2::1')).toBe(v6default);
    expect(lookupRoute([kernelUnreachable, onLink], '2001:db8:2::1')).toBe(kernelUnreachable);
    expect(lookupRoute([onLink], '192.168.1.1')).toBeNull();
  });

  it('the local table is consulted before main, and main before default, whatever their prefixes', () => {
    const local = route('192.168.1.5', 32, { table: 'local', type: 'local', interface: 'eth0' });
    const localBroadcast = route('192.168.1.0', 24, { table: '255', type: 'broadcast' });
    const mainHost = route('192.168.1.5', 32, { gateway: '10.9.9.9' });
    const fallback = route('0.0.0.0', 0, { table: 'default', gateway: '10.0.0.254' });
    const mainByNumber = route('10.0.0.0', 8, { table: '254' });
    expect(lookupRoute([mainHost, local], '192.168.1.5')).toBe(local);
    expect(lookupRoute([mainHost, localBroadcast], '192.168.1.6')).toBe(localBroadcast);
    expect(lookupRoute([fallback, mainByNumber], '10.1.1.1')).toBe(mainByNumber);
    expect(lookupRoute([fallback, mainByNumber], '11.1.1.1')).toBe(fallback);
  });

  it('routes of a table no default rule consults (policy routing) are never used', () => {
    const vpnTable = route('0.0.0.0', 0, { table: '100', gateway: '10.8.0.1' });
    expect(lookupRoute([vpnTable], '8.8.8.8')).toBeNull();
    expect(lookupRoute([vpnTable, defaultV4], '8.8.8.8')).toBe(defaultV4);
  });

  it('a route without a table (Windows, macOS) is in the one table there is', () => {
    const windowsDefault = route('0.0.0.0', 0, { table: null, gateway: '192.168.1.1', metric: 25 });
    expect(lookupRoute([windowsDefault], '1.1.1.1')).toBe(windowsDefault);
  });

  it('a winning reject route is the answer; a throw sends the lookup on to the next table', () => {
    const blackhole = route('203.0.113.0', 24, { type: 'blackhole', interface: '' });
    expect(lookupRoute([defaultV4, blackhole], '203.0.113.9')).toBe(blackhole);
    const throwLocal = route('198.51.100.0', 24, { table: 'local', type: 'throw' });
    expect(lookupRoute([throwLocal, defaultV4], '198.51.100.1')).toBe(defaultV4);
    const throwMain = route('198.51.100.0', 24, { type: 'throw' });
    expect(lookupRoute([throwMain, defaultV4], '198.51.100.1')).toBeNull();
    const fallback = route('0.0.0.0', 0, { table: 'default', gateway: '10.0.0.254' });
    expect(lookupRoute([throwMain, defaultV4, fallback], '198.51.100.1')).toBe(fallback);
  });
});

describe('isRejectRoute and isDefaultRoute', () => {
  it('reads the type where the source gives it, else the "!" flag', () => {
    for (const type of ['unreachable', 'prohibit', 'blackhole', 'reject', 'throw'] as const)
      expect(isRejectRoute(route('10.0.0.0', 8, { type }))).toBe(true);
    for (const type of ['unicast', 'local', 'broadcast'] as const)
      expect(isRejectRoute(route('10.0.0.0', 8, { type, flags: '!' }))).toBe(false);
    expect(isRejectRoute(route('10.0.0.0', 8, { flags: '!n' }))).toBe(true);
    expect(isRejectRoute(route('10.0.0.0', 8, { flags: 'UG' }))).toBe(false);
  });

  it('a default route is a /0 that forwards', () => {
    expect(isDefaultRoute(route('0.0.0.0', 0, { gateway: '10.0.0.1' }))).toBe(true);
    expect(isDefaultRoute(route('::', 0, { gateway: 'fe80::1' }))).toBe(true);
    expect(isDefaultRoute(route('::', 0, { type: 'unreachable' }))).toBe(false);
    expect(isDefaultRoute(route('0.0.0.0', 1, { gateway: '10.0.0.1' }))).toBe(false);
  });
});

describe('activeDefaultRoutes', () => {
  it('one default per family: the lowest metric among the forwarding defaults of the lookup tables', () => {
    const wifi = route('0.0.0.0', 0, { gateway: '10.0.0.1', interface: 'wlan0', metric: 600 });
    const wired = route('0.0.0.0', 0, { gateway: '192.168.1.1', metric: 100 });
    const policy = route('0.0.0.0', 0, { gateway: '10.8.0.1', table: '100', metric: 1 });
    const v6 = route('::', 0, { gateway: 'fe80::1', metric: 1024 });
    const v6Unreachable = route('::', 0, { type: 'unreachable', metric: 0 });
    const lan = route('192.168.1.0', 24, { metric: 0 });
    const active = activeDefaultRoutes([wifi, policy, wired, v6Unreachable, lan, v6]);
    expect([...active.entries()]).toEqual([
      [4, wired],
      [6, v6],
    ]);
    expect(activeDefaultRoutes([wired, wifi]).get(4)).toBe(wired);
    expect(activeDefaultRoutes([lan, policy, v6Unreachable]).size).toBe(0);
    // Equal metrics: the first listed stays.
    const twin = route('0.0.0.0', 0, { gateway: '192.168.1.2', metric: 100 });
    expect(activeDefaultRoutes([twin, wired]).get(4)).toBe(twin);
  });
});

describe('describeLookup', () => {
  it('says so when no route matches', () => {
    expect(describeLookup(null)).toBe('no route (network unreachable)');
  });

  it('names the reject kind, or "reject" when only the flag says so', () => {
    expect(describeLookup(route('203.0.113.0', 24, { type: 'blackhole' }))).toBe(
      'blackhole (203.0.113.0/24): the kernel refuses to send there',
    );
    expect(describeLookup(route('::', 0, { flags: '!n' }))).toBe('reject (::/0): the kernel refuses to send there');
    expect(describeLookup(route('::', 0, { type: 'reject' }))).toBe('reject (::/0): the kernel refuses to send there');
  });

  it("a forwarding route in ip route get's words: type, prefix, gateway or on-link, device, table, metric", () => {
    expect(describeLookup(route('0.0.0.0', 0, { gateway: '192.168.1.1', metric: 100 }))).toBe(
      '0.0.0.0/0 via 192.168.1.1 dev eth0 metric 100',
    );
    expect(describeLookup(route('192.168.1.0', 24, { type: 'unicast', metric: 0 }))).toBe(
      '192.168.1.0/24 on-link dev eth0 metric 0',
    );
    expect(describeLookup(route('127.0.0.1', 32, { type: 'local', table: 'local', interface: 'lo' }))).toBe(
      'local 127.0.0.1/32 on-link dev lo table local',
    );
    expect(describeLookup(route('10.0.0.0', 8, { interface: '', table: null, gateway: '10.1.1.1' }))).toBe(
      '10.0.0.0/8 via 10.1.1.1',
    );
  });
});

describe('lookupRoute and activeDefaultRoutes: prefix before metric, every lookup table', () => {
  it('a longer prefix wins over a lower metric, whichever comes first', () => {
    const specific = route('10.1.0.0', 16, { gateway: '10.0.0.2', metric: 600 });
    const general = route('10.0.0.0', 8, { gateway: '10.0.0.1', metric: 1 });
    expect(lookupRoute([specific, general], '10.1.2.3')).toBe(specific);
    expect(lookupRoute([general, specific], '10.1.2.3')).toBe(specific);
  });

  it('a forwarding default in the local table is one the lookup uses', () => {
    const localDefault = route('0.0.0.0', 0, { table: 'local', gateway: '10.0.0.1', metric: 5 });
    expect(activeDefaultRoutes([localDefault]).get(4)).toBe(localDefault);
  });
});
