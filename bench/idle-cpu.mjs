// The CPU an idle NetScope costs per refresh, by thread, and the same-run peer: what `ss` run once per second over the
// same seconds costs (`watch -n1 ss -tanpi`). Shared by bench/idle-refresh.mjs (per-thread A/B of two builds) and
// bench/run.mjs (the idle line of RESULTS.md), so both take the same figure the same way.
//
// WHY schedstat: /proc/<pid>/task/<tid>/schedstat gives each thread's on-CPU time in nanoseconds, where stat's utime +
// stime count 10 ms ticks: an idle refresh is a few ms per thread, so a 15 s window held only a few ticks and one more
// or less moved a thread's figure by 20%. WHY a peer in the same seconds: this machine's speed moves 3-5x within an
// hour; a figure alone cannot be compared with one taken at another time, its ratio to `ss` measured alongside can.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { statNumber } from './proc-stat.mjs';

const TICK_MS = 1000 / 100; // /proc stat clock ticks (USER_HZ 100)

const sleepUntil = (at) => new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));

/**
 * [on-CPU, system] ms of each thread of `pid`, by thread id: on-CPU from schedstat (ns), the kernel part from stat's
 * stime ticks (schedstat does not split it). Without schedstat (a kernel without CONFIG_SCHED_INFO): the ticks.
 */
export function threadCpu(pid) {
  const threads = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const system = statNumber(stat, 15) * TICK_MS;
      let onCpu = statNumber(stat, 14) * TICK_MS + system;
      try {
        onCpu = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        // No schedstat: the ticks.
      }
      threads.set(Number(tid), [onCpu, system]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return threads;
}

/** [busy, total] jiffies of the whole machine, from /proc/stat: how busy the other tenants kept it. */
export function machineJiffies() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((t, x) => t + x, 0);
  const idle = fields[3] + fields[4];
  return [total - idle, total];
}

/** TCP sockets in the machine's (shared) network namespace, from sockstat. */
export function tcpSockets() {
  const text = readFileSync('/proc/net/sockstat', 'utf8');
  return Number(/TCP: inuse (\d+)/.exec(text)?.[1] ?? 0) + Number(/tw (\d+)/.exec(text)?.[1] ?? 0);
}

/**
 * Per-thread ms between two threadCpu() readings. Threads in start order: main, Node's own helpers (V8's platform
 * workers: GC and compiler tasks), then the two worker threads of the lanes, started last: the owner scan's first (a
 * refresh begins with it), then the reading lane's. A replaced (stuck) lane thread would shift this; an idle refresh
 * replaces none.
 */
export function splitThreads(before, after) {
  const tids = [...after.keys()].sort((a, b) => a - b);
  const delta = (tid) => after.get(tid)[0] - (before.get(tid) ?? [0, 0])[0];
  const system = (tid) => after.get(tid)[1] - (before.get(tid) ?? [0, 0])[1];
  const main = tids[0];
  const [owner, reader] = tids.slice(-2);
  const helpers = tids.filter((tid) => tid !== main && tid !== owner && tid !== reader);
  const parts = {
    main: delta(main),
    helpers: helpers.reduce((t, tid) => t + delta(tid), 0),
    owner: delta(owner),
    reader: delta(reader),
    // Kernel time (syscalls: /proc/net text, sock_diag dumps, fd listings, thread wake-ups), every thread.
    system: tids.reduce((t, tid) => t + system(tid), 0),
  };
  return { ...parts, total: parts.main + parts.helpers + parts.owner + parts.reader };
}

/**
 * `ss` with each of `peers` (argument strings) once per second from `fromMs` to `toMs` (performance.now() times),
 * the peers spread over each second: what `watch -n1 ss ...` costs next to NetScope's idle refresh in the same
 * seconds. Resolves to { [args]: { calls, ms: CPU per call } }.
 * WHY a bash per peer fed one line a second: its `times` gives its children's CPU (user + system) summed from their
 * rusage, so the calls' total is truncated to a millisecond once (`/usr/bin/time` prints 10 ms steps, and `ss -tan`
 * costs a few ms); the waiting is bash's `read`, which starts no process of its own. Output goes to /dev/null: a
 * terminal's cost is not the tool's.
 */
export async function ssOncePerSecond(peers, fromMs, toMs) {
  const shells = peers.map((args) => {
    const shell = spawn(
      'bash',
      ['-c', `n=0; while read -r _; do ss ${args} > /dev/null; n=$((n+1)); done; echo $n; times`],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    let out = '';
    shell.stdout.on('data', (d) => (out += d));
    const done = new Promise((resolve) => shell.once('close', (code) => resolve({ code, out })));
    return { args, shell, done };
  });
  for (let second = fromMs; second + 1000 <= toMs; second += 1000)
    for (const [i, { shell }] of shells.entries()) {
      await sleepUntil(second + (i * 1000) / peers.length);
      shell.stdin.write('\n');
    }
  const result = {};
  for (const { args, shell, done } of shells) {
    shell.stdin.end();
    const { code, out } = await done;
    // "<calls>", then `times`: the shell's own user/system, then its children's ("0m0.012s 0m0.008s").
    const [calls, , children = ''] = out.trim().split('\n');
    const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    if (code !== 0 || seconds.length !== 2) throw new Error(`ss ${args} once per second: ${out || `exit ${code}`}`);
    result[args] = { calls: Number(calls), ms: ((seconds[0] + seconds[1]) * 1000) / Math.max(1, Number(calls)) };
  }
  return result;
}

/**
 * One idle sample: `netscope measure --warm 0 --idle` of the build at `bin`, CPU of every thread per refresh in each
 * window ([from, to] seconds after the spawn: the idle loop starts once the cold snapshot is taken, well under a
 * second at 2k sockets), and, when `peers` are given, `ss` once per second in the last window's seconds.
 * Returns { windows: [per-thread ms per refresh, ...], measured: the command's JSON, peers: { [args]: { calls, ms } } }.
 */
export async function idleSample(bin, { env = {}, windows, peers = [] }) {
  const last = windows[windows.length - 1];
  const child = spawn(process.execPath, [bin, 'measure', '--warm', '0', '--idle', String(last[1] + 1)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // 'close', not 'exit': stdout may still hold the result when the process has exited.
  const exited = new Promise((resolve) => child.once('close', resolve));
  const started = performance.now();
  const at = async (s) => {
    await sleepUntil(started + s * 1000);
    return { threads: threadCpu(child.pid), wall: performance.now(), sockets: tcpSockets(), machine: machineJiffies() };
  };
  const peerCalls =
    peers.length > 0 ? ssOncePerSecond(peers, started + last[0] * 1000, started + last[1] * 1000) : null;
  const results = [];
  for (const [from, to] of windows) {
    const a = await at(from);
    const b = await at(to);
    const seconds = (b.wall - a.wall) / 1000;
    const parts = splitThreads(a.threads, b.threads);
    // At a 1 s interval one refresh starts per second of the window.
    const perRefresh = Object.fromEntries(Object.entries(parts).map(([k, ms]) => [k, ms / seconds]));
    results.push({
      ...perRefresh,
      ms: perRefresh.total,
      percent: perRefresh.total / 10,
      sockets: `${a.sockets}/${b.sockets}`,
      // The machine's busy share over the window (every core), ours included: above ~50% the figures are inflated.
      busy: (b.machine[0] - a.machine[0]) / (b.machine[1] - a.machine[1]),
    });
  }
  const ssCalls = peerCalls ? await peerCalls : {};
  const code = await exited;
  if (code !== 0) throw new Error(`netscope measure exited with ${code}: ${stderr}`);
  return { windows: results, measured: JSON.parse(stdout), peers: ssCalls };
}
