/**
 * The refresh loop, like `netstat 5`: one collection every interval, never two
 * at once. A tick starts `intervalMs` after the previous one STARTED (or right
 * after it finished, when it took longer), so a slow scan stretches the period
 * instead of piling up. Pause stops the timer and drops a periodic collection
 * still under way; takeNow() runs a tick at once (paused or not), or, when one
 * is running, returns that one's result instead of overlapping it.
 */
import { diffSnapshots, type SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import type { PlatformCollectors } from '../collectors/types';
import { collectSnapshot } from './collect';
import { withRates } from './rates';

import {
  REFRESH_INTERVAL_DEFAULT_MS as DEFAULT_INTERVAL_MS,
  REFRESH_INTERVAL_MAX_MS as MAX_INTERVAL_MS,
  REFRESH_INTERVAL_MIN_MS as MIN_INTERVAL_MS,
} from '../../shared/refresh';

// The limits live in src/shared/refresh.ts; re-exported under the names the CLI imports.
export { MAX_INTERVAL_MS, MIN_INTERVAL_MS };

export interface Tick {
  snapshot: Snapshot;
  /** null on the first tick. */
  diff: SnapshotDiff | null;
}

export interface SchedulerOptions {
  collectors: PlatformCollectors;
  intervalMs?: number;
  /** Per-collector timeout; defaults to max(10 s, 5 intervals). */
  collectorTimeoutMs?: number;
  onTick?: (tick: Tick) => void;
}

export class Scheduler {
  private intervalMs: number;
  private paused = true;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Tick> | null = null;
  private last: Snapshot | null = null;
  private seq = 0;
  private stopped = false;
  /** No one is watching (`serve` with no browser): periodic ticks stop; pause state is kept apart. */
  private idle = false;
  /** takeNow() was called for the collection under way: its result is wanted even while paused. */
  private requested = false;

  constructor(private readonly options: SchedulerOptions) {
    this.intervalMs = Scheduler.checkInterval(options.intervalMs ?? DEFAULT_INTERVAL_MS);
  }

  static checkInterval(ms: number): number {
    if (!Number.isFinite(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
      throw new RangeError(`interval must be between ${MIN_INTERVAL_MS} ms and ${MAX_INTERVAL_MS} ms, got ${ms}`);
    }
    return ms;
  }

  get latest(): Snapshot | null {
    return this.last;
  }
  get isPaused(): boolean {
    return this.paused;
  }
  get interval(): number {
    return this.intervalMs;
  }

  /** Starts (or resumes) periodic collection; the first tick runs at once. */
  resume(): void {
    if (this.stopped || !this.paused) return;
    this.paused = false;
    this.schedule(0);
  }

  pause(): void {
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  setInterval(ms: number): void {
    this.intervalMs = Scheduler.checkInterval(ms);
    if (!this.paused && !this.running) this.schedule(this.intervalMs);
  }

  /**
   * Idle: no one watches, so periodic collection stops (the pending timer, if
   * any, finds it idle and does not collect). Waking up collects at once when
   * collection had stopped. Returns true when a fresh tick is on its way (woken
   * up, or one is running), false when the newest snapshot is still current
   * (the timer was still pending) or the user paused.
   */
  setIdle(idle: boolean): boolean {
    this.idle = idle;
    if (idle || this.paused || this.stopped) return false;
    if (this.running) return true;
    if (this.timer) return false;
    this.schedule(0);
    return true;
  }

  /** Collects now (also while paused); joins a collection already under way. */
  takeNow(): Promise<Tick> {
    this.requested = true;
    return this.run();
  }

  private run(): Promise<Tick> {
    if (this.running) return this.running;
    const run = this.collect().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pause();
    if (this.running) await this.running.catch(() => undefined);
    // Ends what the collectors keep between ticks (the Linux owner-scan worker thread).
    await this.options.collectors.dispose?.();
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Unwatched: stop here; setIdle(false) starts again with a fresh tick.
      if (this.idle) return;
      const started = Date.now();
      void this.run()
        .catch(() => undefined)
        .finally(() => {
          if (!this.paused && !this.stopped && !this.idle)
            this.schedule(Math.max(0, this.intervalMs - (Date.now() - started)));
        });
    }, delayMs);
    // Never let a pending refresh alone keep a CLI process alive.
    this.timer.unref?.();
  }

  private async collect(): Promise<Tick> {
    const timeoutMs = this.options.collectorTimeoutMs ?? Math.max(10_000, this.intervalMs * 5);
    const snapshot = await collectSnapshot(this.options.collectors, { seq: this.seq + 1, timeoutMs });
    const wanted = this.requested;
    this.requested = false;
    // WHY: Pause freezes the view at once. A periodic collection that was under way when the user
    // paused is dropped (nothing is published, the next diff is taken against the shown snapshot),
    // or a paused view would still change once, up to a whole (slow) collection later.
    if (this.paused && !wanted) throw new Error('paused during the collection');
    this.seq = snapshot.seq;
    const previous = this.last;
    snapshot.interfaces = withRates(
      previous?.interfaces ?? null,
      snapshot.interfaces,
      previous ? snapshot.takenAt - previous.takenAt : 0,
    );
    const tick: Tick = { snapshot, diff: previous ? diffSnapshots(previous, snapshot) : null };
    this.last = snapshot;
    this.options.onTick?.(tick);
    return tick;
  }
}
