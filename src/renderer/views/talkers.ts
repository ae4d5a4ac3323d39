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

/** Five minutes at one refresh per second. */
export const TALKER_HISTORY = 300;

export class TalkerHistory {
  private trackers = TalkerHistory.fresh();
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
   */
  record(snapshot: Snapshot, change: SnapshotChange | null = null): void {
    const follows = change !== null && change.baseSeq === this.lastSeq;
    this.lastSeq = snapshot.seq;
    if (trafficAbsentReason(snapshot) !== null) {
      // Not a refresh to chart, but a gap: what appears after it was there before counting resumed.
      this.trackers.process.gap();
      this.trackers.host.gap();
      return;
    }
    for (const tracker of [this.trackers.process, this.trackers.host])
      if (!(follows && tracker.applyChanges(change.left, change.entered, snapshot.takenAt)))
        tracker.update(snapshot.connections, snapshot.takenAt, true);
    this.version++;
  }

  reset(): void {
    this.trackers = TalkerHistory.fresh();
    this.lastSeq = null;
    this.version++;
  }

  /** Changes whenever record() or reset() did something (for memoizing). */
  get changes(): number {
    return this.version;
  }

  rows(by: TalkerGrouping, withGone = false): TalkerRow[] {
    return this.trackers[by].rows(withGone);
  }

  /** The first `limit` of rows(by, withGone), and how many rows() gives (TalkerTracker.busiest). */
  busiest(by: TalkerGrouping, limit: number, withGone = false): { rows: TalkerRow[]; total: number } {
    return this.trackers[by].busiest(limit, withGone);
  }

  /** When the totals of `by` start counting (epoch ms), or null before the first snapshot with counters. */
  since(by: TalkerGrouping): number | null {
    return this.trackers[by].since();
  }

  samples(by: TalkerGrouping): readonly TalkerSample[] {
    return this.trackers[by].history();
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
