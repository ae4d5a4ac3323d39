/**
 * The collection behind a single listing (`netscope`, `-tunap`, `--json` without an interval).
 *
 * WHY a second attempt: a read that hangs (a process stuck on a dead mount) fails its whole collector once, and is
 * skipped from then on (worker-lane.ts: what hung is remembered, a fresh thread takes over). A repeating command
 * or the app shows everything again on its next refresh; a single listing has no next refresh, so it would print
 * no socket at all. When a collection failed a collector AND left one more reading thread stuck, it is taken once
 * more: every socket is printed, the stuck process's without what hung, and the first attempt's error stays among
 * the warnings. Other failures (a missing file, no permission) would fail the same way again: no second attempt.
 */
import type { Tick } from '../engine/scheduler';

export interface Collects {
  takeNow(): Promise<Tick>;
}

export async function takeListing(scheduler: Collects, stuckReads: () => number): Promise<Tick> {
  const stuckBefore = stuckReads();
  const first = await scheduler.takeNow();
  const failed = first.snapshot.collectors.filter((report) => !report.ok);
  if (failed.length === 0 || stuckReads() <= stuckBefore) return first;
  const second = await scheduler.takeNow();
  for (const report of second.snapshot.collectors) {
    const earlier = failed.find((f) => f.name === report.name)?.error;
    if (earlier) report.warnings.unshift(earlier);
  }
  return second;
}

/** How long a single listing whose filter compares rates waits for its second refresh (as `netscope top`'s first). */
export const RATE_SAMPLE_MS = 1000;

/**
 * A single listing filtered on rates (`netscope -tn --filter 'rate>1M'`): a connection's rate needs two
 * refreshes, so one refresh would match nothing and print an empty table with no word of why. A netstat user asking
 * "what is moving more than 1 MB/s" expects an answer, not a hint to re-run with an interval: take a refresh, wait
 * `pauseMs`, and print the second (its rates span the pause).
 */
export async function takeRatedListing(
  scheduler: Collects,
  stuckReads: () => number,
  pauseMs = RATE_SAMPLE_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Tick> {
  await takeListing(scheduler, stuckReads);
  await sleep(pauseMs);
  return takeListing(scheduler, stuckReads);
}
