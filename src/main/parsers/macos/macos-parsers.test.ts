import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNetstatS } from '../linux-commands/netstat-s';
import { MACOS_FORMATS } from './formats';
import { parseLsof, parseLsofColumns, parseLsofFields } from './lsof';
import { parseBsdNetstat } from './netstat-an';
import { parseBsdNetstatI } from './netstat-ibn';
import { normalizeV4Destination, normalizeV6Destination, parseBsdRoutes } from './netstat-rn';
import { parsePsLine } from './ps';
import { fixturesPath, fixturesPresent } from '../../../../test/helpers/fixtures';

const FIXTURES = fixturesPath();
const hasFixtures = fixturesPresent('', 'macOS parser fixture tests');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

const LSOF_FIELDS = [
  'p501',
  'cControl Center',
  'u501',
  'Lalice',
  'f12',
  'tIPv4',
  'PTCP',
  'n127.0.0.1:5000->127.0.0.1:61234',
  'TST=ESTABLISHED',
  'TQR=3',
  'TQS=0',
  'f13',
  'tIPv6',
  'PTCP',
  'n[::1]:80',
  'TST=LISTEN',
  'TQR=0',
  'TQS=0',
  'p88',
  'cmDNSResponder',
  'u65',
  'L_mdnsresponder',
  'f7',
  'tIPv4',
  'PUDP',
  'n*:5353',
  'f8',
  'tIPv6',
  'PUDP',
  'n[fe80::1%lo0]:123->[fe80::2%lo0]:124',
  '',
].join('\n');

describe('lsof field output', () => {
  it('reads process sets and file sets with state and queues', () => {
    const { data, skipped } = parseLsofFields(LSOF_FIELDS);
    expect(skipped).toEqual([]);
    const c = data.connections ?? [];
    expect(c).toHaveLength(4);
    expect(c[0]).toMatchObject({
      protocol: 'tcp',
      family: 4,
      localAddress: '127.0.0.1',
      localPort: 5000,
      remoteAddress: '127.0.0.1',
      remotePort: 61234,
      state: 'ESTABLISHED',
      pid: 501,
      processName: 'Control Center',
      user: 'alice',
      uid: 501,
      rxQueue: 3,
    });
    expect(c[1]).toMatchObject({ family: 6, localAddress: '::1', localPort: 80, remoteAddress: '*', state: 'LISTEN' });
    expect(c[2]).toMatchObject({
      protocol: 'udp',
      localAddress: '*',
      localPort: 5353,
      state: 'NONE',
      pid: 88,
      user: '_mdnsresponder',
    });
    expect(c[3]).toMatchObject({
      family: 6,
      localAddress: 'fe80::1%lo0',
      localPort: 123,
      remoteAddress: 'fe80::2%lo0',
      remotePort: 124,
    });
  });

  it('accepts NUL-terminated fields (-F0) and live wildcards', () => {
    const text = ['p1', 'claunchd', 'f3', 'tIPv6', 'PTCP', 'n*:22', 'TST=LISTEN'].join('\0');
    const c = parseLsof(text, { liveWildcards: true }).data.connections ?? [];
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ localAddress: '::', remoteAddress: '::', localPort: 22, state: 'LISTEN' });
  });

  it('reports a network file it cannot read', () => {
    const r = parseLsofFields('p1\ncx\nf3\ntIPv4\nPTCP\nngarbage\n');
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toHaveLength(1);
  });
});

describe('lsof columns', () => {
  it('reads a numeric macOS listing', () => {
    const text = [
      'COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME',
      'Google\\x20C 715 ouyang   37u  IPv4 0x9cef83178bd2c065      0t0  TCP 127.0.0.1:62722->127.0.0.1:4780 (CLOSE_WAIT)',
      'rapportd    366    501    5u  IPv6 0x9cef83178db23935      0t0  UDP *:*',
    ].join('\n');
    const c = parseLsofColumns(text).data.connections ?? [];
    expect(c[0]).toMatchObject({
      processName: 'Google C',
      pid: 715,
      user: 'ouyang',
      state: 'CLOSE_WAIT',
      remotePort: 4780,
      inode: null,
    });
    expect(c[1]).toMatchObject({ protocol: 'udp', family: 6, uid: 501, user: null, localAddress: '*', localPort: 0 });
  });

  it.skipIf(!hasFixtures)('reads the Linux full lsof (only IPv4/IPv6 rows, threads once)', () => {
    const c = parseLsof(fixture('linux/lsof--jc--4.txt')).data.connections ?? [];
    expect(c).toHaveLength(8);
    expect(c.find((x) => x.pid === 1112)).toMatchObject({
      localAddress: 'localhost',
      localPort: 42351,
      state: 'LISTEN',
      inode: 30727,
    });
    expect(c.find((x) => x.pid === 885 && x.protocol === 'udp')).toMatchObject({ localPort: 53 });
  });
});

describe('BSD netstat -an[v]', () => {
  it('splits dotted ports and finds pid by header name', () => {
    const text = [
      'Active Internet connections (including servers)',
      'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid  state    options',
      'tcp4       0      0  127.0.0.1.5000         127.0.0.1.61234        ESTABLISHED 131072 131072  33784      0 0x0100 0x00000106',
      'tcp46      0      0  *.3000                 *.*                    LISTEN      131072 131072    812      0 0x0100 0x00000106',
      'udp4       0      0  *.*                    *.*                                 786896   9216    99      0 0x0000 0x00000000',
      'tcp6       0      0  fe80::1%lo0.123        fe80::1%lo0.5000       SYN_RCVD    131072 131072     7      0 0x0100 0x00000106',
      'Active LOCAL (UNIX) domain sockets',
      'Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr',
      '7fb03cb94a63a7cd stream      1      0                0 7fb03cb94a63cedd                0                0',
    ].join('\n');
    const r = parseBsdNetstat(text);
    expect(r.skipped).toEqual([]);
    const c = r.data.connections ?? [];
    expect(c).toHaveLength(4);
    expect(c[0]).toMatchObject({
      family: 4,
      localAddress: '127.0.0.1',
      localPort: 5000,
      remotePort: 61234,
      state: 'ESTABLISHED',
      pid: 33784,
    });
    expect(c[1]).toMatchObject({
      family: 6,
      localAddress: '*',
      localPort: 3000,
      remoteAddress: '*',
      state: 'LISTEN',
      pid: 812,
    });
    expect(c[2]).toMatchObject({ protocol: 'udp', state: 'NONE', pid: 99 });
    expect(c[3]).toMatchObject({ localAddress: 'fe80::1%lo0', localPort: 123, state: 'SYN_RECV', pid: 7 });
  });

  it('reads a macOS 13+ process:pid column', () => {
    const text = [
      'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)      rxbytes      txbytes  rhiwat  shiwat    process:pid',
      'tcp4       0      0  127.0.0.1.631          *.*                    LISTEN             0            0  131072  131072  cupsd:520',
    ].join('\n');
    expect(parseBsdNetstat(text).data.connections?.[0]).toMatchObject({
      pid: 520,
      processName: 'cupsd',
      localPort: 631,
    });
  });

  it.skipIf(!hasFixtures)('reads -A (pcb column), resolved names and FreeBSD -aT', () => {
    const abn = parseBsdNetstat(fixture('macos/netstat-Abn--jc--1.txt')).data.connections ?? [];
    expect(abn[0]).toMatchObject({
      localAddress: '192.168.1.221',
      localPort: 5486,
      remoteAddress: '140.82.113.26',
      remotePort: 443,
    });
    const plain = parseBsdNetstat(fixture('macos/netstat--jc--1.txt')).data.connections ?? [];
    expect(plain[0]).toMatchObject({ localAddress: 'kbrazil-mac.attl', localPort: 62979, remotePort: 443 });
    const freebsd = parseBsdNetstat(fixture('macos/netstat-aT-freebsd12--jc--1.txt')).data.connections ?? [];
    expect(freebsd.map((x) => x.localPort)).toEqual([22, 25, 22, 22, 514, 514]);
    expect(freebsd[0]?.rxQueue).toBeNull();
  });
});

describe('BSD netstat -rn', () => {
  it('normalizes short destinations', () => {
    expect(normalizeV4Destination('default')).toEqual({ destination: '0.0.0.0', prefixLength: 0 });
    expect(normalizeV4Destination('127')).toEqual({ destination: '127.0.0.0', prefixLength: 8 });
    expect(normalizeV4Destination('10.0.1/24')).toEqual({ destination: '10.0.1.0', prefixLength: 24 });
    expect(normalizeV4Destination('169.254')).toEqual({ destination: '169.254.0.0', prefixLength: 16 });
    expect(normalizeV4Destination('192.168.1.5')).toEqual({ destination: '192.168.1.5', prefixLength: 32 });
    expect(normalizeV4Destination('300.1')).toBeNull();
    expect(normalizeV6Destination('fe80::%utun0/64')).toEqual({ destination: 'fe80::', prefixLength: 64 });
    expect(normalizeV6Destination('default')).toEqual({ destination: '::', prefixLength: 0 });
    expect(normalizeV6Destination('::1')).toEqual({ destination: '::1', prefixLength: 128 });
  });

  it('reads both sections; link# and MAC gateways are on-link', () => {
    const text = [
      'Routing tables',
      '',
      'Internet:',
      'Destination        Gateway            Flags               Netif Expire',
      'default            10.168.1.1         UGScg                 en0',
      '10.168.1/24        link#14            UCS                   en0      !',
      '10.168.1.4         84:2f:57:43:de:a5  UHLWI                 en0    279',
      '',
      'Internet6:',
      'Destination                             Gateway                         Flags         Netif Expire',
      'default                                 fe80::%utun0                    UGcIg         utun0',
      'fe80::%utun0/64                         fe80::1%utun0                   UcI           utun0',
    ].join('\n');
    const r = parseBsdRoutes(text);
    expect(r.skipped).toEqual([]);
    expect(r.data.routes).toEqual([
      {
        family: 4,
        destination: '0.0.0.0',
        prefixLength: 0,
        gateway: '10.168.1.1',
        interface: 'en0',
        metric: null,
        flags: 'UGScg',
        table: null,
      },
      {
        family: 4,
        destination: '10.168.1.0',
        prefixLength: 24,
        gateway: null,
        interface: 'en0',
        metric: null,
        flags: 'UCS',
        table: null,
      },
      {
        family: 4,
        destination: '10.168.1.4',
        prefixLength: 32,
        gateway: null,
        interface: 'en0',
        metric: null,
        flags: 'UHLWI',
        table: null,
      },
      {
        family: 6,
        destination: '::',
        prefixLength: 0,
        gateway: 'fe80::%utun0',
        interface: 'utun0',
        metric: null,
        flags: 'UGcIg',
        table: null,
      },
      {
        family: 6,
        destination: 'fe80::',
        prefixLength: 64,
        gateway: 'fe80::1%utun0',
        interface: 'utun0',
        metric: null,
        flags: 'UcI',
        table: null,
      },
    ]);
  });

  it.skipIf(!hasFixtures)('reads -rnl (Refs/Use/Mtu columns)', () => {
    const routes = parseBsdRoutes(fixture('macos/netstat-rnl--jc--1.txt')).data.routes ?? [];
    expect(routes[0]).toMatchObject({ destination: '0.0.0.0', gateway: '192.168.1.254', interface: 'en0' });
    expect(routes.filter((x) => x.family === 6).length).toBeGreaterThan(30);
  });
});

describe('BSD netstat -ibn', () => {
  it('takes counters and MAC from the link row', () => {
    const text = [
      'Name       Mtu   Network       Address            Ipkts Ierrs     Ibytes    Opkts Oerrs     Obytes  Coll',
      'lo0        16384 <Link#1>                         31241     0    3769823    31241     0    3769823     0',
      'lo0        16384 127           127.0.0.1          31241     -    3769823    31241     -    3769823     -',
      'en0        1500  <Link#4>    a4:83:e7:2d:62:8f 23300545     0 9000000000 26448755   464  700000000     0',
      'en0        1500  192.168.1     192.168.1.10    23300545     - 9000000000 26448755     -  700000000     -',
      'gif0*      1280  <Link#2>                             0     0          0        0     0          0     0',
    ].join('\n');
    const r = parseBsdNetstatI(text);
    expect(r.skipped).toEqual([]);
    const list = r.data.interfaces ?? [];
    expect(list.map((i) => i.name)).toEqual(['lo0', 'en0', 'gif0']);
    expect(list[1]).toMatchObject({ mac: 'a4:83:e7:2d:62:8f', mtu: 1500, up: true });
    expect(list[1]?.counters).toMatchObject({
      rxBytes: 9000000000,
      txBytes: 700000000,
      rxPackets: 23300545,
      txErrors: 464,
    });
    expect(list[2]?.up).toBe(false);
  });
});

describe('netstat -s (BSD)', () => {
  it('joins sub-indented counters with their parent and reads parenthesized numbers', () => {
    const text =
      'tcp:\n\t6878757 packets sent\n\t\t1509288 data packets (741004496 bytes)\n\t\t\t3020674 segments (485404036 bytes) over IPv4\n\t7402898 packets received\nudp:\n\t12 datagrams received\n';
    const stats = parseNetstatS(text).data.protocolStats ?? {};
    expect(stats.Tcp).toEqual({
      'packets sent': 6878757,
      'packets sent: data packets': 1509288,
      'packets sent: data packets (bytes)': 741004496,
      'packets sent: data packets: segments over IPv4': 3020674,
      'packets sent: data packets: segments over IPv4 (bytes)': 485404036,
      'packets received': 7402898,
    });
    expect(stats.Udp).toEqual({ 'datagrams received': 12 });
  });
});

describe('ps', () => {
  it('reads lstart and splits an executable path with spaces from its arguments', () => {
    const line =
      '  715   501 Mon Nov 25 10:11:12 2024 ouyang /Applications/Google Chrome.app/Contents/MacOS/Google Chrome /Applications/Google Chrome.app/Contents/MacOS/Google Chrome --flag\n';
    const info = parsePsLine(line);
    expect(info).toMatchObject({
      pid: 715,
      uid: 501,
      user: 'ouyang',
      name: 'Google Chrome',
      exePath: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      commandLine: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome --flag',
    });
    expect(info?.startTime).toBe(new Date(2024, 10, 25, 10, 11, 12).getTime());
  });

  it('works without the uid column and rejects junk', () => {
    expect(parsePsLine('1 Tue Jan  2 03:04:05 2024 root /sbin/launchd /sbin/launchd')).toMatchObject({
      pid: 1,
      uid: null,
      name: 'launchd',
    });
    expect(parsePsLine('')).toBeNull();
    expect(parsePsLine('abc')).toBeNull();
    expect(parsePsLine('1 Foo Bar 2 x 2024 root x')).toBeNull();
  });
});

describe('MACOS_FORMATS detection', () => {
  const score = (id: string, text: string): number => MACOS_FORMATS.find((f) => f.id === id)?.detect(text) ?? -1;
  it('does not claim Windows or Linux netstat', () => {
    const windows =
      'Active Connections\n\n  Proto  Local Address          Foreign Address        State\n  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING\n';
    const linux =
      'Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\ntcp        0      0 127.0.0.1:5000          0.0.0.0:*               LISTEN\ntcp6       0      0 :::22                   :::*                    LISTEN\n';
    for (const f of MACOS_FORMATS) {
      expect(f.detect(windows), f.id).toBeLessThan(0.5);
      expect(f.detect(linux), f.id).toBeLessThan(0.5);
    }
    expect(
      score(
        'macos-netstat-anv',
        'Proto Recv-Q Send-Q  Local Address  Foreign Address  (state)\ntcp4  0  0  127.0.0.1.5000  *.*  LISTEN\n',
      ),
    ).toBeGreaterThanOrEqual(0.9);
  });
});
