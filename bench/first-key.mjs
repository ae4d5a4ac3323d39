// A filter's first key typed before the grid has built the rows' filter texts (issue 13: the click into the box and
// a key at once): ranked.ts filterRanked over 100k synthetic rows with no texts, then the next key's cut of its
// view, the old tree's source against this one's, interleaved round by round, each round on fresh row objects
// (cold caches, owners forgotten). The rows as in row-text.mjs (serve --synthetic, equal strings one object).
// OLD_SRC=<dir> names the old tree (required: old-source.mjs); KEYS: comma-separated filters typed in turn (default
// `.,.5`; each later one is cut from the one before, as a narrowing key is); ROUNDS (default 9).
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { oldSource } from './old-source.mjs';
import { median } from './stats.mjs';
import { exposeGc, storeLikeRows } from './store-rows.mjs';

exposeGc(import.meta.url);

const OLD_SRC = oldSource('src/shared/filter-text.ts');
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const ROWS = Number(process.env.ROWS ?? 100_000);
const KEYS = (process.env.KEYS ?? '.,.5').split(',');
const jiti = createJiti(import.meta.url);
const { compileFilter } = await jiti.import('../src/shared/filter.ts');
const load = async (root) => ({
  text: await jiti.import(`${root}/src/shared/filter-text.ts`),
  ranked: await jiti.import(`${root}/src/renderer/grid/ranked.ts`),
});
const builds = { old: await load(OLD_SRC), new: await load(fileURLToPath(new URL('..', import.meta.url))) };

const base = await storeLikeRows(ROWS);

function once(build) {
  const rows = base.map((c) => ({ ...c }));
  build.text.forgetRowTexts();
  globalThis.gc();
  let view = build.ranked.makeRanked(rows, null, null);
  const ms = [];
  for (const key of KEYS) {
    const t0 = performance.now();
    view = build.ranked.filterRanked(view, compileFilter(key), build.text.compileTextFilter(key));
    ms.push(performance.now() - t0);
  }
  return { ms, count: view.rows.length };
}

const pairs = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
  const got = {};
  for (const k of order) got[k] = once(builds[k]);
  if (got.old.count !== got.new.count) throw new Error(`rows differ: old ${got.old.count}, new ${got.new.count}`);
  pairs.push(got);
  const f = (x) => x.ms.map((v) => v.toFixed(1)).join(' / ');
  console.log(`round ${r + 1}: old ${f(got.old)} ms, new ${f(got.new)} ms (${got.new.count} rows)`);
}
const med = (k, i) => median(pairs.map((p) => p[k].ms[i])).toFixed(1);
console.log(
  `${ROWS} rows, keys ${KEYS.join(' then ')}: median old ${KEYS.map((_, i) => med('old', i)).join(' / ')} ms, new ${KEYS.map((_, i) => med('new', i)).join(' / ')} ms`,
);
