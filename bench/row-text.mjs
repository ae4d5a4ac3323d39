// rowText (src/shared/filter-text.ts) over 100k synthetic rows, as the grid builds them for the filter: the
// old build's source against this tree's, interleaved round by round, each round on fresh row objects (cold
// caches). The rows are the serve --synthetic collector's, with equal strings made one object as the page's
// store holds them (shared-strings.ts). OLD_SRC=<dir> names the old tree (required: old-source.mjs).
// ROUNDS (default 9). Prints per-round pairs and medians in ms.
import { createJiti } from 'jiti';
import { oldSource } from './old-source.mjs';
import { median } from './stats.mjs';
import { exposeGc, storeLikeRows } from './store-rows.mjs';

// A full GC before each timed pass, so that no pass pays for the garbage of the one before.
exposeGc(import.meta.url);

const OLD_SRC = oldSource('src/shared/filter-text.ts');
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const ROWS = Number(process.env.ROWS ?? 100_000);
const jiti = createJiti(import.meta.url);
const builds = {
  old: await jiti.import(`${OLD_SRC}/src/shared/filter-text.ts`),
  new: await jiti.import('../src/shared/filter-text.ts'),
};

const base = await storeLikeRows(ROWS);

function once(build) {
  const rows = base.map((c) => ({ ...c }));
  build.forgetRowTexts?.();
  globalThis.gc();
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i++) build.rowText(rows[i]);
  return performance.now() - t0;
}

const pairs = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
  const got = {};
  for (const k of order) got[k] = once(builds[k]);
  pairs.push(got);
  console.log(`round ${r + 1}: old ${got.old.toFixed(1)} ms, new ${got.new.toFixed(1)} ms`);
}
const med = (k) => median(pairs.map((p) => p[k])).toFixed(1);
console.log(`rowText over ${ROWS} rows: median old ${med('old')} ms, new ${med('new')} ms`);
