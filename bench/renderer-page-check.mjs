/* global window, document, requestAnimationFrame -- page.evaluate() code runs in the browser */
// Checks of the first-paint probe (renderer-page.mjs) on two synthetic pages, each a case it once got wrong:
//  - late fill: a frame paints 1 row of the grid's 10, and a task right after that paint fills it; the probe must
//    not accept the 1-row frame (it did when it checked after the paint, in a task that could run after the fill);
//  - relayout: 1 row short of the grid, then the grid fills by a resize alone (no mutation); the probe must accept
//    a frame after it (it waited for the next mutation, so for the timeout).
// In both, the filled frame's presentation (B.firstPresented, from the probe's element timing mark): it must come
// (presentationTime, or renderTime said so) and name the filled frame: the mark's paintTime after that frame's
// check (so after the last short frame: the 1-row frame, first-contentful-paint there; in relayout no row is new
// in the filled frame, so marking the rows would have named none) and before the next frame's animation callbacks,
// and presented no sooner than that paint nor than first-contentful-paint's presentation. NOT checked: presented >=
// the stamp. The stamp is a task after the paint, and on these light pages Chromium presented the frame before
// that task ran in 6 of 14 tries (0.1-33 ms): the stamp is no lower bound; on the 100k page (software raster of a
// full screen) presented comes 78-237 ms after it.
// Exits 1 on a failed check. Run it under `flock /tmp/bench.lock`:  node bench/renderer-page-check.mjs
import { chromium } from '@playwright/test';
import { launchChromium } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';

const ROW = '<div data-testid="conn-row" style="height:22px">r</div>';

/** A page whose grid first paints with 1 row, then fills in the task after that frame's paint. */
async function openLateFill(browser) {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.addInitScript(installPageProbes, 100000);
  await page.goto('data:text/html,<body style="margin:0"></body>');
  await page.evaluate((row) => {
    document.body.innerHTML =
      `<div data-testid="conn-grid" style="height:220px;overflow:hidden">${row}</div>` +
      '<div data-testid="status-bar"><span data-testid="status-counts">100000 sockets</span></div>';
    // Queued before the probe's own rAF (its MutationObserver runs after this script), so this task follows the
    // 1-row frame's paint before anything the probe queues from that frame.
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        document.querySelector('[data-testid="conn-grid"]').innerHTML = row.repeat(10);
      };
      ch.port2.postMessage(0);
    });
  }, ROW);
  return page;
}

async function lateFill(browser) {
  const page = await openLateFill(browser);
  await page.waitForFunction(() => window.__bench.firstPaint !== null, null, { timeout: 5000 });
  const first = await page.evaluate(() => window.__bench.firstPaint);
  await page.close();
  return { ok: first.rows === 10, got: first };
}

/** The filled frame's presented time, checked against the stamp and the short frames before it (see the top). */
async function presented(page) {
  await page.waitForFunction(() => window.__bench.firstPresented !== null, null, { timeout: 8000 });
  const got = await page.evaluate(() => {
    const B = window.__bench;
    const r = (v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v);
    return {
      stamp: r(B.firstPaint?.t ?? null),
      checked: r(B.firstPaint?.frame.checked ?? null),
      next: r(B.firstPaint?.frame.next ?? null),
      ...Object.fromEntries(Object.entries(B.firstPresented).map(([k, v]) => [k, r(v)])),
      lastShort: r(B.shortFrames.at(-1)?.t ?? null),
      fcpPresented: r(B.fcp?.presentationTime ?? B.fcp?.startTime ?? null),
    };
  });
  const painted = got.paintTime ?? got.presented;
  const ok =
    got.presentedBy !== 'none' &&
    got.stamp !== null &&
    got.lastShort !== null &&
    got.checked > got.lastShort &&
    painted >= got.checked &&
    got.next !== null &&
    painted < got.next &&
    got.presented >= painted &&
    got.fcpPresented !== null &&
    got.presented >= got.fcpPresented;
  return { ok, got };
}

async function lateFillPresented(browser) {
  const page = await openLateFill(browser);
  const result = await presented(page);
  await page.close();
  return result;
}

/** A page whose grid is 1 row short at 300 px high and filled by a resize to 600 px alone (no mutation). */
async function openRelayout(browser) {
  const page = await browser.newPage({ viewport: { width: 800, height: 300 } });
  await page.addInitScript(installPageProbes, 100000);
  await page.goto('data:text/html,<body style="margin:0"></body>');
  // One row 40% of the viewport's height in a 200 px grid: 120 px at 300 px high (short), 240 px at 600 (filled).
  await page.evaluate(() => {
    document.body.innerHTML =
      '<div data-testid="conn-grid" style="height:200px;overflow:hidden"><div data-testid="conn-row" style="height:40vh">r</div></div>' +
      '<div data-testid="status-bar"><span data-testid="status-counts">100000 sockets</span></div>';
  });
  await page.waitForTimeout(300);
  await page.setViewportSize({ width: 800, height: 600 });
  return page;
}

async function relayoutPresented(browser) {
  const page = await openRelayout(browser);
  const result = await presented(page);
  await page.close();
  return result;
}

async function relayout(browser) {
  const page = await openRelayout(browser);
  const filled = await page
    .waitForFunction(() => window.__bench.gridPaint !== null, null, { timeout: 3000 })
    .then(() => true)
    .catch(() => false);
  const short = await page.evaluate(() => window.__bench.shortFrames.length);
  await page.close();
  return { ok: filled, got: { filled, short } };
}

const browser = await launchChromium(chromium);
let failed = false;
try {
  for (const [name, check] of [
    ['late fill', lateFill],
    ['relayout', relayout],
    ['late fill, presented', lateFillPresented],
    ['relayout, presented', relayoutPresented],
  ]) {
    const { ok, got } = await check(browser).catch((e) => ({ ok: false, got: String(e).split('\n')[0] }));
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${JSON.stringify(got)}`);
    failed ||= !ok;
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
