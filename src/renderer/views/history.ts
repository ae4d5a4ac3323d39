/**
 * What the views remember across snapshots: per-interface rate points for the
 * InterfacesView charts, and the previous protocol counters for the StatsView
 * deltas. The store owns one (store/history-slice.ts) and records every
 * snapshot in it as it arrives, whichever tab is open (idempotent by seq).
 */
import type { ProtocolStats, Snapshot } from '../../shared/model';
import { RingBuffer } from './ring-buffer';
import type { SnapshotChange } from '../store/rows';
import { whenIdle } from '../after-frame';
import { TalkerHistory } from './talkers';

export interface RatePoint {
  seq: number;
  /** Epoch ms (snapshot.takenAt). */
  t: number;
  rxBytesPerSec: number;
  txBytesPerSec: number;
  rxPacketsPerSec: number;
  txPacketsPerSec: number;
}

export interface StatsSample {
  seq: number;
  takenAt: number;
  stats: ProtocolStats;
}

/** 30 minutes at one tick per second; the view shows a window of it. */
export const HISTORY_CAPACITY = 1800;

/** How long snapshots wait for the talkers at most (a page never idle, a hidden tab): bounds what they pin. */
const TALKERS_LATE_MS = 1000;

export class SnapshotHistory {
  private readonly interfaces = new Map<string, RingBuffer<RatePoint>>();
  private lastSeq: number | null = null;
  private lastTakenAt: number | null = null;
  /** The counters of the last two distinct snapshots: [older, newer]. */
  private statsSamples: [StatsSample | null, StatsSample | null] = [null, null];
  /**
   * Traffic per process and remote host (the Top talkers view, the process panel's chart). Each of its trackers takes
   * the snapshots recorded when a view reads it (in its render: up to date, as before) or when the page is next idle
   * after the frame that shows them (after-frame.ts whenIdle), whichever is first. WHY not at once: with counters on
   * 100k rows they cost ~6 ms of every diff (Chromium profile, session 42), on whichever tab is open; the grid's diff
   * waited for them.
   */
  readonly talkers = new TalkerHistory();

  constructor(private readonly capacity = HISTORY_CAPACITY) {}

  /**
   * Records a snapshot once; the same seq again is a no-op. Returns whether anything changed. `change`: what the diff
   * that made it changed in its connections (store/rows.ts), so the talkers need not read them all.
   */
  record(snapshot: Snapshot, change: SnapshotChange | null = null): boolean {
    // An imported file is one moment of another machine: it has no rates to chart and must not cut the live history.
    if (snapshot.source.kind !== 'live') return false;
    if (snapshot.seq === this.lastSeq && snapshot.takenAt === this.lastTakenAt) return false;
    // A lower seq, or the same seq at another time, is a new engine or an imported file: old points no longer connect.
    if (this.lastSeq !== null && snapshot.seq <= this.lastSeq) this.reset();
    this.lastSeq = snapshot.seq;
    this.lastTakenAt = snapshot.takenAt;
    for (const iface of snapshot.interfaces) {
      if (!iface.rates) continue; // first tick: no rate yet
      let buffer = this.interfaces.get(iface.name);
      if (!buffer) {
        buffer = new RingBuffer<RatePoint>(this.capacity);
        this.interfaces.set(iface.name, buffer);
      }
      buffer.push({ seq: snapshot.seq, t: snapshot.takenAt, ...iface.rates });
    }
    this.pruneVanished(snapshot.seq);
    // Without counters the trackers mark their gap at once and keep nothing for later: no timer then.
    const behind = this.talkers.behind;
    this.talkers.record(snapshot, change);
    if (!behind && this.talkers.behind) whenIdle(() => this.talkers.takeAll(), TALKERS_LATE_MS);
    this.statsSamples = [
      this.statsSamples[1],
      { seq: snapshot.seq, takenAt: snapshot.takenAt, stats: snapshot.protocolStats },
    ];
    return true;
  }

  /** Interfaces that come and go (container veths) must not grow memory forever. */
  private pruneVanished(seq: number): void {
    for (const [name, buffer] of this.interfaces) {
      const last = buffer.last();
      if (!last || seq - last.seq > this.capacity) this.interfaces.delete(name);
    }
  }

  points(name: string): RatePoint[] {
    return this.interfaces.get(name)?.toArray() ?? [];
  }

  /**
   * The counters to diff the given snapshot against: the sample before it when
   * it is already recorded, else the newest recorded (it is about to become the previous).
   */
  previousStats(snapshot: Pick<Snapshot, 'seq' | 'takenAt' | 'source'>): StatsSample | null {
    if (snapshot.source.kind !== 'live') return null;
    const [older, newer] = this.statsSamples;
    if (newer && newer.seq === snapshot.seq && newer.takenAt === snapshot.takenAt) return older;
    if (newer && newer.seq < snapshot.seq) return newer;
    return null;
  }

  reset(): void {
    this.interfaces.clear();
    this.statsSamples = [null, null];
    this.talkers.reset();
    this.lastSeq = null;
    this.lastTakenAt = null;
  }
}
