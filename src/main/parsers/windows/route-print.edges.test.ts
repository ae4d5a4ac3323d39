/**
 * route print at its edges: flags of persistent and host routes, a '====' rule that starts IPv6
 * persistent routes only after IPv6 rows, wrapped gateways that must not swallow the next row, zones,
 * masks and prefixes that are not valid, rows of another OS's table, and detection by rules and rows.
 */
import { describe, expect, it } from 'vitest';
import { detectRoutePrint, parseRoutePrint } from './route-print';

const RULE = '='.repeat(75);
const routesOf = (lines: string[]) => parseRoutePrint(lines.join('\r\n'));

describe('route print rows', () => {
  it('persistent IPv4 routes: S, G with a gateway other than 0.0.0.0, H for a host; the metric or none', () => {
    const { data, skipped } = routesOf([
      'Persistent Routes:',
      '  Network Address          Netmask  Gateway Address  Metric',
      '         10.0.0.0        255.0.0.0         10.1.1.1       5',
      '      10.9.9.9  255.255.255.255          0.0.0.0  Default',
      '      10.9.9.8  255.255.255.255         10.1.1.1  Par défaut',
    ]);
    expect(skipped).toEqual([]);
    expect(data.routes?.map((r) => [r.destination, r.prefixLength, r.gateway, r.flags, r.metric, r.table])).toEqual([
      ['10.0.0.0', 8, '10.1.1.1', 'SG', 5, 'persistent'],
      ['10.9.9.9', 32, null, 'SH', null, 'persistent'],
      ['10.9.9.8', 32, '10.1.1.1', 'SGH', null, 'persistent'],
    ]);
  });

  it('rows that start with an address but do not parse are reported, other lines are not', () => {
    const { data, skipped } = routesOf([
      '         10.0.0.0        255.0.255.0         10.1.1.1   10.0.0.2     5',
      '         10.0.0.0        255.0.0.0         10.1.1.1       5 6 7',
      '         10.0.0.0        255.0.0.0         10.1.1.1     1 2',
      '         10.0.0.0        255.0.0.0         garbage      1',
      '  11    266 fe80::/200                 On-link',
      'Active Routes:',
      '10.0.0.0 only',
    ]);
    expect(data.routes).toEqual([]);
    expect(skipped).toHaveLength(5);
  });

  it('an active row: one address between mask and interface is the gateway, words are on-link', () => {
    const { data } = routesOf([
      '          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.10     25',
      '      192.168.1.0    255.255.255.0         On-link     192.168.1.10    281',
      '      192.168.1.0    255.255.255.0    Auf Verbindung   192.168.1.10    281',
      '      192.168.1.0    255.255.255.0    10.0.0.1 10.0.0.2 192.168.1.10    281',
    ]);
    expect(data.routes?.map((r) => [r.gateway, r.interface, r.metric, r.flags, r.table])).toEqual([
      ['192.168.1.1', '192.168.1.10', 25, 'UG', null],
      [null, '192.168.1.10', 281, 'U', null],
      [null, '192.168.1.10', 281, 'U', null],
      [null, '192.168.1.10', 281, 'U', null],
    ]);
  });

  it('IPv6: a zone on the gateway, a host route, and a wrapped gateway that is not the next row', () => {
    const { data, skipped } = routesOf([
      ' Interface List',
      ' 11...00 0c 29 76 c8 d0 ......Intel(R) PRO/1000',
      '  7...',
      ' 11    266 fe80::1/128              fe80::2%11',
      ' 11    266 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/128',
      '  7    256 ff00::/8                 On-link',
      ' 11    266 ::/0',
    ]);
    expect(skipped).toEqual([]);
    expect(data.routes?.map((r) => [r.destination, r.prefixLength, r.gateway, r.interface, r.flags, r.metric])).toEqual(
      [
        ['fe80::1', 128, 'fe80::2%11', 'Intel(R) PRO/1000', 'UGH', 266],
        ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:1', 128, null, 'Intel(R) PRO/1000', 'UH', 266],
        ['ff00::', 8, null, '7', 'U', 256],
        ['::', 0, null, 'Intel(R) PRO/1000', 'U', 266],
      ],
    );
  });

  it('a rule starts IPv6 persistent routes only once IPv6 rows were seen; short rules are not rules', () => {
    const v6 = ' 11    266 ::/0                     fe80::1';
    const { data } = routesOf([RULE, v6, '=========', v6, RULE, v6]);
    expect(data.routes?.map((r) => r.table)).toEqual([null, null, 'persistent']);
    expect(data.routes?.map((r) => r.flags)).toEqual(['UG', 'UG', 'SG']);
  });

  it('reads nothing from input that is not text', () => {
    expect(parseRoutePrint(undefined as unknown as string)).toEqual({
      data: { routes: [] },
      skipped: [],
      warnings: [],
    });
  });
});

describe('detectRoutePrint', () => {
  const row = '          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.10     25';
  const v6row = ' 11    266 ::/0                     fe80::1';

  it('rows with two rules are route print; rows alone a weaker sign, the fewer the weaker', () => {
    expect(detectRoutePrint([RULE, row, RULE].join('\n'))).toBe(0.95);
    expect(detectRoutePrint([RULE, row, row].join('\n'))).toBe(0.2);
    expect(detectRoutePrint([row, row, v6row].join('\n'))).toBe(0.5);
    expect(detectRoutePrint([row, v6row].join('\n'))).toBe(0.2);
    expect(detectRoutePrint(['='.repeat(19), row, '='.repeat(19)].join('\n'))).toBe(0.2);
  });

  it('rules without rows, persistent rows, and rows past the first 120 lines are not enough', () => {
    expect(detectRoutePrint([RULE, RULE].join('\n'))).toBe(0);
    expect(detectRoutePrint([RULE, '   10.0.0.0   255.0.0.0   10.1.1.1   5', RULE].join('\n'))).toBe(0);
    expect(detectRoutePrint([...Array(120).fill('x'), RULE, row, RULE].join('\n'))).toBe(0);
    expect(detectRoutePrint(undefined as unknown as string)).toBe(0);
  });
});

describe('route print rows: what is not a row', () => {
  it('three addresses are not a route: too few columns, reported', () => {
    const { data, skipped } = routesOf(['         10.0.0.0        255.0.0.0         10.1.1.1']);
    expect(data.routes).toEqual([]);
    expect(skipped).toEqual(['         10.0.0.0        255.0.0.0         10.1.1.1']);
  });

  it('the destination must be an address and the metric digits only', () => {
    const lines = [
      '          default          0.0.0.0      192.168.1.1    192.168.1.10     25',
      '          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.10    25x',
      '          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.10    x25',
    ];
    const { data, skipped } = routesOf(lines);
    expect(data.routes).toEqual([]);
    expect(skipped).toEqual(lines.slice(1));
  });

  it('a persistent metric is digits only (two digits, too); a word with a digit in a two-word metric is no row', () => {
    const { data, skipped } = routesOf([
      '         10.0.0.0        255.0.0.0         10.1.1.1      25',
      '         10.0.0.1  255.255.255.255         10.1.1.1      5x',
      '         10.0.0.2  255.255.255.255         10.1.1.1      x5',
      '         10.0.0.3  255.255.255.255         10.1.1.1  Default 2',
    ]);
    expect(data.routes?.map((r) => [r.destination, r.metric])).toEqual([
      ['10.0.0.0', 25],
      ['10.0.0.1', null],
      ['10.0.0.2', null],
    ]);
    expect(skipped).toHaveLength(1);
  });

  it('IPv6 rows start with two numbers: the interface index and the metric', () => {
    const { data } = routesOf([
      '  x    266 ::/0                     fe80::1',
      ' 11      x ::/0                     fe80::1',
      ' 11a   266 ::/0                     fe80::1',
      ' a11   266 ::/0                     fe80::1',
      ' 11   266a ::/0                     fe80::1',
      ' 11   a266 ::/0                     fe80::1',
    ]);
    expect(data.routes).toEqual([]);
  });

  it('an IPv6 gateway is one address, with or without a zone; anything else is on-link', () => {
    const { data } = routesOf([
      ' 11    266 ::/0                     fe80::12',
      ' 11    266 ::/1                     2001:db8::ab%11',
      ' 11    266 ::/2                     fe80::1 x',
      ' 11    266 ::/3                     via fe80::1',
    ]);
    expect(data.routes?.map((r) => r.gateway)).toEqual(['fe80::12', '2001:db8::ab%11', null, null]);
  });

  it('a rule is a whole line of ten or more "=", spaces around allowed, not a line with other text', () => {
    const v6 = ' 11    266 ::/0                     fe80::1';
    const tables = (rule: string) => routesOf([v6, rule, v6]).data.routes?.map((r) => r.table);
    expect(tables(`  ${'='.repeat(10)}  `)).toEqual([null, 'persistent']);
    expect(tables(`${'='.repeat(10)} Persistent`)).toEqual([null, null]);
    expect(tables(`Persistent ${'='.repeat(10)}`)).toEqual([null, null]);
  });
});

describe('route print interface list', () => {
  it('a name right after the dots, after a long MAC, or with spaces after it, is read whole', () => {
    const { data } = routesOf([
      ' 12...00 00 00 00 00 00 00 e0 Microsoft ISATAP Adapter',
      '  7...Teredo Tunneling Pseudo-Interface',
      ' 11...00 0c 29 76 c8 d0 ......Intel(R) PRO/1000   ',
      ' 12    266 ::/0                     fe80::1',
      '  7    266 ::/1                     fe80::1',
      ' 11    266 ::/2                     fe80::1',
    ]);
    expect(data.routes?.map((r) => r.interface)).toEqual([
      'Microsoft ISATAP Adapter',
      'Teredo Tunneling Pseudo-Interface',
      'Intel(R) PRO/1000',
    ]);
  });
});

describe('detectRoutePrint: rules and rows as route print draws them', () => {
  const rule = '='.repeat(75);
  const row = '          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.10     25';

  it('a rule is the whole line, spaces around allowed', () => {
    expect(detectRoutePrint([`  ${rule}  `, row, `${rule}   `].join('\n'))).toBe(0.95);
    expect(detectRoutePrint([`${rule} x`, row, `${rule} x`].join('\n'))).toBe(0.2);
    expect(detectRoutePrint([`x ${rule}`, row, `x ${rule}`].join('\n'))).toBe(0.2);
  });

  it('IPv6 rows however they are spaced, whatever the prefix looks like', () => {
    for (const v6 of [
      '  1    306 ::1/128                  On-link',
      ' 11    266    fe80::9595:e8d9:b190:ecac/128',
      ' 11    266 2001:db8:0:0:0:0:0:ab/128 On-link',
    ]) {
      expect(detectRoutePrint([v6, v6, v6].join('\n')), v6).toBe(0.5);
    }
  });

  it('active IPv4 rows with a two-word on-link (German) are rows too, as the parser reads them', () => {
    const german = [
      '        127.0.0.0        255.0.0.0   Auf Verbindung         127.0.0.1    306',
      '        127.0.0.1  255.255.255.255   Auf Verbindung         127.0.0.1    306',
      '  127.255.255.255  255.255.255.255   Auf Verbindung         127.0.0.1    306',
    ];
    expect(parseRoutePrint(german.join('\n')).data.routes).toHaveLength(3);
    expect(detectRoutePrint(german.join('\n'))).toBe(0.5);
    expect(detectRoutePrint('Hello\nWorld\n')).toBe(0);
  });
});

describe('route print: a gateway wrapped to the next line', () => {
  const wide = ' 11    266 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/128';

  it('an address alone on the next line is the gateway of the row above', () => {
    const { data, skipped } = routesOf([
      ' If Metric Network Destination      Gateway',
      wide,
      '                                    fe80::1',
    ]);
    expect(skipped).toEqual([]);
    expect(data.routes?.map((r) => [r.destination, r.gateway, r.flags])).toEqual([
      ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:1', 'fe80::1', 'UGH'],
    ]);
  });

  it('the next row is never taken for a gateway, however narrow its columns', () => {
    for (const next of [
      '  0 4294967295 2001:db8::/32            fe80::1',
      ' 11    266 ::/0                     fe80::1',
      ' 11    1 ::/0                       fe80::1',
    ]) {
      const routes = routesOf([wide, next]).data.routes ?? [];
      expect(
        routes.map((r) => r.gateway),
        next,
      ).toEqual([null, 'fe80::1']);
    }
  });
});
