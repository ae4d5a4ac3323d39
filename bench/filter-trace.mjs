/* global window -- page.evaluate() code runs in the browser */
// Where a filter key's time goes in Chromium (issue 13), and where a fresh load's first paint goes: the renderer
// bench's page (renderer.mjs, renderer-page.mjs) under a Chromium trace. A diagnosis tool, not part of `npm run bench`.
//   node bench/filter-trace.mjs [keys|paint|all] [rounds]   (BENCH_RENDERER_OUT: another build, as in renderer.mjs;
//   DETAIL=1: and the JavaScript sampled in the keys' spans, per function, as renderer-trace.mjs prints it;
//   COLD=1: the box blurred 11 s between rounds, long enough for the page to drop the rows' filter texts;
//   FOCUS_MS: the pause from the click into the box to the first key, default 300, 0 types at once)
// keys: with refreshes paused, types `worker-12` one key at a time (as renderer.mjs does), `rounds` times (the box
// cleared in between), and prints per key: keydown -> last frame of the filtered grid, the renderer main thread's
// busy time and CPU time in that span (thread CPU: what waiting for a core does not inflate) and its top self times
// (the approach of renderer-trace.mjs). paint: `rounds` fresh page loads, each one's steps from navigation start
// (WebSocket open, head arrived, first paint, whole snapshot arrived, whole snapshot painted).
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_VIEWPORT, FOCUS_TO_KEY_MS, launchChromium, startServe, stopServe, typeWatched } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';
import { printInclusive, printProfile, selfTimes } from './trace-analysis.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';
import { median } from './stats.mjs';

const MODE = process.argv[2] ?? 'all';
const ROUNDS = Number(process.argv[3] ?? 3);
const ROWS = Number(process.env.BENCH_RENDERER_ROWS ?? 100_000);
const TEXT = process.env.FILTER_TEXT ?? 'worker-12';
const DETAIL = process.env.DETAIL === '1';
/** The build the page runs (renderer.mjs reads the same variable); DETAIL names its functions through its source maps. */
const OUT = process.env.BENCH_RENDERER_OUT ?? fileURLToPath(new URL('../out', import.meta.url));
/** COLD=1: the box blurred for 11 s between rounds, so that each round starts as the first does (no texts kept). */
const COLD = process.env.COLD === '1';
/** FOCUS_MS: the pause from the click into the box to the first key (default a person's, FOCUS_TO_KEY_MS; 0: none). */
const FOCUS_MS = Number(process.env.FOCUS_MS ?? FOCUS_TO_KEY_MS);
/** DETAIL's keys (the slow ones of `worker-12`: the grid changes). */
const DETAIL_KEYS = process.env.DETAIL_KEYS ?? '12';
const CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.gc'].concat(
  DETAIL ? ['disabled-by-default-v8.cpu_profiler'] : [],
);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f = (v) => (v === undefined || v === null ? '-' : v.toFixed(1));

/** Types TEXT key by key (as renderer.mjs filterLatency), under one trace; per key: latency, busy, CPU, self times. */
async function traceKeys(browser, page) {
  const input = page.getByTestId('filter-input');
  await input.click();
  // A person's pause before the first key (renderer.mjs FOCUS_TO_KEY_MS: the texts are built once focused).
  await sleep(FOCUS_MS);
  await browser.startTracing(page, { categories: CATEGORIES });
  const markAt = await page.evaluate(() => {
    performance.mark('trace-sync');
    return performance.now();
  });
  const keys = [];
  for (const ch of TEXT) {
    const w = await typeWatched(page, ch);
    if (w.echo) keys.push({ ch, t0: w.t0, end: Math.max(w.echo, ...w.paints) });
  }
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events = trace.traceEvents;
  const mark = events.find((e) => e.name === 'trace-sync');
  const offset = mark.ts - markAt * 1000;
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid);
  const out = [];
  for (const k of keys) {
    const { self, busy, cpu } = selfTimes(main, offset + k.t0 * 1000, offset + k.end * 1000);
    const top = [...self]
      .filter(([, v]) => v > 500)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 7)
      .map(([name, v]) => `${name} ${(v / 1000).toFixed(1)}`);
    out.push({ ch: k.ch, total: k.end - k.t0, busy: busy / 1000, cpu: cpu / 1000 });
    console.log(
      `  ${k.ch}  ${f(k.end - k.t0).padStart(6)}  busy ${f(busy / 1000).padStart(5)} cpu ${f(cpu / 1000).padStart(5)} | ${top.join(', ')}`,
    );
  }
  if (DETAIL) {
    const spans = keys
      .filter((k) => DETAIL_KEYS.includes(k.ch))
      .map((k) => [offset + k.t0 * 1000, offset + k.end * 1000]);
    const name = await sourceNamer(OUT);
    printProfile(events, mark, spans, { what: "the keys' spans", top: 25, name });
    printInclusive(events, mark, spans, { per: spans.length, what: 'key', top: 30, name });
  }
  await input.fill('');
  await sleep(1500);
  if (COLD) {
    // The box blurred long enough for the page to let the texts go (src/renderer/grid/warm-filter-text.ts
    // DROP_TEXT_AFTER_MS, 10 s): the next round's first keys find only what its focus pause built.
    await input.blur();
    // And the pointer off the box: a box under the pointer counts as a filter about to be typed (filter-focus.ts).
    await page.mouse.move(1, 1);
    await sleep(11_000);
  }
  return out;
}

async function freshLoad(browser, url) {
  const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(installPageProbes, ROWS);
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForFunction(
    () => window.__bench.msgs.some((m) => (m.kind === 'snapshot' || m.kind === 'snapshot-result') && m.paint !== null),
    null,
    { timeout: 60_000, polling: 100 },
  );
  const r = await page.evaluate(() => {
    const B = window.__bench;
    const head = B.msgs.find((m) => m.kind === 'head');
    const snap = B.msgs.find((m) => m.kind === 'snapshot' || m.kind === 'snapshot-result');
    const nav = performance.getEntriesByType('navigation')[0];
    const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.js'));
    return {
      htmlRequest: nav?.requestStart,
      htmlResponse: nav?.responseStart,
      scriptRequest: script?.requestStart,
      scriptResponse: script?.responseStart,
      domContentLoaded: nav?.domContentLoadedEventEnd,
      script: script?.responseEnd,
      wsOpen: B.wsOpen,
      head: head?.t0,
      headHandled: head ? head.t1 : undefined,
      firstPaint: B.firstPaint?.t,
      snapshot: snap?.t0,
      snapshotHandled: snap?.t1,
      wholePainted: snap?.paint,
    };
  });
  await context.close();
  return r;
}

const serve = startServe();
let browser = null;
try {
  const { chromium } = await import('playwright');
  const url = await serve.url;
  await sleep(3000);
  const loadBefore = loadavg()[0];
  browser = await launchChromium(chromium);
  console.log(`${process.env.BENCH_RENDERER_OUT ?? 'out'}, ${ROWS} rows, load ${loadBefore.toFixed(1)}`);
  if (MODE === 'keys' || MODE === 'all') {
    const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
    const page = await context.newPage();
    await page.addInitScript(installPageProbes, ROWS);
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(
      () =>
        window.__bench.msgs.some((m) => (m.kind === 'snapshot' || m.kind === 'snapshot-result') && m.paint !== null),
      null,
      { timeout: 60_000, polling: 100 },
    );
    await page.getByTestId('pause-toggle').click();
    await sleep(2500);
    const all = [];
    for (let r = 0; r < ROUNDS; r++) {
      console.log(`keys, round ${r + 1} (ms: keydown -> last frame, main thread busy / CPU | top self times)`);
      all.push(...(await traceKeys(browser, page)));
    }
    const worst = [...all].sort((a, b) => b.total - a.total).slice(0, 3);
    console.log(
      `keys: total median ${f(median(all.map((k) => k.total)))}, cpu median ${f(median(all.map((k) => k.cpu)))}; worst ${worst.map((k) => `${k.ch} ${f(k.total)} (cpu ${f(k.cpu)})`).join(', ')}`,
    );
    await context.close();
  }
  if (MODE === 'paint' || MODE === 'all') {
    const loads = [];
    console.log(
      'fresh loads (ms from navigation start): page requested, answered; script requested, answered, received; DOMContentLoaded, ws open, head, first paint, snapshot arrived, handled, painted',
    );
    for (let i = 0; i < ROUNDS; i++) {
      const r = await freshLoad(browser, url);
      loads.push(r);
      console.log(
        `  ${[r.htmlRequest, r.htmlResponse, r.scriptRequest, r.scriptResponse, r.script, r.domContentLoaded, r.wsOpen, r.head, r.firstPaint, r.snapshot, r.snapshotHandled, r.wholePainted].map(f).join('  ')}`,
      );
      await sleep(700);
    }
    console.log(`first paint median ${f(median(loads.map((r) => r.firstPaint)))}`);
  }
  console.log(`load after ${loadavg()[0].toFixed(1)}`);
} finally {
  await browser?.close().catch(() => undefined);
  await stopServe(serve.child);
}
