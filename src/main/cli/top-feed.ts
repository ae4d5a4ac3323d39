/**
 * What `netscope top` gives its tracker each refresh: the scheduler's diff alone (TalkerTracker.applyChanges) where
 * that diff follows the refresh taken last, else every connection (update()), as before.
 *
 * WHY: update() reads every row (14-17 ms a refresh in top's process at 100k idle loopback sockets with netlink's
 * counters, by process; ~100 ms where every row is a new object: bench/talkers.mjs), while the scheduler has already
 * worked out what changed (it diffs every tick, whoever listens). applyChanges() needs the rows that left in their
 * old versions (a changed row's rate is taken away before its new one is added); a diff names the closed rows by
 * id and carries the changed ones' new versions only, so the feed keeps the last snapshot's rows by id, kept up to
 * date from each diff: O(changes) a refresh, and one O(rows) index when diffs are taken again after a refresh read
 * whole.
 *
 * Falls back to update() when the change cannot be trusted: the first tick (no diff), a diff from a snapshot this
 * feed did not take (a gap in seq), another socket engine than the last refresh's, a refresh without counters (a
 * gap for the tracker: update() with counted false, as before), the tracker not counting (its first counted refresh,
 * or after a gap), or a diff naming a row the index does not hold. And where reading every row costs less: a diff
 * whose rows in and out outnumber the snapshot's (the refresh after the first, when every row's rates go from none
 * to 0, changes every row): both paths give the same rows (top-feed.test.ts), so that is a matter of cost alone.
 */
import type { SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { socketEngineOf, trafficAbsentReason } from '../../shared/traffic';
import type { TalkerTracker } from '../../shared/top-talkers';

/** How a refresh was taken: from the diff's rows alone, or every row read. */
export type FeedPath = 'changes' | 'whole';

export class TopFeed {
  /** The rows of the snapshot taken last, and its seq and socket engine. */
  private rows: readonly Connection[] | null = null;
  private seq: number | null = null;
  private engine: string | null = null;
  /**
   * Those rows by id, made from them when a diff is first taken from its rows, then kept up to date from each diff;
   * null until then, and after a refresh read whole (made again when needed: `--once` never needs it).
   */
  private byId: Map<string, Connection> | null = null;

  constructor(private readonly tracker: TalkerTracker) {}

  /** Takes one tick of the scheduler (its snapshot and the diff from the tick before, null on the first). */
  take(snapshot: Snapshot, diff: SnapshotDiff | null): FeedPath {
    const counted = trafficAbsentReason(snapshot) === null;
    const engine = socketEngineOf(snapshot)?.name ?? null;
    const follows =
      diff !== null &&
      this.rows !== null &&
      diff.baseSeq === this.seq &&
      diff.seq === snapshot.seq &&
      engine === this.engine &&
      // applyChanges() visits each row in and out (a changed row twice); update() each row once.
      diff.removed.length + 2 * diff.changed.length + diff.added.length <= snapshot.connections.length;
    let leaving: Connection[] | null = null;
    if (follows) {
      this.byId ??= index(this.rows as readonly Connection[]);
      leaving = this.follow(diff);
    }
    if (leaving === null) this.byId = null;
    this.rows = snapshot.connections;
    this.seq = snapshot.seq;
    this.engine = engine;
    if (
      counted &&
      leaving !== null &&
      this.tracker.applyChanges(leaving, entering(diff as SnapshotDiff), snapshot.takenAt)
    )
      return 'changes';
    // A refresh that fell back to procfs is a gap, not every connection closing.
    this.tracker.update(snapshot.connections, snapshot.takenAt, counted);
    return 'whole';
  }

  /**
   * Brings the index from the diff's base to its snapshot and returns the rows that left (closed ones, and the old
   * versions of changed ones), or null when the diff names a row the index does not have (it is then dropped).
   */
  private follow(diff: SnapshotDiff): Connection[] | null {
    const byId = this.byId as Map<string, Connection>;
    const leaving = new Array<Connection>(diff.removed.length + diff.changed.length);
    let n = 0;
    for (let i = 0; i < diff.removed.length; i++) {
      const id = diff.removed[i] as string;
      const old = byId.get(id);
      if (old === undefined) return null;
      byId.delete(id);
      leaving[n++] = old;
    }
    for (let i = 0; i < diff.changed.length; i++) {
      const c = diff.changed[i] as Connection;
      const old = byId.get(c.id);
      if (old === undefined) return null;
      byId.set(c.id, c);
      leaving[n++] = old;
    }
    for (let i = 0; i < diff.added.length; i++) {
      const c = diff.added[i] as Connection;
      if (byId.has(c.id)) return null;
      byId.set(c.id, c);
    }
    return leaving;
  }
}

/** The rows a diff brings in: the new ones and the new versions of changed ones. */
function entering(diff: SnapshotDiff): Connection[] {
  return diff.added.length === 0
    ? diff.changed
    : diff.changed.length === 0
      ? diff.added
      : diff.added.concat(diff.changed);
}

function index(connections: readonly Connection[]): Map<string, Connection> {
  const byId = new Map<string, Connection>();
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i] as Connection;
    byId.set(c.id, c);
  }
  return byId;
}
