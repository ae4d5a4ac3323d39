// The page's garbage collections over a span of a renderer bench, from a Chromium trace of V8's GC category
// (`disabled-by-default-v8.gc`, with v8 and devtools.timeline, so the run is slower): how many major GCs
// (Mark-Compact) and scavenges came, the main thread's time in GC (the union of its GC events: atomic pauses, incremental marking steps, scavenges, Oilpan's
// steps), and the pool threads' concurrent marking, which competes with the main thread for the 2 cores.
// WHY: the slow diffs at 100k rows are those a major GC lands in (issue 13), and how often one comes is a count the
// machine's speed of the day barely moves, where a p95 of 20 diffs swings by 20 ms from run to run. GC_LOG=1 turns it
// on (renderer-talkers.mjs prints it per view). Diagnosis only: a traced run's figures are not kept as timings.
// (V8's --trace-gc was tried first: a renderer's stdout is a pipe that C's stdio fills 4 KiB at a time, and the
// zygote drops LD_PRELOAD, so its lines came minutes late or never.)

import { writeFileSync } from 'node:fs';
import { median, pct } from './stats.mjs';

export const GC_LOG = process.env.GC_LOG === '1';

// v8 and devtools.timeline: MajorGC, MinorGC and the memory reducer's finalize are there (Playwright added them
// of itself while only the GC category was asked for, and stopped when blink.user_timing was added: so all are named);
// blink.user_timing: the mark that puts the page's clock (the diffs' stamps) on the trace's.
const CATEGORIES = ['disabled-by-default-v8.gc', 'v8', 'devtools.timeline', 'blink.user_timing'];
const SYNC_MARK = 'gc-log-sync';

/** Starts the trace of the page's GCs (Chromium only); returns the page's clock at the trace's sync mark. */
export async function gcTraceStart(browser, page) {
  await browser.startTracing(page, { categories: CATEGORIES });
  return page.evaluate((name) => {
    performance.mark(name);
    return performance.now();
  }, SYNC_MARK);
}

/** Total length of the union of [ts, ts + dur) intervals (µs), or of their parts within [from, to). */
function unionLength(events, from = -Infinity, to = Infinity) {
  const spans = events
    .map((e) => [Math.max(e.ts, from), Math.min(e.ts + e.dur, to)])
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/**
 * Summarises a trace's events (exported for its test): the renderer whose main thread ran the most GC. With the
 * page's clock at the sync mark (`markAt`, ms) and the diffs measured meanwhile (`{ t0, paint }`, page ms), also
 * each diff's latency and the main thread's GC within its span (`perDiff`).
 */
export function gcFromTrace(traceEvents, markAt = null, diffs = []) {
  const names = new Map();
  for (const e of traceEvents)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const complete = traceEvents.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const mains = new Map();
  for (const e of complete) {
    // Only GC events (V8's and Oilpan's), which nest: their union is the time, not their sum.
    if (names.get(`${e.pid}:${e.tid}`) !== 'CrRendererMain' || !/GC/.test(e.name)) continue;
    const list = mains.get(e.pid) ?? [];
    list.push(e);
    mains.set(e.pid, list);
  }
  const [pid, main] = [...mains].sort((a, b) => unionLength(b[1]) - unionLength(a[1]))[0] ?? [null, []];
  const named = (n) => main.filter((e) => e.name === n);
  const pool = complete.filter(
    (e) => e.pid === pid && names.get(`${e.pid}:${e.tid}`) !== 'CrRendererMain' && /BACKGROUND_MARKING/.test(e.name),
  );
  const ms = (us) => us / 1000;
  // A major GC the memory reducer started (a page that looks idle: its allocation rate low), not the heap's limit.
  const reduces = complete.filter((e) => e.pid === pid && /^V8\.GCFinalizeMCReduceMemory/.test(e.name)).length;
  return {
    // Some traces (the first view's, in some runs) come back without V8's GC category at all, though the page
    // certainly scavenged in their 40 s: such a span is reported as not captured, never as free of GC.
    captured: traceEvents.some((e) => typeof e.cat === 'string' && e.cat.includes('disabled-by-default-v8.gc')),
    majors: named('MajorGC').length,
    reduces,
    scavenges: named('MinorGC').length,
    mainMs: ms(unionLength(main)),
    majorMs: ms(unionLength(named('MajorGC'))),
    stepsMs: ms(unionLength(named('V8.GCIncrementalMarking'))),
    scavengeMs: ms(unionLength(named('MinorGC'))),
    poolMarkingMs: ms(pool.reduce((a, e) => a + e.dur, 0)),
    perDiff: gcPerDiff(traceEvents, main, pool, markAt, diffs),
  };
}

/**
 * Each diff's latency, the main thread's time in GC within its span, and the pool threads' concurrent marking
 * within it (summed over the threads: CPU the 2 cores gave to marking meanwhile); [] without the sync mark.
 */
function gcPerDiff(traceEvents, mainGc, poolMarking, markAt, diffs) {
  const mark = markAt === null ? undefined : traceEvents.find((e) => e.name === SYNC_MARK);
  if (mark === undefined) return [];
  const offset = mark.ts - markAt * 1000;
  return diffs.map((d) => {
    const [from, to] = [offset + d.t0 * 1000, offset + d.paint * 1000];
    const poolUs = poolMarking.reduce((a, e) => a + Math.max(0, Math.min(e.ts + e.dur, to) - Math.max(e.ts, from)), 0);
    return { total: d.paint - d.t0, gcMs: unionLength(mainGc, from, to) / 1000, poolMs: poolUs / 1000 };
  });
}

/**
 * The diffs split by whether the main thread ran GC for `minMs` or more in their span (or, with `field` 'poolMs',
 * the pool threads marked for that long): count, median, p95 of each part.
 */
export function gcSplit(perDiff, minMs = 2, field = 'gcMs') {
  const part = (list) => {
    const totals = list.map((d) => d.total);
    return { n: list.length, median: median(totals), p95: pct(totals, 0.95) };
  };
  return {
    hit: part(perDiff.filter((d) => d[field] >= minMs)),
    clear: part(perDiff.filter((d) => d[field] < minMs)),
  };
}

/**
 * Stops the trace and sums it, with each of `diffs` (page records with t0 and paint) against the GC in its span;
 * `markAt` is gcTraceStart's answer. GC_TRACE_SAVE=file: the trace kept there too (the last span's), to look into.
 */
export async function gcTraceStop(browser, markAt = null, diffs = []) {
  const buffer = await browser.stopTracing();
  if (process.env.GC_TRACE_SAVE) writeFileSync(process.env.GC_TRACE_SAVE, buffer);
  return gcFromTrace(JSON.parse(buffer.toString()).traceEvents, markAt, diffs);
}

/** The diffs with and without GC in their span, said in a clause (empty when the diffs were not placed). */
function splitText(perDiff) {
  if (perDiff.length === 0) return '';
  const part = (p, what) =>
    p.n === 0 ? `none ${what}` : `${p.n} ${what}: median ${p.median.toFixed(0)}, p95 ${p.p95.toFixed(0)} ms`;
  const main = gcSplit(perDiff);
  const pool = gcSplit(perDiff, 5, 'poolMs');
  return (
    `; diffs ${part(main.hit, 'with >= 2 ms of main-thread GC in their span')}, ${part(main.clear, 'without')}; ` +
    `${part(pool.hit, 'with >= 5 ms of pool marking in their span')}, ${part(pool.clear, 'without')}`
  );
}

/** One line for a span of `diffs` diffs. */
export function gcSummary(g, diffs) {
  if (!g.captured) return `V8 GC over ${diffs} diffs: not captured (the trace came back without V8's GC category)`;
  const per = (v) => (v / diffs).toFixed(1);
  const f = (v) => v.toFixed(0);
  const every = g.majors ? (diffs / g.majors).toFixed(1) : '-';
  return (
    `V8 GC over ${diffs} diffs: ${g.majors} major (one every ${every} diffs; ` +
    `${g.reduces} started by the memory reducer), ${g.scavenges} scavenges; ` +
    `main thread in GC ${f(g.mainMs)} ms (${per(g.mainMs)} a diff: major pauses ${f(g.majorMs)}, ` +
    `incremental marking steps ${f(g.stepsMs)}, scavenges ${f(g.scavengeMs)}); ` +
    `pool threads marking ${f(g.poolMarkingMs)} ms${splitText(g.perDiff)}`
  );
}
