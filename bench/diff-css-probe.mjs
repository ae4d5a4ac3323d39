/* global document */
// CSS variants of the grid's rows, alternated diff by diff in one page and traced: per variant, the main thread's
// CPU (thread time, which waiting for a core does not inflate) of Layout, style and paint steps per diff (medians).
// WHY alternated in one page: the machine's speed moves 3-5x within the hour, so variants measured in separate
// runs compare phases, not CSS. A diagnosis tool (issue 13), not in `npm run bench`.
//   VARIANTS='["", ".cell{contain:layout}"]' [ROUNDS=4] [VIEW=unsorted|remote|process] [DIFF_WAIT_MS=30000] \
//   node bench/diff-css-probe.mjs
//   (BENCH_RENDERER_OUT: another build). The unsorted view turns the whole window over every diff (the worst case).
import { launchChromium, paintedDiffRecords, startServe, stopServe } from './renderer.mjs';
import { median } from './stats.mjs';
import { openViewAt100k } from './diff-probe-page.mjs';
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const VIEW = process.env.VIEW ?? 'unsorted';
/** The longest wait for one diff's paint (the serve sends one every 2 s; a 100k diff paints in well under one). */
const DIFF_WAIT_MS = Number(process.env.DIFF_WAIT_MS ?? 30_000);
if (!(DIFF_WAIT_MS > 0))
  throw new Error(`DIFF_WAIT_MS must be a number of milliseconds > 0, not '${process.env.DIFF_WAIT_MS}'`);
const VARIANTS = JSON.parse(process.env.VARIANTS);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const serve = startServe();
const { chromium } = await import('playwright');
const url = await serve.url;
await sleep(3000);
const browser = await launchChromium(chromium);
try {
  const page = await openViewAt100k(browser, url, VIEW, 3);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink.user_timing'] });
  const markAt = await page.evaluate(() => {
    performance.mark('trace-sync');
    return performance.now();
  });
  const plan = [];
  for (let r = 0; r < ROUNDS; r++) for (let v = 0; v < VARIANTS.length; v++) plan.push(v);
  const got = [];
  for (const v of plan) {
    await page.evaluate((css) => {
      let el = document.getElementById('probe-css');
      if (!el) {
        el = document.createElement('style');
        el.id = 'probe-css';
        document.head.appendChild(el);
      }
      el.textContent = css;
    }, VARIANTS[v]);
    // Bounded (it waited for ever when no diff came: a server that died, a page that stopped painting).
    const [d] = await paintedDiffRecords(page, 1, DIFF_WAIT_MS).catch((error) => {
      throw new Error(
        `diff-css-probe: variant v${v} (${got.length} of ${plan.length} diffs measured): ${error.message} ` +
          '(is `netscope serve` still sending diffs? DIFF_WAIT_MS sets the wait)',
      );
    });
    got.push({ v, t0: d.t0, paint: d.paint, h: d.t1 - d.t0, dom: d.dom - d.t0 });
  }
  const buf = await browser.stopTracing();
  const ev = JSON.parse(buf.toString()).traceEvents;
  const mark = ev.find((e) => e.name === 'trace-sync');
  const off = mark.ts - markAt * 1000;
  const main = ev.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X');
  const NAMES = ['Layout', 'UpdateLayoutTree', 'PrePaint', 'Paint', 'Layerize'];
  const per = VARIANTS.map(() => ({ total: [], cpu: [], ...Object.fromEntries(NAMES.map((n) => [n, []])) }));
  for (const g of got) {
    const a = off + g.t0 * 1000,
      b = off + g.paint * 1000;
    const inside = main.filter((e) => e.ts >= a && e.ts < b);
    const p = per[g.v];
    p.total.push(g.paint - g.t0);
    for (const n of NAMES) p[n].push(inside.filter((e) => e.name === n).reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000);
    // top-level cpu: events not inside another
    const tops = inside.filter(
      (e) =>
        !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && (o.ts < e.ts || o.dur > e.dur)),
    );
    p.cpu.push(tops.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000);
  }
  VARIANTS.forEach((css, v) => {
    const p = per[v];
    console.log(
      `v${v} total ${median(p.total).toFixed(1)} cpu ${median(p.cpu).toFixed(1)} | ${NAMES.map((n) => `${n} ${median(p[n]).toFixed(2)}`).join(' ')} | layout each ${p.Layout.map((x) => x.toFixed(1)).join(',')} | ${css.slice(0, 90)}`,
    );
  });
} finally {
  await browser.close();
  await stopServe(serve.child);
}
