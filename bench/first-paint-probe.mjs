/* global window -- page code runs in the browser */
// Where a fresh load's first paint of 100k rows goes (issue 13): each load's timeline from navigation start
// (Navigation and Resource Timing, the page's WebSocket stamps, long tasks) beside the serve process's event loop
// (loop-lag-preload.mjs: when it was held, in wall-clock time). Builds A/B'd in alternation, one fresh serve and
// one browser per build per round, as bench/renderer.mjs's first-paint loads do.
// Each load is a fresh context and page (renderer.mjs freshPage), navigated once the browser's processes are quiet
// (Chromium's own omnibox renderer started by the new page has done its start-up) unless SETTLE=0 for that slot.
// Each load's first paint twice: the stamp after the filled frame's main-thread work (paint) and that frame as
// Chromium presented it (shown: renderer-page.mjs markFrame, element timing presentationTime); the summary compares
// the builds on both, with each round's pair of medians.
//   PROBE_OUTS=/work/s34-old/out,out ROUNDS=5 LOADS=5 node bench/first-paint-probe.mjs
// PROBE_JSON=file writes every load's record. Run it under `flock /tmp/bench.lock`.
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshPage, launchChromium, pageSaid, ROWS, SETTLE, startServe, stopServe } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';
import { browserCpu, cpuByKind } from './run-helpers.mjs';
import { median } from './stats.mjs';

const OUTS = (process.env.PROBE_OUTS ?? 'out').split(',').map((p) => resolve(p));
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const LOADS = Number(process.env.LOADS ?? 5);
// MODES=console,poll: loads alternate between the driver's ways of waiting (oneLoad).
const MODES = (process.env.MODES ?? 'console').split(',');
// SETTLE=0,1: per build slot, whether its loads wait for a quiet browser before navigating (freshPage); default
// BENCH_SETTLE's. With the same build twice (PROBE_OUTS=a/out,a/out SETTLE=0,1) it A/Bs the two ways of loading.
const SETTLES = (process.env.SETTLE ?? '').split(',').filter(Boolean);
const settleOf = (slot) => (SETTLES.length > 0 ? SETTLES[slot % SETTLES.length] !== '0' : SETTLE);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Stamps the page's own steps beside installPageProbes' (which wraps WebSocket first). */
function installTimeline() {
  const T = { wsNew: null, longtasks: [], paints: [] };
  window.__tl = T;
  const Stamped = window.WebSocket;
  window.WebSocket = class extends Stamped {
    constructor(...args) {
      if (T.wsNew === null) performance.mark('probe-wsNew');
      T.wsNew ??= performance.now();
      super(...args);
    }
  };
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) T.longtasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no long task API */
  }
}

/** mode 'console': the driver waits for the page's console word; 'poll': page.waitForFunction from the start (the old way). */
/**
 * One fresh load (freshPage; `settle`: navigated once the browser is quiet), its timeline, and the CPU each kind of
 * process (Chromium's by --type, the serve process) spent from just before the navigation until the page said its
 * first paint was presented.
 */
async function oneLoad(browser, url, { traceFile = null, mode = 'console', settle = SETTLE, servePid = 0 } = {}) {
  const { context, page, settled } = await freshPage(
    browser,
    [
      [installPageProbes, ROWS],
      [installTimeline, undefined],
    ],
    settle,
  );
  // PREWARM=1: the page first loads a 404 of the same origin (a renderer process for the site, an empty cache), to
  // tell the browser's own start of a page from ours.
  if (process.env.PREWARM) await page.goto(new URL('/warm-404', url).href, { waitUntil: 'load' });
  const tracing = traceFile !== null;
  if (tracing)
    await browser.startTracing(null, {
      categories: [
        'devtools.timeline',
        'v8',
        'v8.execute',
        'blink.user_timing',
        'loading',
        'navigation',
        'toplevel',
        // TRACE_JS=1: and V8's sampled JavaScript (bench/trace-analysis.mjs printProfile reads it).
        ...(process.env.TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : []),
      ],
    });
  const painted =
    mode === 'console' ? Promise.all([pageSaid(page, 'first-paint'), pageSaid(page, 'first-presented')]) : null;
  const cpuBefore = browserCpu([servePid]);
  const cpuFrom = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  let cpu = null;
  if (painted) {
    await painted;
    cpu = { ...cpuByKind(cpuBefore, browserCpu([servePid])), '(wall)': performance.now() - cpuFrom };
    await sleep(2500); // the first diff's arrival, without polling the page meanwhile
  }
  await page.waitForFunction(
    () =>
      window.__bench.firstPaint !== null &&
      window.__bench.firstPresented !== null &&
      window.__bench.msgs.some((m) => m.kind === 'diff'),
    null,
    { timeout: 60_000, polling: 100 },
  );
  const rec = await page.evaluate(() => {
    const B = window.__bench;
    const T = window.__tl;
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((r) => ({
      name: r.name.replace(/^.*\/assets\//, ''),
      start: r.startTime,
      req: r.requestStart,
      resp: r.responseStart,
      end: r.responseEnd,
    }));
    const r = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
    const head = B.msgs.find((m) => m.kind === 'head');
    const snap = B.msgs.find((m) => m.kind === 'snapshot');
    const diff = B.msgs.find((m) => m.kind === 'diff');
    const boot = res.find((x) => /^index-.*\.js$/.test(x.name));
    const css = res.find((x) => /^index-.*\.css$/.test(x.name));
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      origin: performance.timeOrigin,
      fetchStart: r(nav.fetchStart),
      reqStart: r(nav.requestStart),
      respStart: r(nav.responseStart),
      respEnd: r(nav.responseEnd),
      domInteractive: r(nav.domInteractive),
      dcl: r(nav.domContentLoadedEventStart),
      bootReq: r(boot?.req),
      bootResp: r(boot?.resp),
      bootEnd: r(boot?.end),
      cssEnd: r(css?.end),
      wsNew: r(T.wsNew),
      wsOpen: r(B.wsOpen),
      head: r(head?.t0),
      firstPaint: r(B.firstPaint.t),
      // The same frame presented (null when Chromium reported none in 5 s), and which entry field that is.
      presented: r(B.firstPresented.presented),
      presentedBy: B.firstPresented.presentedBy,
      by: B.firstPaint.by,
      fcp: r(fcp?.startTime),
      fcpPresented: r(B.fcp?.presentationTime),
      snap: r(snap?.t0),
      diff: r(diff?.t0),
      longtasks: T.longtasks,
      // Frames with rows that did not fill the grid (renderer-page.mjs fillsGrid): not counted as the first paint.
      short: B.shortFrames.map((f) => [Math.round(f.t), f.rows, f.by]),
      resources: res.map((x) => `${x.name}@${Math.round(x.start)}-${Math.round(x.end)}`),
    };
  });
  if (tracing) writeFileSync(traceFile, await browser.stopTracing());
  await context.close();
  return { ...rec, settled, cpu };
}

/** freshPage's wait for a quiet browser before the navigation, as words. */
const settledText = (s) =>
  s === null
    ? 'navigated at once'
    : `navigated after ${s.waitedMs.toFixed(0)} ms${s.quiet ? '' : ' (not quiet)'} (browser CPU meanwhile ${s.cpuMs} ms: ${cpuText(s.byKind)})`;
/** CPU ms per process kind (and the span's wall ms), as words. */
const cpuText = (byKind) =>
  Object.entries(byKind)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${Math.round(v)}`)
    .join(', ');

/** The serve loop's held stretches overlapping [from, to] (wall ms), as [start offset from `from`, gap, its CPU ms]. */
function heldIn(lags, from, to) {
  return lags
    .filter((l) => l.end > from && l.end - l.gap < to)
    .map((l) => [Math.round(l.end - l.gap - from), Math.round(l.gap), Math.round(l.cpu)]);
}

const all = [];
for (let round = 0; round < ROUNDS; round++) {
  // Slots, not paths: the same build may be given twice (PROBE_OUTS=a/out,a/out: the noise floor).
  const order = round % 2 === 0 ? OUTS.map((_, i) => i) : OUTS.map((_, i) => OUTS.length - 1 - i);
  for (const slot of order) {
    const out = OUTS[slot];
    const lagFile = join(tmpdir(), `netscope-lag-${process.pid}.jsonl`);
    // The serve process's event loop is watched (loop-lag-preload.mjs): when it was held, in wall-clock time.
    const serve = startServe({
      out,
      nodeArgs: ['--import', new URL('./loop-lag-preload.mjs', import.meta.url).pathname],
      env: { LOOP_LAG_FILE: lagFile },
    });
    let browser = null;
    const recs = [];
    try {
      const url = await serve.url;
      await sleep(3000);
      const { chromium } = await import('playwright');
      browser = await launchChromium(chromium);
      for (let i = 0; i < LOADS; i++) {
        // TRACE=prefix: a Chromium trace of each build's load 2 of round 0 (prefix-<build>.json).
        const trace =
          process.env.TRACE && round === 0 && i === 2
            ? `${process.env.TRACE}-${out.split('/').slice(-2, -1)[0]}-${slot}.json`
            : null;
        const mode = MODES[i % MODES.length];
        const settle = settleOf(slot);
        recs.push({
          ...(await oneLoad(browser, url, { traceFile: trace, mode, settle, servePid: serve.child.pid })),
          mode,
          settle,
        });
        await sleep(700);
      }
    } finally {
      await browser?.close().catch(() => undefined);
      await stopServe(serve.child);
    }
    const lags = existsSync(lagFile)
      ? readFileSync(lagFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];
    rmSync(lagFile, { force: true });
    for (const [i, rec] of recs.entries()) {
      rec.build = out;
      rec.slot = slot;
      rec.round = round;
      rec.load = i;
      rec.serveHeld = heldIn(lags, rec.origin, rec.origin + rec.firstPaint);
      all.push(rec);
      const f = (k) => (rec[k] === null ? '-' : Math.round(rec[k]));
      console.log(
        `r${round} ${out.split('/').slice(-2, -1)[0]} #${i} ${rec.mode}: req ${f('reqStart')} resp ${f('respStart')}-${f('respEnd')} boot ${f('bootReq')}/${f('bootResp')}-${f('bootEnd')} css ${f('cssEnd')} domInt ${f('domInteractive')} wsNew ${f('wsNew')} open ${f('wsOpen')} head ${f('head')} paint ${f('firstPaint')} presented ${f('presented')}${rec.presentedBy === 'presentationTime' ? '' : ` (${rec.presentedBy})`} dcl ${f('dcl')} fcp ${f('fcp')} (presented ${f('fcpPresented')}) | diff@${f('diff')} | serve held ${JSON.stringify(rec.serveHeld)} | long ${JSON.stringify(rec.longtasks)}${rec.short.length > 0 ? ` | short frames ${JSON.stringify(rec.short)}` : ''} | ${settledText(rec.settled)}${rec.cpu ? ` | CPU to presented: ${cpuText(rec.cpu)}` : ''}`,
      );
    }
    const paints = recs.map((x) => x.firstPaint);
    const shown = recs.map((x) => x.presented).filter((v) => v !== null);
    console.log(
      `r${round} ${out} (#${slot}): first paint median ${median(paints).toFixed(0)} by the stamp (${paints.map(Math.round).join(', ')}), ${shown.length > 0 ? median(shown).toFixed(0) : 'n/a'} as presented (${recs.map((x) => (x.presented === null ? '-' : Math.round(x.presented))).join(', ')})`,
    );
  }
}
if (process.env.PROBE_JSON) writeFileSync(process.env.PROBE_JSON, JSON.stringify(all, null, 1));
const keys = [
  'reqStart',
  'respStart',
  'respEnd',
  'bootReq',
  'bootEnd',
  'domInteractive',
  'wsNew',
  'wsOpen',
  'head',
  'firstPaint',
  'presented',
];
for (const [slot, out] of OUTS.entries())
  for (const mode of MODES) {
    const mine = all.filter((x) => x.slot === slot && x.mode === mode);
    console.log(
      `${out} (#${slot}, ${settleOf(slot) ? 'navigated once quiet' : 'navigated at once'}) ${mode} (${mine.length} loads), medians: ${keys.map((k) => `${k} ${median(mine.map((x) => x[k]).filter((v) => v !== null))?.toFixed(0)}`).join(', ')}`,
    );
    // Per kind of process, the median of each load's CPU from just before the navigation to the presented first paint.
    const cpus = mine.map((x) => x.cpu).filter(Boolean);
    const cpuKinds = [...new Set(cpus.flatMap((c) => Object.keys(c)))];
    if (cpus.length > 0)
      console.log(
        `  CPU ms per load, navigation to presented (medians of ${cpus.length}): ${cpuKinds.map((k) => `${k} ${median(cpus.map((c) => c[k] ?? 0)).toFixed(0)}`).join(', ')}`,
      );
    const waits = mine.map((x) => x.settled).filter(Boolean);
    if (waits.length > 0)
      console.log(
        `  waited for a quiet browser: median ${median(waits.map((w) => w.waitedMs)).toFixed(0)} ms (${waits.map((w) => w.waitedMs.toFixed(0)).join(', ')}), not quiet ${waits.filter((w) => !w.quiet).length}`,
      );
  }

// The builds compared on both first paints: each round's medians side by side (a build's loads of one round share
// one serve and one browser), then the medians over all loads and of the rounds' differences to the first build.
const roundMedian = (slot, round, key) => {
  const v = all.filter((x) => x.slot === slot && x.round === round && x[key] !== null).map((x) => x[key]);
  return v.length > 0 ? median(v) : null;
};
const fmt = (v) => (v === null || v === undefined ? '-' : v.toFixed(0));
for (const [key, what] of [
  ['firstPaint', "by the stamp (the filled frame's main-thread end)"],
  ['presented', 'as presented (that frame on screen)'],
]) {
  console.log(`first paint ${what}:`);
  for (let round = 0; round < ROUNDS; round++)
    console.log(`  r${round}: ${OUTS.map((_, slot) => fmt(roundMedian(slot, round, key))).join(' / ')}`);
  const lines = OUTS.map((out, slot) => {
    const v = all.filter((x) => x.slot === slot && x[key] !== null).map((x) => x[key]);
    const diffs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = roundMedian(0, round, key);
      const b = roundMedian(slot, round, key);
      if (a !== null && b !== null) diffs.push(b - a);
    }
    const vs =
      slot === 0
        ? ''
        : `; minus #0 per round: ${diffs.map(fmt).join(', ')} (median ${diffs.length > 0 ? fmt(median(diffs)) : '-'}, sooner in ${diffs.filter((d) => d < 0).length} of ${diffs.length})`;
    return `  ${out} (#${slot}): median ${v.length > 0 ? fmt(median(v)) : '-'} of ${v.length} loads${vs}`;
  });
  console.log(lines.join('\n'));
}
