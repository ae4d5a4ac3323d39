import { afterEach, describe, it, expect, vi } from 'vitest';
import fc from 'fast-check';
import { emptySnapshot, zeroCounters, type NetInterface, type Snapshot } from '../../shared/model';
import { SnapshotHistory } from './history';
import { RingBuffer } from './ring-buffer';
import { TalkerHistory } from './talkers';
import { TalkerTracker } from '../../shared/top-talkers';
import { rsyncSending, trafficSnapshot } from './test-helpers';

function iface(name: string, rx: number | null): NetInterface {
  return {
    name,
    mac: null,
    mtu: 1500,
    up: true,
    speedMbps: null,
    counters: zeroCounters(),
    rates: rx === null ? null : { rxBytesPerSec: rx, txBytesPerSec: rx / 2, rxPacketsPerSec: 1, txPacketsPerSec: 1 },
  };
}

const snap = (seq: number, interfaces: NetInterface[], extra: Partial<Snapshot> = {}) =>
  emptySnapshot({ seq, takenAt: 1_000_000 + seq * 1000, interfaces, ...extra });

describe('RingBuffer', () => {
  it('keeps the newest items up to capacity, oldest first', () => {
    const r = new RingBuffer<number>(3);
    expect(r.toArray()).toEqual([]);
    expect(r.last()).toBeUndefined();
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
    expect(r.last()).toBe(5);
    r.clear();
    expect(r.size).toBe(0);
  });
  it('rejects a bad capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
  it('matches the tail of an unbounded list (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer()), (cap, items) => {
        const r = new RingBuffer<number>(cap);
        items.forEach((i) => r.push(i));
        expect(r.toArray()).toEqual(items.slice(Math.max(0, items.length - cap)));
      }),
    );
  });
});

describe('SnapshotHistory', () => {
  it('records rate points per interface, skipping the first tick without rates', () => {
    const h = new SnapshotHistory(10);
    h.record(snap(1, [iface('eth0', null)]));
    h.record(snap(2, [iface('eth0', 100), iface('lo', 5)]));
    expect(h.points('eth0')).toEqual([
      { seq: 2, t: 1_002_000, rxBytesPerSec: 100, txBytesPerSec: 50, rxPacketsPerSec: 1, txPacketsPerSec: 1 },
    ]);
    expect(h.points('lo')).toHaveLength(1);
    expect(h.points('nope')).toEqual([]);
  });

  it('is idempotent by seq and says when it changed', () => {
    const h = new SnapshotHistory(10);
    const s = snap(5, [iface('eth0', 1)]);
    expect(h.record(s)).toBe(true);
    expect(h.record(s)).toBe(false);
    expect(h.record({ ...s })).toBe(false);
    expect(h.points('eth0')).toHaveLength(1);
    expect(h.record(snap(6, [iface('eth0', 1)]))).toBe(true);
  });

  it('is bounded', () => {
    const h = new SnapshotHistory(5);
    for (let seq = 1; seq <= 12; seq++) h.record(snap(seq, [iface('eth0', seq)]));
    expect(h.points('eth0').map((p) => p.seq)).toEqual([8, 9, 10, 11, 12]);
  });

  it('forgets interfaces gone for longer than the capacity', () => {
    const h = new SnapshotHistory(3);
    h.record(snap(1, [iface('veth1', 1), iface('eth0', 1)]));
    for (let seq = 2; seq <= 4; seq++) h.record(snap(seq, [iface('eth0', 1)]));
    expect(h.points('veth1')).toHaveLength(1);
    h.record(snap(5, [iface('eth0', 1)]));
    expect(h.points('veth1')).toEqual([]);
  });

  it('starts over when seq goes backwards (new engine or an import)', () => {
    const h = new SnapshotHistory(10);
    h.record(snap(7, [iface('eth0', 1)]));
    h.record(snap(8, [iface('eth0', 1)]));
    h.record(snap(1, [iface('eth0', 9)]));
    expect(h.points('eth0').map((p) => p.seq)).toEqual([1]);
    // Same seq at a different time is another source too.
    h.record(snap(1, [iface('eth0', 3)], { takenAt: 5 }));
    expect(h.points('eth0').map((p) => p.rxBytesPerSec)).toEqual([3]);
  });

  it('ignores imported snapshots, which neither chart nor cut the live history', () => {
    const h = new SnapshotHistory(10);
    h.record(snap(7, [iface('eth0', 1)], { protocolStats: { Tcp: { InSegs: 1 } } }));
    const imported = snap(1, [iface('eth0', 9)], { source: { kind: 'import', file: 'x.txt', formats: ['netstat'] } });
    expect(h.record(imported)).toBe(false);
    expect(h.points('eth0').map((p) => p.seq)).toEqual([7]);
    expect(h.previousStats({ ...imported, seq: 8 })).toBeNull();
    expect(h.previousStats(snap(8, []))?.stats).toEqual({ Tcp: { InSegs: 1 } });
  });

  it('keeps the previous protocol stats for deltas', () => {
    const h = new SnapshotHistory(10);
    const a = snap(1, [], { protocolStats: { Tcp: { InSegs: 1 } } });
    const b = snap(2, [], { protocolStats: { Tcp: { InSegs: 5 } } });
    expect(h.previousStats(a)).toBeNull();
    h.record(a);
    expect(h.previousStats(a)).toBeNull();
    // b not recorded yet: a is its predecessor.
    expect(h.previousStats(b)?.stats).toEqual({ Tcp: { InSegs: 1 } });
    h.record(b);
    expect(h.previousStats(b)?.stats).toEqual({ Tcp: { InSegs: 1 } });
    expect(h.previousStats(b)?.takenAt).toBe(a.takenAt);
    // An older snapshot than anything recorded has no known predecessor.
    expect(h.previousStats(snap(0, []))).toBeNull();
  });
});

describe('SnapshotHistory: the talkers take each snapshot after its frame, or when read', () => {
  /** Snapshot seq: rsync (PID 31) has sent `sent` bytes so far. */
  const withCounters = (seq: number, sent: number): Snapshot =>
    trafficSnapshot(seq, [rsyncSending(sent, seq > 1 ? 1000 : null)]);
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** The trackers' work on each snapshot (a full read; each of these snapshots is recorded without its diff). */
  const trackerReads = () => vi.spyOn(TalkerTracker.prototype, 'update');

  it('not while recording, but when a view reads them: the same rows as taken at once', () => {
    vi.useFakeTimers();
    const late = new SnapshotHistory();
    const eager = new TalkerHistory();
    for (let seq = 1; seq <= 4; seq++) {
      const s = withCounters(seq, seq * 1000);
      expect(late.record(s)).toBe(true);
      eager.record(s);
      eager.takeAll();
    }
    const taken = trackerReads();
    expect(late.talkers.rows('process', true)).toEqual(eager.rows('process', true));
    // The history's process tracker took the four snapshots on this read, and no sooner.
    expect(taken).toHaveBeenCalledTimes(4);
    expect(late.talkers.rows('process', true)[0]).toMatchObject({ key: 'pid:31', sent: 3000 });
  });

  it('by themselves after the frame (here, its fallback timer), and not again', () => {
    vi.useFakeTimers();
    const taken = trackerReads();
    const history = new SnapshotHistory();
    history.record(withCounters(1, 0));
    history.record(withCounters(2, 500));
    expect(taken).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    // Two snapshots, each by both trackers (process, remote host).
    expect(taken).toHaveBeenCalledTimes(4);
    void history.talkers.rows('process');
    vi.advanceTimersByTime(1000);
    expect(taken).toHaveBeenCalledTimes(4);
  });

  it('at once when the snapshot has no counters (a gap to mark, no timer)', () => {
    vi.useFakeTimers();
    const gaps = vi.spyOn(TalkerTracker.prototype, 'gap');
    const history = new SnapshotHistory();
    history.record(trafficSnapshot(1, [rsyncSending(0, null)], false));
    expect(gaps).toHaveBeenCalledTimes(2);
    expect(history.talkers.behind).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never the snapshots recorded before a reset', () => {
    vi.useFakeTimers();
    const taken = trackerReads();
    const history = new SnapshotHistory();
    history.record(withCounters(5, 100));
    history.reset();
    vi.advanceTimersByTime(1000);
    expect(taken).not.toHaveBeenCalled();
    expect(history.talkers.rows('process', true)).toEqual([]);
  });
});
