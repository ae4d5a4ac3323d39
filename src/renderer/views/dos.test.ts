import { describe, it, expect } from 'vitest';
import { aggregateByRemote, hasRemotePeer, listenerLoad } from './dos';
import { at, tcp, udp } from './test-helpers';
import type { Connection } from '../../shared/model';

const listeners = [
  tcp('0.0.0.0', 80, '0.0.0.0', 0, 'LISTEN', { pid: 10, processName: 'nginx' }),
  tcp('::', 80, '::', 0, 'LISTEN', { pid: 10, processName: 'nginx' }),
];

describe('aggregateByRemote', () => {
  it('is empty for an empty snapshot', () => {
    expect(aggregateByRemote([])).toEqual({ groups: [], counted: 0, synRecvTotal: 0 });
    expect(listenerLoad([], 'linux')).toEqual([]);
  });

  it('excludes listeners and unconnected remotes', () => {
    const conns = [
      ...listeners,
      udp('0.0.0.0', 53),
      udp('::', 53, '::'),
      tcp('10.0.0.1', 5000, '*', 0, 'CLOSED'),
      tcp('10.0.0.1', 80, '1.2.3.4', 4000, 'ESTABLISHED'),
    ];
    const agg = aggregateByRemote(conns);
    expect(agg.counted).toBe(1);
    expect(agg.groups.map((g) => g.key)).toEqual(['1.2.3.4']);
    expect(hasRemotePeer(at(listeners, 0))).toBe(false);
  });

  it('counts states, distinct local ports and shares; v4-mapped joins its IPv4 peer', () => {
    const conns = [
      tcp('10.0.0.1', 80, '1.2.3.4', 4000, 'ESTABLISHED'),
      tcp('::ffff:10.0.0.1', 443, '::ffff:1.2.3.4', 4001, 'SYN_RECV'),
      tcp('10.0.0.1', 80, '1.2.3.4', 4002, 'TIME_WAIT'),
      tcp('2001:db8::1', 80, '2001:DB8::9', 5000, 'ESTABLISHED'),
    ];
    const agg = aggregateByRemote(conns);
    expect(agg.counted).toBe(4);
    expect(agg.synRecvTotal).toBe(1);
    const [first, second] = agg.groups;
    expect(first).toMatchObject({
      key: '1.2.3.4',
      family: 4,
      total: 3,
      distinctLocalPorts: 2,
      distinctRemotes: 1,
      share: 0.75,
    });
    expect(first?.states).toEqual({ ESTABLISHED: 1, SYN_RECV: 1, TIME_WAIT: 1 });
    expect(second).toMatchObject({ key: '2001:db8::9', family: 6, total: 1 });
  });

  it('aggregates by /24 and /64 subnets', () => {
    const conns = [
      tcp('10.0.0.1', 80, '5.6.7.1', 1, 'ESTABLISHED'),
      tcp('10.0.0.1', 80, '5.6.7.200', 2, 'SYN_RECV'),
      tcp('10.0.0.1', 80, '::ffff:5.6.7.9', 3, 'SYN_RECV'),
      tcp('10.0.0.1', 80, '5.6.8.1', 4, 'ESTABLISHED'),
      tcp('::1', 80, '2001:db8:0:1::a', 5, 'ESTABLISHED'),
      tcp('::1', 80, '2001:db8:0:1:ffff::b', 6, 'ESTABLISHED'),
      tcp('::1', 80, '2001:db8:0:2::a', 7, 'ESTABLISHED'),
    ];
    const groups = aggregateByRemote(conns, 'subnet').groups;
    expect(groups.map((g) => [g.key, g.total, g.distinctRemotes])).toEqual([
      ['5.6.7.0/24', 3, 3],
      ['2001:db8:0:1::/64', 2, 2],
      ['5.6.8.0/24', 1, 1],
      ['2001:db8:0:2::/64', 1, 1],
    ]);
  });

  it('counts SYN_RECV even when a parser left the remote empty', () => {
    expect(aggregateByRemote([tcp('10.0.0.1', 80, '*', 0, 'SYN_RECV')]).synRecvTotal).toBe(1);
  });
});

describe('listenerLoad', () => {
  it('counts connections per listening port, merging both families', () => {
    const conns = [
      ...listeners,
      tcp('10.0.0.1', 80, '1.1.1.1', 1000, 'ESTABLISHED'),
      tcp('::ffff:10.0.0.1', 80, '::ffff:1.1.1.1', 1001, 'SYN_RECV'),
      tcp('2001:db8::1', 80, '2001:db8::2', 1002, 'TIME_WAIT'),
      tcp('10.0.0.1', 22, '1.1.1.1', 1003, 'ESTABLISHED'), // no listener on 22 in this snapshot
      tcp('127.0.0.1', 5432, '0.0.0.0', 0, 'LISTEN'),
      udp('0.0.0.0', 80),
    ];
    const loads = listenerLoad(conns, 'linux');
    expect(loads.map((l) => [l.port, l.connections, l.distinctRemotes])).toEqual([
      [80, 3, 2],
      [5432, 0, 0],
    ]);
    expect(loads[0]?.addresses).toEqual(['0.0.0.0', '::']);
    expect(loads[0]?.processes).toEqual([{ key: 'pid:10', pid: 10, name: 'nginx' }]);
    expect(loads[0]?.states).toEqual({ ESTABLISHED: 1, SYN_RECV: 1, TIME_WAIT: 1 });
  });

  it("sums the listeners' Recv-Q as the accept queue (ss -ltn: LISTEN 3 2 for a backlog of 2 never accepted)", () => {
    const loads = listenerLoad(
      [
        tcp('127.0.0.1', 8080, '0.0.0.0', 0, 'LISTEN', { rxQueue: 3, txQueue: 0 }),
        tcp('::1', 8080, '::', 0, 'LISTEN', { rxQueue: 1, txQueue: 0 }),
        tcp('127.0.0.1', 8080, '127.0.0.1', 40000, 'ESTABLISHED', { rxQueue: 500 }), // a connection's bytes: not it
        tcp('127.0.0.1', 9090, '0.0.0.0', 0, 'LISTEN', { rxQueue: 0 }),
        tcp('127.0.0.1', 7070, '0.0.0.0', 0, 'LISTEN'), // an engine that does not say: unknown, not 0
      ],
      'linux',
    );
    expect(loads.map((l) => [l.port, l.acceptQueue])).toEqual([
      [8080, 4],
      [7070, null],
      [9090, 0],
    ]);
  });

  it("macOS (netstat's Recv-Q of a listener is its buffer, not the queue) and a row without the field: unknown", () => {
    const mac = listenerLoad([tcp('127.0.0.1', 8080, '0.0.0.0', 0, 'LISTEN', { rxQueue: 0, txQueue: 0 })], 'darwin');
    expect(mac.map((l) => [l.port, l.acceptQueue])).toEqual([[8080, null]]);
    const { rxQueue: _dropped, ...withoutQueue } = tcp('127.0.0.1', 8081, '0.0.0.0', 0, 'LISTEN');
    const foreign = listenerLoad(
      [withoutQueue as Connection, tcp('::1', 8081, '::', 0, 'LISTEN', { rxQueue: 2, txQueue: 0 })],
      'linux',
    );
    expect(foreign.map((l) => [l.port, l.acceptQueue])).toEqual([[8081, 2]]);
  });
});
