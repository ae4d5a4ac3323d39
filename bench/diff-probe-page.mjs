/* global window */
// The diagnosis probes' shared start (diff-alloc-probe.mjs, diff-css-probe.mjs): the bench page at 100k rows,
// loaded, in one of the renderer bench's views, with `settle` diffs let through so the view's first diffs (V8
// compiling its update) are not measured. `warm` diffs in the engine's order come before the header click, as in
// the renderer bench (13 unsorted diffs before its first click): the page's diff path is then warm, the sorted
// view's own code not.
import { BENCH_VIEWPORT, collectDiffs, quietDriver } from './renderer.mjs';
import { installPageProbes } from './renderer-page.mjs';

/** The renderer bench's sorted views by the header that sorts them; 'unsorted' (no header) is the engine's order. */
const HEADERS = { remote: 'col-header-remoteAddress', process: 'col-header-process' };

export async function openViewAt100k(browser, url, view, settle, warm = 0) {
  const page = await (await browser.newContext({ viewport: BENCH_VIEWPORT })).newPage();
  await page.addInitScript(installPageProbes, 100000);
  await quietDriver(page);
  await page.goto(url, { waitUntil: 'commit', timeout: 120000 });
  await page.waitForFunction(
    () => window.__bench.msgs.some((m) => (m.kind === 'snapshot' || m.kind === 'snapshot-result') && m.paint !== null),
    null,
    { timeout: 60000, polling: 100 },
  );
  if (warm > 0) await collectDiffs(page, warm);
  if (HEADERS[view]) await page.getByTestId(HEADERS[view]).click();
  await collectDiffs(page, settle);
  return page;
}
