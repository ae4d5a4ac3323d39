// renderer-trace.mjs's summary line per view: medians and p95 of the traced diffs, and the first 3 diffs after the
// view was chosen (V8 compiling the view's update) apart from the rest. Apart from renderer-trace.mjs, which runs a
// browser when imported, so a test can read it.

import { median } from './stats.mjs';

export const p95 = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * 0.95)];

/** The first diffs after a view change, summarised apart. */
export const WARM_DIFFS = 3;

const f = (v) => v.toFixed(1);

/**
 * One view's line: `totals` (message to painted frame) and `cpus` (main-thread CPU), ms, one per diff in order.
 * WHY the guards: with 3 diffs or fewer there is no "rest" to take a median of, and the line threw on it (an empty
 * median), losing the whole summary of a run.
 */
export function summaryLine(view, totals, cpus) {
  if (totals.length === 0) return `${view.padEnd(9)} no diff painted`;
  const head = `${view.padEnd(9)} total ${f(median(totals))} / ${f(p95(totals))}   cpu ${f(median(cpus))} / ${f(p95(cpus))}`;
  const first = `first ${Math.min(WARM_DIFFS, totals.length)}: total ${f(median(totals.slice(0, WARM_DIFFS)))}, cpu ${f(median(cpus.slice(0, WARM_DIFFS)))}`;
  const rest =
    totals.length > WARM_DIFFS
      ? `after them: total ${f(median(totals.slice(WARM_DIFFS)))}, cpu ${f(median(cpus.slice(WARM_DIFFS)))}`
      : `too few diffs (${totals.length}) for a median after them: trace more than ${WARM_DIFFS}`;
  return `${head}   (${first}; ${rest})`;
}
