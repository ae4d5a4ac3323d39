/**
 * net-tools `netstat` listings at the edges of the format (netstat.c): the columns -e, -p and -o
 * add after State, UDP-Lite and raw rows, sections other than the Internet one, streaming.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { LinuxNetstatReader, parseLinuxNetstat } from './netstat';

const ACTIVE = 'Active Internet connections (servers and established)';
const PLAIN = 'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ';
const EXTENDED =
  'Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name    ';
const TIMER =
  'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name     Timer';

const parse = (...lines: string[]): ReturnType<typeof parseLinuxNetstat> => parseLinuxNetstat(lines.join('\n'));

describe('net-tools netstat columns', () => {
  it('reads plain netstat -tun rows (nothing after State)', () => {
    const r = parse(
      ACTIVE,
      PLAIN,
      'tcp        0     52 10.0.2.15:22            10.0.2.2:51000          ESTABLISHED',
      'udp        0      0 0.0.0.0:68              0.0.0.0:*                          ',
      'udpl       0      0 0.0.0.0:5000            0.0.0.0:*                          ',
      'udp6   21504      0 :::5353                 :::*                               ',
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.connections?.map((x) => [x.protocol, x.family, x.state, x.rxQueue, x.txQueue])).toEqual([
      ['tcp', 4, 'ESTABLISHED', 0, 52],
      ['udp', 4, 'NONE', 0, 0],
      ['udp', 4, 'NONE', 0, 0],
      ['udp', 6, 'NONE', 21504, 0],
    ]);
    expect(r.data.connections?.[0]).toMatchObject({ pid: null, processName: null, user: null, uid: null, inode: null });
  });

  it("reads a PID whose program netstat could not name ('4/-', '4/') as the PID with no name, not a program '-'", () => {
    const r = parse(
      ACTIVE,
      TIMER,
      'tcp        0      0 0.0.0.0:445             0.0.0.0:*               LISTEN      4/-                  off (0.00/0/0)',
      'tcp        0      0 0.0.0.0:139             0.0.0.0:*               LISTEN      4/                   off (0.00/0/0)',
      'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      812/sshd             off (0.00/0/0)',
    );
    expect(r.data.connections?.map((x) => [x.pid, x.processName])).toEqual([
      [4, null],
      [4, null],
      [812, 'sshd'],
    ]);
  });

  it('reads a numeric user (-en) as a uid, also on UDP rows that have no state to skip', () => {
    const r = parse(
      ACTIVE,
      EXTENDED,
      'udp        0      0 0.0.0.0:68              0.0.0.0:*                           0          20830      1029/dhclient       ',
      'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      1000       0          -                   ',
    );
    expect(r.data.connections?.map((x) => [x.uid, x.user, x.inode, x.pid, x.processName])).toEqual([
      [0, null, 20830, 1029, 'dhclient'],
      [1000, null, null, null, null],
    ]);
  });

  it('reads the raw protocol number in the State column of raw rows', () => {
    const r = parse(
      ACTIVE,
      EXTENDED,
      'raw        0      0 0.0.0.0:1               0.0.0.0:*               1           root       20819      878/NetworkManager  ',
    );
    expect(r.data.connections?.[0]).toMatchObject({
      protocol: 'raw',
      family: 4,
      localPort: 1,
      state: 'NONE',
      user: 'root',
      inode: 20819,
      pid: 878,
      processName: 'NetworkManager',
    });
  });

  it('reads a TCP row without a known state word as UNKNOWN and its columns from the same place', () => {
    const [row] = parse(ACTIVE, EXTENDED, 'tcp 0 0 10.0.0.1:22 10.0.0.2:5 root 555 12/sshd').data.connections ?? [];
    expect(row).toMatchObject({ state: 'UNKNOWN', user: 'root', inode: 555, pid: 12, processName: 'sshd' });
  });

  it('takes one token for PID/Program when a Timer column follows it (netstat -po)', () => {
    const r = parse(
      ACTIVE,
      TIMER,
      'tcp        0      0 10.0.0.1:22             10.0.0.2:50000          ESTABLISHED 1215/sshd            keepalive (7196.04/0/0)',
      'tcp        0      0 10.0.0.1:80             10.0.0.3:50000          TIME_WAIT   -                    timewait (52.10/0/0)',
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.connections?.map((x) => [x.state, x.pid, x.processName])).toEqual([
      ['ESTABLISHED', 1215, 'sshd'],
      ['TIME_WAIT', null, null],
    ]);
  });

  it('keeps a PID with an empty program name as a PID alone', () => {
    const [row] =
      parse(ACTIVE, EXTENDED, 'tcp 0 0 10.0.0.1:22 10.0.0.2:5 ESTABLISHED root 555 4242/').data.connections ?? [];
    expect(row).toMatchObject({ pid: 4242, processName: null });
  });

  it('stops at the end of a short row without inventing columns', () => {
    const [row] = parse(ACTIVE, EXTENDED, 'tcp 0 0 10.0.0.1:22 10.0.0.2:5 ESTABLISHED root').data.connections ?? [];
    expect(row).toMatchObject({ user: 'root', inode: null, pid: null });
  });

  it('skips rows whose protocol, queues or addresses do not read', () => {
    const bad = [
      'tcp4       0      0 10.0.0.1:22             10.0.0.2:5              ESTABLISHED',
      'tcp        x      0 10.0.0.1:22             10.0.0.2:5              ESTABLISHED',
      'tcp        0      x 10.0.0.1:22             10.0.0.2:5              ESTABLISHED',
      'tcp        0      0 10.0.0.1                10.0.0.2:5              ESTABLISHED',
      'tcp        0      0 10.0.0.1:22             10.0.0.2                ESTABLISHED',
    ];
    const r = parse(ACTIVE, PLAIN, ...bad);
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(bad);
    expect(r.skippedCount).toBe(5);
  });
});

describe('net-tools netstat sections', () => {
  it('passes over Bluetooth sections and reads the Internet section after them', () => {
    const r = parse(
      'Active Bluetooth connections (servers and established)',
      'Proto  Destination       Source            State         PSM DCID   SCID      IMTU    OMTU Security',
      'l2cap  00:00:00:00:00:00 11:22:33:44:55:66 LISTEN        3   0x0000 0x0040    672     0    low',
      ACTIVE,
      PLAIN,
      'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ',
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.connections).toHaveLength(1);
    expect('unixSockets' in r.data).toBe(false);
  });

  it('reads UNIX rows with and without the PID/Program column, and Internet rows after them', () => {
    const r = parse(
      'Active UNIX domain sockets (only servers)',
      'Proto RefCnt Flags       Type       State         I-Node   Path',
      'unix  2      [ ACC ]     STREAM     LISTENING     8981     /run/systemd/journal/stdout',
      'Active UNIX domain sockets (servers and established)',
      'Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path',
      'unix  2      [ ACC ]     STREAM     LISTENING     22040    1220/dockerd-curren  /var/run/docker.sock',
      'unix  2      [ ]         DGRAM                    x        1/systemd            /bad',
      ACTIVE,
      PLAIN,
      'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ',
    );
    expect(r.data.unixSockets?.map((s) => [s.state, s.inode, s.pid, s.processName, s.path])).toEqual([
      ['LISTENING', 8981, null, null, '/run/systemd/journal/stdout'],
      ['LISTENING', 22040, 1220, 'dockerd-curren', '/var/run/docker.sock'],
    ]);
    expect(r.skipped).toEqual(['unix  2      [ ]         DGRAM                    x        1/systemd            /bad']);
    expect(r.data.connections).toHaveLength(1);
  });

  it('reads rows with no section title (a listing cut from the top)', () => {
    const r = parse('tcp 0 0 127.0.0.1:631 0.0.0.0:* LISTEN', '', '   ');
    expect(r.skipped).toEqual([]);
    expect(r.data.connections?.[0]).toMatchObject({ localPort: 631, state: 'LISTEN' });
  });
});

describe('LinuxNetstatReader streaming', () => {
  it('hands rows to onRow and keeps none itself', () => {
    const seen: Connection[] = [];
    const reader = new LinuxNetstatReader((row) => seen.push(row));
    for (const line of [ACTIVE, PLAIN, 'tcp 0 0 127.0.0.1:631 0.0.0.0:* LISTEN', 'nonsense']) reader.line(line);
    const r = reader.finish();
    expect(seen.map((x) => x.localPort)).toEqual([631]);
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(['nonsense']);
  });
});

describe('net-tools netstat edges found by mutation testing', () => {
  it('reads UNIX rows that come without their header line as rows without a program column', () => {
    const r = parse(
      'Active UNIX domain sockets (only servers)',
      'unix  2      [ ACC ]     STREAM     LISTENING     8981     /run/x',
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.unixSockets?.map((s) => [s.inode, s.path, s.pid])).toEqual([[8981, '/run/x', null]]);
  });

  it('leaves user, inode and owner unknown on a row that ends at its state', () => {
    const [row] = parse(ACTIVE, EXTENDED, 'tcp 0 0 10.0.0.1:22 10.0.0.2:5 ESTABLISHED').data.connections ?? [];
    expect(row).toMatchObject({ user: null, uid: null, inode: null, pid: null, processName: null });
  });
});
