/* global document -- page.evaluate() code runs in the browser */
// One build's first click on a column header at 100k rows (the renderer bench's timedSortClick: from the click to
// the sorted frame, 100 ms after a diff was painted), in a fresh page per round, for paired before/after rounds
// (issue 13): run it for each build in turn, alternating, under `flock /tmp/bench.lock`. Prints one JSON line with
// each click's ms. A diagnosis tool, not in `npm run bench`. PROFILE=1: also a CPU profile of the page over the
// first click, its top self times by function (source names where the build has maps) on stderr. FILTER=text: that
// free-text filter typed and committed (Enter) before the click, two diffs let through after it, so the click sorts a
// filtered view whose rows' texts are built (issue 13: not measured before).
//   BENCH_RENDERER_OUT=/other/out node bench/click-ab.mjs [column] [pages]
import { collectDiffs, launchChromium, startServe, stopServe, timedSortClick } from './renderer.mjs';
import { openViewAt100k } from './diff-probe-page.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';

const COLUMN = process.argv[2] ?? 'remoteAddress';
const PAGES = Number(process.argv[3] ?? 1);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function profiled(page, run) {
  const nameOf = await sourceNamer(process.env.BENCH_RENDERER_OUT ?? new URL('../out', import.meta.url).pathname);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile: p } = await cdp.send('Profiler.stop');
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const key = nameOf(byId.get(p.samples[i]).callFrame);
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
  }
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    process.stderr.write(`  ${(v / 1000).toFixed(1).padStart(7)}  ${k}\n`);
  return result;
}

const serve = startServe();
const { chromium } = await import('playwright');
const browser = await launchChromium(chromium);
const out = { build: process.env.BENCH_RENDERER_OUT ?? 'out', column: COLUMN, clicks: [] };
try {
  const url = await serve.url;
  await sleep(3000);
  for (let i = 0; i < PAGES; i++) {
    const page = await openViewAt100k(browser, url, 'unsorted', 2);
    if (process.env.FILTER) {
      await page.getByTestId('filter-input').click();
      await page.keyboard.type(process.env.FILTER);
      await page.keyboard.press('Enter');
      await collectDiffs(page, 2);
      out.shown = await page.evaluate(() => document.querySelector('[data-testid="status-bar"]')?.textContent ?? '');
    }
    const click = () => timedSortClick(page, COLUMN);
    const r = process.env.PROFILE === '1' && i === 0 ? await profiled(page, click) : await click();
    out.clicks.push({ ms: r.ms === null ? null : Math.round(r.ms * 10) / 10, diffInside: r.diffInside, sort: r.sort });
    await page.context().close();
  }
} finally {
  await browser.close();
  await stopServe(serve.child);
}
console.log(JSON.stringify(out));
