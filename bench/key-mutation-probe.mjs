/* global window, document, requestAnimationFrame, MutationObserver -- page.evaluate() code runs in the browser */
// Which DOM writes a filter key makes, and in which frame (issue 13's filter keystroke): a diagnosis tool.
//   node bench/key-mutation-probe.mjs [rounds]   (BENCH_RENDERER_OUT: another build, as in renderer.mjs)
// With refreshes paused, types FILTER_TEXT (default `worker-12`) key by key and prints per key each mutation batch's
// time from keydown, what it touched, and the frames (rAF) in between.
import { stopServe } from './renderer.mjs';
import { launchProbe, loadPageAt100k } from './diff-probe-page.mjs';

const ROUNDS = Number(process.argv[2] ?? 1);
const TEXT = process.env.FILTER_TEXT ?? 'worker-12';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function installLog() {
  const log = [];
  window.__keyLog = log;
  const name = (n) => {
    const e = n.nodeType === 1 ? n : n.parentElement;
    if (!e) return '?';
    const t = e.closest('[data-testid]');
    return t ? t.getAttribute('data-testid') : e.className || e.tagName;
  };
  new MutationObserver((records) => {
    const t = performance.now();
    const where = new Map();
    for (const r of records) {
      const k = `${r.type[0]}:${name(r.target)}`;
      where.set(k, (where.get(k) ?? 0) + 1);
    }
    log.push({ t, what: [...where].map(([k, n]) => `${k}×${n}`).join(' ') });
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const frame = () =>
    requestAnimationFrame((ts) => {
      log.push({ t: performance.now(), what: `frame ${ts.toFixed(1)}` });
      frame();
    });
  frame();
}

const { serve, browser } = await launchProbe();
try {
  const url = await serve.url;
  await sleep(3000);
  const page = await loadPageAt100k(browser, url);
  await page.getByTestId('pause-toggle').click();
  await sleep(2500);
  await page.evaluate(installLog);
  const input = page.getByTestId('filter-input');
  for (let r = 0; r < ROUNDS; r++) {
    await input.click();
    await sleep(300);
    for (const ch of TEXT) {
      await page.evaluate(() => {
        window.__keyLog.length = 0;
        window.addEventListener('keydown', () => window.__keyLog.push({ t: performance.now(), what: 'keydown' }), {
          once: true,
          capture: true,
        });
      });
      await page.keyboard.type(ch);
      await sleep(600);
      const log = await page.evaluate(() => window.__keyLog.slice());
      const k = log.findIndex((e) => e.what === 'keydown');
      const t0 = log[k].t;
      const lines = log.slice(k).filter((e) => e.t - t0 < 200);
      // Frames after the last mutation are idle: cut them.
      let last = lines.length - 1;
      while (last > 0 && lines[last].what.startsWith('frame')) last--;
      console.log(
        `key ${ch}: ${lines
          .slice(0, last + 2)
          .map((e) => `${(e.t - t0).toFixed(1)} ${e.what}`)
          .join(' | ')}`,
      );
    }
    await input.fill('');
    await sleep(1500);
  }
  await page.context().close();
} finally {
  await browser.close().catch(() => undefined);
  await stopServe(serve.child);
}
