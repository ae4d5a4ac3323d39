import { describe, expect, it } from 'vitest';
import {
  guessRouteEndianness,
  ipv4RouteFlags,
  ipv6RouteFlags,
  parseProcNetIpv6Route,
  parseProcNetRoute,
} from './proc-net-route';

// net/ipv4/fib_trie.c fib_route_seq_show: '%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u', each line padded
// with blanks to 127 columns (seq_pad), as this machine prints it.
const pad = (line: string): string => line.padEnd(127, ' ');
const HEADER = pad('Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT');
const DEFAULT = 'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0';
const ON_LINK = 'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0';

const v4 = (text: string) => parseProcNetRoute(text, { endianness: 'le' });

describe('ipv4RouteFlags and ipv6RouteFlags (net-tools route -n / route -6n letters)', () => {
  it('prints each IPv4 flag in route -n order', () => {
    expect(ipv4RouteFlags(0)).toBe('');
    expect(ipv4RouteFlags(0x2)).toBe('G');
    expect([0x1, 0x2, 0x200, 0x4, 0x8, 0x10, 0x20].map(ipv4RouteFlags)).toEqual(['U', 'G', '!', 'H', 'R', 'D', 'M']);
    expect(ipv4RouteFlags(0x23f | 0x10000)).toBe('UG!HRDM');
  });

  it('prints each IPv6 flag in route -6n order', () => {
    expect(ipv6RouteFlags(0)).toBe('');
    const letters = [0x1, 0x200, 0x2, 0x4, 0x10000, 0x40000, 0x1000000, 0x20000, 0x400000, 0x20, 0x200000].map(
      ipv6RouteFlags,
    );
    expect(letters).toEqual(['U', '!', 'G', 'H', 'D', 'A', 'C', 'a', 'e', 'm', 'n']);
    expect(ipv6RouteFlags(0x1672227)).toBe('U!GHDACaemn');
  });
});

describe('parseProcNetRoute on the edges of the format', () => {
  it('reads lines padded to 127 columns as the kernel prints them, CRLF copies too', () => {
    const text = [HEADER, pad(DEFAULT), pad(ON_LINK)].join('\n');
    const expected = ['0.0.0.0/0 192.0.2.1 UG', '192.0.2.0/24 null U'];
    const show = (t: string) =>
      (v4(t).data.routes ?? []).map((r) => `${r.destination}/${r.prefixLength} ${r.gateway} ${r.flags}`);
    expect(show(text)).toEqual(expected);
    expect(show(text.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(v4(text).skipped).toEqual([]);
    expect(v4(text).warnings).toEqual([]);
  });

  it('reads a copy whose columns were aligned with runs of blanks, and guesses its byte order', () => {
    const aligned = 'eth0      C0000200  00000000  0001  0  0  0  FFFFFF00  0  0  0';
    expect(guessRouteEndianness(aligned)).toBe('be');
    const routes = parseProcNetRoute(aligned, { endianness: 'be' }).data.routes;
    expect(routes?.map((r) => `${r.destination}/${r.prefixLength} ${r.interface}`)).toEqual(['192.0.2.0/24 eth0']);
  });

  it('reads an unreachable or prohibit route (no device, RTF_REJECT) as a reject route', () => {
    // ip route add unreachable 10.9.0.0/16
    const routes = v4(`*\t0000090A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0`).data.routes;
    expect(routes).toEqual([
      {
        family: 4,
        destination: '10.9.0.0',
        prefixLength: 16,
        gateway: null,
        interface: '*',
        metric: 0,
        flags: 'U!',
        table: 'main',
        type: 'reject',
      },
    ]);
  });

  it('reads the metric unsigned: the kernel prints its u32 with %d, so 4294967295 reads -1', () => {
    const routes = v4(
      `eth0\t0000090A\t00000000\t0001\t0\t0\t-1\t0000FFFF\t0\t0\t0\neth0\t0000080A\t00000000\t0001\t0\t0\t2147483647\t0000FFFF\t0\t0\t0`,
    ).data.routes;
    expect(routes?.map((r) => r.metric)).toEqual([4294967295, 2147483647]);
  });

  it.each([
    ['fewer than 8 columns', 'eth0\t00000000\t010200C0\t0003\t0\t0\t0'],
    ['a non-hex destination', 'eth0\t0000000G\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0'],
    ['a short destination', 'eth0\t0000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0'],
    ['a non-hex gateway', 'eth0\t00000000\t010200CZ\t0003\t0\t0\t0\t00000000\t0\t0\t0'],
    ['a non-hex mask', 'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t0000000X\t0\t0\t0'],
    ['non-hex flags', 'eth0\t00000000\t010200C0\t00G3\t0\t0\t0\t00000000\t0\t0\t0'],
    ['flags with a sign', 'eth0\t00000000\t010200C0\t-3\t0\t0\t0\t00000000\t0\t0\t0'],
    ['flags past 8 digits', 'eth0\t00000000\t010200C0\t000000003\t0\t0\t0\t00000000\t0\t0\t0'],
    ['a non-decimal metric', 'eth0\t00000000\t010200C0\t0003\t0\t0\t1.5\t00000000\t0\t0\t0'],
    ['a hex metric', 'eth0\t00000000\t010200C0\t0003\t0\t0\t0x10\t00000000\t0\t0\t0'],
    ['a 32-digit destination', `eth0\t${'0'.repeat(32)}\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0`],
    ['a 32-digit gateway', `eth0\t00000000\t${'0'.repeat(24)}010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0`],
    ['a 32-digit mask', `eth0\t00000000\t010200C0\t0003\t0\t0\t0\t${'0'.repeat(32)}\t0\t0\t0`],
    ['a non-contiguous mask', 'eth0\t00000000\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0'],
  ])('skips a row with %s', (_name, line) => {
    const result = v4(`${HEADER}\n${pad(line)}\n${pad(ON_LINK)}\n`);
    expect(result.skipped).toEqual([line]);
    expect(result.data.routes?.map((r) => r.destination)).toEqual(['192.0.2.0']);
  });
});

describe('guessRouteEndianness', () => {
  it('counts the masks that read as contiguous each way; little-endian wins a tie', () => {
    // 00FFFFFF is /24 read little-endian and not a mask big-endian; FFFFFF00 the reverse.
    expect(guessRouteEndianness([HEADER, pad(ON_LINK)].join('\n'))).toBe('le');
    expect(guessRouteEndianness(pad(ON_LINK.replace('00FFFFFF', 'FFFFFF00')))).toBe('be');
    expect(guessRouteEndianness(pad(DEFAULT))).toBe('le');
    const oneEach = [ON_LINK, ON_LINK.replace('00FFFFFF', 'FFFFFF00')].map(pad).join('\n');
    expect(guessRouteEndianness(oneEach)).toBe('le');
  });

  it('reads the mask column of lines with leading blanks, and no vote from other columns or lengths', () => {
    const be = `  ${ON_LINK.replace('00FFFFFF', 'FFFFFF00')}`;
    expect(guessRouteEndianness(be)).toBe('be');
    const noMask = 'eth0\t000200C0\t00000000\t0001\t0\t0\t0';
    const longMask = ON_LINK.replace('00FFFFFF', 'FFFFFF0000');
    expect(guessRouteEndianness([noMask, longMask, be].join('\n'))).toBe('be');
    expect(guessRouteEndianness([longMask, longMask].join('\n'))).toBe('le');
  });
});

// net/ipv6/route.c rt6_info_seq_show, as this machine prints it ('%pi6 %02x %pi6 %02x %pi6 %08x %08x %08x %08x %8s').
const V6_LIVE = `fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo
ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
`;

describe('parseProcNetIpv6Route on the edges of the format', () => {
  const line = (destination: string, length: string, flags: string, metric = '00000100'): string =>
    `${destination} ${length} ${'0'.repeat(32)} 00 ${'0'.repeat(32)} ${metric} 00000001 00000000 ${flags}     eth0`;

  it('names the type and table of each route as ip -6 route show table all does (the null entry, which it does not list, in none)', () => {
    const result = parseProcNetIpv6Route(V6_LIVE);
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(
      result.data.routes?.map(
        (r) => `${r.type} ${r.destination}/${r.prefixLength} ${r.gateway} ${r.table} ${r.metric}`,
      ),
    ).toEqual([
      'unicast fd00::/64 null main 256',
      'unicast ::/0 fd00::1 main 1024',
      'local ::1/128 null local 0',
      'multicast ff00::/8 null local 256',
      'unreachable ::/0 null null 4294967295',
    ]);
  });

  it('tells anycast, reject and multicast routes apart by flags and prefix', () => {
    const routes = parseProcNetIpv6Route(
      [
        // The subnet-router anycast address of a forwarding host: RTF_ANYCAST | RTF_NONEXTHOP | RTF_UP.
        line('fe800000000000000000000000000000', '80', '00300001'),
        // ip -6 route add unreachable 2001:db8::/32, and a reject default with an ordinary metric.
        line('20010db8000000000000000000000000', '20', '00000201', 'ffffffff'),
        line('00000000000000000000000000000000', '00', '00000201'),
        line('ff020000000000000000000000000000', '10', '00000001'),
        line('20010db80000000000000000000000ff', '80', '00000001'),
        line('fd000000000000000000000000000000', '08', '00000001'),
        line('ff000000000000000000000000000000', '07', '00000001'),
      ].join('\n'),
    ).data.routes;
    expect(routes?.map((r) => `${r.type} ${r.destination}/${r.prefixLength} ${r.table}`)).toEqual([
      'anycast fe80::/128 local',
      'reject 2001:db8::/32 main',
      'reject ::/0 main',
      'multicast ff02::/16 local',
      'unicast 2001:db8::ff/128 main',
      'unicast fd00::/8 main',
      'unicast ff00::/7 main',
    ]);
  });

  it('reads the boundary prefix lengths and leaves out blank lines without reporting them', () => {
    const text = `\n${line('0'.repeat(32), '00', '00000001')}\r\n\n${line('20010db8000000000000000000000001', '80', '00000001')}\n  \n`;
    const result = parseProcNetIpv6Route(text);
    expect(result.skipped).toEqual([]);
    expect(result.data.routes?.map((r) => `${r.destination}/${r.prefixLength}`)).toEqual(['::/0', '2001:db8::1/128']);
  });

  it.each([
    ['9 columns', (l: string) => l.replace(/\s+eth0$/, '')],
    ['11 columns', (l: string) => `${l} extra`],
    ['a non-hex destination', (l: string) => l.replace(/^20/, 'zz')],
    ['a short destination', (l: string) => l.replace(/^20/, '2')],
    ['a non-hex next hop', (l: string) => l.replace(` 00 ${'0'.repeat(32)} `, ` 00 ${'0'.repeat(31)}g `)],
    ['a 3-digit prefix length', (l: string) => l.replace(' 80 ', ' 080 ')],
    ['a non-hex prefix length', (l: string) => l.replace(' 80 ', ' 8g ')],
    ['a prefix length past 128', (l: string) => l.replace(' 80 ', ' 81 ')],
    ['a short metric', (l: string) => l.replace('00000100', '0000100')],
    ['non-hex flags', (l: string) => l.replace('00000001     eth0', '0000000x     eth0')],
    ['an 8-digit destination', (l: string) => l.replace(/^20010db8000000000000000000000001/, '20010db8')],
    ['an 8-digit next hop', (l: string) => l.replace(` 00 ${'0'.repeat(32)} `, ' 00 00000000 ')],
  ])('skips a row with %s', (_name, corrupt) => {
    const good = line('20010db8000000000000000000000001', '80', '00000001');
    const bad = corrupt(good);
    expect(bad).not.toBe(good);
    const result = parseProcNetIpv6Route(`${bad}\n${good}\n`);
    expect(result.skipped).toEqual([bad]);
    expect(result.data.routes).toHaveLength(1);
  });
});
