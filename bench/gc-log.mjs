// The page's garbage collections over a span of a renderer bench, from a Chromium trace that asks for V8's GC
// category (`disabled-by-default-v8.gc`; Playwright adds its default ones, so the run is slower): how many major GCs (Mark-Compact) and scavenges came, the
// main thread's time in GC (the union of its GC events: atomic pauses, incremental marking steps, scavenges, Oilpan's
// steps), and the pool threads' concurrent marking, which competes with the main thread for the 2 cores.
// WHY: the slow diffs at 100k rows are those a major GC lands in (issue 13), and how often one comes is a count the
// machine's speed of the day barely moves, where a p95 of 20 diffs swings by 20 ms from run to run. GC_LOG=1 turns it
// on (renderer-talkers.mjs prints it per view). Diagnosis only: a traced run's figures are not kept as timings.
// (V8's --trace-gc was tried first: a renderer's stdout is a pipe that C's stdio fills 4 KiB at a time, and the
// zygote drops LD_PRELOAD, so its lines came minutes late or never.)

import { writeFileSync } from 'node:fs';

export const GC_LOG = process.env.GC_LOG === '1';

const CATEGORIES = ['disabled-by-default-v8.gc'];

/** Starts the trace of the page's GCs (Chromium only). */
export async function gcTraceStart(browser, page) {
  await browser.startTracing(page, { categories: CATEGORIES });
}

/** Total length of the union of [ts, ts + dur) intervals (µs). */
function unionLength(events) {
  const spans = events.map((e) => [e.ts, e.ts + e.dur]).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** Summarises a trace's events (exported for its test): the renderer whose main thread ran the most GC. */
export function gcFromTrace(traceEvents) {
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
  };
}

/** Stops the trace and sums it (GC_TRACE_SAVE=file: the trace kept there too, the last span's, to look into). */
export async function gcTraceStop(browser) {
  const buffer = await browser.stopTracing();
  if (process.env.GC_TRACE_SAVE) writeFileSync(process.env.GC_TRACE_SAVE, buffer);
  return gcFromTrace(JSON.parse(buffer.toString()).traceEvents);
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
    `pool threads marking ${f(g.poolMarkingMs)} ms`
  );
}
