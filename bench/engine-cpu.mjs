// `node bench/engine-cpu.mjs`: CPU time per steady warm refresh of each Linux socket engine (procfs, netlink) at
// N loopback connections (BENCH_SIZES, default 1000,10000,50000), per thread, against `ss -tan` and `ss -tani` in
// the same run. WHY CPU and per thread: wall time on a shared 2-core machine mostly measures waiting for a core; the
// CPU a refresh costs, and how it splits between the main thread, the reading thread (sock_diag dump or
// /proc/net reads, kernel time included), the owner scan and V8's GC helpers, is what the engines change.
// A refresh's CPU is (CPU of `measure --warm 12`) - (CPU of `measure --warm 2`) over 10 refreshes, read from
// /proc/<pid>/task/*/stat just before the process ends. Then the cold snapshot (COLD_RUNS fresh `measure --warm 0`
// processes per engine, 0 to skip): its in-process time and the whole process's CPU per thread, against `ss -tanp`.
// Prints a Markdown section, writes bench/results/engine-cpu.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoad } from './loadgen.mjs';
import { median } from './stats.mjs';
import { statNumber } from './proc-stat.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// NETSCOPE_BIN: another build's CLI entry (out/cli/index.js of a copy), for an A/B of two builds in one session.
const bin = process.env.NETSCOPE_BIN ?? join(here, '..', 'bin', 'netscope.js');
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const TICK_MS = 1000 / 100; // /proc stat clock ticks (USER_HZ 100)

/**
 * Runs `netscope measure --warm <warm>` and returns each thread's [user, system] ms at its last sample (in start
 * order), the process's wall time and what it printed.
 */
async function threadCpu(engine, warm) {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'measure', '--warm', String(warm)], {
    env: { ...process.env, NETSCOPE_SOCKET_ENGINE: engine },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (data) => (stdout += data));
  const threads = new Map();
  const sample = () => {
    try {
      for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
        const stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
        threads.set(tid, [statNumber(stat, 14) * TICK_MS, statNumber(stat, 15) * TICK_MS]);
      }
    } catch {
      // The process (or a thread) ended between two samples: the last sample stands.
    }
  };
  const timer = setInterval(sample, 5);
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const cpu = [...threads.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([, c]) => c);
  return { cpu, wallMs: performance.now() - started, stdout };
}

/**
 * Threads in start order: main, Node's platform threads (its delayed-task thread, then the 4 V8 helpers that run GC
 * and compile jobs, --v8-pool-size), then libuv's pool if used (nearly idle here) and the worker threads (the owner
 * scan's lane starts first, the reading lane second): "workers" sums all after the platform's.
 */
const PLATFORM_THREADS = 5;
function split(threads) {
  const [main = [0, 0], ...rest] = threads;
  const helpers = rest.slice(0, PLATFORM_THREADS);
  const workers = rest.slice(PLATFORM_THREADS);
  const sum = (list) => list.reduce((t, [u, s]) => [t[0] + u, t[1] + s], [0, 0]);
  return {
    main,
    gc: sum(helpers),
    workers: sum(workers),
    owner: workers.at(-2) ?? [0, 0],
    reader: workers.at(-1) ?? [0, 0],
  };
}

async function perRefresh(engine) {
  const a = split((await threadCpu(engine, 2)).cpu);
  const b = split((await threadCpu(engine, 12)).cpu);
  const per = (k) => [(b[k][0] - a[k][0]) / 10, (b[k][1] - a[k][1]) / 10];
  return { main: per('main'), gc: per('gc'), workers: per('workers') };
}

/** CPU of one `ss` run: the mean of SS_RUNS (time(1) counts in 10 ms steps, too coarse for one small run). */
const SS_RUNS = 10;
function ssCpu(args) {
  const loop = `for i in $(seq ${SS_RUNS}); do ss ${args.join(' ')} > /dev/null; done`;
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'sh', '-c', loop], { encoding: 'utf8' });
  const [u, s] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return ((u + s) * 1000) / SS_RUNS;
}

const COLD_RUNS = Number(process.env.COLD_RUNS ?? 3);
const both = ([u, s]) => u + s;

/** One fresh `measure --warm 0` process: the cold snapshot's in-process time, the wall time and each thread's CPU. */
async function coldOnce(engine) {
  const { cpu, wallMs, stdout } = await threadCpu(engine, 0);
  const parts = split(cpu);
  return {
    coldMs: JSON.parse(stdout).coldMs,
    wallMs,
    main: both(parts.main),
    gc: both(parts.gc),
    owner: both(parts.owner),
    reader: both(parts.reader),
    total: cpu.reduce((t, c) => t + both(c), 0),
  };
}

/** One `ss -tanp` (what the cold snapshot is compared with): its wall time and CPU. */
function ssTanpOnce() {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'ss', '-tanpH'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const [u, s] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wallMs: performance.now() - started, cpuMs: (u + s) * 1000 };
}

/** The three readers of a cold round, in the order of round 0; each later round starts one further on. */
const COLD_ORDER = ['ss', 'procfs', 'netlink'];

/** The order of round `round`: COLD_ORDER rotated by `round`, so each reader goes first, between and last in turn. */
function coldOrder(round) {
  const k = round % COLD_ORDER.length;
  return [...COLD_ORDER.slice(k), ...COLD_ORDER.slice(0, k)];
}

/**
 * COLD_RUNS rounds, each one `ss -tanp` and a fresh cold process per engine: medians of each figure, and the
 * median of each round's cold / `ss -tanp`. WHY paired: `ss -tanp` here took 2.6 s in one session and 5.7 s in
 * the next (issue 11); a ratio of two medians taken minutes apart moved with the machine's phase, a ratio within
 * one round sees the same phase on both sides. WHY the order turns (coldOrder): a reader that always ran last found
 * the kernel's dentries and inodes of every socket fd warmed by the two before it (review V, session 34).
 */
async function coldRounds() {
  const rounds = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const round = {};
    for (const reader of coldOrder(i)) round[reader] = reader === 'ss' ? ssTanpOnce() : await coldOnce(reader);
    rounds.push(round);
  }
  const keys = ['coldMs', 'wallMs', 'main', 'gc', 'owner', 'reader', 'total'];
  const of = (engine) => ({
    ...Object.fromEntries(keys.map((k) => [k, median(rounds.map((r) => r[engine][k]))])),
    ratios: rounds.map((r) => r[engine].coldMs / r.ss.wallMs),
  });
  return {
    ss: { wallMs: median(rounds.map((r) => r.ss.wallMs)), cpuMs: median(rounds.map((r) => r.ss.cpuMs)) },
    procfs: of('procfs'),
    netlink: of('netlink'),
  };
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const total = (r) => [r.main, r.gc, r.workers].reduce((t, [u, s]) => t + u + s, 0);
const rows = [];
for (const n of sizes) {
  process.stderr.write(`== ${n} connections... `);
  const load = await startLoad(n);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const ssTan = ssCpu(['-tanH']);
    const ssTani = ssCpu(['-taniH']);
    const procfs = await perRefresh('procfs');
    const netlink = await perRefresh('netlink');
    const coldRuns = COLD_RUNS > 0 ? await coldRounds() : null;
    rows.push({ n, ssTan, ssTani, procfs, netlink, cold: coldRuns });
    process.stderr.write(`procfs ${fmt(total(procfs))}, netlink ${fmt(total(netlink))}\n`);
  } finally {
    await load.stop();
  }
}

const cell = ([u, s]) => `${fmt(u + s)} (${fmt(s)} sys)`;
const load = (await import('node:os')).loadavg()[0].toFixed(1);
const lines = [
  '## Linux engines: CPU per warm refresh, per thread',
  '',
  `Written by \`node bench/engine-cpu.mjs\` on ${new Date().toISOString()} (${cpus().length} cores, load average ${load} at the end). CPU (user + system) of one steady warm refresh: (\`measure --warm 12\`) - (\`measure --warm 2\`) over 10 refreshes, per thread from /proc/<pid>/task. \`ss\`: the mean of 10 runs. GC: Node's platform threads (V8's 4 helpers, which run GC and compile jobs, and its delayed-task thread); workers: the owner scan and the reading thread (sock_diag dump or /proc/net reads, kernel time included).`,
  '',
  '| connections | `ss -tan` | `ss -tani` | engine | main thread | GC helpers | workers | total | total / `ss -tan` | total / `ss -tani` |',
  '|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|',
];
for (const r of rows)
  for (const engine of ['procfs', 'netlink']) {
    const e = r[engine];
    lines.push(
      `| ${r.n} | ${fmt(r.ssTan)} | ${fmt(r.ssTani)} | ${engine} | ${cell(e.main)} | ${cell(e.gc)} | ${cell(e.workers)} | ${fmt(total(e))} | ${(total(e) / r.ssTan).toFixed(2)} | ${(total(e) / r.ssTani).toFixed(2)} |`,
    );
  }
if (rows.some((r) => r.cold)) {
  lines.push(
    '',
    '## Linux engines: the cold snapshot, per thread',
    '',
    `${COLD_RUNS} rounds, each one \`ss -tanp\` and a fresh \`measure --warm 0\` process per engine, the order turning from round to round (ss, procfs, netlink; then procfs, netlink, ss; ...); medians: the cold snapshot's own time (what bench/RESULTS.md compares with \`ss -tanp\`), the whole process's wall time (Node's start and exit included) and its CPU per thread (user + system, kernel time included). Cold / \`ss -tanp\`: the median of the rounds' ratios (each round's two sides in the same seconds), the rounds' ratios in brackets; the ratio of the two medians beside it.`,
    '',
    '| connections | `ss -tanp` | CPU `ss -tanp` | engine | cold snapshot | cold / `ss -tanp` (rounds) | ratio of medians | process wall | main thread | GC helpers | owner scan | reading thread | process CPU | CPU / `ss -tanp` CPU |',
    '|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of rows.filter((row) => row.cold))
    for (const engine of ['procfs', 'netlink']) {
      const c = r.cold[engine];
      const ss = r.cold.ss;
      lines.push(
        `| ${r.n} | ${fmt(ss.wallMs)} | ${fmt(ss.cpuMs)} | ${engine} | ${fmt(c.coldMs)} | ${median(c.ratios).toFixed(3)} (${c.ratios.map((x) => x.toFixed(3)).join(', ')}) | ${(c.coldMs / ss.wallMs).toFixed(3)} | ${fmt(c.wallMs)} | ${fmt(c.main)} | ${fmt(c.gc)} | ${fmt(c.owner)} | ${fmt(c.reader)} | ${fmt(c.total)} | ${(c.total / ss.cpuMs).toFixed(2)} |`,
      );
    }
}
const text = lines.join('\n') + '\n';
process.stdout.write(text);
mkdirSync(join(here, 'results'), { recursive: true });
// BENCH_OUT: an A/B run writes elsewhere than the results the suite keeps.
writeFileSync(process.env.BENCH_OUT ?? join(here, 'results', 'engine-cpu.md'), text);
