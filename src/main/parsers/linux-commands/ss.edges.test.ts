/**
 * iproute2 `ss` rows at the edges of the format (misc/ss.c): netids that are not internet sockets,
 * layouts with and without the Netid column, the -e extras (uid:, ino:, sk:), summaries, streaming.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { isSsSummary, parseSs, parseSsUsers, SsReader } from './ss';

const HEADER = 'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process';
const rows = (...lines: string[]): Connection[] => parseSs([HEADER, ...lines].join('\n')).data.connections ?? [];

describe('ss netids', () => {
  it('reads icmp6 as raw IPv6 and mptcp as TCP', () => {
    const c = rows(
      'icmp6 UNCONN 0 0 *:ipv6-icmp *:*',
      'mptcp ESTAB 0 0 10.0.0.1:5201 10.0.0.2:40000 users:(("iperf3",pid=9,fd=5))',
      'raw   UNCONN 0 0 0.0.0.0:icmp 0.0.0.0:*',
    );
    // A raw socket's port is its protocol's number, as `ss -wan`, netstat -w and /proc/net/raw print it.
    expect(c.map((x) => [x.protocol, x.family, x.state, x.localPort])).toEqual([
      ['raw', 6, 'NONE', 58],
      ['tcp', 4, 'ESTABLISHED', 5201],
      ['raw', 4, 'NONE', 1],
    ]);
  });

  it('passes over netlink, packet, vsock, xdp, sctp and unknown-family rows without calling them unreadable', () => {
    const r = parseSs(
      [
        HEADER,
        'nl    UNCONN 0 0 rtnl:kernel *',
        'p_raw UNCONN 0 0 *:eth0 *',
        'v_str ESTAB  0 0 3:1024 2:5000',
        'xdp   UNCONN 0 0 *:* *',
        'sctp  LISTEN 0 128 0.0.0.0:38412 *:*',
        '???   UNCONN 0 0 * *',
        'tcp   LISTEN 0 128 0.0.0.0:22 0.0.0.0:*',
      ].join('\n'),
    );
    expect(r.skipped).toEqual([]);
    expect(r.skippedCount).toBe(0);
    expect(r.data.connections).toHaveLength(1);
    expect('unixSockets' in r.data).toBe(false);
  });

  it('recognises a non-internet netid even without a header line', () => {
    const r = parseSs('nl UNCONN 0 0 rtnl:kernel *\nudp UNCONN 0 0 0.0.0.0:68 0.0.0.0:*\n');
    expect(r.skipped).toEqual([]);
    expect(r.data.connections?.map((x) => [x.protocol, x.localPort])).toEqual([['udp', 68]]);
  });

  it('calls a row with an unknown netid under a Netid header unreadable', () => {
    const r = parseSs([HEADER, 'bogus ESTAB 0 0 10.0.0.1:1 10.0.0.2:2'].join('\n'));
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(['bogus ESTAB 0 0 10.0.0.1:1 10.0.0.2:2']);
  });

  it('reads an unreadable UNIX row as skipped, not as a socket', () => {
    const r = parseSs([HEADER, 'u_str ESTAB 0 0 nonsense'].join('\n'));
    expect(r.skipped).toEqual(['u_str ESTAB 0 0 nonsense']);
    expect('unixSockets' in r.data).toBe(false);
  });
});

describe('ss without a Netid column (ss -t, ss -u, ss -ant)', () => {
  it('tells the one table by its states (UNCONN: UDP, a TCP-only state: TCP), the family by the address', () => {
    const head = 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port';
    const udp = parseSs([head, 'UNCONN 0 0 [::]:546 [::]:*', 'ESTAB 0 36 10.0.0.5:53 10.0.0.9:50000'].join('\n'));
    const tcp = parseSs([head, 'ESTAB 0 36 10.0.0.5:22 10.0.0.9:50000', 'LISTEN 0 128 *:8080 *:*'].join('\n'));
    expect(udp.skipped).toEqual([]);
    expect(udp.data.connections?.map((x) => [x.protocol, x.family, x.state, x.txQueue])).toEqual([
      ['udp', 6, 'NONE', 0],
      ['udp', 4, 'NONE', 36],
    ]);
    // `*` is the dual-stack IPv6 listener (ss >= 4.14); see ss.tables.test.ts.
    expect(tcp.data.connections?.map((x) => [x.protocol, x.family, x.state, x.txQueue])).toEqual([
      ['tcp', 4, 'ESTABLISHED', 36],
      ['tcp', 6, 'LISTEN', 128],
    ]);
  });

  it('takes the family from the peer when the local address is a wildcard', () => {
    const [row] = rows('tcp ESTAB 0 0 *:22 [2001:db8::1]:50000');
    expect(row).toMatchObject({ family: 6, localAddress: '::', remoteAddress: '2001:db8::1' });
  });
});

describe('ss row fields', () => {
  it('skips a row whose queues, endpoints or state do not read, keeping the line as it was', () => {
    const bad = [
      '  tcp ESTAB 0 - 10.0.0.1:1 10.0.0.2:2',
      'tcp ESTAB - 0 10.0.0.1:1 10.0.0.2:2',
      'tcp ESTAB 0 0 10.0.0.1 10.0.0.2:2',
      'tcp ESTAB 0 0 10.0.0.1:1 10.0.0.2',
      'tcp SLEEPY 0 0 10.0.0.1:1 10.0.0.2:2',
      'tcp ESTAB 0 0 10.0.0.1:1',
    ];
    const r = parseSs([HEADER, ...bad].join('\n'));
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(bad);
    expect(r.skippedCount).toBe(bad.length);
  });

  it('reads uid and inode from -e extras wherever they stand, and an inode of 0 as none', () => {
    const [a, b, c] = rows(
      'tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* uid:0 ino:4242 sk:1 <->',
      'udp UNCONN 0 0 0.0.0.0:68 0.0.0.0:* users:(("dhclient",pid=700,fd=6)) uid:1000 ino:0 sk:2',
      'tcp ESTAB 0 0 10.0.0.1:22 10.0.0.2:5 timer:(keepalive,1min,0) xuid:5 ino:x',
    );
    expect(a).toMatchObject({ uid: 0, inode: 4242, pid: null, processName: null });
    expect(b).toMatchObject({ uid: 1000, inode: null, pid: 700, processName: 'dhclient' });
    expect(c).toMatchObject({ uid: null, inode: null });
  });

  it('keeps the first owner of a socket shared by several processes', () => {
    const [row] = rows('tcp LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=12,fd=6),("nginx",pid=11,fd=6))');
    expect(row).toMatchObject({ pid: 12, processName: 'nginx' });
  });

  it('leaves raw and UDP rows stateless whatever state word ss printed', () => {
    const c = rows('udp ESTAB 0 0 10.0.0.1:53 10.0.0.2:5353', 'raw ESTAB 0 0 10.0.0.1:1 10.0.0.2:0');
    expect(c.map((x) => x.state)).toEqual(['NONE', 'NONE']);
  });

  it('ignores blank lines', () => {
    const r = parseSs(`${HEADER}\n\n   \ntcp LISTEN 0 1 0.0.0.0:1 0.0.0.0:*\n\n`);
    expect(r.skipped).toEqual([]);
    expect(r.data.connections).toHaveLength(1);
  });
});

describe('parseSsUsers', () => {
  it('is empty without owners and needs the pid and fd numbers', () => {
    expect(parseSsUsers('')).toEqual([]);
    expect(parseSsUsers('uid:0 ino:1')).toEqual([]);
    expect(parseSsUsers('users:(("x",pid=,fd=3))')).toEqual([]);
    expect(parseSsUsers('users:(("x",pid=1,fd=))')).toEqual([]);
    expect(parseSsUsers('users:(("",pid=5,fd=1))')).toEqual([{ name: '', pid: 5 }]);
  });
});

describe('ss -s summaries', () => {
  const summary =
    'Total: 208\nTCP:   13 (estab 8)\n\nTransport Total     IP        IPv6\nRAW\t  1         0         1\n';

  it('needs both the Total line and the Transport table', () => {
    expect(isSsSummary(summary)).toBe(true);
    expect(isSsSummary('Total: 208\n')).toBe(false);
    expect(isSsSummary('Transport Total IP IPv6\n')).toBe(false);
    expect(isSsSummary('Total: x\nTransport Total IP IPv6\n')).toBe(false);
    expect(isSsSummary('  Total: 1\nTransport Total IP IPv6\n')).toBe(false);
  });

  it('is recognised line by line when streamed, with no sockets and a warning', () => {
    const reader = new SsReader();
    for (const line of summary.split('\n')) reader.line(line);
    const r = reader.finish();
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/ss -s/)]);
  });

  it('is not a summary when only one of its two lines is there, or sockets follow', () => {
    const onlyTotal = new SsReader();
    onlyTotal.line('Total: 208');
    expect(onlyTotal.finish().warnings).toEqual([]);
    const onlyTransport = new SsReader();
    onlyTransport.line('Transport Total     IP        IPv6');
    expect(onlyTransport.finish().warnings).toEqual([]);
    const withRows = new SsReader();
    for (const line of [...summary.split('\n'), HEADER, 'tcp LISTEN 0 1 0.0.0.0:1 0.0.0.0:*']) withRows.line(line);
    const r = withRows.finish();
    expect(r.warnings).toEqual([]);
    expect(r.data.connections).toHaveLength(1);
  });

  it("needs the Total line's count and the Transport line's columns", () => {
    const reader = new SsReader();
    reader.line('Total: none');
    reader.line('Transport Total IP IPv6');
    expect(reader.finish().warnings).toEqual([]);
    const other = new SsReader();
    other.line('Total: 5');
    other.line('Transport Total');
    expect(other.finish().warnings).toEqual([]);
  });
});

describe('SsReader streaming', () => {
  it('hands rows to onRow and keeps none itself', () => {
    const seen: Connection[] = [];
    const reader = new SsReader((row) => seen.push(row));
    for (const line of [HEADER, 'tcp LISTEN 0 1 0.0.0.0:1 0.0.0.0:*', 'tcp ESTAB 0 0 1.2.3.4:5 6.7.8.9:10', 'junk'])
      reader.line(line);
    const r = reader.finish();
    expect(seen.map((x) => x.localPort)).toEqual([1, 5]);
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(['junk']);
    expect(r.skippedCount).toBe(1);
  });
});

describe('ss edges found by mutation testing', () => {
  it('reads rows without a header or a Netid column (a listing cut from the top) as one table', () => {
    const r = parseSs('ESTAB 0 0 10.0.0.1:22 10.0.0.2:5000\nUNCONN 0 0 0.0.0.0:68 0.0.0.0:*\n');
    expect(r.skipped).toEqual([]);
    expect(r.data.connections?.map((x) => [x.protocol, x.state])).toEqual([
      ['udp', 'NONE'],
      ['udp', 'NONE'],
    ]);
  });

  it('reads an inode that comes first among the extras (no owner, no uid)', () => {
    const [row] = rows('udp UNCONN 0 0 0.0.0.0:4789 0.0.0.0:* ino:58296 sk:1 <->');
    expect(row).toMatchObject({ inode: 58296, uid: null, pid: null });
  });

  it('reads a summary whose lines are indented as a summary', () => {
    const r = parseSs('  Total: 5\n  Transport Total     IP        IPv6\n');
    expect(r.warnings).toEqual([expect.stringMatching(/ss -s/)]);
  });
});
