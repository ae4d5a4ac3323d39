/* global window, document, MutationObserver, Element -- page.evaluate() code runs in the browser */
// The renderer bench's diff rows with traffic counters in the load: `netscope serve --synthetic 100000:0.01:MOVING`
// (collectors/synthetic.ts: every row with counters as the netlink engine gives them, MOVING of them moving bytes
// each refresh as new row objects, so changed rows in every diff) in Debian's Chromium, measured inside the page as
// renderer.mjs does (renderer-page.mjs: message -> painted frame). What the counter-less bench never runs: the Top
// talkers' trackers fed by every diff (on every tab), the Top talkers tab by process and by remote host, and the
// grid sorted by a traffic column (Receive Rate, busiest first, whose top rows trade places every refresh). On the
// Top talkers views it also stamps the frame after each change to the chart (watchChart), and it gives the bytes of
// the full snapshot and of the diffs with counters. Reports figures; asserts nothing; not in `npm run bench`.
//   node bench/renderer-talkers.mjs        (under `flock /tmp/bench.lock`; BENCH_RENDERER_DIFFS: diffs per view,
//   default 20; MOVING: the moving share, default 0.01, `off` for the counter-less load (the grid views only);
//   BENCH_RENDERER_CHURN: the share closed, opened or changing state, default 0.01 (renderer.mjs). The default load's
//   diff changes ~2.3% of the rows (1% churn, the rows the last diff opened getting their rates, 1% moving), not the 1%
//   of renderer.mjs's diff: BENCH_RENDERER_CHURN=0.005 MOVING=0.0033 gives a diff of ~1% of the rows with counters;
//   VIEWS: a comma list of grid,receiveRate,process,host, the default all of them in that order; PROFILE=VIEWS: a CPU
//   profile of PROFILE_DIFFS (5) more diffs in each of those views, self time per function, named by source file and line
//   where the build has source maps (`npx electron-vite build --sourcemap`), and with CALLERS=fn,fn the self time of
//   those functions by their callers (CALLER_DEPTH frames, 6); TRACE=VIEWS: a Chromium trace of PROFILE_DIFFS more
//   diffs, the main thread's time per trace event and the layouts forced from JavaScript; NOWRITE=1: print only;
//   PAGE_CSS: CSS added to the page after its load, to weigh a style change without a build; GC_LOG=1: each view's
//   diffs traced for V8's GC (gc-log.mjs: major GCs, scavenges, the main thread's time in them), its timings slower.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GC_LOG, gcSummary, gcTraceStart, gcTraceStop } from './gc-log.mjs';
import { installPageProbes } from './renderer-page.mjs';
import {
  CHURN,
  collectDiffs,
  diffTimes,
  freshPage,
  launchChromium,
  paintedDiffRecords,
  ROWS,
  startServe,
  stopServe,
  summarize,
  wholeSnapshotPainted,
} from './renderer.mjs';
import { median, pct } from './stats.mjs';
import { selfTimes } from './trace-analysis.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DIFFS = Number(process.env.BENCH_RENDERER_DIFFS ?? 20);
const MOVING = process.env.MOVING ?? '0.01';
const COUNTERS = MOVING !== 'off';
const LOAD = COUNTERS ? `${ROWS}:${CHURN}:${MOVING}` : `${ROWS}:${CHURN}`;
const VIEWS = (process.env.VIEWS ?? (COUNTERS ? 'grid,receiveRate,process,host' : 'grid')).split(',');
/** Diffs let through after a view is chosen before its diffs count (its first ones pay for V8 compiling its code). */
const SETTLE = 2;
/** A view whose settling diffs took longer than this each is measured over SLOW_DIFFS diffs only (and said). */
const SLOW_MS = 1000;
const SLOW_DIFFS = 3;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (v) =>
  v === undefined || v === null ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;
const kb = (bytes) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);

const VIEW_LABELS = {
  grid: 'Connections grid, unsorted',
  receiveRate: 'Connections grid sorted by Receive Rate, busiest first (the moving rows on top, trading places)',
  process: 'Top talkers by process (500 processes)',
  host: 'Top talkers by remote host (one host per connection here: ~100k groups)',
};

/** Puts the page in `view` (from the one before it in VIEWS' order). */
async function choose(page, view) {
  if (view === 'grid') {
    if (await page.getByTestId('talkers-view').count()) await page.getByRole('tab', { name: 'Connections' }).click();
    return;
  }
  if (view === 'receiveRate') {
    const header = page.getByTestId('col-header-receiveRate');
    // A first click sorts ascending (prefs-slice cycleSort), the second descending: the busiest first.
    await header.click();
    await collectDiffs(page, 1);
    await header.click();
    const sort = await header.getAttribute('aria-sort');
    if (sort !== 'descending') throw new Error(`Receive Rate sorted ${sort}, not descending`);
    return;
  }
  if (!(await page.getByTestId('talkers-view').count())) await page.getByRole('tab', { name: 'Top talkers' }).click();
  await page.getByLabel(view === 'host' ? 'By remote host' : 'By process').check();
}

/**
 * Stamps the frame after each change to the Top talkers' chart (window.__bench.chartPaints), from now on: the chart
 * may be drawn in a later render than the table (TopTalkersView defers it), which the diff's own stamp, the frame
 * after its first DOM change, does not cover.
 */
function watchChart() {
  const B = window.__bench;
  if (B.chartPaints) return;
  B.chartPaints = [];
  let pending = false;
  const inChart = (node) =>
    !!(node instanceof Element ? node : node.parentElement)?.closest('[data-testid="talkers-chart"]');
  new MutationObserver((records) => {
    if (pending || !records.some((r) => inChart(r.target))) return;
    pending = true;
    B.afterPaint((t) => {
      pending = false;
      B.chartPaints.push(t);
    });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** Each measured diff's chart frame (watchChart), ms from its message: the first after its DOM change and before the next diff. */
function chartTimes(records, chartPaints) {
  return records.map((m, i) => {
    const next = records[i + 1]?.t0 ?? Infinity;
    const t = chartPaints.find((p) => p >= m.dom && p < next);
    return t === undefined ? null : t - m.t0;
  });
}

/** PROFILE=view: a sampling CPU profile of the page's main thread over `count` diffs; self ms per diff, top 30. */
async function profileDiffs(page, count) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await paintedDiffRecords(page, count, (count + 5) * 20_000);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = await sourceNamer(process.env.BENCH_RENDERER_OUT ?? join(here, '..', 'out'));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const key = name(byId.get(profile.samples[i]).callFrame);
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const lines = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)
    .map(([k, us]) => `${(us / 1000 / count).toFixed(2).padStart(8)} ms  ${k}`);
  // Self time per package (node_modules/<name>) or source folder, and the native rest (program, GC, DOM calls).
  const byPart = new Map();
  for (const [k, us] of self) {
    const file = k.split(' ').pop();
    const part = file.startsWith('node_modules/')
      ? file
          .split('/')
          .slice(0, file.split('/')[1].startsWith('@') ? 3 : 2)
          .join('/')
      : file.startsWith('src/')
        ? file.split('/').slice(0, -1).join('/')
        : k.startsWith('(')
          ? k.split(' ')[0]
          : 'native/other';
    byPart.set(part, (byPart.get(part) ?? 0) + us);
  }
  lines.push('by package or folder:');
  for (const [k, us] of [...byPart]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14))
    lines.push(`${(us / 1000 / count).toFixed(2).padStart(8)} ms  ${k}`);
  // CALLERS=fn,fn: for each function so named, its self time by call path (the CALLER_DEPTH frames above it).
  const parentOf = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n);
  const depth = Number(process.env.CALLER_DEPTH ?? 6);
  for (const fn of (process.env.CALLERS ?? '').split(',').filter(Boolean)) {
    const paths = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      let node = byId.get(profile.samples[i]);
      if (node.callFrame.functionName !== fn) continue;
      const path = [];
      for (let d = 0; d < depth && (node = parentOf.get(node.id)); d++) path.push(name(node.callFrame));
      const key = path.join(' < ');
      paths.set(key, (paths.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    }
    lines.push(`${fn}, by caller:`);
    for (const [k, us] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 8))
      lines.push(`${(us / 1000 / count).toFixed(2).padStart(8)} ms  < ${k}`);
  }
  return lines;
}

/**
 * TRACE=view: a Chromium trace of `count` diffs in that view: per diff, the page's main thread's self time per trace
 * event (as renderer-trace.mjs prints it), and its layouts' time, apart for those whose event names a JavaScript
 * caller (a layout forced from a script; Debian's Chromium 156 gave none a stack: all counted "in the frame").
 */
async function traceDiffs(browser, page, count) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink.user_timing'] });
  const markAt = await page.evaluate(() => {
    performance.mark('trace-sync');
    return performance.now();
  });
  const recs = await paintedDiffRecords(page, count, (count + 5) * 20_000);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const mark = events.find((e) => e.name === 'trace-sync');
  const offset = mark.ts - markAt * 1000;
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid);
  const total = new Map();
  const forced = new Map();
  const busy = [];
  for (const r of recs) {
    const from = offset + r.t0 * 1000;
    const to = offset + r.paint * 1000;
    const span = selfTimes(main, from, to);
    busy.push(span.busy / 1000);
    for (const [k, v] of span.self) total.set(k, (total.get(k) ?? 0) + v);
    for (const e of main) {
      if (e.name !== 'Layout' || e.ts < from || e.ts >= to) continue;
      const frame = e.args?.beginData?.stackTrace?.[0];
      const who = frame ? `forced by ${frame.functionName || '(anon)'}` : 'in the frame';
      forced.set(who, (forced.get(who) ?? 0) + (e.dur ?? 0));
    }
  }
  const per = (us) => `${(us / 1000 / recs.length).toFixed(2).padStart(8)} ms`;
  return [
    `Trace, ${recs.length} diffs: the main thread busy in each diff's span (message -> painted frame), median ${median(busy).toFixed(1)} ms (${busy.map((b) => b.toFixed(0)).join(', ')}); self time per event, per diff:`,
    ...[...total]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 16)
      .map(([k, v]) => `${per(v)}  ${k}`),
    'Layout, per diff:',
    ...[...forced].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${per(v)}  ${k}`),
  ];
}

async function run() {
  const { chromium } = await import('playwright');
  process.stdout.write(`\n== renderer with counters: serve --synthetic ${LOAD}, views ${VIEWS.join(', ')}... `);
  const serve = startServe({ synthetic: LOAD });
  let browser = null;
  try {
    const url = await serve.url;
    const loadBefore = loadavg()[0];
    await sleep(3000);
    browser = await launchChromium(chromium);
    const { page } = await freshPage(browser, [[installPageProbes, ROWS]]);
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await wholeSnapshotPainted(page);
    // PAGE_CSS: a style sheet added to the page once loaded, to weigh a CSS change on the same build.
    if (process.env.PAGE_CSS) await page.addStyleTag({ content: process.env.PAGE_CSS });
    const snap = await page.evaluate(() => {
      const m = window.__bench.msgs.find((x) => x.kind === 'snapshot' || x.kind === 'snapshot-result');
      return {
        bytes: m?.binary ? m.chars : undefined,
        arrived: m?.t0,
        handler: m ? m.t1 - m.t0 : null,
        painted: m?.paint,
      };
    });
    const snapshotBytes = snap.bytes;
    // The first diffs after the load (as renderer.mjs skips one): the page's diff path warms up.
    await collectDiffs(page, 3);
    const runs = [];
    const profiles = [];
    for (const view of VIEWS) {
      try {
        await choose(page, view);
      } catch (e) {
        // The base's Top talkers by remote host: the radio's click got no answer in 30 s (the page rendering ~100k rows).
        const why = String(e.message).split('\n')[0];
        runs.push({ view, label: `${VIEW_LABELS[view]}: not measured, choosing it failed: ${why}`, failed: true });
        process.stdout.write(`${view} failed `);
        break;
      }
      if (view === 'process' || view === 'host') await page.evaluate(watchChart);
      const settle = await paintedDiffRecords(page, SETTLE, 150_000);
      const slow = settle.every((d) => d.paint - d.t0 > SLOW_MS);
      // A slow view (seconds a diff: the page falls behind the 2 s refreshes) gets SLOW_DIFFS more within 150 s, or
      // its settling diffs alone when those do not come: the run stays within the lock's few minutes.
      const gcMarkAt = GC_LOG ? await gcTraceStart(browser, page) : null;
      const more = slow
        ? await paintedDiffRecords(page, SLOW_DIFFS, 150_000).catch(() => [])
        : await paintedDiffRecords(page, DIFFS);
      const measured = slow && more.length === 0 ? settle : more;
      const gc = GC_LOG ? await gcTraceStop(browser, gcMarkAt, measured) : null;
      const diffs = measured.map(diffTimes);
      let chart;
      if (view === 'process' || view === 'host') {
        const charts = chartTimes(measured, await page.evaluate(() => window.__bench.chartPaints ?? [])).filter(
          (t) => t !== null,
        );
        chart = charts.length > 0 ? { n: charts.length, median: median(charts), p95: pct(charts, 0.95) } : null;
      }
      const label = `${VIEW_LABELS[view]}${slow ? ` (its settling diffs took ${settle.map((d) => ms(d.paint - d.t0)).join(', ')}: ${more.length === 0 ? 'those two alone' : `${diffs.length} diffs only`})` : ''}`;
      const s = summarize(label, diffs);
      s.view = view;
      s.chart = chart;
      s.chars = median(diffs.map((d) => d.chars));
      if (gc) s.gc = gcSummary(gc, diffs.length);
      runs.push(s);
      process.stdout.write(`${view} p95 ${ms(s.p95)} (median ${ms(s.median)}) `);
      if ((process.env.TRACE ?? '').split(',').includes(view))
        profiles.push(`${view}:`, ...(await traceDiffs(browser, page, Number(process.env.PROFILE_DIFFS ?? 5))));
      if ((process.env.PROFILE ?? '').split(',').includes(view))
        profiles.push(`CPU profile, ${view}:`, ...(await profileDiffs(page, Number(process.env.PROFILE_DIFFS ?? 5))));
    }
    const talkerRows = await page.evaluate(() => document.querySelectorAll('[data-testid="talker-row"]').length);
    const diffBytes = median(runs.filter((r) => !r.failed).map((r) => r.chars));
    const load = `${cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after`;
    const lines = [
      `\`netscope serve --synthetic ${LOAD} --interval 2\` (${COUNTERS ? `every row with traffic counters as the netlink engine gives them, ${Number(MOVING) * 100}% of the rows moving bytes every refresh (each a new row object with grown counters and its rates: a changed row in every diff; rows opened are first seen, rates none, and settled to 0 at the next diff, as netlink's), ` : 'rows without counters, '}${CHURN * 100}% of the rows closed, opened or changing state per refresh, as renderer.mjs) in Debian's Chromium (headless, 1400x900), one page, the views in this order, ${SETTLE} diffs let through after each view was chosen; measured inside the page as renderer.mjs does (message -> painted frame). The Top talkers' trackers take every diff on every tab (TalkerHistory.record from the store). ${load}.`,
      '',
      '| diff applied and painted | median | p95 | max | target |',
      '|---|---:|---:|---:|---|',
      ...runs.map((s) =>
        s.failed
          ? `| ${s.label} | | | | |`
          : `| ${s.label} (${s.n} diffs; medians: handler ${ms(s.handler)}, to DOM ${ms(s.toDom)}, the frame ${ms(s.inFrame)}${s.chart ? `; the chart's frame from the message: median ${ms(s.chart.median)}, p95 ${ms(s.chart.p95)} (${s.chart.n} diffs)` : ''}) | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} | < 30 ms: ${s.p95 < 30 ? 'met' : '**not met**'} (p95) |`,
      ),
      ...runs.filter((s) => s.gc).map((s) => `- ${s.view}: ${s.gc}`),
      '',
      `The whole snapshot (first load) arrived at ${ms(snap.arrived)} from navigation start, its message handler took ${ms(snap.handler)}, its rows were painted at ${ms(snap.painted)}.`,
      '',
      `Bytes: the full snapshot ${snapshotBytes === undefined ? 'n/a' : kb(snapshotBytes)} (binary frame); diffs median ${kb(diffBytes)} (the views' medians: ${runs
        .filter((r) => !r.failed)
        .map((r) => kb(r.chars))
        .join(
          ', ',
        )}); ratio ${snapshotBytes === undefined ? 'n/a' : (diffBytes / snapshotBytes).toFixed(4)}, target < 0.05.${VIEWS.includes('host') || VIEWS.includes('process') ? ` Talker rows in the DOM at the end: ${talkerRows}.` : ''}`,
    ];
    console.log('');
    return { lines, runs, snapshotBytes, diffBytes, profiles };
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServe(serve.child);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await run();
  const text = [`## Renderer with traffic counters (Chromium, browser mode), ${ROWS} rows`, '', ...r.lines, ''].join(
    '\n',
  );
  console.log(text);
  if (r.profiles.length > 0) console.log(r.profiles.join('\n'));
  if (!process.env.BENCH_RENDERER_OUT && !process.env.NOWRITE && COUNTERS) {
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(
      join(here, 'results', ROWS === 100_000 ? 'renderer-talkers.md' : `renderer-talkers-${ROWS}.md`),
      text,
    );
  }
}
