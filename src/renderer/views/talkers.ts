/**
 * The Top talkers' memory: a tracker per grouping (process, remote host) fed
 * every live snapshot that carries counters, whichever tab is open (the
 * store's SnapshotHistory calls record()), so the view and the process panel
 * have totals and a chart the moment they open.
 */
import type { Snapshot } from '../../shared/model';
import type { SnapshotChange } from '../store/rows';
import { TalkerTracker, type TalkerGrouping, type TalkerRow, type TalkerSample } from '../../shared/top-talkers';
import { trafficAbsentReason } from '../../shared/traffic';
import { holdsConnections } from '../store/lazy-snapshot';

/** Five minutes at one refresh per second. */
export const TALKER_HISTORY = 300;

/** A snapshot recorded that a tracker has not taken yet (TalkerHistory.record). */
interface Pending {
  snapshot: Snapshot;
  /** The diff from the snapshot recorded before it, when it follows that one; else null (read every row). */
  change: SnapshotChange | null;
  /** No counters in it (trafficAbsentReason): a gap for the trackers. */
  absent: boolean;
}

export class TalkerHistory {
  private trackers = TalkerHistory.fresh();
  /** Per grouping, what record() took that its tracker has not, oldest first. */
  private pending: Record<TalkerGrouping, Pending[]> = { process: [], host: [] };
  private version = 0;
  /** The seq of the snapshot recorded last: a change applies only on top of it. */
  private lastSeq: number | null = null;

  private static fresh(): Record<TalkerGrouping, TalkerTracker> {
    return { process: new TalkerTracker('process', TALKER_HISTORY), host: new TalkerTracker('host', TALKER_HISTORY) };
  }

  /**
   * Called once per recorded live snapshot; a snapshot without counters costs one check. With `change`, the diff
   * from the snapshot recorded last, the trackers take its changed rows alone (TalkerTracker.applyChanges): at 100k
   * connections with counters, reading them all took ~300 ms of the page's main thread per refresh.
   * Each tracker takes it when it is next read (or at takeAll()). WHY: the Top talkers view shows one grouping at a
   * time and reads it in its render; the other tracker's share (about half of the ~6 ms a diff at 100k connections)
   * waits for the page's idle time (SnapshotHistory calls takeAll) instead of the view's refresh.
   */
  record(snapshot: Snapshot, change: SnapshotChange | null = null): void {
    const follows = change !== null && change.baseSeq === this.lastSeq;
    this.lastSeq = snapshot.seq;
    const absent = trafficAbsentReason(snapshot) !== null;
    if (absent && !this.behind) {
      // Not a refresh to chart, but a gap: what appears after it was there before counting resumed. Nothing queued
      // (a machine without counters: no work kept for later).
      this.trackers.process.gap();
      this.trackers.host.gap();
      return;
    }
    const step: Pending = { snapshot, change: follows ? change : null, absent };
    this.pending.process.push(step);
    this.pending.host.push(step);
    if (!absent) this.version++;
  }

  /** True while a tracker has snapshots to take. */
  get behind(): boolean {
    return this.pending.process.length > 0 || this.pending.host.length > 0;
  }

  /** Both trackers take what they have not yet. */
  takeAll(): void {
    this.take('process');
    this.take('host');
  }

  /** The tracker of `by`, with every snapshot recorded taken. */
  private take(by: TalkerGrouping): TalkerTracker {
    const tracker = this.trackers[by];
    const queue = this.pending[by];
    if (queue.length === 0) return tracker;
    this.pending[by] = [];
    for (const { snapshot, change, absent } of queue) {
      if (absent) tracker.gap();
      else if (change !== null && tracker.applyChanges(change.left, change.entered, snapshot.takenAt)) continue;
      // A list the store no longer holds (taken three diffs late: store/rows-ring.ts) is a gap, as a refresh
      // without counters: the tracker counts again from the next whole list.
      else if (holdsConnections(snapshot)) tracker.update(snapshot.connections, snapshot.takenAt, true);
      else tracker.gap();
    }
    return tracker;
  }

  reset(): void {
    this.trackers = TalkerHistory.fresh();
    this.pending = { process: [], host: [] };
    this.lastSeq = null;
    this.version++;
  }

  /** Changes whenever record() or reset() did something (for memoizing). */
  get changes(): number {
    return this.version;
  }

  rows(by: TalkerGrouping, withGone = false): TalkerRow[] {
    return this.take(by).rows(withGone);
  }

  /** The first `limit` of rows(by, withGone), and how many rows() gives (TalkerTracker.busiest). */
  busiest(by: TalkerGrouping, limit: number, withGone = false): { rows: TalkerRow[]; total: number } {
    return this.take(by).busiest(limit, withGone);
  }

  /** When the totals of `by` start counting (epoch ms), or null before the first snapshot with counters. */
  since(by: TalkerGrouping): number | null {
    return this.take(by).since();
  }

  samples(by: TalkerGrouping): readonly TalkerSample[] {
    return this.take(by).history();
  }
}

export interface ChartPoint {
  t: number;
  [key: string]: number;
}

/** The chart's rows: one per refresh, a field per key (bytes per second; 0 where the key had no connections then). */
export function chartPoints(samples: readonly TalkerSample[], keys: readonly string[]): ChartPoint[] {
  return samples.map((s) => {
    const point: ChartPoint = { t: s.at };
    for (const key of keys) point[key] = s.rates.get(key) ?? 0;
    return point;
  });
}
