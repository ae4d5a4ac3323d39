/**
 * netstat -e and -s at their edges: a block needs all five two-number rows and the one-number row after
 * them, '=' rows belong to -s only, the first 4000/6000 characters decide detection, and a -s section
 * ends at a title without a protocol but not at a rule of dashes.
 */
import { describe, expect, it } from 'vitest';
import { detectNetstatE, findNetstatEBlocks, parseNetstatE } from './netstat-e';
import { detectNetstatS, groupFromTitle, parseNetstatS } from './netstat-s';

const ROWS = [
  'Bytes                    1774347996       265623222',
  'Unicast packets              670392          572028',
  'Non-unicast packets           40266            9690',
  'Discards                          1               2',
  'Errors                            3               4',
];
const E_BLOCK = [
  'Interface Statistics',
  '',
  '                 Received            Sent',
  '',
  ...ROWS,
  'Unknown protocols   5',
  '',
];

describe('netstat -e blocks', () => {
  it('all five rows then the unknown-protocols row make a block; four rows do not', () => {
    expect(findNetstatEBlocks(E_BLOCK.join('\r\n'))).toEqual([
      {
        rows: [
          [1774347996, 265623222],
          [670392, 572028],
          [40266, 9690],
          [1, 2],
          [3, 4],
        ],
        unknownProtocols: 5,
      },
    ]);
    const four = E_BLOCK.filter((l) => !l.startsWith('Errors'));
    expect(findNetstatEBlocks(four.join('\n'))).toEqual([]);
    expect(parseNetstatE(four.join('\n')).warnings).toEqual(['no netstat -e statistics block found']);
    expect(detectNetstatE(four.join('\n'))).toBe(0);
  });

  it('a block pasted with blank lines between its rows is still one', () => {
    const spaced = ROWS.flatMap((r) => [r, '']).concat('Unknown protocols   0');
    expect(findNetstatEBlocks(spaced.join('\n'))).toHaveLength(1);
  });

  it('a text line between the rows breaks the block; extra two-number rows before it are not its rows', () => {
    const broken = [...ROWS.slice(0, 2), 'Interface Statistics', ...ROWS.slice(2), 'Unknown protocols   0'];
    expect(findNetstatEBlocks(broken.join('\n'))).toEqual([]);
    const extra = ['Frames                 9 9', ...ROWS, 'Unknown protocols   0'];
    expect(findNetstatEBlocks(extra.join('\n'))[0]?.rows[0]).toEqual([1774347996, 265623222]);
  });

  it('the whole machine as one interface: unicast plus non-unicast packets, non-unicast as multicast', () => {
    const [iface] = parseNetstatE(E_BLOCK.join('\n')).data.interfaces ?? [];
    expect(iface).toMatchObject({ mac: null, mtu: null, up: null, speedMbps: null, rates: null });
    expect(iface?.counters).toMatchObject({
      rxBytes: 1774347996,
      txBytes: 265623222,
      rxPackets: 670392 + 40266,
      txPackets: 572028 + 9690,
      rxMulticast: 40266,
      txMulticast: 9690,
      rxDrops: 1,
      txDrops: 2,
      rxErrors: 3,
      txErrors: 4,
    });
    expect(parseNetstatE(E_BLOCK.join('\n')).warnings).toEqual([]);
  });

  it('rows with = or numbers in the label are not -e rows', () => {
    const withEquals = ['Bytes = 1 2', ...ROWS.slice(1), 'Unknown protocols   0'];
    expect(findNetstatEBlocks(withEquals.join('\n'))).toEqual([]);
    const unknownWithEquals = [...ROWS, 'Unknown protocols = 0'];
    expect(findNetstatEBlocks(unknownWithEquals.join('\n'))).toEqual([]);
    const numbered = [...ROWS.slice(0, 4), 'eth0 1 2', 'Unknown protocols   0'];
    expect(findNetstatEBlocks(numbered.join('\n'))).toEqual([]);
  });

  it('detection reads the first 4000 characters only; input that is not text is nothing', () => {
    expect(detectNetstatE(E_BLOCK.join('\n'))).toBe(0.9);
    expect(detectNetstatE(`${'\n'.repeat(4000)}${E_BLOCK.join('\n')}`)).toBe(0);
    expect(detectNetstatE(undefined as unknown as string)).toBe(0);
    expect(findNetstatEBlocks(undefined as unknown as string)).toEqual([]);
  });
});

describe('netstat -s titles and sections', () => {
  it('names every group Windows prints, and nothing for a title without a protocol', () => {
    expect(groupFromTitle('IP Statistics')).toBe('Ip');
    expect(groupFromTitle('ICMPv4 Statistics')).toBe('Icmp');
    expect(groupFromTitle('Statistiques ICMP pour IPv6')).toBe('Icmp6');
    expect(groupFromTitle('UDP Statistics for IPv4')).toBe('Udp');
    expect(groupFromTitle('TCP Statistics for IPv6')).toBe('Tcp6');
    expect(groupFromTitle('tcp statistics for ipv4')).toBe('Tcp');
    expect(groupFromTitle('UDPv6')).toBeNull();
    expect(groupFromTitle('SHIPPING')).toBeNull();
    expect(groupFromTitle('')).toBeNull();
  });

  it('= rows before any section are not counted, nor skipped', () => {
    const result = parseNetstatS('Active Opens = 5\n\nTCP Statistics for IPv4\n\n  Active Opens = 7\n');
    expect(result.data.protocolStats).toEqual({ Tcp: { 'Active Opens': 7 } });
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('a row ending in a number that did not parse is skipped inside a section only', () => {
    const text = ['Stray 12', 'TCP Statistics for IPv4', 'Active Opens = 7', 'Broken row 1 2 3', ''].join('\n');
    const result = parseNetstatS(text);
    expect(result.skipped).toEqual(['Broken row 1 2 3']);
    expect(result.data.protocolStats).toEqual({ Tcp: { 'Active Opens': 7 } });
  });

  it('a two-word line renames the columns of the section it is in; a new title resets them', () => {
    const text = [
      'ICMPv4 Statistics',
      '    Reçus    Envoyés',
      'Messages   1   2',
      'ICMPv6 Statistics',
      'Messages   3   4',
    ].join('\n');
    expect(parseNetstatS(text).data.protocolStats).toEqual({
      Icmp: { 'Messages Reçus': 1, 'Messages Envoyés': 2 },
      Icmp6: { 'Messages Received': 3, 'Messages Sent': 4 },
    });
  });

  it('a rule of dashes keeps the section; a title without a protocol ends it', () => {
    const text = [
      'TCP Statistics for IPv4',
      '  Active Opens = 1',
      '  ----------',
      '  Passive Opens = 2',
      'Statistiques de l’interface',
      '  Segments = 3',
      '  Messages   4   5',
    ].join('\n');
    const result = parseNetstatS(text);
    expect(result.data.protocolStats).toEqual({ Tcp: { 'Active Opens': 1, 'Passive Opens': 2 } });
    expect(result.skipped).toEqual([]);
  });

  it('netstat -an rows in the same file are neither counters nor titles', () => {
    const text = ['TCP Statistics for IPv4', '  Active Opens = 1', '  TCP    0.0.0.0:135    0.0.0.0:0    LISTENING'];
    expect(parseNetstatS(text.join('\n')).data.protocolStats).toEqual({ Tcp: { 'Active Opens': 1 } });
  });

  it('says when it found no section, and reads nothing from input that is not text', () => {
    expect(parseNetstatS('hello\n').warnings).toEqual(['no netstat -s sections found']);
    expect(parseNetstatS(undefined as unknown as string).data.protocolStats).toEqual({});
  });
});

describe('detectNetstatS', () => {
  const section = (rows: number) =>
    ['TCP Statistics for IPv4', ...Array.from({ length: rows }, (_, i) => `  Counter ${'x'.repeat(i)} = ${i}`)].join(
      '\n',
    );

  it('needs a title and three = rows with counts', () => {
    expect(detectNetstatS(section(3))).toBe(0.9);
    expect(detectNetstatS(section(2))).toBe(0);
    expect(detectNetstatS(section(3).replace('TCP Statistics for IPv4', 'Statistics'))).toBe(0);
    expect(detectNetstatS(section(3).replace(/= \d+$/gm, '= many'))).toBe(0);
    expect(detectNetstatS(`${E_BLOCK.join('\n')}\n${section(3)}`)).toBe(0.95);
  });

  it('reads the first 6000 characters only; input that is not text is nothing', () => {
    expect(detectNetstatS(`${'\n'.repeat(6000)}${section(5)}`)).toBe(0);
    expect(detectNetstatS(undefined as unknown as string)).toBe(0);
  });
});
