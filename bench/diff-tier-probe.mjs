// Diff by diff after a view is chosen (a sort click on a fresh page, or none): what V8 compiled (lazy bytecode,
// Sparkplug, Maglev, TurboFan, OSR) and deoptimised in the page while each diff was applied, from V8's log
// (--log-code --log-deopt; diff-deopt-probe.mjs counts the same over all diffs together). WHY: the first diffs
// after a sort click ran 2-3x the JS of later ones (issue 13); this tells whether they are the diffs V8 compiles
// in, and what. A diagnosis tool; the logging costs time of its own, so its diff times are not figures.
//   BENCH_RENDERER_OUT=/other/out SETTLE=1 node bench/diff-tier-probe.mjs [view] [diffs]
import { fileURLToPath } from 'node:url';
import { collectDiffs, stopServe } from './renderer.mjs';
import { launchWithV8Log, markV8Log, openViewAt100k, readPageV8Log, v8LogReaders } from './diff-probe-page.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';

const VIEW = process.argv[2] ?? 'remote';
const DIFFS = Number(process.argv[3] ?? 10);
const SETTLE = Number(process.env.SETTLE ?? 1);
const WARM = Number(process.env.WARM ?? 0);
const OUT = process.env.BENCH_RENDERER_OUT ?? fileURLToPath(new URL('../out', import.meta.url));
const LOG = `/tmp/diff-tier-${process.pid}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { serve, browser } = await launchWithV8Log(LOG, '--log-code --log-deopt');
const totals = [];
try {
  const url = await serve.url;
  await sleep(3000);
  const page = await openViewAt100k(browser, url, VIEW, SETTLE, WARM);
  for (let d = 0; d < DIFFS; d++) {
    await markV8Log(page, `__tierProbe${d}`);
    totals.push((await collectDiffs(page, 1))[0].total);
  }
  await markV8Log(page, `__tierProbe${DIFFS}`);
} finally {
  await browser.close();
  await stopServe(serve.child);
}

const lines = readPageV8Log(LOG, '__tierProbe0');
const bounds = [];
for (let d = 0; d <= DIFFS; d++)
  bounds.push(lines.findIndex((l) => l.includes(`__tierProbe${d}(`) || l.includes(`__tierProbe${d} `)));
const name = await sourceNamer(OUT);
const { at, csv, fnOf } = v8LogReaders(name);
const TIERS = { '~': 'bytecode', '^': 'sparkplug', '+': 'maglev', '*': 'turbofan' };
const VERBOSE = process.env.VERBOSE ? Number(process.env.VERBOSE) : 0;
console.log(`view ${VIEW}, warm ${WARM}, settle ${SETTLE}; per diff: total ms | code made per tier (count) | deopts`);
for (let d = 0; d < DIFFS; d++) {
  const [from, to] = [bounds[d], bounds[d + 1]];
  const per = new Map();
  const names = [];
  let deopts = 0;
  const deoptNames = [];
  for (let i = from; i < to && from >= 0; i++) {
    const l = lines[i];
    if (l.startsWith('code-creation,JS,')) {
      const f = csv(l);
      const state = f[8] ?? '';
      const tier = `${state.includes('o') ? 'osr-' : ''}${TIERS[state.replace('o', '')] ?? state}`;
      per.set(tier, (per.get(tier) ?? 0) + 1);
      if (/[+*]/.test(state)) names.push(`${tier} ${fnOf(f[6])}`);
    } else if (l.startsWith('code-deopt,')) {
      const f = csv(l);
      deopts++;
      deoptNames.push(`${f[6]} ${f[8]} at ${at(f[7].replace(/^<|>$/g, ''))}`);
    }
  }
  console.log(
    `${String(d + 1).padStart(2)} ${totals[d].toFixed(1).padStart(6)} | ${[...per].map(([k, v]) => `${k} ${v}`).join(', ')} | deopts ${deopts}`,
  );
  if (VERBOSE > d) for (const n of [...names, ...deoptNames]) console.log(`      ${n}`);
}
