// Filter keystrokes in the renderer's view (bench/view-index.mjs runs this and adds its section): typing
// `worker-12` one key at a time over 100k rows sorted by remote address, as bench/renderer.mjs does in the page,
// A/B in one process: the previous way (a new view index per filter text: every row filtered, the matches
// sorted) against the kept views of src/renderer/grid/filtered-view.ts (the sorted view kept, each key's view
// cut from it or from the previous key's). Also what a diff costs while a filter is shown, both ways. The
// rows' filter text is built first, as the page builds it while idle.
import { median, pct } from './stats.mjs';

const TYPED = 'worker-12';
const FILTER_SHOWN = 'worker-1';

/**
 * @param {object} m  the modules and fixtures of view-index.mjs
 * @returns {string[]} the Markdown lines of the section
 */
export function filterSection(m) {
  const { createViewIndex, createFilteredViews, viewPredicate, connectionHaystack, chainStates, diffs, runs } = m;
  const sort = { column: 'remoteAddress', desc: false };
  const noExtra = () => '';
  const states = chainStates();
  const state = states.at(-1);
  for (const c of state.rows) connectionHaystack(c);
  for (const c of states[0].rows) connectionHaystack(c);

  const keys = { old: [], now: [] };
  const perKey = { old: [], now: [] };
  const time = (fn) => {
    const t0 = performance.now();
    const out = fn();
    return { ms: performance.now() - t0, out };
  };
  const oldKey = (text) => createViewIndex(viewPredicate(text, false), sort, noExtra).sync(state);
  for (let run = 0; run < runs; run++) {
    // Alternated, so a slow moment of the machine falls on both.
    for (const way of run % 2 ? ['now', 'old'] : ['old', 'now']) {
      let views = null;
      if (way === 'now') {
        // The grid was showing the unfiltered sorted view before the first key.
        views = createFilteredViews(sort, false, noExtra);
        views.sync(state, '');
        // The page fills the sorted view's texts while idle (useViewRows.ts).
        views.warmText(Infinity);
      }
      for (let i = 1; i <= TYPED.length; i++) {
        const text = TYPED.slice(0, i);
        const { ms, out } = time(() => (way === 'old' ? oldKey(text) : views.sync(state, text)));
        keys[way].push(ms);
        (perKey[way][i - 1] ??= []).push(ms);
        if (run === 0 && way === 'now' && out.length !== oldKey(text).length) throw new Error(`${text}: views differ`);
      }
    }
  }

  // A 1% diff while `worker-1` (22% of rows) is shown: the old single index against the kept base plus the
  // filtered view, each brought through the same diffs from the first snapshot, the last one timed.
  const diffTimes = { old: [], now: [] };
  for (let run = 0; run < runs; run++) {
    const old = createViewIndex(viewPredicate(FILTER_SHOWN, false), sort, noExtra);
    const views = createFilteredViews(sort, false, noExtra);
    const syncs = { old: (s) => old.sync(s), now: (s) => views.sync(s, FILTER_SHOWN) };
    for (const way of run % 2 ? ['now', 'old'] : ['old', 'now']) {
      for (let k = 0; k < states.length - 1; k++) syncs[way](states[k]);
      diffTimes[way].push(time(() => syncs[way](state)).ms);
    }
  }

  // What keeping the texts costs every diff of a sorted view once they are built: the same update with and without.
  const sortedDiff = { plain: [], texts: [] };
  for (let run = 0; run < runs; run++) {
    for (const way of run % 2 ? ['texts', 'plain'] : ['plain', 'texts']) {
      const view = createViewIndex(null, sort, noExtra);
      for (let k = 0; k < states.length - 1; k++) {
        view.sync(states[k]);
        if (way === 'texts') view.warmText(Infinity);
      }
      sortedDiff[way].push(time(() => view.sync(state)).ms);
    }
  }

  const row = (label, xs) =>
    `| ${label} | ${median(xs).toFixed(1)} | ${pct(xs, 0.95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
  const keyCells = perKey.now.map(
    (xs, i) => `\`${TYPED[i]}\` ${median(xs).toFixed(1)} / ${median(perKey.old[i]).toFixed(1)}`,
  );
  return [
    '',
    `### Filter keystrokes at ${state.rows.length.toLocaleString('en-US')} rows, sorted by remote address`,
    '',
    `Typing \`${TYPED}\` one key at a time (${TYPED.length} keys, ${runs} rounds alternating the two ways; the rows' filter text built beforehand, as the page builds it while idle). Per key, ms:`,
    '',
    '| way | median | p95 | max |',
    '| --- | ---: | ---: | ---: |',
    row('kept views (filtered-view.ts): cut in order, no sort', keys.now),
    row('before: a new index per filter (filter all rows, sort the matches)', keys.old),
    '',
    `Median per key, kept / before: ${keyCells.join(', ')}.`,
    '',
    `A 1% diff (the one measured above, after ${diffs} of its kind) while \`${FILTER_SHOWN}\` is shown, ms:`,
    '',
    '| way | median | p95 | max |',
    '| --- | ---: | ---: | ---: |',
    row('kept views: the sorted base and the filtered view, both updated', diffTimes.now),
    row('before: the filtered view only', diffTimes.old),
    '',
    "The same diff with no filter shown, sorted, once the view keeps its rows' filter texts (built while idle), ms:",
    '',
    '| way | median | p95 | max |',
    '| --- | ---: | ---: | ---: |',
    row('the view keeping the texts', sortedDiff.texts),
    row('the view without them', sortedDiff.plain),
  ];
}
