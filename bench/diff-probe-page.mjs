/* global window */
// The diagnosis probes' shared start (diff-alloc-probe.mjs, diff-css-probe.mjs, ...): the bench page at 100k rows,
// loaded, in one of the renderer bench's views, with `settle` diffs let through so the view's first diffs (V8
// compiling its update) are not measured. `warm` diffs in the engine's order come before the header click, as in
// the renderer bench (13 unsorted diffs before its first click): the page's diff path is then warm, the sorted
// view's own code not.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { BENCH_VIEWPORT, collectDiffs, launchChromium, quietDriver, startServe } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';

/** The renderer bench's sorted views by the header that sorts them; 'unsorted' (no header) is the engine's order. */
const HEADERS = {
  remote: 'col-header-remoteAddress',
  process: 'col-header-process',
  receiveRate: 'col-header-receiveRate',
};
/** Clicks on a view's header that give its sort: one ascending, two descending (prefs-slice cycleSort), three none. */
export const SORT_CLICKS = { receiveRate: 2 };

/** Clicks `view`'s header `clicks` times (its sort from the engine's order by default); nothing for 'unsorted'. */
export async function sortBy(page, view, clicks = SORT_CLICKS[view] ?? 1) {
  if (!HEADERS[view]) return;
  for (let i = 0; i < clicks; i++) await page.getByTestId(HEADERS[view]).click();
}

/**
 * The bench page at 100k rows in a fresh context, once its whole snapshot's rows are painted. initScripts: more
 * [fn, arg] pairs for page.addInitScript, run before the page's probes.
 */
export async function loadPageAt100k(browser, url, initScripts = []) {
  const page = await (await browser.newContext({ viewport: BENCH_VIEWPORT })).newPage();
  for (const [fn, arg] of initScripts) await page.addInitScript(fn, arg);
  await page.addInitScript(installPageProbes, 100000);
  await quietDriver(page);
  await page.goto(url, { waitUntil: 'commit', timeout: 120000 });
  await page.waitForFunction(
    () => window.__bench.msgs.some((m) => (m.kind === 'snapshot' || m.kind === 'snapshot-result') && m.paint !== null),
    null,
    { timeout: 60000, polling: 100 },
  );
  return page;
}

export async function openViewAt100k(browser, url, view, settle, warm = 0) {
  const page = await loadPageAt100k(browser, url);
  if (warm > 0) await collectDiffs(page, warm);
  await sortBy(page, view);
  await collectDiffs(page, settle);
  return page;
}

const CHROMIUM_ARGS = JSON.parse(readFileSync(new URL('../e2e/chromium-args.json', import.meta.url), 'utf8'));

/**
 * `netscope serve` and Debian's Chromium with V8's log on (`jsFlags`, the log of each process in `${log}-<pid>.log`),
 * for the probes that read what V8 compiled and deoptimised between two marker functions the page evals
 * (diff-tier-probe.mjs, diff-deopt-probe.mjs). The caller awaits `serve.url` and closes both.
 */
export async function launchWithV8Log(log, jsFlags) {
  const serve = probeServe();
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--js-flags=${jsFlags} --logfile=${log}-%p.log --no-logfile-per-isolate`],
  });
  return { serve, browser };
}

/** The probes' `netscope serve`. SYNTHETIC: another load (`100000:0.01:0.01`: rows with counters, renderer-talkers). */
function probeServe() {
  return startServe(process.env.SYNTHETIC ? { synthetic: process.env.SYNTHETIC } : {});
}

/**
 * `netscope serve` (probeServe) and Debian's Chromium as the renderer bench launches it, for the probes that read the
 * page through CDP (diff-alloc-probe.mjs, heap-census-probe.mjs). The caller awaits `serve.url` and closes both.
 */
export async function launchProbe() {
  const serve = probeServe();
  const { chromium } = await import('playwright');
  return { serve, browser: await launchChromium(chromium) };
}

/** A heap snapshot of the page behind `cdp` (HeapProfiler enabled), parsed; `options` as CDP's takeHeapSnapshot's. */
export async function pageHeapSnapshot(cdp, options = {}) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, ...options });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return JSON.parse(chunks.join(''));
}

/** A function named `name` evaluated in the page: its code-creation line marks this moment in the page's V8 log. */
export const markV8Log = (page, name) => page.evaluate((n) => window.eval(`(function ${n}() { return 1; })()`), name);

/**
 * The lines of the page's renderer's V8 log (of the processes' logs, the one holding `marker`); the log files are
 * removed unless `keep`.
 */
export function readPageV8Log(log, marker, keep = false) {
  const dir = log.slice(0, log.lastIndexOf('/'));
  let lines = [];
  for (const f of readdirSync(dir).filter((x) => x.startsWith(log.slice(dir.length + 1)))) {
    const text = readFileSync(`${dir}/${f}`, 'latin1');
    if (text.includes(marker)) lines = text.split('\n');
    if (keep) console.log(`log kept: ${dir}/${f}`);
    else rmSync(`${dir}/${f}`, { force: true });
  }
  return lines;
}

/**
 * Readers of a V8 log's lines for the probes (diff-deopt-probe.mjs, diff-tier-probe.mjs, filter-deopt-probe.mjs),
 * naming code by source file and line through `name` (trace-sourcemap.mjs sourceNamer): `at` a `url:line:col`
 * position, `csv` a log line's fields, `fnOf` a code-creation's "name url:line:col" field.
 */
export function v8LogReaders(name) {
  const at = (loc) => {
    const m = /^(.*):(\d+):(\d+)$/.exec(loc);
    return m ? name({ url: m[1], lineNumber: Number(m[2]) - 1, columnNumber: Number(m[3]) - 1 }) : loc;
  };
  const csv = (l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((x) => x.replace(/,$/, '').replace(/^"|"$/g, ''));
  const fnOf = (field) => {
    const sp = field.lastIndexOf(' ');
    return at(field.slice(sp + 1)).replace(/^\(anon\)|^\S+/, (n) => field.slice(0, sp) || n);
  };
  return { at, csv, fnOf };
}
