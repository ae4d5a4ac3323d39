// `npm run bench`: every benchmark in one run, so the ratios in bench/RESULTS.md
// were all measured on the same machine in the same session. The engine and
// renderer benchmark (run.mjs) writes the first part of RESULTS.md; each other
// benchmark writes its own section to bench/results/<name>.md, and this script
// appends the sections written by this run. The soak (`npm run soak`, 15 min)
// is not run here; its last result is linked with its date.
//
//   BENCH_ONLY=cli,metrics npm run bench     run only some of the sections
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const results = join(here, 'results');
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const wanted = (name) => only === null || only.has(name);

/** name -> why it cannot run here (null when it can). */
// The engine and renderer run last: they write RESULTS.md, and the others' sections are appended to it.
const sections = [
  ['import', () => null],
  ['wine', () => (commandExists('wine') || commandExists('wine64') ? null : 'Wine is not installed')],
  ['cli', () => null],
  ['metrics', () => null],
  ['view-index', () => null],
  ['wire', () => null],
  ['server-diff', () => null],
  ['server-join', () => null],
  ['unix-sockets', () => (commandExists('ss') ? null : 'ss (iproute2) is not installed')],
  ['windows-extras', () => null],
  ['macos-traffic', () => null],
  ['engine-cpu', () => (commandExists('ss') ? null : 'ss (iproute2) is not installed')],
  // Issue 13 asks where the grid stops being smooth: the renderer bench again at 250k rows (its own section).
  ['renderer-250000', () => (existsSync('/usr/bin/chromium') ? null : 'Debian chromium is not installed')],
  // What a user does most with 100k rows: scroll (wheel, PageDown, End, a scrollbar jump), at 100k and 250k.
  ['renderer-scroll', () => (existsSync('/usr/bin/chromium') ? null : 'Debian chromium is not installed')],
  ['renderer-scroll-250000', () => (existsSync('/usr/bin/chromium') ? null : 'Debian chromium is not installed')],
  // With traffic counters on every row (as Linux's netlink engine gives them): the grid and the Top talkers per diff.
  ['renderer-talkers', () => (existsSync('/usr/bin/chromium') ? null : 'Debian chromium is not installed')],
  ['engine', () => null],
];
/** Sections whose script is not `<name>.mjs`, or that need an environment of their own. */
const scripts = {
  engine: { file: 'run.mjs' },
  'renderer-250000': { file: 'renderer.mjs', env: { BENCH_RENDERER_ROWS: '250000' } },
  'renderer-scroll-250000': { file: 'renderer-scroll.mjs', env: { BENCH_RENDERER_ROWS: '250000' } },
};

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const started = Date.now();
const outcomes = [];
for (const [name, unavailable] of sections) {
  if (!wanted(name)) continue;
  const why = unavailable();
  if (why) {
    outcomes.push({ name, note: `not measured: ${why}` });
    continue;
  }
  const { file: script, env = {} } = scripts[name] ?? { file: `${name}.mjs` };
  console.log(`\n== bench/${script}`);
  const run = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit', env: { ...process.env, ...env } });
  outcomes.push({ name, note: run.status === 0 ? null : `failed (exit ${run.status ?? run.signal})` });
}

// A run without the engine section must not add to an older RESULTS.md: its
// sections go to results/partial.md instead (one run, one file).
const engineRan = outcomes.some((o) => o.name === 'engine' && o.note === null);
const resultsFile = engineRan ? join(here, 'RESULTS.md') : join(results, 'partial.md');
if (!engineRan) writeFileSync(resultsFile, `# Partial benchmark run (${new Date().toISOString()})\n`);
const lines = [''];
for (const { name, note } of outcomes) {
  if (name === 'engine') continue;
  const file = join(results, `${name}.md`);
  const fresh = existsSync(file) && statSync(file).mtimeMs >= started;
  if (note === null && fresh) lines.push(readFileSync(file, 'utf8').trim(), '');
  else lines.push(`## ${name}`, '', `Not in this run: ${note ?? 'it wrote no new results'}.`, '');
}
const soak = join(results, 'soak.md');
if (existsSync(soak)) {
  lines.push(
    '## Soak',
    '',
    `\`npm run soak\` (15 minutes, not part of this run): last result written ${statSync(soak).mtime.toISOString()}, in [results/soak.md](results/soak.md).`,
    '',
  );
}
appendFileSync(resultsFile, lines.join('\n'));
console.log(`\nappended the other benchmarks to ${resultsFile}`);
