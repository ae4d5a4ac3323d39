/**
 * How sure each Linux command format is that a text is its own (detect() reads the first lines only):
 * headers with and without optional columns, outputs cut from the top, neighbours that look alike.
 */
import { describe, expect, it } from 'vitest';
import { LINUX_COMMAND_FORMATS } from './formats';

function detector(id: string): (text: string) => number {
  const spec = LINUX_COMMAND_FORMATS.find((f) => f.id === id);
  if (!spec) throw new Error(`no format ${id}`);
  return (text) => spec.detect(text);
}

describe('ss detection', () => {
  const detect = detector('linux-ss');

  it('knows the header with and without Netid, after a few other lines, and a summary', () => {
    expect(detect('Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n')).toBe(0.95);
    expect(detect('  State  Recv-Q Send-Q   Local Address:Port   Peer Address:Port\n')).toBe(0.95);
    expect(detect('$ ss -tan\n\n# on host a\n# ok\nState Recv-Q Send-Q Local Address:Port Peer Address:Port\n')).toBe(
      0.95,
    );
    expect(detect('Total: 208\nTCP: 13\nTransport Total IP IPv6\n')).toBe(0.9);
  });

  it('looks for the header in the first five lines only, and the summary in the first 4000 characters', () => {
    const header = 'State Recv-Q Send-Q Local Address:Port Peer Address:Port';
    expect(detect(`1\n2\n3\n4\n5\n${header}\n`)).toBe(0);
    expect(detect(`${'#'.repeat(4000)}\nTotal: 1\nTransport Total IP IPv6\n`)).toBe(0);
  });

  it('is out for netstat and Windows headers', () => {
    expect(detect('Proto Recv-Q Send-Q Local Address Foreign Address State\n')).toBe(0);
    expect(detect('State Recv-Q Send-Q Local Address Peer Address\n')).toBe(0);
  });
});

describe('net-tools netstat detection', () => {
  const detect = detector('linux-netstat');
  const header = 'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ';

  it('is surest with the header and Linux rows, less sure with rows alone', () => {
    expect(detect(`${header}\ntcp 0 0 127.0.0.1:631 0.0.0.0:* LISTEN\n`)).toBe(0.95);
    expect(detect('tcp6 0 0 :::22 :::* LISTEN\nudpl 0 0 0.0.0.0:9 0.0.0.0:*\n')).toBe(0.8);
    expect(detect('raw 0 0 0.0.0.0:1 0.0.0.0:* 1\n')).toBe(0.8);
  });

  it('accepts a listing with only the header (nothing open) and a netstat -x listing', () => {
    expect(detect(`Active Internet connections (only servers)\n${header}\n`)).toBe(0.6);
    expect(
      detect(
        'Active UNIX domain sockets (only servers)\nProto RefCnt Flags       Type       State         I-Node   Path\n',
      ),
    ).toBe(0.9);
  });

  it('is out when BSD rows outnumber Linux ones, and for anything else', () => {
    expect(detect(`${header}\ntcp 0 0 127.0.0.1.631 *.* LISTEN\n`)).toBe(0);
    expect(
      detect('tcp 0 0 127.0.0.1.631 *.* LISTEN\ntcp 0 0 127.0.0.1.632 *.* LISTEN\ntcp 0 0 1.2.3.4:5 *:* LISTEN\n'),
    ).toBe(0);
    expect(detect('hello\n')).toBe(0);
    expect(detect('tcp x 0 127.0.0.1:631 0.0.0.0:* LISTEN\n')).toBe(0);
  });

  it('counts Linux and BSD rows alike when they are as many', () => {
    expect(detect('tcp 0 0 127.0.0.1.631 *.* LISTEN\ntcp 0 0 1.2.3.4:5 *:* LISTEN\n')).toBe(0.8);
  });
});

describe('route and ip route detection', () => {
  const route = detector('linux-route-n');
  const ipRoute = detector('linux-ip-route');
  const ipJson = detector('linux-ip-route-json');

  it('knows net-tools tables by their first line only', () => {
    expect(route('Kernel IP routing table\nDestination Gateway\n')).toBe(0.95);
    expect(route('  Kernel IPv6 routing table  \n')).toBe(0.95);
    expect(route('\nKernel IP routing table\n')).toBe(0.95);
    expect(route('x\nKernel IP routing table\n')).toBe(0);
    expect(route('Kernel IP routing table (cache)\n')).toBe(0);
  });

  it('needs ip route lines with a device among 80% of the first lines, not counting indented ones', () => {
    expect(ipRoute('default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel\n\tnexthop junk\n')).toBe(0.9);
    expect(ipRoute('unreachable ::/96 dev lo metric 1024\n')).toBe(0.9);
    expect(ipRoute('10.0.0.0/8 via 10.0.0.1\n')).toBe(0);
    const lines = (good: number, bad: number): string =>
      [...Array<string>(good).fill('10.0.0.0/8 dev eth0'), ...Array<string>(bad).fill('junk line')].join('\n');
    expect(ipRoute(lines(4, 1))).toBe(0.9);
    expect(ipRoute(lines(3, 1))).toBe(0);
    expect(ipRoute('')).toBe(0);
    expect(ipRoute('\tdev eth0\n')).toBe(0);
  });

  it('knows ip -j route by its opening: an array of objects with dst or type first, or an empty array', () => {
    expect(ipJson('[{"dst":"default","gateway":"10.0.0.1"}]')).toBe(0.95);
    expect(ipJson(' [ { "type" : "unicast" } ]')).toBe(0.95);
    expect(ipJson('[\n]')).toBe(0.95);
    expect(ipJson('[{"ifindex":1}]')).toBe(0);
    expect(ipJson('x[{"dst":"a"}]')).toBe(0);
    expect(ipJson(`${' '.repeat(200)}[]`)).toBe(0);
  });
});

describe('netstat -i detection', () => {
  const detect = detector('linux-netstat-i');

  it('knows the title, or the header with or without Met, on the first line', () => {
    expect(detect('Kernel Interface table\nIface MTU RX-OK\n')).toBe(0.95);
    expect(detect('Iface      MTU Met    RX-OK RX-ERR RX-DRP\n')).toBe(0.9);
    expect(detect('Iface      MTU    RX-OK RX-ERR RX-DRP\n')).toBe(0.9);
    expect(detect('x\nKernel Interface table\n')).toBe(0);
    expect(detect('Name Mtu Network Address Ipkts\n')).toBe(0);
    expect(detect('')).toBe(0);
  });
});

describe('Linux detection reads headers as the tools pad them, and only at the start of a line', () => {
  it('ss', () => {
    const detect = detector('linux-ss');
    expect(detect('Netid  State      Recv-Q Send-Q   Local Address:Port   Peer Address:Port\n')).toBe(0.95);
    expect(detect('# Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\n')).toBe(0);
  });

  it('net-tools netstat', () => {
    const detect = detector('linux-netstat');
    const padded = 'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ';
    const row = 'tcp        0      0 127.0.0.1:631           0.0.0.0:*               LISTEN     ';
    expect(detect(`${padded}\n${row}\n`)).toBe(0.95);
    expect(detect(`  ${padded}\n  ${row}\n`)).toBe(0.95);
    expect(detect(`# ${padded}\n${row}\n`)).toBe(0.8);
    expect(detect('Proto RefCnt Flags       Type       State         I-Node   Path\n')).toBe(0.9);
    expect(detect('# Proto RefCnt Flags Type State I-Node Path\n')).toBe(0);
    expect(detect('# tcp 0 0 127.0.0.1:631 0.0.0.0:* LISTEN\n')).toBe(0);
    expect(detect('tcp 10 20 127.0.0.1:631 0.0.0.0:* LISTEN\n')).toBe(0.8);
  });

  it('route, ip route and netstat -i', () => {
    expect(detector('linux-route-n')('# Kernel IP routing table\n')).toBe(0);
    expect(detector('linux-ip-route')('\n\n')).toBe(0);
    const netstatI = detector('linux-netstat-i');
    expect(netstatI('  Iface      MTU Met    RX-OK RX-ERR RX-DRP\n')).toBe(0.9);
    expect(netstatI('Iface MTU Met RX-OK  RX-ERR\n')).toBe(0.9);
    expect(netstatI('# Iface MTU RX-OK RX-ERR\n')).toBe(0);
    expect(detector('linux-netstat-s')('# Tcp:\n    1 a\n    2 b\n    3 c\n')).toBe(0);
  });
});
