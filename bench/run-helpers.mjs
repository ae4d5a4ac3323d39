// Helpers of bench/run.mjs (split out to keep it short): timed commands, medians, `netscope measure`, and the
// comparison of NetScope's owners with `ss -tanp`'s; and, for the renderer benches, the CPU of the browser's processes
// (browserCpu, untilBrowserQuiet).
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';
import { statField, statNumber } from './proc-stat.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'netscope.js');

export function timed(cmd, args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    execFile(cmd, args, { maxBuffer: 1 << 30 }, (error, stdout) => {
      if (error) reject(error);
      else resolve({ ms: performance.now() - start, stdout });
    });
  });
}

export async function medianOf(runs, cmd, args) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await timed(cmd, args));
  return { ms: median(results.map((r) => r.ms)), stdout: results[results.length - 1].stdout };
}

export function measure(args, env = {}) {
  const cpuBefore = childCpuMs();
  const out = spawnSync(process.execPath, [bin, 'measure', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  if (out.status !== 0) throw new Error(`netscope measure failed: ${out.stderr}`);
  return { ...JSON.parse(out.stdout), cpuMs: childCpuMs() - cpuBefore };
}

/** CPU time (user + system, ms) of the children this process has waited for: the machine is shared, wall time is noisy. */
export function childCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

/** medianOf, with the mean CPU time of one run. */
export async function medianWithCpu(runs, cmd, args) {
  const before = childCpuMs();
  const result = await medianOf(runs, cmd, args);
  return { ...result, cpuMs: (childCpuMs() - before) / runs };
}

const strip = (endpoint) => endpoint.replace(/^\[/, '').replace(/\](?=:\d+$|:\*$)/, '');

/** ss -tanpH lines -> Map("local peer" -> Set of PIDs). */
function ssOwners(text) {
  const owners = new Map();
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5) continue;
    const key = `${strip(cols[3])} ${strip(cols[4])}`;
    const pids = new Set([...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
    owners.set(key, pids);
  }
  return owners;
}

export function comparePids(ssText, pidsFile) {
  const theirs = ssOwners(ssText);
  let same = 0;
  let different = 0;
  let missing = 0;
  const examples = [];
  for (const line of readFileSync(pidsFile, 'utf8').split('\n')) {
    if (!line) continue;
    const [local, peer, pid] = line.split(' ');
    const key = `${local} ${peer.replace(/:0$/, ':*')}`;
    const ss = theirs.get(key) ?? theirs.get(`${local} ${peer}`);
    if (!ss) {
      missing++;
      continue;
    }
    const ok = pid === '-' ? ss.size === 0 : ss.has(Number(pid));
    if (ok) same++;
    else {
      different++;
      if (examples.length < 5) examples.push(`${key}: netscope ${pid}, ss ${[...ss].join(',') || '-'}`);
    }
  }
  return { same, different, missing, examples };
}

/** /proc/<pid>/stat's parent and CPU time (user + system, ms; 100 ticks a second), or null once the process is gone. */
function procStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return {
      ppid: statNumber(text, 4),
      comm: statField(text, 2),
      cpuMs: (statNumber(text, 14) + statNumber(text, 15)) * 10,
    };
  } catch {
    return null;
  }
}

const kinds = new Map();
/** A Chromium process's kind from its command line: browser, renderer, webui-renderer (Chromium's own UI), gpu... */
function processKind(pid) {
  if (!kinds.has(pid)) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      /* gone: its last CPU is not counted either */
    }
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
    const kind = type === 'renderer' && cmd.includes('--top-chrome-webui') ? 'webui-renderer' : type;
    // A child the zygote just forked shows the zygote's command line until it takes its own: asked again next time.
    if (kind === 'zygote') return kind;
    kinds.set(pid, kind);
  }
  return kinds.get(pid);
}

/**
 * The CPU so far (ms) of every process under the browsers this process launched (its children named chrom...), by
 * pid: { kind, cpuMs }. Reads /proc (Linux); elsewhere an empty map. The serve process is this process's child too,
 * not Chromium's: `others` adds such pids under the kind 'serve'.
 */
export function browserCpu(others = []) {
  const stats = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return new Map();
  }
  for (const d of pids) {
    const s = procStat(Number(d));
    if (s) stats.set(Number(d), s);
  }
  const mine = new Set();
  for (const [pid, s] of stats) if (s.ppid === process.pid && /chrom/i.test(s.comm)) mine.add(pid);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, s] of stats)
      if (!mine.has(pid) && mine.has(s.ppid)) {
        mine.add(pid);
        grew = true;
      }
  }
  const out = new Map();
  for (const pid of mine) out.set(pid, { kind: processKind(pid), cpuMs: stats.get(pid).cpuMs });
  for (const pid of others) if (stats.has(pid)) out.set(pid, { kind: 'serve', cpuMs: stats.get(pid).cpuMs });
  return out;
}

/** CPU (ms) spent between two browserCpu() reads, per kind, summed over its processes (a new one counts whole). */
export function cpuByKind(before, after) {
  const sums = {};
  for (const [pid, p] of after) sums[p.kind] = (sums[p.kind] ?? 0) + p.cpuMs - (before.get(pid)?.cpuMs ?? 0);
  return sums;
}

/** CPU (ms) the processes in `after` spent since `before` (a process not in `before` counts whole; gone ones not). */
const spent = (before, after) => [...after].reduce((sum, [pid, p]) => sum + p.cpuMs - (before.get(pid)?.cpuMs ?? 0), 0);

/**
 * Waits until the browser's processes are quiet: at most `maxCpuMs` of CPU among them in the last `windowMs`, read
 * every `stepMs`; gives up after `boundMs`. Returns how long it waited, whether it got quiet, and the CPU they spent
 * meanwhile (in all and per kind). WHY: a new page of Debian's Chromium starts a renderer for Chromium's own UI (its
 * omnibox pop-up, --top-chrome-webui) that takes ~1.1-1.3 s of CPU in its first ~1.1-1.6 s; a user's running browser
 * has done that long before they open a tab, so a bench that navigates at once measures Chromium's start-up on the
 * same cores as the page.
 */
export async function untilBrowserQuiet({ windowMs = 300, maxCpuMs = 20, stepMs = 100, boundMs = 6000 } = {}) {
  const start = performance.now();
  const reads = [{ t: start, procs: browserCpu() }];
  for (;;) {
    await sleep(stepMs);
    const t = performance.now();
    const last = { t, procs: browserCpu() };
    reads.push(last);
    // The oldest read within the window (a step late or early is allowed for).
    const from = reads.find((r) => r.t >= t - windowMs - stepMs / 2);
    const quiet = t - from.t >= windowMs - stepMs / 2 && spent(from.procs, last.procs) <= maxCpuMs;
    if (quiet || t - start >= boundMs)
      return {
        waitedMs: t - start,
        quiet,
        cpuMs: spent(reads[0].procs, last.procs),
        byKind: cpuByKind(reads[0].procs, last.procs),
      };
  }
}
