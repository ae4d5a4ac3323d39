// One build's 1% diffs at 100k rows, unsorted then sorted by remote address (the renderer bench's diff rows alone,
// without its loads, clicks and keys), for paired before/after rounds (issue 13): run it for each build in turn,
// alternating, under `flock /tmp/bench.lock`. Prints one JSON line: per view the diffs' totals (message to
// painted frame), median and p95 (bench/stats.mjs) and the handler's median. A diagnosis tool, not in
// `npm run bench`. GC=1: also traced (categories v8 and v8.gc: a cost of its own, the same for both builds), and
// the page's major GCs while the diffs were measured are counted (MajorGC events) with their main-thread time.
// SERVE_LAUNCHER="nice -n 19": a command that runs serve's node (how much of the diffs' tail is serve's).
// EACH=1: each diff's parts on stderr (renderer.mjs writeDiffParts, as its BENCH_RENDERER_EACH=1).
// SERVE_NODE_ARGS="--no-memory-reducer": node flags for the serve process (what its own V8 does to the page's diffs).
//   BENCH_RENDERER_OUT=/other/out node bench/diff-ab.mjs [diffs]
import { writeFileSync } from 'node:fs';
import { collectDiffs, launchChromium, startServe, stopServe, writeDiffParts } from './renderer.mjs';
import { openViewAt100k } from './diff-probe-page.mjs';
import { gcFromTrace } from './gc-log.mjs';
import { median, pct } from './stats.mjs';

const DIFFS = Number(process.argv[2] ?? 12);
// SETTLE=1: the renderer bench's own skip (one diff after the click), so the view's first diffs (V8 compiling its update) count.
const SETTLE = Number(process.env.SETTLE ?? 3);
// WARM=13: that many diffs in the engine's order before a sorted view's header click (the renderer bench's order).
const WARM = Number(process.env.WARM ?? 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** The page renderer's major GCs in the trace (count, main-thread ms), as gc-log.mjs finds that renderer. */
function majorGCs(trace) {
  const g = gcFromTrace(trace.traceEvents ?? []);
  return { majors: g.majors, ms: Math.round(g.majorMs * 10) / 10 };
}
const serve = startServe({
  nodeArgs: (process.env.SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean),
  launcher: (process.env.SERVE_LAUNCHER ?? '').split(' ').filter(Boolean),
});
const { chromium } = await import('playwright');
const browser = await launchChromium(chromium);
const out = {
  build: process.env.BENCH_RENDERER_OUT ?? 'out',
  serveNodeArgs: process.env.SERVE_NODE_ARGS ?? '',
  serveLauncher: process.env.SERVE_LAUNCHER ?? '',
};
try {
  const url = await serve.url;
  await sleep(3000);
  for (const view of (process.env.VIEWS ?? 'unsorted,remote').split(',')) {
    const page = await openViewAt100k(browser, url, view, SETTLE, WARM);
    if (process.env.GC === '1') await browser.startTracing(page, { categories: ['v8', 'disabled-by-default-v8.gc'] });
    const diffs = await collectDiffs(page, DIFFS);
    if (process.env.EACH === '1') writeDiffParts(view, diffs);
    const trace = process.env.GC === '1' ? (await browser.stopTracing()).toString() : null;
    // SAVE_TRACE=prefix: the trace kept as <prefix>-<view>.json (bench/diff-gc-overlap.mjs reads it).
    if (trace !== null && process.env.SAVE_TRACE) writeFileSync(`${process.env.SAVE_TRACE}-${view}.json`, trace);
    const gc = trace !== null ? majorGCs(JSON.parse(trace)) : undefined;
    const totals = diffs.map((d) => Math.round(d.total * 10) / 10);
    out[view] = {
      median: median(totals),
      p95: pct(totals, 0.95),
      handler: median(diffs.map((d) => d.handler)),
      totals,
      ...(gc ? { gc } : {}),
    };
    await page.context().close();
  }
} finally {
  await browser.close();
  await stopServe(serve.child);
}
console.log(JSON.stringify(out));
