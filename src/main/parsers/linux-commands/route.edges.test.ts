/**
 * Routing tables at the edges of their formats: net-tools `route`/`netstat -r` (both families,
 * with and without -n, -e, -ee) and iproute2 `ip route` text and `ip -j route` JSON (ip/iproute.c).
 */
import { describe, expect, it } from 'vitest';
import type { Route } from '../../../shared/model';
import { parseIpRoute, parseIpRouteJson } from './ip-route';
import { maskToPrefix, parseLinuxRoute } from './route';

const V4 = 'Kernel IP routing table';
const V4_HEADER = 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface';
const V6 = 'Kernel IPv6 routing table';
const V6_HEADER = 'Destination                    Next Hop                   Flag Met Ref Use If';

const routes = (...lines: string[]): Route[] => parseLinuxRoute(lines.join('\n')).data.routes ?? [];

describe('maskToPrefix', () => {
  it.each([
    ['255.255.255.255', 32],
    ['255.255.255.254', 31],
    ['255.255.128.0', 17],
    ['128.0.0.0', 1],
    ['0.0.0.0', 0],
  ])('%s is /%i', (mask, prefix) => {
    expect(maskToPrefix(mask)).toBe(prefix);
  });

  it('is null for masks that are not four octets of contiguous ones', () => {
    for (const mask of [
      '255.255.255',
      '255.255.255.0.0',
      '255.255.256.0',
      '255.255.x.0',
      '0.255.0.0',
      '255.255.255.1',
      '',
    ]) {
      expect(maskToPrefix(mask), mask).toBeNull();
    }
  });
});

describe('net-tools route / netstat -r', () => {
  it('reads resolved names (route without -n): default, on-link *, named gateways', () => {
    const r = routes(
      V4,
      V4_HEADER,
      'default         _gateway        0.0.0.0         UG    202    0        0 ens33',
      'link-local      *               255.255.0.0     U     1000   0        0 ens33',
    );
    expect(r.map((x) => [x.destination, x.prefixLength, x.gateway, x.metric, x.flags, x.interface])).toEqual([
      ['0.0.0.0', 0, '_gateway', 202, 'UG', 'ens33'],
      ['link-local', 16, null, 1000, 'U', 'ens33'],
    ]);
  });

  it('reads netstat -r, which has no Metric column, and -ee, which has both sets', () => {
    const plain = routes(
      V4,
      'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface',
      '172.17.0.0      0.0.0.0         255.255.0.0     U         0 0          0 docker0',
    );
    expect(plain).toEqual([
      expect.objectContaining({ destination: '172.17.0.0', prefixLength: 16, metric: null, interface: 'docker0' }),
    ]);
    const ee = routes(
      V4,
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt',
      '192.168.71.0    0.0.0.0         255.255.255.0   U     202    0        0 ens33    0     0      0',
    );
    expect(ee[0]).toMatchObject({ metric: 202, interface: 'ens33', gateway: null });
  });

  it('skips rows short of the header, with a bad mask or no destination, and ignores lines before the header', () => {
    const r = parseLinuxRoute(
      [
        'some banner text',
        V4,
        V4_HEADER,
        '10.0.0.0        0.0.0.0         255.0.255.0     U     0      0        0 eth0',
        '10.0.0.0        0.0.0.0         255.0.0.0       U     0      0',
        '',
        '10.0.0.0        0.0.0.0         255.0.0.0       U     0      0        0 eth0',
      ].join('\n'),
    );
    expect(r.data.routes).toHaveLength(1);
    expect(r.skipped).toEqual([
      '10.0.0.0        0.0.0.0         255.0.255.0     U     0      0        0 eth0',
      '10.0.0.0        0.0.0.0         255.0.0.0       U     0      0',
    ]);
  });

  it('reads route -6 with brackets, bare host routes and on-link next hops', () => {
    const r = routes(
      V6,
      V6_HEADER,
      '[::]/0                         [fe80::1]                  UG   1024 2      0 eth0',
      '::1                            ::                         Un   0   3      0 lo',
      'fe80::/64                      [::]                       U    256 1      0 eth0',
    );
    expect(r.map((x) => [x.family, x.destination, x.prefixLength, x.gateway, x.metric, x.flags, x.interface])).toEqual([
      [6, '::', 0, 'fe80::1', 1024, 'UG', 'eth0'],
      [6, '::1', 128, null, 0, 'Un', 'lo'],
      [6, 'fe80::', 64, null, 256, 'U', 'eth0'],
    ]);
  });

  it('skips IPv6 rows with a bad prefix length and rows short of the header', () => {
    const r = parseLinuxRoute(
      [V6, V6_HEADER, 'fe80::/129  ::  U  256 1 0 eth0', 'fe80::/x  ::  U  256 1 0 eth0', 'fe80::/64 :: U 256'].join(
        '\n',
      ),
    );
    expect(r.data.routes).toEqual([]);
    expect(r.skipped).toHaveLength(3);
  });

  it('reads an IPv6 table whose header says Gateway, Metric, Flags and Iface', () => {
    const [route] = routes(
      V6,
      'Destination Gateway Flags Metric Ref Use Iface',
      '2001:db8::/32 2001:db8::1 UG 5 0 0 eth1',
    );
    expect(route).toMatchObject({ family: 6, gateway: '2001:db8::1', metric: 5, flags: 'UG', interface: 'eth1' });
  });

  it('reads both tables of one saved text, each with its family', () => {
    const r = routes(
      V4,
      V4_HEADER,
      '0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0',
      V6,
      V6_HEADER,
      '::/0                           fe80::1                    UG   1024 0      0 eth0',
    );
    expect(r.map((x) => [x.family, x.destination, x.gateway])).toEqual([
      [4, '0.0.0.0', '10.0.0.1'],
      [6, '::', 'fe80::1'],
    ]);
  });
});

describe('ip route text', () => {
  const fields = (text: string): unknown[][] =>
    (parseIpRoute(text).data.routes ?? []).map((x) => [
      x.family,
      x.destination,
      x.prefixLength,
      x.gateway,
      x.interface,
      x.metric,
      x.flags,
      x.table,
      x.type,
    ]);

  it('reads IPv6 routes, pref and metric, host routes and reject types', () => {
    expect(
      fields(
        [
          'default via fe80::1 dev eth0 proto ra metric 1024 expires 1782sec hoplimit 64 pref medium',
          '2001:db8::5 dev eth0 proto kernel metric 256 pref medium',
          'blackhole 10.9.0.0/16 proto static',
          'prohibit 10.8.0.0/16',
          'throw 10.7.0.0/16 table 100',
          'broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.1',
        ].join('\n'),
      ),
    ).toEqual([
      [6, '::', 0, 'fe80::1', 'eth0', 1024, 'UG', 'main', 'unicast'],
      [6, '2001:db8::5', 128, null, 'eth0', 256, 'UH', 'main', 'unicast'],
      [4, '10.9.0.0', 16, null, '', null, '!', 'main', 'blackhole'],
      [4, '10.8.0.0', 16, null, '', null, '!', 'main', 'prohibit'],
      [4, '10.7.0.0', 16, null, '', null, '!', '100', 'throw'],
      [4, '10.0.0.255', 32, null, 'eth0', null, 'UH', 'local', 'broadcast'],
    ]);
  });

  it('reads `preference N` as the metric and a key without a value as nothing', () => {
    expect(fields('10.0.0.0/8 dev eth0 preference 7\n10.1.0.0/16 dev')).toEqual([
      [4, '10.0.0.0', 8, null, 'eth0', 7, 'U', 'main', 'unicast'],
      [4, '10.1.0.0', 16, null, '', null, 'U', 'main', 'unicast'],
    ]);
  });

  it('reads an IPv4 route via an IPv6 next hop (RFC 5549: `via inet6 ADDR`) as an IPv4 route', () => {
    expect(fields('default via inet6 fe80::1 dev eth0 proto bird metric 32')).toEqual([
      [4, '0.0.0.0', 0, 'fe80::1', 'eth0', 32, 'UG', 'main', 'unicast'],
    ]);
    expect(fields('10.0.0.0/8 via inet6 fe80::1 dev eth0')).toEqual([
      [4, '10.0.0.0', 8, 'fe80::1', 'eth0', null, 'UG', 'main', 'unicast'],
    ]);
    // The other way round (an IPv6 default route via an IPv4 next hop), by the same rule.
    expect(fields('default via inet 10.0.0.1 dev eth0')).toEqual([
      [6, '::', 0, '10.0.0.1', 'eth0', null, 'UG', 'main', 'unicast'],
    ]);
    // 'via' followed by a family name and nothing else: the name is all there is.
    expect(fields('10.0.0.0/8 dev eth0 via inet6')).toEqual([
      [4, '10.0.0.0', 8, 'inet6', 'eth0', null, 'UG', 'main', 'unicast'],
    ]);
    expect(fields('10.2.0.0/16 proto bird metric 32\n\tnexthop via inet6 fe80::2 dev eth1 weight 1')).toEqual([
      [4, '10.2.0.0', 16, 'fe80::2', 'eth1', 32, 'UG', 'main', 'unicast'],
    ]);
  });

  it('skips destinations that are not addresses or have impossible prefixes', () => {
    const r = parseIpRoute(
      [
        '10.0.0.0/33 dev eth0',
        'fe80::/129 dev eth0',
        'nexthop via 1.2.3.4',
        'local',
        '/24 dev eth0',
        '10.0.0.0/x dev eth0',
      ].join('\n'),
    );
    expect(r.data.routes).toEqual([]);
    expect(r.skipped).toHaveLength(6);
  });

  it('takes the first next hop of a multipath route, and none after a skipped line', () => {
    const r = parseIpRoute(
      [
        '10.1.0.0/16 proto static metric 5',
        '\tnexthop via 10.0.0.1 dev eth0 weight 1',
        '\tnexthop via 10.0.0.2 dev eth1 weight 1',
        'bogus line',
        '\tnexthop via 10.0.0.3 dev eth2 weight 1',
        '10.3.0.0/16 via 10.0.0.9 dev eth3',
        '    cache expires 300sec',
        '\tnexthop via 10.0.0.4 dev eth4 weight 1',
      ].join('\n'),
    );
    expect(r.skipped).toEqual(['bogus line']);
    expect(r.data.routes?.map((x) => [x.destination, x.gateway, x.interface, x.flags])).toEqual([
      ['10.1.0.0', '10.0.0.1', 'eth0', 'UG'],
      ['10.3.0.0', '10.0.0.9', 'eth3', 'UG'],
    ]);
  });
});

describe('ip -j route', () => {
  it('reads numeric tables, drops non-numeric metrics and keeps only known types', () => {
    const r = parseIpRouteJson(
      JSON.stringify([
        { type: 'blackhole', dst: '10.9.0.0/16', table: 100, metric: 'x' },
        { type: 'nonsense', dst: '10.8.0.0/16', dev: 'eth0', metric: 5 },
        { dst: '192.168.1.7', dev: 'eth0', gateway: '192.168.1.1' },
      ]),
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.routes?.map((x) => [x.table, x.metric, x.flags, x.type, x.prefixLength])).toEqual([
      ['100', null, '!', 'blackhole', 16],
      ['main', 5, 'U', undefined, 16],
      ['main', null, 'UGH', 'unicast', 32],
    ]);
    expect('type' in (r.data.routes?.[1] ?? {})).toBe(false);
  });

  it('reads a next hop of another family given as via {family, host}', () => {
    const r = parseIpRouteJson('[{"dst":"default","via":{"family":"inet6","host":"fe80::1"},"dev":"eth0"}]');
    expect(r.data.routes?.map((x) => [x.family, x.destination, x.gateway, x.flags])).toEqual([
      [4, '0.0.0.0', 'fe80::1', 'UG'],
    ]);
  });

  it('skips items that are not route objects, each shown as JSON', () => {
    const r = parseIpRouteJson('[null, 3, "x", {"dst": 5}, {"dst": "10.0.0.0/40"}, []]');
    expect(r.data.routes).toEqual([]);
    expect(r.skipped).toEqual(['null', '3', '"x"', '{"dst":5}', '{"dst":"10.0.0.0/40"}', '[]']);
    expect(r.warnings).toEqual([]);
  });

  it('reads an empty array as no routes and says why other JSON is refused', () => {
    expect(parseIpRouteJson('[]')).toEqual({ data: { routes: [] }, skipped: [], warnings: [] });
    expect(parseIpRouteJson('"routes"').warnings).toEqual(['expected a JSON array of routes']);
    expect(parseIpRouteJson('not json').warnings).toEqual([expect.stringMatching(/^not valid JSON: /)]);
  });
});

describe('routes: edges found by mutation testing', () => {
  it('reads a table indented as a whole (pasted into a mail), and an IPv4 table after an IPv6 one', () => {
    const r = routes(
      `  ${V6}`,
      `  ${V6_HEADER}`,
      '  ::/0                           fe80::1                    UG   1024 0      0 eth0',
      `  ${V4}`,
      `  ${V4_HEADER}`,
      '  0.0.0.0         10.0.0.1        0.0.0.0         UG    0      0        0 eth0',
    );
    expect(r.map((x) => [x.family, x.destination, x.gateway, x.interface])).toEqual([
      [6, '::', 'fe80::1', 'eth0'],
      [4, '0.0.0.0', '10.0.0.1', 'eth0'],
    ]);
  });

  it('skips a route -ee row cut short after its interface', () => {
    const r = parseLinuxRoute(
      [
        V4,
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt',
        '10.0.0.0        0.0.0.0         255.0.0.0       U     0      0        0 eth0',
      ].join('\n'),
    );
    expect(r.data.routes).toEqual([]);
    expect(r.skipped).toHaveLength(1);
  });

  it('skips an IPv6 row cut short of the header, even with its interface where Iface is', () => {
    const r = parseLinuxRoute([V6, 'Destination Next Hop Flag Met If Ref Use', 'fe80::/64 :: U 256 eth0 1'].join('\n'));
    expect(r.data.routes).toEqual([]);
    expect(r.skipped).toHaveLength(1);
  });
});
