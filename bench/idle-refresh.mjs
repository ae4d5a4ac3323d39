// `node bench/idle-refresh.mjs`: the CPU one idle refresh costs (1 s interval, 1000 loopback connections, about 2k
// sockets), per engine, split by thread, optionally A/B against another build (NETSCOPE_BIN_A: its bin/netscope.js),
// the builds alternated in one run so that both see the same machine. WHY per refresh and per thread: the idle target
// (<= 2% of one core) is 20 ms of CPU per refresh; the split says which side (main thread: parsing, ids, diff; the
// owner-scan thread: fd listings; the reading thread: /proc/net reads and dumps, kernel time included) pays it.
// Each sample is `netscope measure --warm 0 --idle N`, CPU of every thread read from /proc/<pid>/task/*/stat at the
// window's edges (seconds IDLE_FROM..IDLE_TO, default 25-40, after V8's helpers compiled the hot code). Prints a Markdown
// section, writes bench/results/idle-refresh.md. Run it under `flock /tmp/bench.lock`: other loads on the machine
// (its sockets are shared) change the figures; the socket count before and after each sample is printed.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoad } from './loadgen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const builds = [
  ...(process.env.NETSCOPE_BIN_A ? [{ name: 'A', bin: process.env.NETSCOPE_BIN_A }] : []),
  {
    name: process.env.NETSCOPE_BIN_A ? 'B' : 'this build',
    bin: process.env.NETSCOPE_BIN ?? join(here, '..', 'bin', 'netscope.js'),
  },
];
const engines = (process.env.IDLE_ENGINES ?? 'procfs,netlink').split(',');
const runs = Number(process.env.IDLE_RUNS ?? 2);
const from = Number(process.env.IDLE_FROM ?? 25);
const to = Number(process.env.IDLE_TO ?? 40);
const together = (process.env.IDLE_TOGETHER ?? (process.env.NETSCOPE_BIN_A ? '1' : '0')) === '1';
const TICK_MS = 1000 / 100; // /proc stat clock ticks (USER_HZ 100)

/**
 * [on-CPU, system] ms of each thread of `pid`, by thread id. WHY schedstat for the on-CPU time: its nanoseconds,
 * where stat's utime + stime count 10 ms ticks (a thread at 3 ms per refresh is 4-5 ticks in a 15 s window, so one
 * tick more or less was a 20% difference between two builds). stat's stime (ticks) still gives the kernel column.
 */
function threadCpu(pid) {
  const threads = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) * TICK_MS;
      const system = Number(fields[12]) * TICK_MS;
      let onCpu = ticks + system;
      try {
        onCpu = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        // No schedstat (a kernel without CONFIG_SCHED_INFO): the ticks.
      }
      threads.set(Number(tid), [onCpu, system]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return threads;
}

/** [busy, total] jiffies of the whole machine, from /proc/stat: how busy the other cores' tenants kept it. */
function machineJiffies() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((t, x) => t + x, 0);
  const idle = fields[3] + fields[4];
  return [total - idle, total];
}

/** TCP sockets in the machine's (shared) network namespace, from sockstat. */
function tcpSockets() {
  const text = readFileSync('/proc/net/sockstat', 'utf8');
  return Number(/TCP: inuse (\d+)/.exec(text)?.[1] ?? 0) + Number(/tw (\d+)/.exec(text)?.[1] ?? 0);
}

/**
 * Threads in start order: main, Node's own helpers (V8's platform workers: GC and compiler tasks, an idle signal
 * thread), then the two worker threads of the lanes, started last: the owner scan's first (a refresh begins with
 * it), then the reading lane's. A replaced (stuck) lane thread would shift this; an idle refresh replaces none.
 */
function split(before, after) {
  const tids = [...after.keys()].sort((a, b) => a - b);
  const delta = (tid) => after.get(tid)[0] - (before.get(tid) ?? [0, 0])[0];
  const system = (tid) => after.get(tid)[1] - (before.get(tid) ?? [0, 0])[1];
  const main = tids[0];
  const [owner, reader] = tids.slice(-2);
  const helpers = tids.filter((tid) => tid !== main && tid !== owner && tid !== reader);
  return {
    main: delta(main),
    helpers: helpers.reduce((t, tid) => t + delta(tid), 0),
    owner: delta(owner),
    reader: delta(reader),
    // Kernel time (syscalls: /proc/net text, sock_diag dumps, fd listings, thread wake-ups), every thread.
    system: tids.reduce((t, tid) => t + system(tid), 0),
  };
}

async function sample(bin, engine) {
  const child = spawn(process.execPath, [bin, 'measure', '--warm', '0', '--idle', String(to + 1)], {
    env: { ...process.env, NETSCOPE_SOCKET_ENGINE: engine },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  // 'close', not 'exit': stdout may still hold the result when the process has exited (an empty parse otherwise).
  const exited = new Promise((resolve) => child.once('close', resolve));
  // The idle loop starts once the cold snapshot is taken; measure prints nothing before, so time from the spawn
  // plus a margin (the cold pass at 2k sockets takes well under a second).
  const started = performance.now();
  const at = async (s) => {
    await new Promise((r) => setTimeout(r, Math.max(0, started + s * 1000 - performance.now())));
    return { threads: threadCpu(child.pid), wall: performance.now(), sockets: tcpSockets(), machine: machineJiffies() };
  };
  const a = await at(from);
  const b = await at(to);
  const code = await exited;
  if (code !== 0) throw new Error(`netscope measure exited with ${code}`);
  const m = JSON.parse(stdout);
  const seconds = (b.wall - a.wall) / 1000;
  const parts = split(a.threads, b.threads);
  // At a 1 s interval one refresh starts per second of the window.
  const perRefresh = (ms) => ms / seconds;
  const total = parts.main + parts.helpers + parts.owner + parts.reader;
  // The machine's busy share over the window (every core), ours included: above ~50% the figures are inflated.
  const busy = (b.machine[0] - a.machine[0]) / (b.machine[1] - a.machine[1]);
  return {
    percent: total / (seconds * 10),
    ms: perRefresh(total),
    main: perRefresh(parts.main),
    helpers: perRefresh(parts.helpers),
    owner: perRefresh(parts.owner),
    reader: perRefresh(parts.reader),
    system: perRefresh(parts.system),
    sockets: `${a.sockets}/${b.sockets}`,
    busy,
    tcp: m.tcp,
    owned: m.owned,
  };
}

/**
 * One sample of each build: one after the other, or all at once (IDLE_TOGETHER=1, the default for an A/B). WHY at
 * once: on this shared machine the same work costs 1x-3x the CPU from one minute to the next (other tenants, the
 * host); two builds sampled in the same seconds see the same machine, so their ratio holds where their figures do not.
 */
async function samples(list, engine) {
  if (together) return Promise.all(list.map(async (build) => [build, await sample(build.bin, engine)]));
  const out = [];
  for (const build of list) out.push([build, await sample(build.bin, engine)]);
  return out;
}

// Of an even count, the mean of the two middle ones (it was the upper one: with IDLE_RUNS=2, the worse sample).
const median = (xs) => {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const load = await startLoad(1000);
const results = [];
const startedAt = new Date();
const loadBefore = loadavg()[0];
try {
  await new Promise((r) => setTimeout(r, 500));
  for (let run = 0; run < runs; run++)
    for (const engine of engines)
      for (const [build, s] of await samples(run % 2 === 0 ? builds : [...builds].reverse(), engine)) {
        results.push({ build: build.name, engine, ...s });
        console.error(
          `${build.name} ${engine}: ${s.ms.toFixed(1)} ms/refresh (${s.percent.toFixed(2)}%) main ${s.main.toFixed(1)} helpers ${s.helpers.toFixed(1)} owner ${s.owner.toFixed(1)} reader ${s.reader.toFixed(1)} (kernel ${s.system.toFixed(1)}); tcp sockets on the machine ${s.sockets}, machine ${(s.busy * 100).toFixed(0)}% busy`,
        );
      }
} finally {
  await load.stop();
}

const lines = [
  '## Idle refresh CPU (1 s interval, 1000 loopback connections)',
  '',
  `Run ${startedAt.toISOString()}, load average ${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}; ${runs} samples per row (medians), seconds ${from}-${to} of \`netscope measure --idle\`, builds ${together ? 'run at the same time' : 'alternated'}. CPU of every thread per refresh (ms; on-CPU time from /proc/<pid>/task/<tid>/schedstat, the kernel column from stat's stime ticks); 20 ms per refresh is 2% of one core.`,
  ...(process.env.NETSCOPE_BIN_A ? ['', `A: ${process.env.NETSCOPE_BIN_A}; B: ${builds[1].bin}`] : []),
  '',
  '| build | engine | ms per refresh | % of one core | main thread | V8 helpers | owner-scan thread | reading thread | of all: kernel | TCP sockets seen | machine busy |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const engine of engines)
  for (const build of builds) {
    const rows = results.filter((r) => r.engine === engine && r.build === build.name);
    const m = (k) => median(rows.map((r) => r[k]));
    lines.push(
      `| ${build.name} | ${engine} | ${m('ms').toFixed(1)} (${rows.map((r) => r.ms.toFixed(1)).join(', ')}) | ${m('percent').toFixed(2)}% | ${m('main').toFixed(1)} | ${m('helpers').toFixed(1)} | ${m('owner').toFixed(1)} | ${m('reader').toFixed(1)} | ${m('system').toFixed(1)} | ${rows[0].tcp} | ${(m('busy') * 100).toFixed(0)}% |`,
    );
  }
const text = lines.join('\n') + '\n';
process.stdout.write(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(process.env.BENCH_OUT ?? join(here, 'results', 'idle-refresh.md'), text);
