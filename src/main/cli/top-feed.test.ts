// `netscope top` fed each tick's diff (TopFeed: applyChanges where the diff follows the last refresh) against the
// same tracker fed every row of every snapshot (update(), what top did before): the same rows in the same order, to
// the bit, and the same printed refresh (table and JSON), over random runs of snapshots diffed as the scheduler
// diffs them, with gaps (a refresh without counters), a switch of socket engine, ticks the feed never saw (a diff
// from another base), a tick without a diff, owners renamed, and sockets opening, closing, moving bytes, restarting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../shared/diff';
import { emptySnapshot, type Connection, type Snapshot } from '../../shared/model';
import { churnSockets, talkerConnection, talkerSocket, type TalkerSocket } from '../../shared/test-helpers';
import { SEEN_GRACE_REFRESHES, TalkerTracker, type TalkerGrouping } from '../../shared/top-talkers';
import { formatTopScreen, parseTop, topJson } from './top';
import { TopFeed, type FeedPath } from './top-feed';

type Socket = TalkerSocket;

/** What a tick is: 0-5 a refresh with counters, 6 one without (procfs), 7 another engine, 8 unseen, 9 no diff. */
const step = fc.record({
  kind: fc.integer({ min: 0, max: 9 }),
  actions: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }),
  opened: fc.integer({ min: 0, max: 3 }),
  returned: fc.integer({ min: 0, max: 2 }),
  bytes: fc.integer({ min: 1, max: 5000 }),
  rate: fc.option(
    fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 10),
    { nil: null },
  ),
  // A process that takes another name (exec): every row of that PID changes at once, as the owner scan reads it.
  renamed: fc.option(fc.integer({ min: 100, max: 103 }), { nil: null }),
});

function engineOf(name: string, traffic: boolean): Snapshot['collectors'] {
  const engine = { name, requested: 'auto', fallbackReason: null, traffic, trafficNote: traffic ? null : 'none' };
  return [{ name: 'connections', ok: true, tookMs: 1, error: null, warnings: [], engine }];
}

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Runs `steps` through both trackers, checking each tick; returns the feed's paths. */
function replay(by: TalkerGrouping, steps: Step[]): FeedPath[] {
  const paths: FeedPath[] = [];
  let next = 0;
  const names = new Map<number, string>([
    [100, 'p0'],
    [101, 'p1'],
    [102, 'p0'],
    [103, 'p1'],
  ]);
  const open = (): Socket => {
    return talkerSocket(next++);
  };
  let sockets: Socket[] = Array.from({ length: 8 }, open);
  const closed: Socket[] = [];
  let previous: Snapshot | null = null;
  let seq = 0;
  const rowOf = (s: Socket, withCounters: boolean): Connection => {
    const name = s.pid === null ? null : (names.get(s.pid) ?? null);
    const rates = { sendRate: s.rate, receiveRate: s.rate === null ? null : s.rate * 2 };
    return talkerConnection({ ...s, ...rates, name, counters: s.counters && withCounters });
  };
  /** The next snapshot; unchanged rows keep their objects, as the netlink engine hands them over. */
  const snapshotOf = (engine: string, withCounters: boolean, at: number): Snapshot => {
    const before = new Map((previous?.connections ?? []).map((r) => [r.id, r]));
    const connections = sockets.map((s) => {
      const fresh = rowOf(s, withCounters);
      const old = before.get(s.id);
      return old && JSON.stringify(old) === JSON.stringify(fresh) ? old : fresh;
    });
    return emptySnapshot({ seq: ++seq, takenAt: at, connections, collectors: engineOf(engine, withCounters) });
  };
  const whole = new TalkerTracker(by);
  const changes = new TalkerTracker(by);
  const feed = new TopFeed(changes);
  const command = { ...parseTop(['--by', by]), limit: null };
  const tick = (snapshot: Snapshot, diff: ReturnType<typeof diffSnapshots> | null): void => {
    whole.update(snapshot.connections, snapshot.takenAt, snapshot.collectors[0]?.engine?.traffic === true);
    paths.push(feed.take(snapshot, diff));
    const rows = changes.rows();
    expect(rows).toEqual(whole.rows());
    expect(changes.rows(true)).toEqual(whole.rows(true));
    expect(topJson(snapshot, rows, command)).toBe(topJson(snapshot, whole.rows(), command));
    expect(formatTopScreen(snapshot, rows, command)).toBe(formatTopScreen(snapshot, whole.rows(), command));
  };
  const first = snapshotOf('netlink', true, 0);
  tick(first, null);
  previous = first;
  for (const [i, s] of steps.entries()) {
    sockets = churnSockets(sockets, closed, s, open);
    if (s.renamed !== null) names.set(s.renamed, `${names.get(s.renamed) ?? ''}+`);
    const at = (i + 1) * 1000;
    const engine = s.kind === 7 ? 'other' : 'netlink';
    const snapshot = snapshotOf(engine, s.kind !== 6, at);
    const base = previous;
    previous = snapshot;
    // A tick the feed never saw: the next diff is from a snapshot it did not take.
    if (s.kind === 8) continue;
    tick(snapshot, s.kind === 9 ? null : diffSnapshots(base, snapshot));
  }
  return paths;
}

describe.each<TalkerGrouping>(['process', 'host'])('netscope top by %s, fed by TopFeed', (by) => {
  it('prints what update() over every snapshot prints, refresh after refresh', () => {
    const paths: FeedPath[] = [];
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 2 * SEEN_GRACE_REFRESHES + 8 }), (steps) => {
        paths.push(...replay(by, steps));
      }),
      { numRuns: 300 },
    );
    // The diff's path ran, and so did the fallback.
    expect(paths.filter((p) => p === 'changes').length).toBeGreaterThan(100);
    expect(paths.filter((p) => p === 'whole').length).toBeGreaterThan(100);
  });
});

describe('TopFeed', () => {
  const engine = engineOf('netlink', true);
  const conn = (id: string, sent: number, rate: number | null): Connection =>
    talkerConnection({ id, inode: Number(id.slice(1)), sent, received: sent, sendRate: rate, receiveRate: rate });
  /** Three idle rows and s1 with `sent` bytes: a diff between two of these changes one row of four. */
  const idle = [conn('s7', 0, 0), conn('s8', 0, 0), conn('s9', 0, 0)];
  const at = (seq: number, sent: number, first = conn('s1', sent, 10)): Snapshot =>
    emptySnapshot({ seq, takenAt: seq * 1000, connections: [first, ...idle], collectors: engine });

  it('takes a diff that follows the last tick from its rows, and every row otherwise', () => {
    const feed = new TopFeed(new TalkerTracker('process'));
    const [a, b, c, d] = [at(1, 10), at(2, 20), at(3, 30), at(4, 40)] as [Snapshot, Snapshot, Snapshot, Snapshot];
    expect(feed.take(a, null)).toBe('whole');
    expect(feed.take(b, diffSnapshots(a, b))).toBe('changes');
    // c was not taken: d's diff is from it, so every row is read.
    expect(feed.take(d, diffSnapshots(c, d))).toBe('whole');
  });

  it('reads every row when a diff names a row the last snapshot did not have', () => {
    const feed = new TopFeed(new TalkerTracker('process'));
    const [a, b, c] = [at(1, 10), at(2, 20, conn('s2', 20, 10)), at(3, 30, conn('s2', 30, 10))] as [
      Snapshot,
      Snapshot,
      Snapshot,
    ];
    feed.take(a, null);
    const diff = diffSnapshots(a, b);
    expect(feed.take(b, { ...diff, removed: ['s5'] })).toBe('whole');
    // Indexed again from b's rows: the next diff follows.
    expect(feed.take(c, diffSnapshots(b, c))).toBe('changes');
  });

  it('reads every row when the diff changes more rows than it would read', () => {
    const feed = new TopFeed(new TalkerTracker('process'));
    const a = at(1, 10);
    // Every row's rates go from none to some (the refresh after the first one, on a real engine).
    const b = emptySnapshot({
      seq: 2,
      takenAt: 2000,
      connections: a.connections.map((c) => conn(c.id, 50, 5)),
      collectors: engine,
    });
    const c = at(3, 30);
    feed.take(a, null);
    expect(feed.take(b, diffSnapshots(a, b))).toBe('whole');
    expect(feed.take(c, diffSnapshots(b, c))).toBe('whole');
    const d = at(4, 40);
    expect(feed.take(d, diffSnapshots(c, d))).toBe('changes');
  });
});
