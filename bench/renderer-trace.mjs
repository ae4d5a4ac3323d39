/* global window -- page.evaluate() code runs in the browser */
// Where a diff's time goes in Chromium: the renderer bench's page (renderer.mjs, renderer-page.mjs) with a
// Chromium trace over a few diffs, each diff's span (message -> painted frame) cut into the renderer main
// thread's self time per trace event (GC, FunctionCall, style, layout, paint...) and the time the thread ran
// nothing (waiting for the frame, or for a core). A diagnosis tool, not part of `npm run bench`.
//   node bench/renderer-trace.mjs [all|unsorted|remote|process|receiveRate] [diffs]   (DETAIL=1: and the JS sampled;
//   PROFILE=1: a CDP CPU profile of the whole period instead; BENCH_RENDERER_OUT: another build, as in renderer.mjs;
//   receiveRate: the grid sorted by Receive Rate, busiest first, with SYNTHETIC= a load with counters). The JS is
//   named by source file and line when the build has source maps (`npx electron-vite build --sourcemap`). SCHED=1:
//   also the kernel's scheduler (perf record of sched_switch/sched_wakeup, every core): per diff, the CPU each process
//   and thread group ran in its span, how long the page's main thread waited for a core, and who ran meanwhile.
//   PAGE_CSS: CSS added to the page once loaded (a style change weighed without a build).
//   DRIVER_NET=1: Playwright gets the page's network events (every WebSocket frame), as the bench did before.
// The summary also gives the first 3 diffs after the view was chosen apart from the rest: the code of a sorted
// view's update runs first when a header is clicked, and its first diffs pay for V8 compiling it.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BENCH_VIEWPORT, collectDiffs, launchChromium, quietDriver, startServe, stopServe } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';
import { printInclusive, printProfile, selfTimes } from './trace-analysis.mjs';
import { summaryLine } from './trace-summary.mjs';
import { printAround, printSched, startSched } from './renderer-sched.mjs';
import { bundleName, sourceNamer } from './trace-sourcemap.mjs';
import { SORT_CLICKS, sortBy } from './diff-probe-page.mjs';
import { printPool } from './trace-pool.mjs';

const VIEW = process.argv[2] ?? 'all';
const DIFFS = Number(process.argv[3] ?? 8);
const ROWS = Number(process.env.BENCH_RENDERER_ROWS ?? 100_000);
const CATEGORIES = [
  'devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.gc',
  'disabled-by-default-v8.cpu_profiler',
];
// POOL=1: also what the page's other threads run (V8's background GC and compile jobs, Oilpan, raster, the pool's
// task wrappers), summed per diff span by bench/trace-pool.mjs, the slowest diffs beside the median ones.
const POOL_CATEGORIES = [
  'toplevel',
  'v8.compile',
  'disabled-by-default-v8.compile',
  'blink_gc',
  'disabled-by-default-blink_gc',
  'cc',
  'disabled-by-default-cc.debug',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** PROFILE=1: a sampling CPU profile over the diffs instead of a trace, self time per function. */
async function profile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await collectDiffs(page, DIFFS);
  const { profile: p } = await cdp.send('Profiler.stop');
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const key = nameOf(n.callFrame);
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 45);
  console.log(`CPU profile over ${DIFFS} diffs, view ${VIEW}: self ms per diff`);
  for (const [k, v] of rows) console.log(`  ${(v / 1000 / DIFFS).toFixed(2).padStart(7)}  ${k}`);
  await browser.close();
  await stopServe(serve.child);
}

const DETAIL = process.env.DETAIL === '1';

/** Traces DIFFS diffs of the page in its current view; prints each one's breakdown, returns a summary line. */
async function traceDiffs(browser, page, view) {
  const base = DETAIL ? CATEGORIES : CATEGORIES.filter((c) => !c.includes('cpu_profiler'));
  const categories = process.env.POOL === '1' ? [...base, ...POOL_CATEGORIES] : base;
  await browser.startTracing(page, { categories });
  // A user timing mark ties performance.now() to the trace's clock.
  const markAt = await page.evaluate(() => {
    performance.mark('trace-sync');
    return performance.now();
  });
  const from = await page.evaluate(() => window.__bench.msgs.length);
  const sched = process.env.SCHED === '1' ? await startSched(view) : null;
  let recorded = null;
  try {
    await collectDiffs(page, DIFFS);
  } finally {
    recorded = sched ? await sched.stop() : null;
  }
  const recs = (
    await page.evaluate(
      (start) => window.__bench.msgs.slice(start).filter((m) => m.kind === 'diff' && m.paint !== null),
      from,
    )
  ).slice(0, DIFFS);
  const buffer = await browser.stopTracing();
  const trace = JSON.parse(buffer.toString());
  const events = trace.traceEvents;
  const mark = events.find((e) => e.name === 'trace-sync');
  const offset = mark.ts - markAt * 1000;
  // Beside the trace, the diffs' spans in its clock (trace-pool.mjs reads both again, offline).
  const spans = recs.map((r) => ({ from: offset + r.t0 * 1000, to: offset + r.paint * 1000, total: r.paint - r.t0 }));
  if (process.env.SAVE_TRACE) {
    writeFileSync(`${process.env.SAVE_TRACE}-${view}.json`, buffer);
    writeFileSync(`${process.env.SAVE_TRACE}-${view}.spans.json`, JSON.stringify(spans));
  }
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid);
  const total = new Map();
  const totals = [];
  const cpus = [];
  console.log(
    `view ${view}, ${recs.length} diffs (ms: total, handler, to DOM, main thread busy / CPU, top self times)`,
  );
  for (const r of recs) {
    const { self, busy, cpu } = selfTimes(main, offset + r.t0 * 1000, offset + r.paint * 1000);
    totals.push(r.paint - r.t0);
    cpus.push(cpu / 1000);
    for (const [k, v] of self) total.set(k, (total.get(k) ?? 0) + v);
    const top = [...self]
      .filter(([, v]) => v > 300)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`);
    const f = (v) => v.toFixed(1);
    console.log(
      `${f(r.paint - r.t0)}  h ${f(r.t1 - r.t0)}  dom ${f(r.dom - r.t0)}  busy ${f(busy / 1000)} cpu ${f(cpu / 1000)} | ${top.join(', ')}`,
    );
  }
  if (recorded) {
    const pids = { serve: serve.child.pid, bench: process.pid, renderer: mark.pid };
    printSched(
      recorded,
      pids,
      recs.map((r) => [offset + r.t0 * 1000, offset + r.paint * 1000]),
    );
    printAround(
      recorded,
      pids,
      recs.map((r) => offset + r.t0 * 1000),
    );
    // What the page's other threads (V8's GC and compile workers, the compositor) ran in the spans, by trace event.
    const others = new Map();
    for (const e of events) {
      if (e.pid !== mark.pid || e.tid === mark.tid) continue;
      if (!others.has(e.tid)) others.set(e.tid, []);
      others.get(e.tid).push(e);
    }
    const byName = new Map();
    for (const list of others.values())
      for (const r of recs)
        for (const [k, v] of selfTimes(list, offset + r.t0 * 1000, offset + r.paint * 1000).self)
          byName.set(k, (byName.get(k) ?? 0) + v);
    const topOthers = [...byName].sort((x, y) => y[1] - x[1]).slice(0, 10);
    console.log(
      `page's other threads, traced self time per diff (ms): ${topOthers.map(([k, v]) => `${k} ${(v / 1000 / recs.length).toFixed(1)}`).join(', ')}`,
    );
  }
  if (process.env.POOL === '1') printPool(events, mark, spans);
  if (DETAIL) {
    const pairs = spans.map((s) => [s.from, s.to]);
    printProfile(events, mark, pairs, { name: nameOf });
    printInclusive(events, mark, pairs, { per: recs.length, name: nameOf });
  }
  const sum = [...total].sort((x, y) => y[1] - x[1]).slice(0, 14);
  console.log(
    `self time per diff (ms): ${sum.map(([k, v]) => `${k} ${(v / 1000 / recs.length).toFixed(1)}`).join(', ')}`,
  );
  return summaryLine(view, totals, cpus);
}

// SYNTHETIC: another load for serve (`100000:0.01:0.01`: rows with traffic counters, as renderer-talkers.mjs).
const serve = startServe(process.env.SYNTHETIC ? { synthetic: process.env.SYNTHETIC } : {});
const nameOf =
  DETAIL || process.env.PROFILE
    ? await sourceNamer(process.env.BENCH_RENDERER_OUT ?? fileURLToPath(new URL('../out', import.meta.url)))
    : bundleName;
let browser = null;
try {
  const { chromium } = await import('playwright');
  const url = await serve.url;
  await sleep(3000);
  browser = await launchChromium(chromium);
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(installPageProbes, ROWS);
  // As in renderer.mjs: the page's frames are not copied to this driver (DRIVER_NET=1: they are, as before).
  if (process.env.DRIVER_NET !== '1') await quietDriver(page);
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForFunction(
    () => window.__bench.msgs.some((m) => (m.kind === 'snapshot' || m.kind === 'snapshot-result') && m.paint !== null),
    null,
    { timeout: 60_000, polling: 100 },
  );
  // PAGE_CSS: a style sheet added once the page is loaded, to weigh a style change on the same build.
  if (process.env.PAGE_CSS) await page.addStyleTag({ content: process.env.PAGE_CSS });
  await collectDiffs(page, 1);
  if (process.env.PROFILE) {
    await sortBy(page, VIEW);
    await collectDiffs(page, 1);
    await profile(page);
    process.exit(0);
  }
  const views = VIEW === 'all' ? ['unsorted', 'remote', 'process'] : [VIEW];
  const summary = [];
  for (const view of views) {
    await sortBy(page, view);
    await collectDiffs(page, 1);
    summary.push(await traceDiffs(browser, page, view));
    // Back to the engine's order (a header cycles ascending, descending, none).
    await sortBy(page, view, 3 - (SORT_CLICKS[view] ?? 1));
  }
  console.log(
    `\n${process.env.BENCH_RENDERER_OUT ?? 'out'}: per view, ms (total median/p95, main-thread CPU median/p95; medians of the first 3 diffs and the rest)`,
  );
  for (const line of summary) console.log(line);
} finally {
  await browser?.close().catch(() => undefined);
  await stopServe(serve.child);
}
