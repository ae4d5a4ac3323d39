// The renderer's incremental sorted view (src/renderer/grid/view-index.ts) at
// 100k rows: applying a 1% diff (333 changed, 333 removed, 333 added; after three such) to a view
// sorted by remote address, against the peer measured in the same run: sorting
// the same 100k rows from scratch (what the view would cost without its
// incremental path). Runs the TypeScript sources through jiti (no build
// needed). Prints a Markdown section and writes bench/results/view-index.md.
// This replaces the wall-clock assertion that used to sit in view-index.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { createJiti } from 'jiti';
import { median } from './stats.mjs';

// Bytes allocated per diff are read as heap growth with no GC in between: this needs gc() and a young
// generation large enough that one diff never fills it, so the script runs itself again with those flags.
const FLAGS = ['--expose-gc', '--max-semi-space-size=256'];
if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, [...FLAGS, fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const here = dirname(fileURLToPath(import.meta.url));
const jiti = createJiti(import.meta.url);
const { diffSnapshots } = await jiti.import('../src/shared/diff.ts');
const { assignConnectionIds, blankConnection, emptySnapshot } = await jiti.import('../src/shared/model.ts');
const { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex } = await jiti.import('../src/renderer/store/rows.ts');
const { sortConnections } = await jiti.import('../src/renderer/grid/sort.ts');
const { createViewIndex } = await jiti.import('../src/renderer/grid/view-index.ts');
const { createFilteredViews } = await jiti.import('../src/renderer/grid/filtered-view.ts');
const { viewPredicate } = await jiti.import('../src/shared/wire-head.ts');
const { connectionHaystack } = await jiti.import('../src/shared/filter.ts');
const { filterSection } = await import('./view-index-filter.mjs');

const ROWS = Number(process.env.BENCH_VIEW_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_VIEW_RUNS ?? 7);
const noExtra = () => '';

function rows() {
  const many = [];
  for (let n = 0; n < ROWS; n++) {
    many.push(
      blankConnection({
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: n % 60000,
        remoteAddress: `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`,
        remotePort: 443,
        state: 'ESTABLISHED',
        pid: n % 500,
        // As the renderer bench's synthetic rows (filter keystrokes type `worker-12`).
        processName: `worker-${n % 500}`,
        exePath: `/opt/synthetic/bin/worker-${n % 500}`,
        user: 'bench',
      }),
    );
  }
  return many;
}

const many = rows();
const base = emptySnapshot({ seq: 1, host: 'h', connections: assignConnectionIds(many.map((c) => ({ ...c }))) });
const churn = Math.round(ROWS / 300);
/** One refresh of the bench's kind: the oldest `churn` rows close, the next `churn` change state, `churn` open. */
function refresh(prev, k) {
  return emptySnapshot({
    seq: prev.seq + 1,
    host: 'h',
    connections: assignConnectionIds([
      ...prev.connections
        .slice(churn)
        .map((c, i) => (i < churn ? { ...c, state: k % 2 ? 'CLOSE_WAIT' : 'LAST_ACK' } : c)),
      ...many.slice((k - 1) * churn, k * churn).map((c) => ({ ...c, remotePort: 8000 + k })),
    ]),
  });
}
// WARM diffs first, so the buffers the view and the store keep from diff to diff exist and have grown to the
// view's size (a view's first diffs after a full sort make them); the next one is measured.
const WARM = 3;
const chain = [base];
for (let k = 1; k <= WARM + 1; k++) chain.push(refresh(chain[k - 1], k));
const diffs = chain.slice(1).map((s, k) => diffSnapshots(chain[k], s));
const later = chain[WARM + 1];

/** The store and a view sorted by `column` after the warm-up diffs, and the diff to measure. */
function warmed(column = 'remoteAddress') {
  const view = createViewIndex(null, { column, desc: false }, noExtra);
  let state = withIndex(receiveSnapshot(EMPTY_ROWS, base));
  view.sync(state);
  for (const d of diffs.slice(0, WARM)) {
    state = receiveDiff(state, d);
    view.sync(state);
  }
  return { view, state, diff: diffs[WARM] };
}

/** The store's states: the first snapshot, then after each diff (the last is the measured one). */
function chainStates() {
  const states = [withIndex(receiveSnapshot(EMPTY_ROWS, base))];
  for (const d of diffs) states.push(receiveDiff(states.at(-1), d));
  return states;
}

/** Heap growth across fn with no GC in between: the bytes it allocated (garbage included). */
function allocated(fn) {
  globalThis.gc();
  const before = getHeapStatistics().used_heap_size;
  const out = fn();
  return { out, bytes: getHeapStatistics().used_heap_size - before };
}

const receive = [];
const incremental = [];
const resort = [];
const receiveBytes = [];
const syncBytes = [];
// Sorted by process name: 500 processes own 200 rows each, so places among equal keys rest on arrival order.
const byProcess = [];
const resortByProcess = [];
for (let run = 0; run < RUNS; run++) {
  const { view, state: a, diff } = warmed();
  let t0 = performance.now();
  const b = receiveDiff(a, diff);
  receive.push(performance.now() - t0);
  t0 = performance.now();
  const shown = view.sync(b);
  incremental.push(performance.now() - t0);
  // The new snapshot's rows plus the removed ones, shown one last time.
  if (shown.length !== later.connections.length + churn) throw new Error(`view has ${shown.length} rows`);
  t0 = performance.now();
  sortConnections(b.rows, 'remoteAddress', false, noExtra);
  resort.push(performance.now() - t0);
  // The same diff again from a fresh state, its allocations measured apart from the timings above.
  const again = warmed();
  const b2 = allocated(() => receiveDiff(again.state, again.diff));
  receiveBytes.push(b2.bytes);
  syncBytes.push(allocated(() => again.view.sync(b2.out)).bytes);
  const p = warmed('process');
  const pb = receiveDiff(p.state, p.diff);
  t0 = performance.now();
  const byName = p.view.sync(pb);
  byProcess.push(performance.now() - t0);
  t0 = performance.now();
  const expected = sortConnections(pb.rows, 'process', false, noExtra);
  resortByProcess.push(performance.now() - t0);
  if (run === 0 && byName.some((c, i) => c !== expected[i])) throw new Error('the view by process is not the re-sort');
}
const kib = (bytes) => `${Math.round(bytes / 1024)} KiB`;

const rec = median(receive);
const inc = median(incremental);
const full = median(resort);
const section = [
  '## Renderer view index: a 1% diff at 100k rows, sorted',
  '',
  `${ROWS.toLocaleString('en-US')} rows sorted by remote address; the diff after three of the same kind, each of ${churn} changed, ${churn} removed and ` +
    `${churn} added rows. Median of ${RUNS} runs in one process (Node ${process.version}, TypeScript via jiti).`,
  '',
  '| path | median ms | ratio |',
  '| --- | ---: | ---: |',
  `| the view's update (view.sync after the diff) | ${inc.toFixed(1)} | ${(inc / full).toFixed(2)}x |`,
  `| (the store's receiveDiff before it, the same either way) | ${rec.toFixed(1)} | |`,
  `| peer: sorting the rows from scratch | ${full.toFixed(1)} | 1.00x |`,
  `| the view's update, sorted by process name (500 processes of 200 rows) | ${median(byProcess).toFixed(1)} | ${(median(byProcess) / median(resortByProcess)).toFixed(2)}x |`,
  `| peer: sorting the rows by process name from scratch | ${median(resortByProcess).toFixed(1)} | 1.00x |`,
  '',
  `Allocated per diff (heap growth with no GC in between, median; one array of ${ROWS.toLocaleString('en-US')} ` +
    `row slots is ${kib(ROWS * 8)} here, half that in Chromium's compressed heap): the store's receiveDiff ` +
    `${kib(median(receiveBytes))}, the view's update ${kib(median(syncBytes))}.`,
  '',
  inc < full
    ? 'The incremental path costs less than one re-sort, as it must.'
    : '**The incremental path is not cheaper than a re-sort: look at view-index.ts.**',
  ...filterSection({
    createViewIndex,
    createFilteredViews,
    viewPredicate,
    connectionHaystack,
    chainStates,
    diffs: WARM,
    runs: RUNS,
  }),
  '',
].join('\n');
console.log(section);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'view-index.md'), section);
