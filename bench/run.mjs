// `npm run bench`: NetScope's engine against `ss` on the same machine, in the
// same run, at N established loopback connections (N = 1k, 10k, 50k; override
// with BENCH_SIZES=1000,5000). Writes bench/RESULTS.md. Targets are reported,
// never asserted: a benchmark informs, the tests decide.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { idleSample } from './idle-cpu.mjs';
import { startLoad } from './loadgen.mjs';
import { runRendererBench } from './renderer.mjs';
import { comparePids, measure, medianOf, medianWithCpu, timed } from './run-helpers.mjs';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const bin = join(root, 'bin', 'netscope.js');
const tmp = join(here, 'tmp');
mkdirSync(tmp, { recursive: true });
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);

/** Fresh `measure` processes per engine and size; the cold figures are their medians. */
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
if (!Number.isInteger(COLD_RUNS) || COLD_RUNS < 1) throw new Error(`BENCH_COLD_RUNS must be a whole number >= 1`);
/** Runs of each `ss` command and of `netscope -tanp` at `n` connections: ss at 1k and 10k takes a few ms, most of it
 * its own start, so more runs there for a steadier median. */
const runsAt = (n) => (n >= 50_000 ? 2 : 5);
/**
 * Warm refreshes per `measure`, and how many of the first are V8's warm-up. WHY: a monitor refreshes every second for
 * hours; its first few refreshes after the cold one also pay for V8 compiling the warm path (at 1k connections, ~10 ms
 * each against 4-7 ms from the sixth on, 10:29 on 2026-12-02). Warm is the median of the refreshes after the
 * warm-up; the first ones' median is printed beside it, as the idle figure keeps its first seconds apart.
 */
const WARM_REFRESHES = 15;
const WARM_UP = 5;
const steadyWarm = (warmMs) => median(warmMs.slice(WARM_UP));
const warmUpMedian = (warmMs) => median(warmMs.slice(0, WARM_UP));

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const ratio = (a, b) => (a / b).toFixed(3);

async function benchSize(n) {
  process.stdout.write(`\n== ${n} connections: starting load... `);
  const load = await startLoad(n);
  try {
    await new Promise((r) => setTimeout(r, 500));
    process.stdout.write('ss -tan, ss -tanp... ');
    const runs = runsAt(n);
    const ssTan = await medianWithCpu(runs, 'ss', ['-tanH']);
    const ssTani = await medianWithCpu(runs, 'ss', ['-taniH']);
    const ssTanpRuns = [await timed('ss', ['-tanpH'])];
    for (let i = 1; i < runs; i++) ssTanpRuns.push(await timed('ss', ['-tanpH']));
    process.stdout.write('netscope measure... ');
    const pidsFile = join(tmp, `pids-${n}.txt`);
    const m = measure(['--warm', String(WARM_REFRESHES), '--pids-file', pidsFile], {
      NETSCOPE_SOCKET_ENGINE: 'procfs',
    });
    // ss again right after, so the PID comparison sees the same sockets.
    const ssAfter = await timed('ss', ['-tanpH']);
    const pids = comparePids(ssAfter.stdout, pidsFile);
    process.stdout.write('netscope measure (netlink)... ');
    const netlinkPidsFile = join(tmp, `pids-netlink-${n}.txt`);
    const mn = measure(['--warm', String(WARM_REFRESHES), '--pids-file', netlinkPidsFile], {
      NETSCOPE_SOCKET_ENGINE: 'netlink',
    });
    const netlinkPids = comparePids((await timed('ss', ['-tanpH'])).stdout, netlinkPidsFile);
    // WHY more cold runs: one fresh process is one sample of a pass that moves by tens of ms from run to run on a
    // shared 2-core machine (session 23: 0.151x in the engine table, 0.198x in the per-thread table of the same run).
    // Each round is a fresh process per engine and one more `ss -tanp`, so both sides of the ratio are medians of the
    // same minutes.
    const procfsColds = [m.coldMs];
    const netlinkColds = [mn.coldMs];
    for (let i = 1; i < COLD_RUNS; i++) {
      process.stdout.write(`cold ${i + 1}/${COLD_RUNS}... `);
      procfsColds.push(measure(['--warm', '0'], { NETSCOPE_SOCKET_ENGINE: 'procfs' }).coldMs);
      netlinkColds.push(measure(['--warm', '0'], { NETSCOPE_SOCKET_ENGINE: 'netlink' }).coldMs);
      ssTanpRuns.push(await timed('ss', ['-tanpH']));
    }
    const ssTanp = { ms: median(ssTanpRuns.map((r) => r.ms)), runs: ssTanpRuns.length };
    // WHY also the whole process: `measure`'s cold figure starts when the snapshot is asked for, after Node's start
    // and module loading (and, since session 21, after the CLI has started its reading threads ahead); a user who
    // types `netscope -tanp` waits for all of it.
    process.stdout.write('netscope -tanp (whole process)... ');
    const cliTanp = await medianOf(runs, process.execPath, [bin, '-tanp']);
    const warm = steadyWarm(m.warmMs);
    const row = {
      n,
      sockets: m.tcp,
      ssTan: ssTan.ms,
      ssTanp: ssTanp.ms,
      cold: median(procfsColds),
      colds: procfsColds,
      warm,
      coldRatio: median(procfsColds) / ssTanp.ms,
      ssTanpRuns: ssTanp.runs,
      warmRatio: warm / ssTan.ms,
      warmUp: warmUpMedian(m.warmMs),
      maxRssMb: m.maxRssMb,
      pids,
      ssTanCpu: ssTan.cpuMs,
      ssTani: ssTani.ms,
      ssTaniCpu: ssTani.cpuMs,
      procfsCpu: m.cpuMs,
      netlink: {
        cold: median(netlinkColds),
        colds: netlinkColds,
        warm: steadyWarm(mn.warmMs),
        warmUp: warmUpMedian(mn.warmMs),
        cpuMs: mn.cpuMs,
        maxRssMb: mn.maxRssMb,
        pids: netlinkPids,
      },
      cliTanp: cliTanp.ms,
      warnings: m.warnings,
      errors: m.errors,
    };
    console.log(
      `cold ${fmt(row.cold)} (${ratio(row.cold, row.ssTanp)}x ss -tanp; runs ${procfsColds.map(fmt).join(', ')}), warm ${fmt(warm)} (${ratio(warm, row.ssTan)}x ss -tan), ${row.maxRssMb.toFixed(0)} MB, PIDs ${pids.same} same / ${pids.different} different / ${pids.missing} not in ss`,
    );
    console.log(
      `   netlink: cold ${fmt(row.netlink.cold)} (${ratio(row.netlink.cold, row.ssTanp)}x ss -tanp; runs ${netlinkColds.map(fmt).join(', ')}), netscope -tanp whole process ${fmt(row.cliTanp)} (${ratio(row.cliTanp, row.ssTanp)}x), warm ${fmt(row.netlink.warm)} (${ratio(row.netlink.warm, row.ssTan)}x ss -tan, ${ratio(row.netlink.warm, row.ssTani)}x ss -tani), PIDs ${netlinkPids.different} different`,
    );
    return row;
  } finally {
    await load.stop();
  }
}

/** TIME_WAIT sockets left by earlier runs (tests, a previous bench) would be counted as load; they expire within 60 s. */
async function waitForTimeWaitToDrain() {
  const started = Date.now();
  const timeWait = () => Number(/tw (\d+)/.exec(readFileSync('/proc/net/sockstat', 'utf8'))?.[1] ?? 0);
  while (timeWait() > 200 && Date.now() - started < 70_000) await new Promise((r) => setTimeout(r, 1000));
  return timeWait();
}

const IDLE_FIRST_S = [3, 23];
const IDLE_STEADY_S = [33, 53];
/** Idle samples per engine (each a fresh `netscope measure`); the figures are their medians. */
const IDLE_RUNS = Number(process.env.BENCH_IDLE_RUNS ?? 3);
/** The same-run peers: `ss` with these arguments once per second in each sample's steady seconds. */
const IDLE_PEERS = ['-tanpi', '-tan'];

/** At the 1 s interval one refresh runs per second: a % of one core is a tenth of that many ms per refresh. */
const perRefreshMs = (percent) => `${(percent * 10).toFixed(1)} ms`;

/**
 * The idle cost (bench/idle-cpu.mjs, as bench/idle-refresh.mjs takes it): IDLE_RUNS samples, each a fresh `measure
 * --idle` with the CPU of every thread from schedstat in two windows, seconds 3-23 after start (what this bench
 * reported until session 19: it includes V8 compiling the hot code on its helper threads, a one-time cost) and
 * seconds 33-53 (steady state, what a monitor left running costs), and `ss -tanpi` / `ss -tan` once per second in the
 * steady seconds (what `watch -n1 ss -tanpi` costs on the same machine at the same moment). Medians of the samples;
 * `versusSs` is NetScope's steady CPU per refresh over each peer's per call, the median of the samples' ratios.
 */
async function benchIdle(env = {}) {
  process.stdout.write(`\n== idle cost at a 1 s interval, 1000 connections (about 2k sockets), ${IDLE_RUNS} runs... `);
  const leftover = await waitForTimeWaitToDrain();
  if (leftover > 200) process.stdout.write(`(${leftover} TIME_WAIT sockets did not drain) `);
  const load = await startLoad(1000);
  try {
    const samples = [];
    for (let run = 0; run < IDLE_RUNS; run++)
      samples.push(await idleSample(bin, { env, windows: [IDLE_FIRST_S, IDLE_STEADY_S], peers: IDLE_PEERS }));
    const steady = (k) => median(samples.map((s) => s.windows[1][k]));
    const versusSs = Object.fromEntries(
      IDLE_PEERS.map((args) => [
        args,
        {
          msPerCall: median(samples.map((s) => s.peers[args].ms)),
          ratio: median(samples.map((s) => s.windows[1].ms / s.peers[args].ms)),
        },
      ]),
    );
    const result = {
      ...samples[0].measured.idle,
      cpuPercentOfOneCore: steady('percent'),
      firstPercent: median(samples.map((s) => s.windows[0].percent)),
      msPerRefresh: steady('ms'),
      perThread: { main: steady('main'), helpers: steady('helpers'), owner: steady('owner'), reader: steady('reader') },
      samplesMs: samples.map((s) => s.windows[1].ms),
      versusSs,
      sockets: samples[0].measured.connections,
    };
    const t = result.perThread;
    console.log(
      `${result.cpuPercentOfOneCore.toFixed(2)}% of one core in seconds ${IDLE_STEADY_S.join('-')} (${perRefreshMs(result.cpuPercentOfOneCore)} of CPU per refresh, median of ${result.samplesMs.map((ms) => ms.toFixed(1)).join(', ')}; main ${t.main.toFixed(1)}, V8 helpers ${t.helpers.toFixed(1)}, owner thread ${t.owner.toFixed(1)}, reading thread ${t.reader.toFixed(1)}), ${idleVersusSs(result)}; ${result.firstPercent.toFixed(2)}% in seconds ${IDLE_FIRST_S.join('-')} (${samples[0].measured.tcp} tcp sockets)`,
    );
    return result;
  } finally {
    await load.stop();
  }
}

/** "N x `ss -tanpi` (M ms per call), ..." of a benchIdle result: its CPU per refresh against the same seconds' peers. */
const idleVersusSs = (idle) =>
  Object.entries(idle.versusSs)
    .map(
      ([args, p]) => `${p.ratio.toFixed(2)} x \`ss ${args}\` once per second (${p.msPerCall.toFixed(1)} ms per call)`,
    )
    .join(', ');

// Idle first, while the machine holds only its own few sockets plus the load.
const idle = await benchIdle({ NETSCOPE_SOCKET_ENGINE: 'procfs' });
const idleNetlink = await benchIdle({ NETSCOPE_SOCKET_ENGINE: 'netlink' });
const rows = [];
for (const n of sizes) rows.push(await benchSize(n));
let renderer = null;
if (process.env.BENCH_SKIP_RENDERER === '1') {
  renderer = { skipped: 'BENCH_SKIP_RENDERER=1' };
} else {
  try {
    renderer = await runRendererBench();
  } catch (error) {
    console.log(`renderer benchmark skipped: ${error.message}`);
    renderer = { skipped: error.message };
  }
}

const big = rows.find((r) => r.n === 50_000) ?? rows[rows.length - 1];
const check = (ok) => (ok ? 'met' : '**not met**');
const lines = [
  '# NetScope benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString()} (${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}). Peers run in the same session on the same sockets.`,
  'Connections are established TCP pairs on loopback, so each one is two sockets (both ends), spread over load-generator processes of 8000 connections each.',
  '',
  '## Engine: snapshot of every TCP/UDP socket with its owning process (procfs reader, the fallback: NETSCOPE_SOCKET_ENGINE=procfs)',
  '',
  '| connections | tcp sockets seen | `ss -tan` | `ss -tanp` | NetScope cold (with owners) | cold / `ss -tanp` | NetScope warm | warm / `ss -tan` | peak RSS | PID same as `ss -tanp` |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.n} | ${r.sockets} | ${fmt(r.ssTan)} | ${fmt(r.ssTanp)} | ${fmt(r.cold)} | ${ratio(r.cold, r.ssTanp)} | ${fmt(r.warm)} | ${ratio(r.warm, r.ssTan)} | ${r.maxRssMb.toFixed(0)} MB | ${r.pids.same} same, ${r.pids.different} different${r.pids.missing ? `, ${r.pids.missing} not listed by ss (closed between the runs)` : ''} |`,
  ),
  '',
  `Cold: a fresh process, empty caches, the whole snapshot (sockets, owners, routes, interfaces, statistics); the median of ${COLD_RUNS} fresh processes (at the largest size: ${big.colds.map(fmt).join(', ')}), against the median of the ${big.ssTanpRuns} \`ss -tanp\` runs taken in the same minutes (before the first and between the others). Warm: the median of refreshes ${WARM_UP + 1}-${WARM_REFRESHES} on the same engine after the cold one (the first ${WARM_UP}, while V8 compiles the warm path, at the largest size: ${fmt(big.warmUp)}) (owner cache verified as described in src/main/collectors/linux). Peak RSS: the measuring process's maximum resident set.`,
  '',
  '## Targets at the largest size',
  '',
  `- Cold snapshot with owners <= 0.15 x \`ss -tanp\`: ${ratio(big.cold, big.ssTanp)} x, ${check(big.cold <= 0.15 * big.ssTanp)}`,
  `- Warm refresh <= 1.5 x \`ss -tan\`: ${ratio(big.warm, big.ssTan)} x, ${check(big.warm <= 1.5 * big.ssTan)}`,
  `- Memory under 250 MB: ${big.maxRssMb.toFixed(0)} MB peak, ${check(big.maxRssMb < 250)}`,
  `- Idle cost at 1 s with about 2k sockets <= 3% of one core (steady state, seconds ${IDLE_STEADY_S.join('-')}, median of ${IDLE_RUNS} runs): ${idle.cpuPercentOfOneCore.toFixed(2)}% (${perRefreshMs(idle.cpuPercentOfOneCore)} of CPU per refresh; ${idleVersusSs(idle)}), ${check(idle.cpuPercentOfOneCore <= 3)} (seconds ${IDLE_FIRST_S.join('-')}, while V8 still compiles: ${idle.firstPercent.toFixed(2)}%)`,
  `- Same PID as \`ss -tanp\` for every socket: ${rows.every((r) => r.pids.different === 0) ? 'met' : '**not met**'} (${rows.map((r) => `${r.n}: ${r.pids.different} different`).join('; ')})`,
  ...rows.flatMap((r) => r.pids.examples.map((e) => `  - ${r.n}: ${e}`)),
  '',
];
lines.push(
  '## Linux netlink (sock_diag) engine, with per-connection traffic counters (the default since session 20: `auto` is netlink where the kernel allows it)',
  '',
  `CPU: user + system time of the whole process (\`ss\`: one run; NetScope: the measuring process, cold + ${WARM_REFRESHES} warm refreshes). Warm: the median of refreshes ${WARM_UP + 1}-${WARM_REFRESHES} (the first ${WARM_UP}' median in brackets: V8 still compiles the warm path).`,
  '',
  '| connections | `ss -tan` | `ss -tani` | netlink warm | warm / `ss -tan` | warm / `ss -tani` | netlink cold | cold / `ss -tanp` | `netscope -tanp`, whole process | / `ss -tanp` | CPU `ss -tan` | CPU `ss -tani` | CPU NetScope procfs | CPU NetScope netlink | peak RSS procfs | peak RSS netlink | PIDs different from `ss -tanp` |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.n} | ${fmt(r.ssTan)} | ${fmt(r.ssTani)} | ${fmt(r.netlink.warm)} (${fmt(r.netlink.warmUp)}) | ${ratio(r.netlink.warm, r.ssTan)} | ${ratio(r.netlink.warm, r.ssTani)} | ${fmt(r.netlink.cold)} | ${ratio(r.netlink.cold, r.ssTanp)} | ${fmt(r.cliTanp)} | ${ratio(r.cliTanp, r.ssTanp)} | ${fmt(r.ssTanCpu)} | ${fmt(r.ssTaniCpu)} | ${fmt(r.procfsCpu)} | ${fmt(r.netlink.cpuMs)} | ${r.maxRssMb.toFixed(0)} MB | ${r.netlink.maxRssMb.toFixed(0)} MB | ${r.netlink.pids.different} |`,
  ),
  '',
  `Netlink warm refresh <= 1.0 x \`ss -tan\` and <= 0.5 x \`ss -tani\` at every size: ${rows.map((r) => `${r.n}: ${ratio(r.netlink.warm, r.ssTan)} / ${ratio(r.netlink.warm, r.ssTani)}`).join('; ')}, ${check(rows.every((r) => r.netlink.warm <= r.ssTan && r.netlink.warm <= 0.5 * r.ssTani))} on the steady refreshes (${WARM_UP + 1}-${WARM_REFRESHES}); on the first ${WARM_UP}, while V8 compiles the warm path: ${rows.map((r) => `${r.n}: ${ratio(r.netlink.warmUp, r.ssTan)} / ${ratio(r.netlink.warmUp, r.ssTani)}`).join('; ')}, ${check(rows.every((r) => r.netlink.warmUp <= r.ssTan && r.netlink.warmUp <= 0.5 * r.ssTani))}.`,
  '',
  `Netlink cold snapshot with owners at the largest size <= 0.15 x \`ss -tanp\`: ${ratio(big.netlink.cold, big.ssTanp)} x, ${check(big.netlink.cold <= 0.15 * big.ssTanp)}. Cold is timed inside \`netscope measure\`, from the snapshot's request to its end (fresh process, empty caches; the median of ${COLD_RUNS} processes: ${big.netlink.colds.map(fmt).join(', ')}); \`netscope -tanp\` is the whole command as a user runs it (Node's start, loading, the snapshot with owners, printing every row; median of ${runsAt(big.n)}).`,
  '',
  `Netlink peak memory at the largest size: ${big.netlink.maxRssMb.toFixed(0)} MB (target < 250 MB): ${check(big.netlink.maxRssMb < 250)}. Peak RSS: the measuring process (cold + ${WARM_REFRESHES} warm refreshes).`,
  '',
  `Idle cost at 1 s, about 2k sockets <= 2% of one core, netlink: ${idleNetlink.cpuPercentOfOneCore.toFixed(2)}%, ${check(idleNetlink.cpuPercentOfOneCore <= 2)}; procfs: ${idle.cpuPercentOfOneCore.toFixed(2)}%, ${check(idle.cpuPercentOfOneCore <= 2)}. Steady state (seconds ${IDLE_STEADY_S.join('-')}, median of ${IDLE_RUNS} runs, every thread, CPU from schedstat): procfs ${idle.cpuPercentOfOneCore.toFixed(2)}% (${perRefreshMs(idle.cpuPercentOfOneCore)} per refresh; ${idleVersusSs(idle)}), netlink ${idleNetlink.cpuPercentOfOneCore.toFixed(2)}% (${perRefreshMs(idleNetlink.cpuPercentOfOneCore)} per refresh; main ${idleNetlink.perThread.main.toFixed(1)}, V8 helpers ${idleNetlink.perThread.helpers.toFixed(1)}, owner thread ${idleNetlink.perThread.owner.toFixed(1)}, reading thread ${idleNetlink.perThread.reader.toFixed(1)}; ${idleVersusSs(idleNetlink)}) of one core (target <= 2%, 20 ms per refresh; this machine's speed moves 3-5x within an hour, so the ratios to \`ss\` in the same seconds say more than the absolute figure). Seconds ${IDLE_FIRST_S.join('-')} of the same runs, while V8 still compiles the hot code on its helper threads (what this line reported until session 19): procfs ${idle.firstPercent.toFixed(2)}%, netlink ${idleNetlink.firstPercent.toFixed(2)}%.`,
  '',
);
if (renderer && !renderer.skipped) {
  lines.push('## Renderer (Chromium, browser mode)', '', ...renderer.lines, '');
} else if (renderer?.skipped) {
  lines.push('## Renderer', '', `Not measured in this run: ${renderer.skipped}`, '');
}
// BENCH_OUT: a partial run (a few sizes) can write elsewhere than the project's RESULTS.md.
writeFileSync(process.env.BENCH_OUT ?? join(here, 'RESULTS.md'), lines.join('\n'));
console.log(`\nwrote ${process.env.BENCH_OUT ?? 'bench/RESULTS.md'}`);
