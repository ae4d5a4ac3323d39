/* global window -- page.evaluate() code runs in the browser */
// The page's JavaScript heap at 100k rows as the filter box is focused and left (issue 13: the rows' filter texts
// are built only while a filter may be typed, src/renderer/grid/warm-filter-text.ts). A diagnosis tool, not in
// `npm run bench`. Per build and round, after a full GC each time (MB): loaded (6 s after the snapshot's paint,
// diffs landing), focused (the box clicked, 3 s later), blurred (the box left empty, 12 s later: past the 10 s
// after which the page lets the texts go). Run it for each build in turn, alternating, under `flock /tmp/bench.lock`.
//   BENCH_RENDERER_OUT=/other/out node bench/filter-heap-probe.mjs [rounds]
import { BENCH_VIEWPORT, launchChromium, startServe, stopServe } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';

const ROUNDS = Number(process.argv[2] ?? 2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function heapMB(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round(usedSize / 1e5) / 10;
}

const serve = startServe();
const { chromium } = await import('playwright');
const browser = await launchChromium(chromium);
const out = { build: process.env.BENCH_RENDERER_OUT ?? 'out', rounds: [] };
try {
  const url = await serve.url;
  await sleep(3000);
  for (let r = 0; r < ROUNDS; r++) {
    const context = await browser.newContext({ viewport: BENCH_VIEWPORT });
    const page = await context.newPage();
    await page.addInitScript(installPageProbes, 100000);
    await page.goto(url, { waitUntil: 'commit', timeout: 120000 });
    await page.waitForFunction(
      () =>
        window.__bench.msgs.some((m) => (m.kind === 'snapshot' || m.kind === 'snapshot-result') && m.paint !== null),
      null,
      { timeout: 60000, polling: 100 },
    );
    await sleep(6000);
    const loaded = await heapMB(context, page);
    const input = page.getByTestId('filter-input');
    await input.click();
    await sleep(3000);
    const focused = await heapMB(context, page);
    await input.blur();
    // The pointer leaves the box too (it stayed where the click left it): a box under the pointer counts as a
    // filter about to be typed (grid/filter-focus.ts).
    await page.mouse.move(1, 1);
    await sleep(12000);
    const blurred = await heapMB(context, page);
    out.rounds.push({ loaded, focused, blurred });
    await context.close();
  }
} finally {
  await browser.close();
  await stopServe(serve.child);
}
console.log(JSON.stringify(out));
