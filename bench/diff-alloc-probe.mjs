// Bytes the page allocates per diff, by function (CDP sampling heap profiler, objects later collected included),
// per view: what feeds the page's major GCs (every few diffs at 100k rows). A diagnosis tool, not in `npm run bench`.
//   node bench/diff-alloc-probe.mjs [unsorted|remote|process] [diffs]   (BENCH_RENDERER_OUT: another build;
//   SYNTHETIC: another load for serve, `100000:0.01:0.01` for rows with traffic counters as renderer-talkers.mjs)
import { collectDiffs, stopServe } from './renderer.mjs';
import { launchProbe, openViewAt100k } from './diff-probe-page.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';

const VIEW = process.argv[2] ?? 'unsorted';
const DIFFS = Number(process.argv[3] ?? 6);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const { serve, browser } = await launchProbe();
try {
  const url = await serve.url;
  await sleep(3000);
  const page = await openViewAt100k(browser, url, VIEW, 2);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    // SURVIVED=1: only what outlived the young generation (promoted), which is what fills the old one.
    includeObjectsCollectedByMinorGC: process.env.SURVIVED !== '1',
  });
  await collectDiffs(page, DIFFS);
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  const self = new Map();
  let total = 0;
  // Source names where the build has maps (`npx electron-vite build --sourcemap`), else the bundle's.
  const nameOf = await sourceNamer(process.env.BENCH_RENDERER_OUT ?? 'out');
  const walk = (n, path) => {
    const cf = n.callFrame;
    // A native (slice, join, Map#set...) is named with the function that called it: whose garbage it is.
    const name = cf.url ? nameOf(cf) : `${cf.functionName || '(anon)'} (native) < ${path}`;
    if (n.selfSize) {
      self.set(name, (self.get(name) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    for (const c of n.children ?? []) walk(c, cf.url ? nameOf(cf) : path);
  };
  walk(profile.head, '');
  console.log(
    `view ${VIEW}: ${(total / DIFFS / 1024).toFixed(0)} KiB allocated per diff (sampled, ${DIFFS} diffs); by function, KiB per diff:`,
  );
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${(v / DIFFS / 1024).toFixed(0).padStart(6)}  ${k}`);
} finally {
  await browser.close();
  await stopServe(serve.child);
}
