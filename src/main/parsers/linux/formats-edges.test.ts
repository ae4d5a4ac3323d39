import { describe, expect, it } from 'vitest';
import { LINUX_PROC_FORMATS } from './formats';

const spec = (id: string) => {
  const found = LINUX_PROC_FORMATS.find((f) => f.id === `linux-proc-net-${id}`);
  if (!found) throw new Error(`no spec ${id}`);
  return found;
};
/** Every spec's confidence on `text`, by short id, the ones that say nothing left out. */
const scores = (text: string): Record<string, number> =>
  Object.fromEntries(
    LINUX_PROC_FORMATS.map((f) => [f.id.replace('linux-proc-net-', ''), f.detect(text)]).filter(([, s]) => s !== 0),
  );

// Headers and rows as this machine's kernel prints them (tcp has no 'ref pointer drops').
const TCP_HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     ';
const TCP_ROW =
  '   0: 0200007F:AF27 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4830236 1 000000000622e626 100 0 0 10 0';
const UDP_HEADER =
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ';
const udpRow = (localPort: string, remotePort: string): string =>
  `  515: 00000000:${localPort} 00000000:${remotePort} 07 00000000:00000000 00:00000000 00000000   104        0 7518 2 0000000000000000 0`;

describe('socket table detection', () => {
  it('gives a tcp table to tcp, with udp and raw far behind', () => {
    expect(scores(`${TCP_HEADER}\n${TCP_ROW}`)).toEqual({ tcp: 0.95, udp: 0.3, raw: 0.3 });
  });

  it('gives a udp table to udp and a raw one to raw, tcp far behind both', () => {
    expect(scores(`${UDP_HEADER}\n${udpRow('B346', '0000')}`)).toEqual({ tcp: 0.2, udp: 0.9, raw: 0.4 });
    // Raw sockets print the protocol number as the local port: ICMP 1, ICMPv6 58, IPPROTO_RAW 255.
    const raw = [udpRow('0001', '0000'), udpRow('003A', '0000'), udpRow('00FF', '00FF'), 'not a row'].join('\n');
    expect(scores(`${UDP_HEADER}\n${raw}`)).toEqual({ tcp: 0.2, udp: 0.7, raw: 0.8 });
  });

  it('reads a udp socket bound to a port that is also a protocol number as udp when its remote port differs', () => {
    // UDP port 17 (qotd) talking to a DNS server: 17 is UDP's protocol number, but raw sockets have remote 0.
    expect(scores(`${UDP_HEADER}\n${udpRow('0011', '0035')}`)).toEqual({ tcp: 0.2, udp: 0.9, raw: 0.4 });
  });

  it('reads an empty udp/raw table (the header alone) as udp', () => {
    expect(scores(UDP_HEADER)).toEqual({ tcp: 0.2, udp: 0.9, raw: 0.4 });
  });

  it('looks past blank lines before the header', () => {
    expect(spec('tcp').detect(`\n\n   \n${TCP_HEADER}\n${TCP_ROW}`)).toBe(0.95);
  });

  it('warns only when the addresses read as written on a big-endian host', () => {
    const result = spec('tcp').parse(`${TCP_HEADER}\n${TCP_ROW}`);
    expect(result.data.connections?.[0]?.localAddress).toBe('127.0.0.2');
    expect(result.warnings).toEqual([]);
  });
});

describe('route, unix and dev detection', () => {
  const ROUTE_HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';

  it('detects /proc/net/route and reads a big-endian copy in its own byte order', () => {
    const be = `${ROUTE_HEADER}\neth0\tC0000200\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0\n`;
    expect(scores(be)).toEqual({ route: 0.95 });
    expect(
      spec('route')
        .parse(be)
        .data.routes?.map((r) => `${r.destination}/${r.prefixLength}`),
    ).toEqual(['192.0.2.0/24']);
  });

  it('detects /proc/net/ipv6_route only when every one of its first lines is a route', () => {
    const row =
      'fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0';
    expect(scores(`${row}\n${row}`)).toEqual({ 'ipv6-route': 0.9 });
    expect(spec('ipv6-route').detect(`${row}\nnot a route`)).toBe(0);
    expect(spec('ipv6-route').detect(`not a route\n${row}`)).toBe(0);
  });

  it('detects /proc/net/unix and /proc/net/dev by their headers', () => {
    expect(scores('Num       RefCount Protocol Flags    Type St Inode Path\n')).toEqual({ unix: 0.95 });
    const dev =
      'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
    expect(scores(dev)).toEqual({ dev: 0.95 });
  });
});

describe('snmp, netstat and snmp6 detection', () => {
  const SNMP = 'Ip: Forwarding DefaultTTL InReceives\nIp: 2 64 8820783\n';
  const NETSTAT = 'TcpExt: SyncookiesSent SyncookiesRecv\nTcpExt: 0 0\n';

  it('tells /proc/net/snmp from /proc/net/netstat by the group of the first pair', () => {
    expect(scores(SNMP)).toEqual({ snmp: 0.95, netstat: 0.3 });
    expect(scores(NETSTAT)).toEqual({ snmp: 0.3, netstat: 0.95 });
    expect(scores('MPTcpExt: MPCapableSYNRX\nMPTcpExt: 0\n')).toEqual({ snmp: 0.3, netstat: 0.95 });
  });

  it('needs the value line of the same group right after the names', () => {
    // Icmp starts with the same letter as Ip: the group is the whole name up to its colon.
    expect(scores('Ip: Forwarding DefaultTTL\nIcmp: InMsgs InErrors\n')).toEqual({});
    expect(scores('Ip: Forwarding DefaultTTL\n')).toEqual({});
    expect(scores('Tcp: 1 200\nTcp: RtoAlgorithm RtoMin\n')).toEqual({});
  });

  it('detects /proc/net/snmp6 and dev_snmp6 only when every one of the first lines is a counter', () => {
    expect(scores('Ip6InReceives                   \t966\nIp6InHdrErrors                  \t0\n')).toEqual({
      snmp6: 0.9,
    });
    expect(scores('ifIndex 2\nIp6InReceives 966\n')).toEqual({ snmp6: 0.9 });
    expect(spec('snmp6').detect('Ip6InReceives 966\nsomething else 1\n')).toBe(0);
    expect(spec('snmp6').detect('')).toBe(0);
  });
});
