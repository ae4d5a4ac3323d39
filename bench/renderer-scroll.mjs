/* global window, document, requestAnimationFrame, ResizeObserver -- page code */
// Scrolling the grid (issue 13 measures first paint, diffs, header clicks and keys; a user with 100k rows mostly
// scrolls): the renderer bench's server and page (renderer.mjs, renderer-page.mjs; refresh running, 1% churn every
// 2 s), driven by wheel steps down, fast wheel flings, wheel steps back up, PageDown, End/Home and scrollbar jumps
// (scrollTop set), unsorted and sorted by remote address. Measured in the page, per frame Chromium paints: the grid's
// scrollTop and whether every row position the viewport shows has its row element (a "blank" frame lacks some: the
// stripes show without text). Per input: its event time to the first painted frame at a new scrollTop with no row
// missing. Also the main thread's long tasks (PerformanceObserver) and the diffs that arrived meanwhile. Asserts
// nothing.
//   node bench/renderer-scroll.mjs   (BENCH_RENDERER_ROWS=250000; BENCH_RENDERER_OUT: another build's out/, as in
//   renderer.mjs; BENCH_SCROLL_JSON=1: also one JSON line of the figures, for A/B drivers)
// What it cannot see: frames the compositor draws alone while the main thread is busy (it scrolls on without new
// rows); those show here as a long gap between painted frames, counted with the long tasks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_VIEWPORT, launchChromium, quietDriver, startServe, stopServe } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';
import { median, pct } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.BENCH_RENDERER_ROWS ?? 100_000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (v) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(0)} ms`);

/** Init script: frame sampling, input stamps, long tasks. Serialized by Playwright: no closures over module scope. */
export function installScrollProbes() {
  const S = { frames: [], inputs: [], longtasks: [], sampling: false };
  window.__scroll = S;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) S.longtasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask' });
  } catch {
    S.longtasks = null;
  }
  // The input's own time (event.timeStamp: when the browser got it, in performance.now()'s clock), so waiting for
  // the main thread counts.
  const stamp = (e) => S.sampling && S.inputs.push({ kind: e.type === 'wheel' ? 'wheel' : e.key, t0: e.timeStamp });
  window.addEventListener('wheel', stamp, { capture: true, passive: true });
  window.addEventListener('keydown', stamp, { capture: true });
  /** The grid as this frame paints it: its scrollTop and how many of the row positions it shows have a row. */
  const sample = (grid) => {
    const st = grid.scrollTop;
    const h = grid.clientHeight;
    const header = grid.querySelector('.grid-header')?.offsetHeight ?? 0;
    const rows = grid.querySelectorAll('[data-testid="conn-row"]');
    const rowH = rows[0]?.offsetHeight || 22;
    const count = Number(grid.getAttribute('aria-rowcount')) - 1;
    // Row p spans [header + p*rowH, header + (p+1)*rowH) of the content; under the sticky header the viewport
    // shows [st + header, st + h).
    const lo = Math.max(0, Math.floor(st / rowH));
    const hi = Math.min(count - 1, Math.ceil((st + h - header) / rowH) - 1);
    const have = new Set();
    for (const r of rows) have.add(Number(r.getAttribute('aria-rowindex')) - 2);
    let present = 0;
    for (let p = lo; p <= hi; p++) if (have.has(p)) present++;
    return { t: performance.now(), shown: null, st, need: Math.max(0, hi - lo + 1), present };
  };
  /*
   * A ResizeObserver made in the frame's animation callback reports in that frame's observer step: after the app's
   * scroll handling, animation callbacks and layout, before the paint (as e2e/grid-first-frame.spec.ts reads
   * frames). A MessageChannel task queued there stamps the frame as shown (renderer-page.mjs's afterPaint).
   */
  const eachFrame = () => {
    if (!S.sampling) return;
    const grid = document.querySelector('[data-testid="conn-grid"]');
    if (grid) {
      const probe = new ResizeObserver(() => {
        probe.disconnect();
        const f = sample(grid);
        S.frames.push(f);
        const ch = new MessageChannel();
        ch.port1.onmessage = () => (f.shown = performance.now());
        ch.port2.postMessage(0);
      });
      probe.observe(grid);
    }
    requestAnimationFrame(eachFrame);
  };
  S.start = () => {
    S.frames = [];
    S.inputs = [];
    if (S.longtasks) S.longtasks = [];
    S.from = performance.now();
    S.sampling = true;
    requestAnimationFrame(eachFrame);
  };
  S.jump = (fraction) => {
    const grid = document.querySelector('[data-testid="conn-grid"]');
    S.inputs.push({ kind: 'jump', t0: performance.now() });
    grid.scrollTop = Math.round((grid.scrollHeight - grid.clientHeight) * fraction);
  };
  S.stop = () => {
    S.sampling = false;
    const diffs = window.__bench.msgs.filter((m) => m.kind === 'diff' && m.t0 >= S.from).length;
    return { frames: S.frames, inputs: S.inputs, longtasks: S.longtasks, from: S.from, to: performance.now(), diffs };
  };
}

/**
 * Per input, the first frame after it at a scrollTop other than the one painted before it, with no row missing
 * (none before the next input moved: counted as not shown). Inputs that moved nothing (End at the end) are left out.
 */
export function analyse({ frames, inputs, longtasks, from, to, diffs }) {
  const latencies = [];
  let missed = 0;
  inputs.forEach((input, i) => {
    const before = frames.filter((f) => f.t < input.t0).at(-1);
    if (!before) return;
    // Until the next input, or past it while no frame came between (inputs back to back, a fling, share a frame).
    let j = i + 1;
    while (j < inputs.length && !frames.some((f) => f.t >= inputs[j - 1].t0 && f.t < inputs[j].t0)) j++;
    const until = inputs[j]?.t0 ?? Infinity;
    const after = frames.filter((f) => f.t >= input.t0 && f.t < until);
    if (!after.some((f) => f.st !== before.st)) return;
    const hit = after.find((f) => f.st !== before.st && f.present === f.need);
    if (hit) latencies.push((hit.shown ?? hit.t) - input.t0);
    else missed++;
  });
  const blank = frames.filter((f) => f.present < f.need);
  const gaps = frames.slice(1).map((f, i) => f.t - frames[i].t);
  const tasks = longtasks ?? [];
  return {
    inputs: latencies.length + missed,
    missed,
    p50: median(latencies),
    p95: pct(latencies, 0.95),
    max: latencies.length ? Math.max(...latencies) : null,
    frames: frames.length,
    blank: blank.length,
    maxMissing: blank.length ? Math.max(...blank.map((f) => f.need - f.present)) : 0,
    gapMax: gaps.length ? Math.max(...gaps) : null,
    gaps50: gaps.filter((g) => g > 50).length,
    longtasks: longtasks === null ? null : tasks.length,
    longMax: tasks.length ? Math.max(...tasks.map((x) => x.dur)) : 0,
    longTotal: tasks.reduce((s, x) => s + x.dur, 0),
    seconds: (to - from) / 1000,
    diffs,
  };
}

async function scenario(page, run) {
  await page.evaluate(() => window.__scroll.start());
  await run();
  await sleep(400);
  return analyse(await page.evaluate(() => window.__scroll.stop()));
}

const jump = (page, fraction) => page.evaluate((f) => window.__scroll.jump(f), fraction);

/** The scroll scenarios in the grid's current sort, from the top. */
async function scenarios(page) {
  const grid = await page.getByTestId('conn-grid').boundingBox();
  const out = {};
  await jump(page, 0);
  await sleep(300);
  await page.mouse.move(grid.x + grid.width / 2, grid.y + grid.height / 2);
  out['wheel steps (40 x 120 px, 150 ms apart)'] = await scenario(page, async () => {
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 120);
      await sleep(150);
    }
  });
  out['wheel flings (3 x 15 x 600 px, back to back)'] = await scenario(page, async () => {
    for (let f = 0; f < 3; f++) {
      for (let i = 0; i < 15; i++) await page.mouse.wheel(0, 600);
      await sleep(500);
    }
  });
  // Back up: rows enter at the top and leave at the bottom. With a slot per row, React moved every row below the
  // ones entering each step; src/renderer/grid/row-slots.ts keys them so that none moves.
  out['wheel steps up (40 x 120 px, 150 ms apart)'] = await scenario(page, async () => {
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, -120);
      await sleep(150);
    }
  });
  // Select the row under the pointer (the keys move the selection, scrolling it into view), then page down. In the
  // middle: the top rows are the oldest, which the diffs close (a closed selection would send PageDown to row 0).
  await jump(page, 0.5);
  await sleep(300);
  await page.mouse.click(grid.x + 200, grid.y + 60);
  out['PageDown x 20 (150 ms apart)'] = await scenario(page, async () => {
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('PageDown');
      await sleep(150);
    }
  });
  out['End / Home x 4 each (400 ms apart)'] = await scenario(page, async () => {
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('End');
      await sleep(400);
      await page.keyboard.press('Home');
      await sleep(400);
    }
  });
  out['scrollbar jumps (scrollTop set: 10 places, 250 ms apart)'] = await scenario(page, async () => {
    for (const f of [0.5, 0.25, 0.75, 0.5, 0.1, 0.9, 0.5, 0.33, 0.66, 0.5]) {
      await jump(page, f);
      await sleep(250);
    }
  });
  return out;
}

export async function runScrollBench() {
  const { chromium } = await import('playwright');
  const serve = startServe();
  let browser = null;
  try {
    const url = await serve.url;
    const loadBefore = loadavg()[0];
    await sleep(3000);
    browser = await launchChromium(chromium);
    const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
    const page = await context.newPage();
    await page.addInitScript(installPageProbes, ROWS);
    await page.addInitScript(installScrollProbes);
    await quietDriver(page);
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(
      () =>
        window.__bench.gridPaint !== null &&
        window.__bench.msgs.some((m) => (m.kind === 'snapshot' || m.kind === 'snapshot-result') && m.paint !== null),
      null,
      { timeout: 90_000, polling: 100 },
    );
    await sleep(2500);
    const results = { unsorted: await scenarios(page) };
    await page.getByTestId('col-header-remoteAddress').click();
    await sleep(2000);
    results['sorted by remote address'] = await scenarios(page);
    return {
      results,
      load: `${cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after`,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServe(serve.child);
  }
}

export function markdown({ results, load }) {
  const lines = [
    `\`netscope serve --synthetic ${ROWS}:0.01 --interval 2\` in Debian's Chromium (headless, 1400x900), as the renderer section, refresh running (diffs arrive during the scrolling). Per painted frame (read after layout, before paint) the grid's scrollTop and whether every row position the viewport shows has its row element; a frame lacking some is blank (stripes without text). Input to frame: the input event's time to the first painted frame at a new scrollTop with no row missing (a wheel step's first frame of its smooth scroll; a frame lacking rows does not count). Long tasks: the page's main thread, > 50 ms (PerformanceObserver). ${load}.`,
    '',
    '| view | input | inputs (not shown) | input to frame p50 | p95 | max | frames with blank rows (most missing) | frame gaps > 50 ms (longest) | long tasks (longest, total) | diffs meanwhile | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const [view, byInput] of Object.entries(results)) {
    for (const [input, r] of Object.entries(byInput)) {
      const met = r.p95 !== null && r.p95 < 50 && r.missed === 0 && (input.startsWith('wheel fl') || r.blank === 0);
      lines.push(
        `| ${view} | ${input} | ${r.inputs} (${r.missed}) | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ${r.blank} of ${r.frames} (${r.maxMissing}) | ${r.gaps50} (${ms(r.gapMax)}) | ${r.longtasks ?? 'n/a'} (${ms(r.longMax)}, ${ms(r.longTotal)}) | ${r.diffs} | p95 < 50 ms${input.startsWith('wheel fl') ? '' : ', no blank frame'}: ${met ? 'met' : '**not met**'} |`,
      );
    }
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await runScrollBench();
  const text = [`## Renderer scrolling (Chromium, browser mode), ${ROWS} rows`, '', ...markdown(r), ''].join('\n');
  console.log(text);
  if (process.env.BENCH_SCROLL_JSON) console.log(`SCROLL_JSON ${JSON.stringify(r.results)}`);
  if (!process.env.BENCH_RENDERER_OUT) {
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', ROWS === 100_000 ? 'renderer-scroll.md' : `renderer-scroll-${ROWS}.md`), text);
  }
}
