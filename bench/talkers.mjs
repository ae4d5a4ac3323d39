// The Top talkers' trackers (src/shared/top-talkers.ts, both groupings, as the page's store records every live
// snapshot with counters: renderer/views/talkers.ts) at 100k synthetic rows with traffic counters on every row, per
// refresh. WHY: the renderer bench's synthetic load has no counters, so it never runs this path, while on Linux
// with sock_diag every row has them and the page records each diff's snapshot on its main thread (issue 13).
// Each build's source in a child process of its own (jiti), alternating: OLD_SRC=<dir of another checkout>
// (optional), RUNS per build (default 3), REFRESHES per run (default 25), ROWS (default 100000).
//   flock /tmp/bench.lock node bench/talkers.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const ROWS = Number(process.env.ROWS ?? 100_000);
const REFRESHES = Number(process.env.REFRESHES ?? 25);

if (process.env.TALKERS_CHILD) {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url);
  const src = process.env.TALKERS_CHILD;
  const { createSyntheticCollectors } = await jiti.import(`${src}/src/main/collectors/synthetic.ts`);
  const { assignConnectionIds } = await jiti.import(`${src}/src/shared/model.ts`);
  const { TalkerTracker } = await jiti.import(`${src}/src/shared/top-talkers.ts`);
  const collectors = createSyntheticCollectors(ROWS, 0.01);
  // Counters as sock_diag gives them, the same on every refresh (idle sockets: rates 0 after the first).
  const traffic = (first) => ({
    bytesSent: 1000,
    bytesReceived: 2000,
    segmentsSent: 10,
    segmentsReceived: 12,
    retransmissions: 0,
    rttMs: 0.1,
    rttVarianceMs: 0.05,
    sendRate: first ? null : 0,
    receiveRate: first ? null : 0,
    segmentSendRate: first ? null : 0,
    segmentReceiveRate: first ? null : 0,
  });
  const trackers = [new TalkerTracker('process'), new TalkerTracker('host')];
  const ms = [];
  for (let i = 0; i < REFRESHES; i++) {
    const { data } = await collectors.connections.collect();
    const rows = assignConnectionIds(data).map((c) => ({ ...c, traffic: traffic(i === 0) }));
    const t0 = performance.now();
    for (const t of trackers) t.update(rows, i * 2000, true);
    ms.push(performance.now() - t0);
  }
  process.stdout.write(JSON.stringify(ms));
  process.exit(0);
}

const here = fileURLToPath(new URL('..', import.meta.url));
const builds = [['this tree', here]];
if (process.env.OLD_SRC) {
  if (!existsSync(`${process.env.OLD_SRC}/src/shared/top-talkers.ts`))
    throw new Error(`OLD_SRC=${process.env.OLD_SRC} has no src/shared/top-talkers.ts`);
  builds.unshift(['old', process.env.OLD_SRC]);
}
const RUNS = Number(process.env.RUNS ?? 3);
const all = new Map(builds.map(([name]) => [name, []]));
for (let run = 0; run < RUNS; run++)
  for (const [name, src] of builds) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, TALKERS_CHILD: src },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
    const ms = JSON.parse(child.stdout);
    all.get(name).push(...ms);
    console.log(
      `${name} run ${run + 1}: median ${median(ms).toFixed(1)} ms per refresh (max ${Math.max(...ms).toFixed(1)})`,
    );
  }
for (const [name, ms] of all)
  console.log(`${name}: ${ROWS} rows, both trackers, median ${median(ms).toFixed(1)} ms per refresh over ${ms.length}`);
