import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACOS_FORMATS } from '../macos/formats';
import { LINUX_COMMAND_FORMATS } from './formats';
import { parseIpRoute, parseIpRouteJson } from './ip-route';
import { parseLinuxNetstat } from './netstat';
import { parseLinuxNetstatI } from './netstat-i';
import { parseNetstatS } from './netstat-s';
import { maskToPrefix, parseLinuxRoute } from './route';
import { splitColonEndpoint, stateFromWord } from './socket-text';
import { parseSs, parseSsUsers } from './ss';
import { fixturesPath, fixturesPresent } from '../../../../test/helpers/fixtures';

const FIXTURES = fixturesPath();
const hasFixtures = fixturesPresent('', 'Linux command fixture tests');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('endpoints and states', () => {
  it.each([
    ['[::ffff:127.0.0.1]:22', '::ffff:127.0.0.1', 22],
    ['*:22', '*', 22],
    ['[::]:22', '::', 22],
    ['0.0.0.0%lo:53', '0.0.0.0', 53],
    ['fe80::1%eth0:123', 'fe80::1%eth0', 123],
    [':::111', '::', 111],
    ['0.0.0.0:*', '0.0.0.0', 0],
    ['localhost:ssh', 'localhost', 22],
    ['*%ens33:ipv6-icmp', '*', 0],
  ])('%s', (text, address, port) => {
    expect(splitColonEndpoint(text)).toEqual({ address, port });
  });

  it('rejects what is not an endpoint', () => {
    expect(splitColonEndpoint('nonsense')).toBeNull();
    expect(splitColonEndpoint('1.2.3.4:99999')).toBeNull();
  });

  it('normalizes state spellings', () => {
    expect(stateFromWord('ESTAB')).toBe('ESTABLISHED');
    expect(stateFromWord('SYN-RECV')).toBe('SYN_RECV');
    expect(stateFromWord('FIN-WAIT-1')).toBe('FIN_WAIT1');
    expect(stateFromWord('TIME-WAIT')).toBe('TIME_WAIT');
    expect(stateFromWord('CLOSE-WAIT')).toBe('CLOSE_WAIT');
    expect(stateFromWord('UNCONN')).toBe('NONE');
    expect(stateFromWord('(LISTEN)')).toBe('LISTEN');
    expect(stateFromWord('users:')).toBeNull();
  });
});

describe('ss', () => {
  it('reads new and old users:(()) forms', () => {
    expect(parseSsUsers('users:(("sshd",pid=123,fd=3),("systemd",pid=1,fd=41))')).toEqual([
      { name: 'sshd', pid: 123 },
      { name: 'systemd', pid: 1 },
    ]);
    expect(parseSsUsers('users:(("sshd",123,3))')).toEqual([{ name: 'sshd', pid: 123 }]);
  });

  it('keeps owners whose names hold =, comma, quote, parentheses or spaces, with or without columns after them', () => {
    // ss prints the process name raw between quotes (no escaping): only `",pid=N,fd=N)` ends it.
    for (const name of ['a=b', 'x,pid=1', 'say "hi"', 'tmux: server', 'w (1)', 'q)"', 'trail\\']) {
      for (const after of ['', ' uid:1000 ino:4242 sk:1 <->']) {
        const users = `users:(("${name}",pid=4321,fd=7),("next",pid=5,fd=9))${after}`;
        expect(parseSsUsers(users), users).toEqual([
          { name, pid: 4321 },
          { name: 'next', pid: 5 },
        ]);
        const row = parseSs(
          `Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n` +
            `tcp   LISTEN 0 128 0.0.0.0:22 0.0.0.0:* ${users}\n`,
        ).data.connections?.[0];
        expect(row, users).toMatchObject({ pid: 4321, processName: name });
      }
    }
    expect(parseSsUsers('users:(("old=style",77,3))')).toEqual([{ name: 'old=style', pid: 77 }]);
  });

  it('reads -tunap rows, skips non-inet sockets and UDP states become NONE', () => {
    const text = [
      'Netid  State      Recv-Q Send-Q Local Address:Port               Peer Address:Port',
      'nl     UNCONN     0      0      rtnl:kernel                 *',
      'u_str  ESTAB      0      0       * 12345                 * 12346',
      'udp    UNCONN     0      0      0.0.0.0%lo:53                   *:*                   users:(("dnsmasq",pid=99,fd=5))',
      'tcp    SYN-RECV   0      0      [::ffff:127.0.0.1]:22       [::ffff:127.0.0.1]:40000  users:(("sshd",4,3)) uid:0 ino:777 sk:1',
      'tcp    FIN-WAIT-1 1      2      10.0.0.1:5000                   10.0.0.2:6000',
      'tcp    ESTAB      x      0      10.0.0.1:5000                   10.0.0.2:6000',
    ].join('\n');
    const r = parseSs(text);
    expect(r.skipped).toHaveLength(1);
    const c = r.data.connections ?? [];
    expect(c).toHaveLength(3);
    expect(c[0]).toMatchObject({
      protocol: 'udp',
      family: 4,
      localAddress: '0.0.0.0',
      localPort: 53,
      state: 'NONE',
      pid: 99,
      processName: 'dnsmasq',
    });
    expect(c[1]).toMatchObject({ family: 6, state: 'SYN_RECV', pid: 4, processName: 'sshd', uid: 0, inode: 777 });
    expect(c[2]).toMatchObject({ state: 'FIN_WAIT1', rxQueue: 1, txQueue: 2 });
  });

  it('reads ss -ant without a Netid column', () => {
    const text =
      'State       Recv-Q Send-Q   Local Address:Port   Peer Address:Port\nTIME-WAIT   0      0   [::1]:8009   [::1]:40368\nLISTEN  0  128  127.0.0.1:5903  0.0.0.0:*\n';
    const c = parseSs(text).data.connections ?? [];
    expect(c.map((x) => [x.protocol, x.family, x.state])).toEqual([
      ['tcp', 6, 'TIME_WAIT'],
      ['tcp', 4, 'LISTEN'],
    ]);
  });

  it('recognises ss -s as a summary without rows', () => {
    const r = parseSs(
      'Total: 208\nTCP:   13 (estab 8, closed 0, orphaned 0, timewait 0)\n\nTransport Total     IP        IPv6\nRAW       1         0         1\n',
    );
    expect(r.data.connections).toEqual([]);
    expect(r.warnings[0]).toMatch(/summary/);
  });
});

describe('net-tools netstat', () => {
  it('reads -tunap with User/Inode/PID columns and skips the UNIX section', () => {
    const text = [
      'Active Internet connections (servers and established)',
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name',
      'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      root       21767      1215/sshd',
      'tcp6       0      0 :::22                   :::*                    LISTEN      0          21776      -',
      'udp        0      0 0.0.0.0:5353            0.0.0.0:*                           avahi      1234       442/avahi-daemon: r',
      'raw6       0      0 :::58                   :::*                    7           root       20819      878/NetworkManager',
      'Active UNIX domain sockets (servers and established)',
      'Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path',
      'unix  2      [ ACC ]     STREAM     LISTENING     8971     1/systemd            /run/systemd/notify',
    ].join('\n');
    const r = parseLinuxNetstat(text);
    expect(r.skipped).toEqual([]);
    const c = r.data.connections ?? [];
    expect(c).toHaveLength(4);
    expect(c[0]).toMatchObject({ state: 'LISTEN', user: 'root', inode: 21767, pid: 1215, processName: 'sshd' });
    expect(c[1]).toMatchObject({ family: 6, localAddress: '::', uid: 0, pid: null });
    expect(c[2]).toMatchObject({
      protocol: 'udp',
      state: 'NONE',
      user: 'avahi',
      pid: 442,
      processName: 'avahi-daemon: r',
    });
    expect(c[3]).toMatchObject({ protocol: 'raw', family: 6, localPort: 58, pid: 878 });
  });
});

describe('routes', () => {
  it('converts netmasks', () => {
    expect(maskToPrefix('255.255.255.0')).toBe(24);
    expect(maskToPrefix('0.0.0.0')).toBe(0);
    expect(maskToPrefix('255.0.255.0')).toBeNull();
  });

  it('reads route -n and route -6', () => {
    const v4 = parseLinuxRoute(
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         192.168.71.2    0.0.0.0         UG    100    0        0 ens33\n172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0\n',
    );
    expect(v4.data.routes).toEqual([
      {
        family: 4,
        destination: '0.0.0.0',
        prefixLength: 0,
        gateway: '192.168.71.2',
        interface: 'ens33',
        metric: 100,
        flags: 'UG',
        table: null,
      },
      {
        family: 4,
        destination: '172.17.0.0',
        prefixLength: 16,
        gateway: null,
        interface: 'docker0',
        metric: 0,
        flags: 'U',
        table: null,
      },
    ]);
    const v6 = parseLinuxRoute(
      'Kernel IPv6 routing table\nDestination                    Next Hop                   Flag Met Ref Use If\n[::]/96                        [::]                       !n   1024 0      0 lo\n2600:1700::/60                 fe80::1                    UG   100 0      0 ens33\n',
    );
    expect(v6.data.routes?.map((x) => [x.destination, x.prefixLength, x.gateway, x.metric])).toEqual([
      ['::', 96, null, 1024],
      ['2600:1700::', 60, 'fe80::1', 100],
    ]);
  });

  it('reads ip route text, types, tables and multipath', () => {
    const text = [
      'default via 10.0.2.2 dev enp0s3 proto dhcp metric 100',
      'local 127.0.0.1 dev lo  table local  proto kernel  scope host  src 127.0.0.1',
      'unreachable ::/96 dev lo  metric 1024  error -101',
      '10.1.0.0/16 proto static',
      '\tnexthop via 10.0.0.1 dev eth0 weight 1',
      'garbage here',
    ].join('\n');
    const r = parseIpRoute(text);
    expect(r.skipped).toEqual(['garbage here']);
    expect(
      r.data.routes?.map((x) => [x.destination, x.prefixLength, x.gateway, x.interface, x.table, x.flags]),
    ).toEqual([
      ['0.0.0.0', 0, '10.0.2.2', 'enp0s3', 'main', 'UG'],
      ['127.0.0.1', 32, null, 'lo', 'local', 'UH'],
      ['::', 96, null, 'lo', 'main', '!'],
      ['10.1.0.0', 16, '10.0.0.1', 'eth0', 'main', 'UG'],
    ]);
  });

  it('reads ip -j route and survives bad JSON', () => {
    const r = parseIpRouteJson(
      '[{"dst":"default","gateway":"fe80::1","dev":"ens3","metric":1024,"flags":["onlink"]},{"dst":"10.0.0.0/8","dev":"eth0","table":"local"},{"nodst":1}]',
    );
    expect(r.data.routes?.map((x) => [x.family, x.destination, x.prefixLength, x.table])).toEqual([
      [6, '::', 0, 'main'],
      [4, '10.0.0.0', 8, 'local'],
    ]);
    expect(r.skipped).toHaveLength(1);
    expect(parseIpRouteJson('[{"dst":').warnings[0]).toMatch(/JSON/);
    expect(parseIpRouteJson('{}').warnings[0]).toMatch(/array/);
  });
});

describe('netstat -i and -s', () => {
  it('reads the Kernel Interface table', () => {
    const r = parseLinuxNetstatI(
      'Kernel Interface table\nIface       MTU Met    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\nbond0      1500   0   845265      1      2      0     1753      3      4      0 BMmRU\nlo        65536   0        0      0      0      0        0      0      0      0 LR\n',
    );
    expect(r.data.interfaces?.[0]).toMatchObject({ name: 'bond0', mtu: 1500, up: true });
    expect(r.data.interfaces?.[0]?.counters).toMatchObject({
      rxPackets: 845265,
      rxErrors: 1,
      rxDrops: 2,
      txPackets: 1753,
      txErrors: 3,
      txDrops: 4,
    });
    expect(r.data.interfaces?.[1]?.up).toBe(false);
    expect(r.warnings[0]).toMatch(/packet counts only/);
  });

  it('reads Linux netstat -s, including histograms and mid-sentence numbers', () => {
    const text =
      'Ip:\n    3405107 total packets received\n    Forwarding: 1\nIcmp:\n    ICMP input histogram:\n        echo requests: 4\nTcpExt:\n    Quick ack mode was activated 9 times\n';
    expect(parseNetstatS(text).data.protocolStats).toEqual({
      Ip: { 'total packets received': 3405107, Forwarding: 1 },
      Icmp: { 'ICMP input histogram: echo requests': 4 },
      TcpExt: { 'Quick ack mode was activated N times': 9 },
    });
  });
});

describe('format detection does not cross platforms', () => {
  const samples: Record<string, string> = {
    windows:
      'Active Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1000\n',
    macos:
      'Active Internet connections\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)\ntcp4       0      0  127.0.0.1.5000         *.*                    LISTEN\n',
    linux:
      'Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\ntcp        0      0 127.0.0.1:5000          0.0.0.0:*               LISTEN\n',
    procRoute:
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t0102A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n',
    procSnmp: 'Ip: Forwarding DefaultTTL\nIp: 1 64\nTcp: RtoAlgorithm RtoMin\nTcp: 1 200\n',
  };
  const winners = (text: string): string[] =>
    [...LINUX_COMMAND_FORMATS, ...MACOS_FORMATS].filter((f) => f.detect(text) >= 0.5).map((f) => f.id);

  it('each sample is claimed by its own format only', () => {
    expect(winners(samples.windows ?? '')).toEqual([]);
    expect(winners(samples.macos ?? '')).toEqual(['macos-netstat-anv']);
    expect(winners(samples.linux ?? '')).toEqual(['linux-netstat']);
    expect(winners(samples.procRoute ?? '')).toEqual([]);
    expect(winners(samples.procSnmp ?? '')).toEqual([]);
  });
});

describe.skipIf(!hasFixtures)('fixtures', () => {
  it('reads ss -tulpen with uid, inode and scoped addresses', () => {
    const c = parseSs(fixture('linux/ss-tulpen--jc--1.txt')).data.connections ?? [];
    expect(c).toHaveLength(73);
    expect(c.find((x) => x.processName === 'systemd-resolve' && x.protocol === 'udp')).toMatchObject({
      localAddress: '127.0.0.53',
      localPort: 53,
      uid: 101,
      inode: 29400,
      pid: 1117,
    });
  });

  it('reads the ip route show table all fixture without skipping', () => {
    const r = parseIpRoute(fixture('linux/ip-route-table-all--insights-core--1.txt'));
    expect(r.skipped).toEqual([]);
    expect(r.data.routes?.filter((x) => x.table === 'local').length).toBeGreaterThan(10);
  });
});
