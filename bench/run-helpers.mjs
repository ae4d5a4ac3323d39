// Helpers of bench/run.mjs (split out to keep it short): timed commands, medians, `netscope measure`, and the
// comparison of NetScope's owners with `ss -tanp`'s.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

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
