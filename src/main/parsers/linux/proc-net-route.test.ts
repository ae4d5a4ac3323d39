import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessRouteEndianness, ipv6RouteFlags, parseProcNetIpv6Route, parseProcNetRoute } from './proc-net-route';

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
ens33\t00000000\t0247A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
ens33\t0047A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
ens33\t0247A8C0\t00000000\t0005\t0\t0\t100\tFFFFFFFF\t0\t0\t0
`;

describe('parseProcNetRoute', () => {
  it('decodes destinations, gateways, prefix lengths and route -n flags', () => {
    const result = parseProcNetRoute(ROUTE, { endianness: 'le' });
    expect(result.skipped).toEqual([]);
    expect(result.data.routes).toEqual([
      {
        family: 4,
        destination: '0.0.0.0',
        prefixLength: 0,
        gateway: '192.168.71.2',
        interface: 'ens33',
        metric: 100,
        flags: 'UG',
        table: 'main',
        type: 'unicast',
      },
      {
        family: 4,
        destination: '192.168.71.0',
        prefixLength: 24,
        gateway: null,
        interface: 'ens33',
        metric: 0,
        flags: 'U',
        table: 'main',
        type: 'unicast',
      },
      {
        family: 4,
        destination: '192.168.71.2',
        prefixLength: 32,
        gateway: null,
        interface: 'ens33',
        metric: 100,
        flags: 'UH',
        table: 'main',
        type: 'unicast',
      },
    ]);
  });
  it('reads big-endian text and guesses its order from the masks', () => {
    const be = ROUTE.replace('0247A8C0', 'C0A84702')
      .replace('0047A8C0', 'C0A84700')
      .replace('00FFFFFF', 'FFFFFF00')
      .replace('0247A8C0', 'C0A84702');
    expect(guessRouteEndianness(be)).toBe('be');
    expect(guessRouteEndianness(ROUTE)).toBe('le');
    expect(parseProcNetRoute(be, { endianness: 'be' }).data.routes).toEqual(
      parseProcNetRoute(ROUTE, { endianness: 'le' }).data.routes,
    );
  });
  it('skips malformed rows and non-contiguous masks', () => {
    const result = parseProcNetRoute(`${ROUTE}eth0\t00000000\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0\ngarbage\n`, {
      endianness: 'le',
    });
    expect(result.data.routes).toHaveLength(3);
    expect(result.skipped).toHaveLength(2);
  });
});

describe('parseProcNetIpv6Route', () => {
  const TEXT = `00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo
fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001    ens33
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe80000000000000feae34fffea13a80 00000064 00000001 00000000 00000003    ens33
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
`;
  it('reads prefixes, next hops, metrics and flags as route -6n shows them', () => {
    const routes = parseProcNetIpv6Route(TEXT).data.routes ?? [];
    expect(
      routes.map((r) => `${r.destination}/${r.prefixLength} ${r.gateway} ${r.flags} ${r.metric} ${r.interface}`),
    ).toEqual([
      '::1/128 null Un 0 lo',
      'fe80::/64 null U 256 ens33',
      '::/0 fe80::feae:34ff:fea1:3a80 UG 100 ens33',
      '::/0 null !n 4294967295 lo',
    ]);
  });
  it('flag letters', () => {
    expect(ipv6RouteFlags(0x00040003)).toBe('UGA');
  });
  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        parseProcNetIpv6Route(text);
        parseProcNetRoute(text);
        guessRouteEndianness(text);
      }),
      { numRuns: 300 },
    );
  });
});
