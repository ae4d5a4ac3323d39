// The app's Top talkers memory across an engine switch (issue 11 audit, session 35): snapshots without counters are
// skipped, but they are a gap: a connection first seen after one counts from there, not its whole life.
import { describe, expect, it, vi } from 'vitest';
import { diffSnapshots } from '../../shared/diff';
import { blankConnection, type Connection, type Snapshot } from '../../shared/model';
import { TalkerTracker } from '../../shared/top-talkers';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex } from '../store/rows';
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

describe('TalkerHistory fed by the store, diff after diff', () => {
  /** The store's states over these snapshots (each after the first as a diff), with the talkers recorded per state. */
  function fedByStore(snaps: Snapshot[]): { fed: TalkerHistory; whole: TalkerHistory } {
    const fed = new TalkerHistory();
    const whole = new TalkerHistory();
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot));
    fed.record(state.snapshot as Snapshot, state.snapshotChange);
    whole.record(snaps[0] as Snapshot);
    for (let i = 1; i < snaps.length; i++) {
      state = receiveDiff(state, diffSnapshots(snaps[i - 1] as Snapshot, snaps[i] as Snapshot));
      expect(state.snapshotChange?.baseSeq).toBe(snaps[i - 1]?.seq);
      fed.record(state.snapshot as Snapshot, state.snapshotChange);
      whole.record(snaps[i] as Snapshot);
    }
    return { fed, whole };
  }

  it('takes only the changed rows per diff, and agrees with reading every row', () => {
    const update = vi.spyOn(TalkerTracker.prototype, 'update');
    // Six refreshes: sockets open, close, move bytes, one restarts on its 4-tuple (a new inode).
    const snaps = [
      trafficSnapshot(1, [conn(1, 11, 100), conn(2, 12, 200), conn(3, 13, 300)]),
      trafficSnapshot(2, [conn(1, 11, 150), conn(2, 12, 200), conn(3, 13, 300), conn(4, 14, 40)]),
      trafficSnapshot(3, [conn(1, 11, 150), conn(3, 13, 900), conn(4, 14, 40)]),
      trafficSnapshot(4, [conn(1, 21, 5), conn(3, 13, 900), conn(4, 14, 80), conn(5, 15, 1)]),
      trafficSnapshot(5, [conn(1, 21, 5), conn(4, 14, 80), conn(5, 15, 1)]),
      trafficSnapshot(6, [conn(1, 21, 7), conn(4, 14, 80), conn(5, 15, 1), conn(6, 16, 9)]),
    ];
    const { fed, whole } = fedByStore(snaps);
    for (const by of ['process', 'host'] as const) {
      expect(fed.rows(by, true)).toEqual(whole.rows(by, true));
      expect(fed.samples(by)).toEqual(whole.samples(by));
    }
    // The fed history read every row once per grouping, for the first snapshot; `whole` did for all six.
    expect(update).toHaveBeenCalledTimes(2 + 2 * snaps.length);
    update.mockRestore();
  });

  it('reads every row again after a refresh without counters, and then agrees as well', () => {
    const snaps = [
      trafficSnapshot(1, [conn(1, 11, 100), conn(2, 12, 200)]),
      trafficSnapshot(2, [conn(1, 11, null), conn(2, 12, null)], false),
      trafficSnapshot(3, [conn(1, 11, 180), conn(2, 12, 260), conn(3, 13, 5)]),
      trafficSnapshot(4, [conn(1, 11, 190), conn(3, 13, 5)]),
    ];
    const { fed, whole } = fedByStore(snaps);
    expect(fed.rows('process', true)).toEqual(whole.rows('process', true));
    // Ports 1 and 2 moved 80 + 10 and 60 across the gap (their last counters kept); port 3 counts from its first read.
    expect(fed.rows('process').map((r) => [r.key, r.sent])).toEqual([['pid:100', 150]]);
  });

  it('lets a grouping read take its snapshots while the other waits for takeAll, with the same rows', () => {
    const snaps = [
      trafficSnapshot(1, [conn(1, 11, 100), conn(2, 12, 200)]),
      trafficSnapshot(2, [conn(1, 11, 180), conn(2, 12, 260)]),
      trafficSnapshot(3, [conn(1, 11, 190), conn(3, 13, 5)]),
    ];
    const update = vi.spyOn(TalkerTracker.prototype, 'update');
    const lazy = new TalkerHistory();
    const eager = new TalkerHistory();
    for (const s of snaps) {
      lazy.record(s);
      eager.record(s);
      eager.takeAll();
    }
    update.mockClear();
    expect(lazy.busiest('process', 10).rows).toEqual(eager.busiest('process', 10).rows);
    expect(update.mock.contexts.map((t) => (t as TalkerTracker).by)).toEqual(['process', 'process', 'process']);
    expect(lazy.behind).toBe(true);
    lazy.takeAll();
    expect(lazy.behind).toBe(false);
    expect(lazy.rows('host', true)).toEqual(eager.rows('host', true));
    expect(lazy.samples('host')).toEqual(eager.samples('host'));
    update.mockRestore();
  });

  it('counts a step taken after the store reused its rows as a gap, and counts again from the next whole list', () => {
    // Ports per refresh, bytes growing; refresh 2 has no counters, so the next must be read whole (not a change).
    const ports = [
      [1, 2],
      [1, 2],
      [1, 2, 3],
      [1, 3],
      [1, 3, 4],
      [1, 4],
      [1, 4, 5],
    ];
    const counted = (i: number, on = true): Snapshot =>
      trafficSnapshot(
        i + 1,
        (ports[i] as number[]).map((p) => conn(p, 10 + p, on ? 100 * (i + 1) * p : null)),
        on,
      );
    const snaps = ports.map((_, i) => counted(i, i !== 1));
    const fed = new TalkerHistory();
    let state = withIndex(receiveSnapshot(EMPTY_ROWS, snaps[0] as Snapshot));
    fed.record(state.snapshot as Snapshot, state.snapshotChange);
    for (let i = 1; i < snaps.length; i++) {
      state = receiveDiff(state, diffSnapshots(snaps[i - 1] as Snapshot, snaps[i] as Snapshot));
      fed.record(state.snapshot as Snapshot, state.snapshotChange);
    }
    // Taken only now: the lists of refreshes 3 and 4 are gone (the store wrote refreshes 6 and 7 into their rows).
    const whole = new TalkerHistory();
    snaps.forEach((s, i) => whole.record(i === 2 || i === 3 ? counted(i, false) : s));
    expect(fed.rows('process', true)).toEqual(whole.rows('process', true));
    expect(fed.since('process')).toBe(whole.since('process'));
  });
});
