// Edge cases of the top talkers (issue 9): grouping per process and per remote host, rates summed now, totals
// since first seen (restarted counters, unchanged counters, closed connections), the order and the history.
import { describe, expect, it } from 'vitest';
import type { Connection } from './model';
import { talkerConnection as conn } from './test-helpers';
import { byRate, SEEN_GRACE_REFRESHES, talkerFilter, TalkerTracker, type TalkerRow } from './top-talkers';

const totals = (rows: TalkerRow[]): [string, number, number][] => rows.map((r) => [r.key, r.sent, r.received]);

describe('grouping', () => {
  it('per process: one row per PID with its name, "(no owner)" without one, "PID n" without a name', () => {
    const t = new TalkerTracker('process');
    t.update(
      [
        conn({ id: 'a', pid: 7, name: 'firefox', sendRate: 5, receiveRate: 1 }),
        conn({ id: 'b', pid: 7, name: 'firefox', sendRate: 2, receiveRate: 3 }),
        conn({ id: 'c', pid: null, name: null, sendRate: 1, receiveRate: 0 }),
        conn({ id: 'd', pid: 9, name: null, sendRate: 0, receiveRate: 0 }),
      ],
      0,
    );
    expect(t.rows()).toEqual([
      {
        key: 'pid:7',
        label: 'firefox',
        pid: 7,
        host: null,
        sendRate: 7,
        receiveRate: 4,
        sent: 0,
        received: 0,
        connections: 2,
      },
      {
        key: 'pid:none',
        label: '(no owner)',
        pid: null,
        host: null,
        sendRate: 1,
        receiveRate: 0,
        sent: 0,
        received: 0,
        connections: 1,
      },
      {
        key: 'pid:9',
        label: 'PID 9',
        pid: 9,
        host: null,
        sendRate: 0,
        receiveRate: 0,
        sent: 0,
        received: 0,
        connections: 1,
      },
    ]);
  });

  it('per remote host: one row per address, whatever the process; no row for a socket without a peer', () => {
    const t = new TalkerTracker('host');
    t.update(
      [
        conn({ id: 'a', pid: 1, remote: '2001:db8::5', sendRate: 10, receiveRate: 0 }),
        conn({ id: 'b', pid: 2, remote: '2001:db8::5', sendRate: 0, receiveRate: 20 }),
        conn({ id: 'c', remote: '203.0.113.9', sendRate: 1, receiveRate: 1 }),
        ...['', '*', '0.0.0.0', '::'].map((remote, i) => conn({ id: `l${i}`, remote, sendRate: 99, receiveRate: 99 })),
      ],
      0,
    );
    expect(t.rows()).toEqual([
      {
        key: 'host:2001:db8::5',
        label: '2001:db8::5',
        pid: null,
        host: '2001:db8::5',
        sendRate: 10,
        receiveRate: 20,
        sent: 0,
        received: 0,
        connections: 2,
      },
      {
        key: 'host:203.0.113.9',
        label: '203.0.113.9',
        pid: null,
        host: '203.0.113.9',
        sendRate: 1,
        receiveRate: 1,
        sent: 0,
        received: 0,
        connections: 1,
      },
    ]);
    expect(talkerFilter(t.rows()[0] as TalkerRow)).toBe('raddr:=2001:db8::5');
  });

  it('counts a connection without a rate yet as 0 B/s, and one without counters not at all', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', sendRate: null, receiveRate: null }), conn({ id: 'b', counters: false })], 0);
    expect(t.rows()).toEqual([
      expect.objectContaining({ key: 'pid:100', sendRate: 0, receiveRate: 0, connections: 1 }),
    ]);
    // A group moving no bytes is left out of the chart's sample, which reads it as 0 (renderer/views/talkers.ts).
    expect(t.history()[0]?.rates).toEqual(new Map());
  });

  it('takes the latest process name for a PID, and keeps it for the group once gone', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', pid: 5, name: 'bash' })], 0);
    t.update([conn({ id: 'a', pid: 5, name: 'ssh', sent: 10 })], 1);
    expect(t.rows()[0]?.label).toBe('ssh');
    t.update([], 2);
    expect(t.rows(true)).toEqual([
      expect.objectContaining({ key: 'pid:5', label: 'ssh', sent: 10, pid: 5, host: null }),
    ]);
  });
});

describe('totals since first seen', () => {
  it('start at zero for what was there at the first refresh, and count a later connection whole', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', sent: 1000, received: 2000 })], 0);
    expect(totals(t.rows())).toEqual([['pid:100', 0, 0]]);
    t.update([conn({ id: 'a', sent: 1100, received: 2000 }), conn({ id: 'b', sent: 30, received: 40 })], 1);
    expect(totals(t.rows())).toEqual([['pid:100', 130, 40]]);
  });

  it('do not grow while counters stand still', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', sent: 500, received: 700 })], 0);
    t.update([conn({ id: 'a', sent: 600, received: 900 })], 1);
    t.update([conn({ id: 'a', sent: 600, received: 900 })], 2);
    t.update([conn({ id: 'a', sent: 600, received: 900 })], 3);
    expect(totals(t.rows())).toEqual([['pid:100', 100, 200]]);
  });

  it('start over when either counter goes backwards (a new socket on the same 4-tuple)', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', sent: 500, received: 700 })], 0);
    t.update([conn({ id: 'a', sent: 600, received: 800 })], 1);
    // Only the received counter went back: the whole of both counters is new.
    t.update([conn({ id: 'a', sent: 650, received: 50 })], 2);
    expect(totals(t.rows())).toEqual([['pid:100', 100 + 650, 100 + 50]]);
    // Only the sent counter went back.
    t.update([conn({ id: 'a', sent: 5, received: 60 })], 3);
    expect(totals(t.rows())).toEqual([['pid:100', 750 + 5, 150 + 60]]);
  });

  it('forget a connection gone for more than the grace refreshes: the same id later counts whole', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', sent: 500 })], 0);
    for (let i = 1; i <= SEEN_GRACE_REFRESHES + 1; i++) t.update([conn({ id: 'other' })], i);
    t.update([conn({ id: 'a', sent: 520 }), conn({ id: 'other' })], 9);
    expect(totals(t.rows())).toEqual([['pid:100', 520, 0]]);
  });

  it('keep a gone group after the ones with connections, and never list a present one twice', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', pid: 1, name: 'a' }), conn({ id: 'b', pid: 2, name: 'b' })], 0);
    t.update([conn({ id: 'a', pid: 1, name: 'a', sent: 10 }), conn({ id: 'b', pid: 2, name: 'b', sent: 5000 })], 1);
    t.update([conn({ id: 'a', pid: 1, name: 'a', sent: 10, sendRate: 1, receiveRate: 0 })], 2);
    expect(t.rows().map((r) => r.key)).toEqual(['pid:1']);
    expect(t.rows(true)).toEqual([
      expect.objectContaining({ key: 'pid:1', connections: 1, sendRate: 1, sent: 10 }),
      {
        key: 'pid:2',
        label: 'b',
        pid: 2,
        host: null,
        sendRate: 0,
        receiveRate: 0,
        sent: 5000,
        received: 0,
        connections: 0,
      },
    ]);
  });
});

describe('order: busiest first', () => {
  const r = (label: string, sendRate: number, receiveRate: number, sent = 0, received = 0): TalkerRow => ({
    key: `pid:${label}`,
    label,
    pid: 1,
    host: null,
    sendRate,
    receiveRate,
    sent,
    received,
    connections: 1,
  });
  const sign = (a: TalkerRow, b: TalkerRow): number => Math.sign(byRate(a, b));

  it('by send plus receive rate', () => {
    const down = r('down', 0, 10);
    const up = r('up', 6, 0);
    const both = r('both', 4, 5);
    expect([sign(down, up), sign(up, down)]).toEqual([-1, 1]);
    expect([sign(down, both), sign(both, down)]).toEqual([-1, 1]);
    expect([sign(both, up), sign(up, both)]).toEqual([-1, 1]);
    expect([up, both, down].sort(byRate).map((x) => x.label)).toEqual(['down', 'both', 'up']);
  });

  it('then by bytes since first seen, sent plus received', () => {
    const a = r('a', 5, 5, 0, 900);
    const b = r('b', 5, 5, 500, 0);
    const c = r('c', 10, 0, 300, 300);
    expect([sign(a, b), sign(b, a)]).toEqual([-1, 1]);
    expect([sign(c, b), sign(b, c)]).toEqual([-1, 1]);
    expect([sign(a, c), sign(c, a)]).toEqual([-1, 1]);
  });

  it('then by name, and equal rows are equal', () => {
    expect(sign(r('alpha', 1, 1, 1, 1), r('beta', 2, 0, 0, 2))).toBe(-1);
    expect(sign(r('beta', 1, 1, 1, 1), r('alpha', 1, 1, 1, 1))).toBe(1);
    expect(sign(r('same', 1, 1, 1, 1), r('same', 1, 1, 1, 1))).toBe(0);
  });

  it('rows() sorts what update() gathered', () => {
    const t = new TalkerTracker('host');
    t.update(
      [
        conn({ id: 'a', remote: '10.0.0.1', sendRate: 1, receiveRate: 0 }),
        conn({ id: 'b', remote: '10.0.0.2', sendRate: 0, receiveRate: 3 }),
        conn({ id: 'c', remote: '10.0.0.3', sendRate: 2, receiveRate: 0 }),
      ],
      0,
    );
    expect(t.rows().map((x) => x.label)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.1']);
  });
});

describe('groups gone', () => {
  it('keeps the busiest goneKept of them once half as many again have gone, and every group with connections', () => {
    const t = new TalkerTracker('host', 300, 2);
    // Five hosts, each with one connection that moved (10 * n) bytes, then all closed but the last.
    const hosts = [1, 2, 3, 4, 5].map((n) => conn({ id: `h${n}`, remote: `198.51.100.${n}`, sent: 0 }));
    t.update(hosts, 0);
    t.update(
      hosts.map((c, i) => conn({ id: c.id, remote: c.remoteAddress, sent: 10 * (i + 1) })),
      1,
    );
    t.update([conn({ id: 'h5', remote: '198.51.100.5', sent: 50 })], 2);
    // Four gone: more than 2 * 1.5, so the two busiest gone stay, with the one still connected.
    expect(t.rows(true).map((r) => [r.key, r.sent, r.connections])).toEqual([
      ['host:198.51.100.5', 50, 1],
      ['host:198.51.100.4', 40, 0],
      ['host:198.51.100.3', 30, 0],
    ]);
  });
});

describe('groups gone, as diffs take them (applyChanges)', () => {
  it('are forgotten as a whole read forgets them, refresh after refresh, and come back when a host does', () => {
    // Host n: one connection that moved n bytes. Each refresh two hosts close and two new ones open, and host 1
    // comes back at refresh 6 (a group gone, then present again, then gone).
    const host = (n: number, id = `h${n}`): Connection => conn({ id, remote: `198.51.100.${n}`, sent: n });
    const open = (from: number, to: number): Connection[] =>
      Array.from({ length: to - from }, (_, i) => host(from + i));
    const byDiffs = new TalkerTracker('host', 300, 4);
    const byWholes = new TalkerTracker('host', 300, 4);
    let rows = open(1, 11);
    byDiffs.update(rows, 0);
    byWholes.update(rows, 0);
    let next = 11;
    for (let r = 1; r <= 12; r++) {
      const leaving = rows.slice(0, 2);
      const entering = open(next, next + 2);
      next += 2;
      if (r === 6) entering.push(host(1, 'h1-again'));
      if (r === 7) leaving.push(rows.find((c) => c.id === 'h1-again') as Connection);
      rows = rows.filter((c) => !leaving.includes(c)).concat(entering);
      expect(byDiffs.applyChanges(leaving, entering, r)).toBe(true);
      byWholes.update(rows, r);
      expect(byDiffs.rows(true), `refresh ${r}`).toEqual(byWholes.rows(true));
    }
    // Ten present, and at most 4 * 1.5 gone at any time: the cut ran, in both.
    expect(byDiffs.rows(true).filter((x) => x.connections === 0).length).toBeLessThanOrEqual(6);
  });
});

describe('history for the chart', () => {
  it('keeps send plus receive per group, oldest first, at most historyLength refreshes', () => {
    const t = new TalkerTracker('process', 3);
    for (let i = 1; i <= 5; i++) t.update([conn({ id: 'a', sendRate: i, receiveRate: 10 * i })], i * 1000);
    expect(t.history().map((s) => [s.at, s.rates.get('pid:100')])).toEqual([
      [3000, 33],
      [4000, 44],
      [5000, 55],
    ]);
  });

  it('keeps five minutes at one second by default, and an empty refresh as an empty sample', () => {
    const t = new TalkerTracker('process');
    for (let i = 0; i < 302; i++) t.update([], i);
    expect(t.history()).toHaveLength(300);
    expect(t.history()[0]).toEqual({ at: 2, rates: new Map() });
    expect(t.by).toBe('process');
  });
});

describe('a row whose counters an older peer sent as null', () => {
  it('counts as a row without counters, instead of throwing on null.bytesSent', () => {
    const t = new TalkerTracker('process');
    const peer = { ...conn({ id: 'b', counters: false }), traffic: null } as unknown as Connection;
    t.update([conn({ id: 'a', sent: 10, sendRate: 10 }), peer], 0);
    t.update([conn({ id: 'a', sent: 30, sendRate: 20 }), peer], 1);
    expect(t.rows()).toEqual([expect.objectContaining({ key: 'pid:100', sendRate: 20, sent: 20, connections: 1 })]);
  });
});

// The audit of issue 11 (session 35): a refresh without counters made every connection "new", so the next one
// counted its whole life again (10 GB shown for 1 MB moved).
describe('refreshes without counters, and sockets a refresh missed', () => {
  const GB10 = 10_000_000_000;

  it('a connection with 10 GB before watching that moves 1 MB across a refresh without counters counts 1 MB', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', inode: 7, sent: GB10 })], 0);
    t.update([conn({ id: 'a', inode: 7, sent: GB10 + 500_000 })], 1);
    // One refresh fell back to procfs: the row is there, its counters are not.
    t.update([conn({ id: 'a', inode: 7, counters: false })], 2, false);
    t.update([conn({ id: 'a', inode: 7, sent: GB10 + 1_000_000 })], 3);
    expect(totals(t.rows())).toEqual([['pid:100', 1_000_000, 0]]);
  });

  it('the same when the refresh without counters is only inferred (no row had any)', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', sent: GB10 })], 0);
    t.update([conn({ id: 'a', counters: false })], 1);
    t.update([conn({ id: 'a', sent: GB10 + 1_000_000 })], 2);
    expect(totals(t.rows())).toEqual([['pid:100', 1_000_000, 0]]);
  });

  it('an engine switched from procfs to netlink counts what was there from the switch, not whole', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', inode: 7, counters: false })], 0, false);
    t.update([conn({ id: 'a', inode: 7, sent: GB10 })], 1, true);
    expect(totals(t.rows())).toEqual([['pid:100', 0, 0]]);
    expect(t.since()).toBe(1);
    t.update([conn({ id: 'a', inode: 7, sent: GB10 + 300 })], 2, true);
    expect(totals(t.rows())).toEqual([['pid:100', 300, 0]]);
  });

  it('after a gap (the app skips snapshots without counters), a connection first seen counts from there', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', inode: 1, sent: 100 })], 0, true);
    t.gap();
    t.update([conn({ id: 'a', inode: 1, sent: 150 }), conn({ id: 'b', inode: 2, sent: GB10 })], 2, true);
    expect(totals(t.rows())).toEqual([['pid:100', 50, 0]]);
    // Counting again: a connection opened now counts whole.
    t.update(
      [
        conn({ id: 'a', inode: 1, sent: 150 }),
        conn({ id: 'b', inode: 2, sent: GB10 }),
        conn({ id: 'c', inode: 3, sent: 40 }),
      ],
      3,
      true,
    );
    expect(totals(t.rows())).toEqual([['pid:100', 90, 0]]);
  });

  it('a socket one dump missed (or whose row read failed) counts on from its last counters when back', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', inode: 1, sent: GB10 }), conn({ id: 'b', inode: 2 })], 0);
    t.update([conn({ id: 'b', inode: 2 })], 1);
    t.update([conn({ id: 'a', inode: 1, counters: false }), conn({ id: 'b', inode: 2 })], 2);
    t.update([conn({ id: 'a', inode: 1, sent: GB10 + 2_000 }), conn({ id: 'b', inode: 2 })], 3);
    expect(totals(t.rows())).toEqual([['pid:100', 2_000, 0]]);
  });

  it('a new socket on the same 4-tuple (another inode) counts whole even when its counters exceed the old ones', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', inode: 1, sent: 500 })], 0);
    t.update([conn({ id: 'a', inode: 2, sent: 800 })], 1);
    expect(totals(t.rows())).toEqual([['pid:100', 800, 0]]);
  });

  it('an empty refresh that says it read counters is no gap: a connection opened after it counts whole', () => {
    const t = new TalkerTracker('process');
    t.update([conn({ id: 'a', inode: 1, sent: 10 })], 0, true);
    t.update([], 1, true);
    t.update([conn({ id: 'b', inode: 2, sent: 70 })], 2, true);
    expect(totals(t.rows())).toEqual([['pid:100', 70, 0]]);
  });
});
