/* global window */
// How many React commits the page makes per 1% diff at 100k rows, per view (issue 13, session 52): since the grid's
// rows and the status bar's counts are painted from the view without a render (src/renderer/grid/live-view.ts), a
// diff and the engine status sent after it should commit nothing. Counted in the real page through the hook React
// DOM reports its commits to (the one React DevTools installs: `__REACT_DEVTOOLS_GLOBAL_HOOK__.onCommitFiberRoot`),
// installed before the page's scripts run. A diagnosis tool, not in `npm run bench`.
//   BENCH_RENDERER_OUT=/other/out node bench/react-commit-probe.mjs [diffs]   VIEWS=unsorted,remote,process
import { collectDiffs, stopServe } from './renderer.mjs';
import { launchProbe, loadPageAt100k, sortBy } from './diff-probe-page.mjs';

const DIFFS = Number(process.argv[2] ?? 10);

/** A minimal DevTools hook: React DOM injects itself into it and calls onCommitFiberRoot at every commit. */
function installCommitCounter() {
  window.__commits = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject(renderer) {
      this.renderers.set(1, renderer);
      return 1;
    },
    onCommitFiberRoot() {
      window.__commits++;
    },
    onPostCommitFiberRoot() {},
    onCommitFiberUnmount() {},
    setStrictMode() {},
    checkDCE() {},
  };
}

const { serve, browser } = await launchProbe();
const out = { build: process.env.BENCH_RENDERER_OUT ?? 'out', diffs: DIFFS };
try {
  const url = await serve.url;
  for (const view of (process.env.VIEWS ?? 'unsorted,remote,process').split(',')) {
    const page = await loadPageAt100kCounted(browser, url);
    await sortBy(page, view);
    await collectDiffs(page, 2);
    const before = await page.evaluate(() => window.__commits);
    await collectDiffs(page, DIFFS);
    // The status message that follows the last diff.
    await page.waitForTimeout(500);
    const commits = (await page.evaluate(() => window.__commits)) - before;
    out[view] = { commits, perDiff: commits / DIFFS };
    await page.context().close();
  }
} finally {
  await browser.close();
  await stopServe(serve.child);
}
console.log(JSON.stringify(out));

/** loadPageAt100k with the commit counter installed first. */
async function loadPageAt100kCounted(b, url) {
  return loadPageAt100k(b, url, [[installCommitCounter, undefined]]);
}
