import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from './model';
import { trafficCounters } from './test-helpers';
import { talkerFilter, TalkerTracker } from './top-talkers';

function conn(
  id: string,
  pid: number | null,
  remote: string,
  sent: number,
  received: number,
  sendRate: number | null,
  receiveRate: number | null,
): Connection {
  return {
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.2',
      localPort: Number(id.replace(/\D/g, '')) || 1,
      remoteAddress: remote,
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    id,
    pid,
    processName: pid === null ? null : `proc${pid}`,
    traffic: trafficCounters({ bytesSent: sent, bytesReceived: received, sendRate, receiveRate }),
  };
}

describe('TalkerTracker', () => {
  it('sums rates per process, busiest first, and counts bytes since first seen', () => {
    const t = new TalkerTracker('process');
    t.update([conn('a1', 1, '1.1.1.1', 1000, 5000, null, null), conn('b2', 2, '2.2.2.2', 10, 10, null, null)], 0);
    // First refresh: baseline, nothing moved yet as far as we saw.
    expect(t.rows().map((r) => [r.key, r.sent, r.received])).toEqual([
      ['pid:1', 0, 0],
      ['pid:2', 0, 0],
    ]);
    t.update(
      [
        conn('a1', 1, '1.1.1.1', 1500, 5000, 500, 0),
        conn('b2', 2, '2.2.2.2', 10, 9010, 0, 9000),
        // Opened while we watched: counts whole.
        conn('c3', 1, '3.3.3.3', 100, 0, null, null),
      ],
      1000,
    );
    const rows = t.rows();
    expect(rows.map((r) => r.key)).toEqual(['pid:2', 'pid:1']);
    expect(rows[0]).toMatchObject({ label: 'proc2', receiveRate: 9000, received: 9000, connections: 1 });
    expect(rows[1]).toMatchObject({ label: 'proc1', sendRate: 500, sent: 600, connections: 2 });
  });

  it('keeps the totals of a group whose connections closed, and restarts a reused 4-tuple from zero', () => {
    const t = new TalkerTracker('process');
    t.update([conn('a1', 1, '1.1.1.1', 0, 0, null, null)], 0);
    t.update([conn('a1', 1, '1.1.1.1', 800, 0, 800, 0)], 1000);
    t.update([], 2000);
    expect(t.rows()).toEqual([]);
    expect(t.rows(true)).toEqual([expect.objectContaining({ key: 'pid:1', sent: 800, sendRate: 0, connections: 0 })]);
    t.update([conn('a1', 1, '1.1.1.1', 50, 0, null, null)], 3000);
    t.update([conn('a1', 1, '1.1.1.1', 20, 0, null, null)], 4000); // went backwards: a new socket
    expect(t.rows()[0]?.sent).toBe(800 + 50 + 20);
  });

  it('groups by remote host, leaving out sockets without a peer, and keeps a bounded history', () => {
    const t = new TalkerTracker('host', 2);
    for (let i = 0; i < 3; i++)
      t.update([conn('a1', 1, '1.1.1.1', i, 0, i, 0), conn('l2', 1, '0.0.0.0', 0, 0, 0, 0)], i * 1000);
    expect(t.rows().map((r) => r.key)).toEqual(['host:1.1.1.1']);
    expect(t.history().map((s) => [s.at, s.rates.get('host:1.1.1.1')])).toEqual([
      [1000, 1],
      [2000, 2],
    ]);
  });

  it('rows without counters (UDP, procfs) count for nothing', () => {
    const t = new TalkerTracker('process');
    const udp = { ...conn('u1', 1, '1.1.1.1', 0, 0, 0, 0), protocol: 'udp' as const, traffic: undefined };
    t.update([udp], 0);
    expect(t.rows()).toEqual([]);
  });

  it('gives the grid filter of a row', () => {
    expect(talkerFilter({ key: 'pid:12', pid: 12, host: null })).toBe('pid:12');
    expect(talkerFilter({ key: 'pid:none', pid: null, host: null })).toBe('pid:none');
    expect(talkerFilter({ key: 'host:fe80::1', pid: null, host: 'fe80::1' })).toBe('raddr:=fe80::1');
  });
});
