/**
 * `netstat -s` prose (net-tools statistics.c, BSD/macOS inet.c) and net-tools `netstat -i`
 * at the edges of their formats: indentation by tabs and spaces, numbers in parentheses,
 * repeated names, detection; interface tables with and without the Met and Flg columns.
 */
import { describe, expect, it } from 'vitest';
import { LINUX_COMMAND_FORMATS } from './formats';
import { parseLinuxNetstatI } from './netstat-i';
import { detectNetstatS, groupName, parseNetstatS } from './netstat-s';
import { MACOS_FORMATS } from '../macos/formats';

const stats = (text: string): unknown => parseNetstatS(text).data.protocolStats;

describe('netstat -s counters', () => {
  it('reads the BSD tab-indented tcp section with numbers in parentheses', () => {
    const text = [
      'tcp:',
      '\t6878757 packets sent',
      '\t\t1509288 data packets (741004496 bytes)',
      '\t\t3818161 ack-only packets (39601 delayed)',
      '\t7402898 packets received',
      '\t\t1507122 acks (for 730507423 bytes)',
      '\t122395 connections established (including accepts)',
      '\t478728 connections closed (including 35378 drops)',
      '\t3 times (7) odd',
    ].join('\n');
    expect(stats(text)).toEqual({
      Tcp: {
        'packets sent': 6878757,
        'packets sent: data packets': 1509288,
        'packets sent: data packets (bytes)': 741004496,
        'packets sent: ack-only packets': 3818161,
        'packets sent: ack-only packets (delayed)': 39601,
        'packets received': 7402898,
        'packets received: acks': 1507122,
        'packets received: acks (for bytes)': 730507423,
        'connections established': 122395,
        'connections closed': 478728,
        'connections closed (including drops)': 35378,
        'times odd': 3,
        'times odd (value)': 7,
      },
    });
  });

  it('counts a tab to the next multiple of eight columns when nesting', () => {
    // Four spaces, then a tab (column 8): the tab line is under the space line; two spaces and a
    // tab also reach column 8, so that line is a sibling of the tab line, not its child.
    const text = ['Tcp:', '    10 parent', '\t20 child', '  \t30 sibling', '        40 also sibling'].join('\n');
    expect(stats(text)).toEqual({
      Tcp: { parent: 10, 'parent: child': 20, 'parent: sibling': 30, 'parent: also sibling': 40 },
    });
  });

  it('reads "name: N" counters, with or without a space, and headings over the lines below them', () => {
    const text = [
      'IcmpMsg:',
      '        InType0: 3',
      '        OutType3:254',
      'Icmp:',
      '    ICMP output histogram:',
      '        destination unreachable: 254',
      '    261 ICMP messages sent',
    ].join('\n');
    expect(stats(text)).toEqual({
      IcmpMsg: { InType0: 3, OutType3: 254 },
      Icmp: { 'ICMP output histogram: destination unreachable': 254, 'ICMP messages sent': 261 },
    });
  });

  it('keeps repeated names apart by a count, and merges a section given twice', () => {
    const text = [
      'Udp:',
      '    1 packet receive errors',
      '    2 packet receive errors',
      'Udp:',
      '    3 packet receive errors',
    ];
    expect(stats(text.join('\n'))).toEqual({
      Udp: { 'packet receive errors': 1, 'packet receive errors (2)': 2, 'packet receive errors (3)': 3 },
    });
    const nested = ['Ip:', '    5 forwarded', '        6 dropped', '        7 dropped'].join('\n');
    expect(stats(nested)).toEqual({ Ip: { forwarded: 5, 'forwarded: dropped': 6, 'forwarded: dropped (2)': 7 } });
  });

  it('skips lines before any section and lines with no number, keeping the rest', () => {
    const r = parseNetstatS(
      ['  12 orphan counter', 'Tcp:', '    no number here', '    trailing 5', '    4 ok'].join('\n'),
    );
    expect(r.skipped).toEqual(['  12 orphan counter', '    no number here', '    trailing 5']);
    expect(r.data.protocolStats).toEqual({ Tcp: { ok: 4 } });
  });

  it('treats an indented "Name:" as a heading, not a section', () => {
    expect(stats('Tcp:\n  Sub:\n    1 x\n')).toEqual({ Tcp: { 'Sub: x': 1 } });
  });

  it('names groups with a capital first letter', () => {
    expect(groupName('tcp')).toBe('Tcp');
    expect(groupName('ip6')).toBe('Ip6');
    expect(groupName('TcpExt')).toBe('TcpExt');
    expect(groupName('')).toBe('');
  });
});

describe('netstat -s detection', () => {
  const section = /^(tcp|Tcp):$/;

  it('is sure with a section and counters, unsure with a section alone, and out without one', () => {
    expect(detectNetstatS('tcp:\n\t5 packets sent\n', section)).toBe(0.9);
    expect(detectNetstatS('Tcp:\n    InSegs: 5\n    OutSegs: 6\n    RetransSegs: 0\n    x\n', section)).toBe(0.9);
    expect(detectNetstatS('tcp:\n', section)).toBe(0.5);
    expect(detectNetstatS('tcp:\nnot indented 5\nalso 6 not\nno\n', section)).toBe(0.5);
    expect(detectNetstatS('\t5 packets sent\ntcp:\n', section)).toBe(0);
    expect(detectNetstatS('udp:\n\t5 packets sent\n', section)).toBe(0);
  });

  it('needs three counters among the first lines when there are that many', () => {
    expect(detectNetstatS('tcp:\n\t1 a\n\t2 b\nx\ny\n', section)).toBe(0.5);
    expect(detectNetstatS('tcp:\n\t1 a\n\t2 b\n\t3 c\ny\n', section)).toBe(0.9);
  });

  it('is claimed by the Linux spec for Linux section names and by the BSD spec for BSD ones', () => {
    const linux = LINUX_COMMAND_FORMATS.find((f) => f.id === 'linux-netstat-s');
    const bsd = MACOS_FORMATS.find((f) => f.id === 'macos-netstat-s');
    const linuxText = 'TcpExt:\n    1 a\n    2 b\n    3 c\n';
    const bsdText = 'ipsec6:\n\t1 a\n\t2 b\n\t3 c\n';
    expect(linux?.detect(linuxText)).toBe(0.9);
    expect(bsd?.detect(linuxText)).toBe(0);
    expect(bsd?.detect(bsdText)).toBe(0.9);
    expect(linux?.detect(bsdText)).toBe(0);
  });
});

describe('net-tools netstat -i', () => {
  it('reads a table without the Met column (newer net-tools) and a down interface', () => {
    const r = parseLinuxNetstatI(
      [
        'Kernel Interface table',
        'Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg',
        'eth0      1500  4294967295  0      0 0       4294967294      0      0      0 BMRU',
        'eth1      1500        0      0      0 0             0      0      0      0 BM',
      ].join('\n'),
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.interfaces?.map((x) => [x.name, x.mtu, x.up, x.counters.rxPackets, x.counters.txPackets])).toEqual([
      ['eth0', 1500, true, 4294967295, 4294967294],
      ['eth1', 1500, false, 0, 0],
    ]);
    expect(r.data.interfaces?.[0]).toMatchObject({ mac: null, speedMbps: null, rates: null });
    expect(r.data.interfaces?.[0]?.counters).toMatchObject({ rxBytes: 0, txBytes: 0 });
  });

  it('reads a row whose flags are blank, and a table without Flg or drop columns', () => {
    const blank = parseLinuxNetstatI(
      'Iface MTU Met RX-OK RX-ERR RX-DRP RX-OVR TX-OK TX-ERR TX-DRP TX-OVR Flg\ntun0 1400 0 5 0 0 0 6 0 0 0\n',
    );
    expect(blank.data.interfaces?.[0]).toMatchObject({ name: 'tun0', up: null });
    const bare = parseLinuxNetstatI('Iface MTU RX-OK TX-OK\nlo 65536 7 8\n');
    expect(bare.data.interfaces?.[0]).toMatchObject({ name: 'lo', mtu: 65536, up: null });
    expect(bare.data.interfaces?.[0]?.counters).toMatchObject({ rxPackets: 7, txPackets: 8, rxErrors: 0, txDrops: 0 });
  });

  it('skips short rows and rows with unreadable packet counts, and says nothing when there are no interfaces', () => {
    const r = parseLinuxNetstatI(
      [
        'eth9 1500 0 1 0 0 0 1 0 0 0 BMRU',
        'Iface MTU Met RX-OK RX-ERR RX-DRP RX-OVR TX-OK TX-ERR TX-DRP TX-OVR Flg',
        'eth0 1500 0 x 0 0 0 1 0 0 0 BMRU',
        'eth1 1500 0 1 0 0 0 - 0 0 0 BMRU',
        'eth2 1500 0 1 0 0 0 1 0 0',
      ].join('\n'),
    );
    expect(r.data.interfaces).toEqual([]);
    expect(r.skipped).toEqual([
      'eth0 1500 0 x 0 0 0 1 0 0 0 BMRU',
      'eth1 1500 0 1 0 0 0 - 0 0 0 BMRU',
      'eth2 1500 0 1 0 0 0 1 0 0',
    ]);
    expect(r.warnings).toEqual([]);
  });
});

describe('netstat -s edges found by mutation testing', () => {
  it('joins the words around a parenthesized number with one space', () => {
    expect(stats('tcp:\n\t\t158547 data packets (106210357 bytes) retransmitted\n')).toEqual({
      Tcp: { 'data packets retransmitted': 158547, 'data packets retransmitted (bytes)': 106210357 },
    });
  });

  it('reads a number of several digits in mid-sentence', () => {
    expect(stats('TcpExt:\n    Quick ack mode was activated 1234 times\n')).toEqual({
      TcpExt: { 'Quick ack mode was activated N times': 1234 },
    });
  });

  it('passes over blank and whitespace-only lines inside a section without losing the nesting', () => {
    const r = parseNetstatS('Tcp:\n    10 a\n\n   \t \n        20 b\n');
    expect(r.skipped).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.data.protocolStats).toEqual({ Tcp: { a: 10, 'a: b': 20 } });
  });

  it('reads a counter that is not indented at all', () => {
    expect(stats('Tcp:\n5 active opens\n6 passive opens\n')).toEqual({
      Tcp: { 'active opens': 5, 'passive opens': 6 },
    });
  });

  it('counts only indented lines that start with a number, or end in "name: number", when detecting', () => {
    const section = /^(Tcp|IcmpMsg):$/;
    expect(detectNetstatS('Tcp:\nsent 51 packets\nrecv 62 packets\nx 73 y\n', section)).toBe(0.5);
    expect(detectNetstatS('Tcp:\n    12 a\n    345 b\n    6789 c\n', section)).toBe(0.9);
    expect(detectNetstatS('IcmpMsg:\n    InType3: 107\n    OutType3:254\n    OutType8: 31\n', section)).toBe(0.9);
    expect(detectNetstatS('IcmpMsg:\n    InType3: 107 x\n    OutType3: 254 y\n    OutType8: 31 z\n', section)).toBe(
      0.5,
    );
  });
});

describe('netstat -i edges found by mutation testing', () => {
  it('reads an indented table and passes over blank lines between rows', () => {
    const r = parseLinuxNetstatI(
      '  Kernel Interface table\n  Iface MTU RX-OK RX-ERR RX-DRP RX-OVR TX-OK TX-ERR TX-DRP TX-OVR Flg\n  eth0 1500 1 0 0 0 2 0 0 0 BMRU\n\n  lo 65536 3 0 0 0 4 0 0 0 LRU\n',
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.interfaces?.map((x) => [x.name, x.counters.rxPackets])).toEqual([
      ['eth0', 1],
      ['lo', 3],
    ]);
  });
});
