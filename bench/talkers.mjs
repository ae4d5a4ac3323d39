// The Top talkers' trackers (src/shared/top-talkers.ts, both groupings, as the page's store records every live
// snapshot with counters: renderer/views/talkers.ts) at 100k synthetic rows with traffic counters on every row, per
// refresh (1% of the rows closing, 1% opening and 1% moving bytes per refresh). WHY: the renderer bench's synthetic load has no counters, so it never runs this path, while on Linux
// with sock_diag every row has them and the page records each diff's snapshot on its main thread (issue 13).
// Each build's source in a child process of its own (jiti), alternating: OLD_SRC=<dir of another checkout>
// (optional), RUNS per build (default 3), REFRESHES per run (default 25), ROWS (default 100000).
//   flock /tmp/bench.lock node bench/talkers.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { oldSource } from './old-source.mjs';
import { median } from './stats.mjs';

const ROWS = Number(process.env.ROWS ?? 100_000);
const REFRESHES = Number(process.env.REFRESHES ?? 25);
// CHANGES=1: as the page feeds them per diff, the changed rows alone (TalkerTracker.applyChanges, where the source has it).
const CHANGES = process.env.CHANGES === '1';
// BUSIEST=1: the time of the Top talkers table's head after each refresh instead (busiest(100, true), both trackers),
// as the page asks it per diff while the view is open.
const BUSIEST = process.env.BUSIEST === '1';

if (process.env.TALKERS_CHILD) {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url);
  const src = process.env.TALKERS_CHILD;
  const { createSyntheticCollectors } = await jiti.import(`${src}/src/main/collectors/synthetic.ts`);
  const { assignConnectionIds } = await jiti.import(`${src}/src/shared/model.ts`);
  const { TalkerTracker } = await jiti.import(`${src}/src/shared/top-talkers.ts`);
  const { data } = await createSyntheticCollectors(ROWS, 0.01).connections.collect();
  // Counters as sock_diag gives them; each refresh 1% of the rows close, 1% open and 1% move bytes (changed rows).
  const traffic = (sent, rate) => ({
    bytesSent: sent,
    bytesReceived: 2 * sent,
    segmentsSent: 10,
    segmentsReceived: 12,
    retransmissions: 0,
    rttMs: 0.1,
    rttVarianceMs: 0.05,
    sendRate: rate,
    receiveRate: rate === null ? null : 2 * rate,
    segmentSendRate: rate,
    segmentReceiveRate: rate,
  });
  const template = assignConnectionIds(data);
  let next = 0;
  const open = () => {
    const c = template[next % template.length];
    const n = next++;
    return { ...c, id: `${c.id}#${n}`, inode: 1_000_000 + n, traffic: traffic(1000, null) };
  };
  let rows = Array.from({ length: ROWS }, open);
  const trackers = [new TalkerTracker('process'), new TalkerTracker('host')];
  for (const t of trackers) t.update(rows, 0, true);
  const share = Math.round(ROWS * 0.01);
  const ms = [];
  for (let i = 1; i <= REFRESHES; i++) {
    const leaving = rows.slice(0, share);
    const entering = [];
    const kept = rows.slice(share);
    for (let k = 0; k < share; k++) {
      const at = (i * 7919 + k * 104729) % kept.length;
      const old = kept[at];
      if (entering.includes(old)) continue;
      const moved = { ...old, traffic: traffic(old.traffic.bytesSent + 500, 250) };
      leaving.push(old);
      entering.push(moved);
      kept[at] = moved;
    }
    const added = Array.from({ length: share }, open);
    entering.push(...added);
    rows = kept.concat(added);
    let t0 = performance.now();
    if (CHANGES && typeof trackers[0].applyChanges === 'function')
      for (const t of trackers) t.applyChanges(leaving, entering, i * 2000);
    else for (const t of trackers) t.update(rows, i * 2000, true);
    if (BUSIEST) {
      t0 = performance.now();
      for (const t of trackers) t.busiest(100, true);
    }
    ms.push(performance.now() - t0);
  }
  process.stdout.write(JSON.stringify(ms));
  process.exit(0);
}

const here = fileURLToPath(new URL('..', import.meta.url));
const builds = [['this tree', here]];
if (process.env.OLD_SRC) builds.unshift(['old', oldSource('src/shared/top-talkers.ts')]);
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
