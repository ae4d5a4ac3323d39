// What V8 compiled and deoptimised in the page while a filter's keys were typed (issue 13: the second key after a
// first key typed at once after the click into the box). The page at 100k rows with refreshes paused, Chromium with
// V8's log (diff-probe-page.mjs launchWithV8Log), FILTER_TEXT (default `.5`) typed key by key as filter-trace.mjs
// types it (typeWatched: 1.2 s after each key), FOCUS_MS after the click (default 0), `rounds` times with the box
// blurred 11 s between (COLD, as filter-trace COLD=1); a marker function is evaluated before each key, so what V8
// did from one key to the next (the key's own work, then the idle warm of the rows' filter texts) is counted per key,
// named through the build's source maps when it has them (`npx electron-vite build --sourcemap`). A diagnosis tool:
// the logging costs time of its own, so its key times are not figures to compare.
//   BENCH_RENDERER_OUT=/other/out node bench/filter-deopt-probe.mjs [rounds]
import { fileURLToPath } from 'node:url';
import { stopServe, typeWatched } from './renderer.mjs';
import { launchWithV8Log, loadPageAt100k, markV8Log, readPageV8Log, v8LogReaders } from './diff-probe-page.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';

const ROUNDS = Number(process.argv[2] ?? 2);
const TEXT = process.env.FILTER_TEXT ?? '.5';
const FOCUS_MS = Number(process.env.FOCUS_MS ?? 0);
const OUT = process.env.BENCH_RENDERER_OUT ?? fileURLToPath(new URL('../out', import.meta.url));
const LOG = `/tmp/filter-deopt-${process.pid}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { serve, browser } = await launchWithV8Log(LOG, '--log-code --log-deopt --log-function-events');
const marks = [];
try {
  const url = await serve.url;
  await sleep(3000);
  const page = await loadPageAt100k(browser, url);
  await page.getByTestId('pause-toggle').click();
  await sleep(2500);
  const input = page.getByTestId('filter-input');
  for (let r = 0; r < ROUNDS; r++) {
    await input.click();
    await sleep(FOCUS_MS);
    const times = [];
    for (let k = 0; k < TEXT.length; k++) {
      const marker = `__filterProbe_${r}_${k}`;
      await markV8Log(page, marker);
      marks.push({ marker, label: `round ${r + 1} key ${TEXT[k]}` });
      const w = await typeWatched(page, TEXT[k]);
      times.push(`${TEXT[k]} ${w.echo ? (Math.max(w.echo, ...w.paints) - w.t0).toFixed(1) : '-'}`);
    }
    const marker = `__filterProbe_${r}_end`;
    await markV8Log(page, marker);
    marks.push({ marker, label: null });
    console.log(`round ${r + 1}: ${times.join(', ')} ms (logging on: not figures)`);
    await input.fill('');
    await sleep(1500);
    await input.blur();
    await page.mouse.move(1, 1);
    await sleep(11_000);
  }
} finally {
  await browser.close();
  await stopServe(serve.child);
}

const lines = readPageV8Log(LOG, marks[0].marker, process.env.KEEP === '1');
const name = await sourceNamer(OUT);
const { at, csv, fnOf } = v8LogReaders(name);
const markAt = marks.map((m) => ({ ...m, line: lines.findIndex((l) => l.includes(m.marker)) }));
const codeAt = new Map();
let region = -1;
const out = markAt.map(() => ({ compiled: [], deopts: [] }));
for (let i = 0; i < lines.length; i++) {
  while (region + 1 < markAt.length && i >= markAt[region + 1].line) region++;
  const l = lines[i];
  if (l.startsWith('code-creation,JS,')) {
    const f = csv(l);
    const state = f[8] ?? '';
    codeAt.set(f[4], fnOf(f[6]));
    if (region < 0 || !markAt[region].label || !/[+*]/.test(state)) continue;
    out[region].compiled.push(
      `${state.includes('o') ? 'OSR ' : ''}${state.includes('*') ? 'TurboFan' : 'Maglev'}  ${fnOf(f[6])}`,
    );
  } else if (l.startsWith('code-deopt,') && region >= 0 && markAt[region].label) {
    const f = csv(l);
    out[region].deopts.push(
      `${f[6]} ${f[8]} at ${at(f[7].replace(/^<|>$/g, ''))} (code of ${codeAt.get(f[3]) ?? f[3]})`,
    );
  }
}
const tally = (list) => {
  const m = new Map();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
};
for (let k = 0; k < markAt.length; k++) {
  if (!markAt[k].label) continue;
  console.log(
    `${markAt[k].label} (to the next key): ${out[k].compiled.length} compiled, ${out[k].deopts.length} deopts`,
  );
  for (const [x, n] of tally(out[k].deopts).slice(0, 15)) console.log(`  deopt ${String(n).padStart(3)}  ${x}`);
  for (const [x, n] of tally(out[k].compiled).slice(0, 25)) console.log(`  made  ${String(n).padStart(3)}  ${x}`);
}
