/**
 * Runs `nettop -L 1` (one sample, CSV) beside the socket listing, never in its
 * way: at most one nettop runs at a time, each run has its own time limit, and
 * a refresh waits for it only briefly (longer on the first one, when there is
 * no earlier sample to show). A run that is still going is not restarted; the
 * refresh shows the newest sample that finished. A failure (nettop missing,
 * refused, timed out, printing something that is not its CSV) is reported and
 * retried only after a pause, so a Mac without a usable nettop does not spawn
 * one per refresh.
 */
import { nettopArgs, parseNettop, type NettopSample } from '../../parsers/macos/nettop';
import type { CommandRunner } from '../run-command';
import { decodeUtf8 } from './command-text';

export interface NettopSamplerOptions {
  run: CommandRunner;
  /** One nettop run at most this long (then it is killed and counted as failed). */
  timeoutMs: number;
  /** How long a refresh waits for the run in flight when an earlier sample exists. */
  waitMs: number;
  /** How long the first refresh waits (a one-shot `netscope` listing has no earlier sample). */
  firstWaitMs: number;
  /** After a failure, no new run before this long. */
  retryAfterMs: number;
  /** A monotonic clock in milliseconds (the rates are computed on it). */
  now: () => number;
}

export const DEFAULT_NETTOP_OPTIONS: Omit<NettopSamplerOptions, 'run'> = {
  timeoutMs: 10_000,
  waitMs: 300,
  firstWaitMs: 3_000,
  retryAfterMs: 30_000,
  now: () => performance.now(),
};

/** One finished nettop run. `seq` tells a new sample from one already shown. */
export interface NettopRun {
  seq: number;
  sample: NettopSample;
  /** When it finished, on options.now's clock: the time its counters are "as of". */
  at: number;
}

export type NettopOutcome =
  { kind: 'sample'; run: NettopRun } | { kind: 'failed'; reason: string } | { kind: 'pending' } | { kind: 'disposed' };

/** The text of a run that nettop printed but that holds no sample: garbage, or an error printed on stdout. */
export function unreadableReason(text: string, sample: NettopSample): string | null {
  if (sample.processes.length > 0 || sample.connections.length > 0) return null;
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '');
  if (first === undefined) return 'nettop printed nothing';
  return `nettop printed no CSV sample (${sample.skipped} unreadable line(s), e.g. '${first.trim().slice(0, 80)}')`;
}

export class NettopSampler {
  private inFlight: Promise<void> | null = null;
  private controller: AbortController | null = null;
  private last: NettopRun | null = null;
  private failure: { reason: string; at: number } | null = null;
  private seq = 0;
  private disposed = false;

  constructor(private readonly options: NettopSamplerOptions) {}

  /** Starts a run unless one is in flight or the last one failed recently. Call when a refresh starts. */
  start(): void {
    this.disposed = false;
    if (this.inFlight !== null) return;
    if (this.failure !== null && this.options.now() - this.failure.at < this.options.retryAfterMs) return;
    const controller = new AbortController();
    this.controller = controller;
    this.inFlight = this.runOnce(controller.signal).finally(() => {
      this.inFlight = null;
      if (this.controller === controller) this.controller = null;
    });
  }

  /** Waits (briefly) for the run in flight, then says what there is: the newest sample, a failure, or nothing yet. */
  async take(): Promise<NettopOutcome> {
    const running = this.inFlight;
    if (running !== null) {
      const waitMs = this.last === null && this.failure === null ? this.options.firstWaitMs : this.options.waitMs;
      await waitAtMost(running, waitMs);
    }
    if (this.disposed) return { kind: 'disposed' };
    // A success clears the failure: one set means the newest run failed, and its counters would be stale.
    if (this.failure !== null) return { kind: 'failed', reason: this.failure.reason };
    return this.last === null ? { kind: 'pending' } : { kind: 'sample', run: this.last };
  }

  /** Whether a run is going (tests; the status). */
  get running(): boolean {
    return this.inFlight !== null;
  }

  /** Kills a run in flight and forgets what was read; start() works again afterwards. */
  dispose(): void {
    this.disposed = true;
    this.controller?.abort();
    this.last = null;
    this.failure = null;
  }

  private async runOnce(signal: AbortSignal): Promise<void> {
    try {
      const out = await this.options.run('nettop', nettopArgs(), { signal, timeoutMs: this.options.timeoutMs });
      if (signal.aborted) return;
      const text = decodeUtf8(out.stdout);
      const sample = parseNettop(text);
      const unreadable = unreadableReason(text, sample);
      if (unreadable !== null) throw new Error(unreadable);
      this.last = { seq: ++this.seq, sample, at: this.options.now() };
      this.failure = null;
    } catch (error) {
      if (signal.aborted) return;
      this.failure = { reason: error instanceof Error ? error.message : String(error), at: this.options.now() };
    }
  }
}

/** Resolves when `work` settles or after `ms`, whichever comes first; never rejects, leaves no timer behind. */
async function waitAtMost(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work.catch(() => undefined), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}
