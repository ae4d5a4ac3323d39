// The app's Top talkers memory across an engine switch (issue 11 audit, session 35): snapshots without counters are
// skipped, but they are a gap: a connection first seen after one counts from there, not its whole life.
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from '../../shared/model';
import { trafficCounters } from '../../shared/test-helpers';
import { TalkerHistory } from './talkers';
import { trafficSnapshot } from './test-helpers';

function conn(port: number, inode: number, sent: number | null): Connection {
  const c: Connection = {
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '192.0.2.10',
      localPort: port,
      remoteAddress: '198.51.100.1',
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    id: `c${port}`,
    inode,
    pid: 100,
    processName: 'curl',
  };
  return sent === null ? c : { ...c, traffic: trafficCounters({ bytesSent: sent }) };
}

describe('TalkerHistory across netlink -> procfs -> netlink', () => {
  it('counts what a connection moved, and one first seen after the procfs stretch from there', () => {
    const h = new TalkerHistory();
    h.record(trafficSnapshot(0, [conn(1, 11, 100)]));
    h.record(trafficSnapshot(1, [conn(1, 11, null), conn(2, 12, null)], false));
    h.record(trafficSnapshot(2, [conn(1, 11, 150), conn(2, 12, 10_000_000_000)]));
    expect(h.rows('process').map((r) => [r.key, r.sent])).toEqual([['pid:100', 50]]);
    expect(h.since('process')).toBe(0);
  });

  it('an app that starts on procfs counts from the first netlink snapshot', () => {
    const h = new TalkerHistory();
    h.record(trafficSnapshot(0, [conn(1, 11, null)], false));
    expect(h.since('process')).toBeNull();
    h.record(trafficSnapshot(5, [conn(1, 11, 10_000_000_000)]));
    expect(h.rows('process').map((r) => [r.key, r.sent])).toEqual([['pid:100', 0]]);
    expect(h.since('process')).toBe(5_000);
  });
});
