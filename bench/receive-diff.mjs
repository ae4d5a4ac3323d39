// The renderer store's receiveDiff alone (src/renderer/store/rows.ts) at 100k rows, 1% diffs from the serve
// --synthetic collector (the renderer bench's load), old build's source against this tree's: each run a child
// process of its own (its own heap), alternating old/new, so the two never share a GC. Per run: receiveDiff's ms
// per diff (median, p90, mean) over DIFFS diffs after SKIP (a store that reuses arrays fills them in its first
// diffs: session 39's ring, branch s39-S, not landed), with the GCs those diffs ran into counted in. V8 flags for the children: FLAGS (e.g. FLAGS=--max-opt=0, Ignition only,
// as a diff every second or two mostly runs in the page). OLD_SRC=<dir> names the old tree (required: old-source.mjs).
// RUNS per build (default 4), DIFFS (default 40), SKIP (default 5), ROWS (default 100000).
//   flock /tmp/bench.lock node bench/receive-diff.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { oldSource } from './old-source.mjs';
import { median, pct } from './stats.mjs';

const ROWS = Number(process.env.ROWS ?? 100_000);
const DIFFS = Number(process.env.DIFFS ?? 40);
const SKIP = Number(process.env.SKIP ?? 5);

if (process.env.RECEIVE_DIFF_CHILD) {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url);
  const src = process.env.RECEIVE_DIFF_CHILD;
  const { createSyntheticCollectors } = await jiti.import(`${src}/src/main/collectors/synthetic.ts`);
  const { assignConnectionIds, emptySnapshot } = await jiti.import(`${src}/src/shared/model.ts`);
  const { diffSnapshots } = await jiti.import(`${src}/src/shared/diff.ts`);
  const rows = await jiti.import(`${src}/src/renderer/store/rows.ts`);
  const collectors = createSyntheticCollectors(ROWS, 0.01);
  const snaps = [];
  for (let i = 0; i <= SKIP + DIFFS; i++) {
    const { data } = await collectors.connections.collect();
    snaps.push(emptySnapshot({ seq: i + 1, host: 'h', connections: assignConnectionIds(data) }));
  }
  const diffs = [];
  for (let i = 1; i < snaps.length; i++) diffs.push(diffSnapshots(snaps[i - 1], snaps[i]));
  const first = snaps[0];
  snaps.length = 0;
  let state = rows.withIndex(rows.receiveSnapshot(rows.EMPTY_ROWS, first));
  const ms = [];
  for (const [i, diff] of diffs.entries()) {
    const t0 = performance.now();
    state = rows.receiveDiff(state, diff);
    const t = performance.now() - t0;
    if (i >= SKIP) ms.push(t);
  }
  if (state.rows.length < ROWS) throw new Error('rows lost');
  console.log(JSON.stringify(ms));
  process.exit(0);
}

const OLD_SRC = oldSource('src/renderer/store/rows.ts');
const NEW_SRC = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 4);
const flags = (process.env.FLAGS ?? '').split(' ').filter(Boolean);
const round = (x) => Math.round(x * 100) / 100;
const mean = (ms) => ms.reduce((a, b) => a + b, 0) / ms.length;
/** One line of figures for these per-diff ms. */
const figures = (ms) => `median ${round(median(ms))} p90 ${round(pct(ms, 0.9))} mean ${round(mean(ms))} ms`;
const all = { old: [], new: [] };
for (let r = 0; r < RUNS; r++) {
  for (const build of r % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
    const child = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url)], {
      env: { ...process.env, RECEIVE_DIFF_CHILD: build === 'old' ? OLD_SRC : NEW_SRC },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`${build}: ${child.stderr}`);
    const ms = JSON.parse(child.stdout.trim().split('\n').pop());
    all[build].push(...ms);
    console.log(`run ${r + 1} ${build}: ${figures(ms)} (${ms.length} diffs)`);
  }
}
for (const build of ['old', 'new']) console.log(`${build} all: ${figures(all[build])}`);
