// Repeated strings held by the page at 100k rows after N diffs (CDP heap snapshot after a full GC): how many
// string objects carry each repeated value (exePath, processName, user...) and what they weigh. A diagnosis tool
// for issue 13 (do diff rows bring private copies of strings the store already holds?), not in `npm run bench`.
//   node bench/diff-string-probe.mjs [diffs...]   e.g. `0 20` (heap after load, then after 20 more diffs)
//   BENCH_RENDERER_OUT: another build; VIEW=remote|process|unsorted (default unsorted)
import { collectDiffs, launchChromium, startServe, stopServe } from './renderer.mjs';
import { openViewAt100k, pageHeapSnapshot } from './diff-probe-page.mjs';

const STEPS = process.argv.slice(2).map(Number);
const VIEW = process.env.VIEW ?? 'unsorted';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Strings in a heap snapshot grouped by a class of value: count and shallow bytes. */
async function stringCensus(cdp) {
  const snap = await pageHeapSnapshot(cdp, { captureNumericValue: false });
  const meta = snap.snapshot.meta;
  const F = meta.node_fields.length;
  const typeAt = meta.node_fields.indexOf('type');
  const nameAt = meta.node_fields.indexOf('name');
  const sizeAt = meta.node_fields.indexOf('self_size');
  const types = meta.node_types[0];
  const classes = {
    exePath: /^\/opt\/synthetic\/bin\/worker-\d+$/,
    processName: /^worker-\d+$/,
    user: /^bench$/,
    state: /^(ESTABLISHED|SYN_RECV|CLOSE_WAIT)$/,
    localAddress: /^10\.0\.0\.1$/,
    remoteAddress: /^10\.\d+\.\d+\.\d+$/,
  };
  const out = {};
  for (const k of Object.keys(classes)) out[k] = { objects: 0, distinct: new Set(), bytes: 0 };
  let heap = 0;
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += F) {
    heap += nodes[i + sizeAt];
    const t = types[nodes[i + typeAt]];
    if (t !== 'string' && t !== 'concatenated string' && t !== 'sliced string') continue;
    const name = snap.strings[nodes[i + nameAt]];
    for (const [k, re] of Object.entries(classes))
      if (re.test(name)) {
        out[k].objects++;
        out[k].distinct.add(name);
        out[k].bytes += nodes[i + sizeAt];
        break;
      }
  }
  return { heap, out };
}

const serve = startServe();
const { chromium } = await import('playwright');
const browser = await launchChromium(chromium);
try {
  const url = await serve.url;
  await sleep(3000);
  const page = await openViewAt100k(browser, url, VIEW, 0);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  let done = 0;
  for (const n of STEPS) {
    if (n > done) await collectDiffs(page, n - done);
    done = Math.max(done, n);
    await cdp.send('HeapProfiler.collectGarbage');
    const used = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const { heap, out } = await stringCensus(cdp);
    console.log(
      `after ${done} diffs (${VIEW}): used ${(used / 1e6).toFixed(1)} MB, snapshot ${(heap / 1e6).toFixed(1)} MB`,
    );
    for (const [k, v] of Object.entries(out))
      console.log(
        `  ${k.padEnd(14)} ${String(v.objects).padStart(7)} string objects for ${String(v.distinct.size).padStart(6)} values, ${(v.bytes / 1024).toFixed(0).padStart(6)} KiB`,
      );
  }
} finally {
  await browser.close();
  await stopServe(serve.child);
}
