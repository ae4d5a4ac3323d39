// Which of the page's functions V8 keeps (re)compiling and deoptimising while it applies steady 1% diffs at 100k
// rows (issue 13). WHY: traced with renderer-trace.mjs POOL=1, the renderer's pool threads still ran Maglev and
// TurboFan compiles after 40 diffs of one view, and the slowest diffs waited for a core behind them. Chromium runs
// with V8's log (--js-flags=--log-code --log-deopt --log-function-events --logfile; --trace-opt/--trace-deopt print to a stdout that
// Playwright does not pass on); two eval'd marker functions bound the measured diffs in the page's log, and what V8
// compiled (Maglev '+', TurboFan '*', OSR 'o') and deoptimised between them is counted per function, named through
// the build's source maps when it has them (`npx electron-vite build --sourcemap`). A diagnosis tool, not in
// `npm run bench`; the logging costs time of its own, so its diff times are not figures to compare.
//   BENCH_RENDERER_OUT=/other/out node bench/diff-deopt-probe.mjs [view] [diffs]
// SETTLE=n: n diffs after the view is chosen before the measured ones (default 3), to see what V8 still compiles
// once the page has run a while.
import { fileURLToPath } from 'node:url';
import { collectDiffs, stopServe } from './renderer.mjs';
import { launchWithV8Log, markV8Log, openViewAt100k, readPageV8Log, v8LogReaders } from './diff-probe-page.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';

const VIEW = process.argv[2] ?? 'remote';
const DIFFS = Number(process.argv[3] ?? 20);
const SETTLE = Number(process.env.SETTLE ?? 3);
const OUT = process.env.BENCH_RENDERER_OUT ?? fileURLToPath(new URL('../out', import.meta.url));
const LOG = `/tmp/diff-deopt-${process.pid}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { serve, browser } = await launchWithV8Log(LOG, '--log-code --log-deopt --log-function-events');
try {
  const url = await serve.url;
  await sleep(3000);
  const page = await openViewAt100k(browser, url, VIEW, SETTLE);
  await markV8Log(page, '__deoptProbeStart');
  const diffs = await collectDiffs(page, DIFFS);
  await markV8Log(page, '__deoptProbeEnd');
  console.log(`view ${VIEW}: ${diffs.length} diffs, totals ${diffs.map((d) => d.total.toFixed(0)).join(' ')}`);
} finally {
  await browser.close();
  await stopServe(serve.child);
}

// The page's renderer's log is the one with the markers; its lines between them are the measured diffs'.
const lines = readPageV8Log(LOG, '__deoptProbeStart', process.env.KEEP === '1');
const from = lines.findIndex((l) => l.includes('__deoptProbeStart'));
const to = lines.findIndex((l) => l.includes('__deoptProbeEnd'));

// code-creation,JS,kind,time,addr,size,"name url:line:col",sfi,state (~ bytecode, ^ Sparkplug, + Maglev, * TurboFan,
// o: on-stack replacement); code-deopt,time,size,addr,inlining id,offset,kind,<url:line:col>,reason.
const name = await sourceNamer(OUT);
const { at, csv, fnOf } = v8LogReaders(name);
const count = (map, key, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
const codeAt = new Map();
const compiled = new Map();
const bytes = new Map();
const deopts = new Map();
for (let i = 0; i < lines.length; i++) {
  const l = lines[i];
  if (l.startsWith('code-creation,JS,')) {
    const f = csv(l);
    const state = f[8] ?? '';
    codeAt.set(f[4], fnOf(f[6]));
    if (i < from || i > to || !/[+*]/.test(state)) continue;
    const tier = `${state.includes('o') ? 'OSR ' : ''}${state.includes('*') ? 'TurboFan' : 'Maglev'}`;
    count(compiled, `${tier}  ${fnOf(f[6])}`);
    count(bytes, tier, Number(f[5]));
  } else if (l.startsWith('code-deopt,') && i > from && i < to) {
    const f = csv(l);
    count(deopts, `${f[6]} ${f[8]} at ${at(f[7].replace(/^<|>$/g, ''))} (code of ${codeAt.get(f[3]) ?? f[3]})`);
  }
}
const print = (title, map) => {
  const total = [...map.values()].reduce((a, b) => a + b, 0);
  console.log(`${title}: ${total} (${(total / DIFFS).toFixed(1)} per diff)`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`  ${String(v).padStart(4)}  ${k}`);
};
console.log(`log lines of the measured diffs: ${to - from} (markers at ${from}, ${to})`);
print('optimized code made (tier, function)', compiled);
console.log(`  bytes of code made: ${[...bytes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
print('deoptimisations (kind, reason, where, in whose code)', deopts);
