// renderer-trace.mjs SCHED=1: who holds the two cores while the page applies a diff. perf records the kernel's
// scheduler switches on every core (CLOCK_MONOTONIC, the clock of Chromium's trace on Linux); each diff's span
// (message -> painted frame) is then cut into CPU per process and thread group, the page's main thread's waits for a
// core, and who ran on the cores during those waits. Needs perf (Debian's linux-perf) and root or
// perf_event_paranoid <= 1 with tracefs readable.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { parseSched, schedInSpan, topText, usToMs } from './trace-analysis.mjs';
import { statNumber } from './proc-stat.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every process under `root` (this bench), by kind: Chromium's --type, 'browser' for Chromium's first, else 'child'. */
function processTree(root) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      parent.set(Number(d), statNumber(stat, 4));
    } catch {
      // Gone since the listing.
    }
  }
  const kinds = new Map([[root, 'bench']]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (kinds.has(pid) || !kinds.has(ppid)) continue;
      let type = 'child';
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
        type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? (cmdline.includes('chrom') ? 'browser' : 'child');
        const sub = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1];
        if (sub) type = sub.split('.').pop();
      } catch {
        // Gone.
      }
      kinds.set(pid, type);
      grew = true;
    }
  }
  return kinds;
}

/** Starts perf on every core; stop() ends it and returns the parsed timeline and this bench's child processes. */
export async function startSched(tag) {
  const file = `/tmp/renderer-sched-${process.pid}-${tag}.data`;
  const perf = spawn(
    'perf',
    // `-- sleep 900`: perf stops by itself after 15 minutes even if nothing stops it (a bench killed by a signal
    // runs no 'exit' handler).
    [
      'record',
      '-q',
      '-a',
      '-k',
      'CLOCK_MONOTONIC',
      '-e',
      'sched:sched_switch',
      '-e',
      'sched:sched_wakeup',
      '-o',
      file,
      '--',
      'sleep',
      '900',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise((ok) => perf.once('exit', ok));
  // perf outlives a bench that ends early (a throw before stop()): it would record every core until killed.
  const orphan = () => {
    perf.kill('SIGINT');
    rmSync(file, { force: true });
  };
  process.once('exit', orphan);
  // perf opens its events on every core before it records: give it that time, or the first diff is missed.
  await sleep(500);
  return {
    async stop() {
      const chrome = processTree(process.pid);
      process.off('exit', orphan);
      perf.kill('SIGINT');
      await exited;
      try {
        const text = execFileSync('perf', ['script', '-i', file, '-F', 'pid,tid,cpu,time,event,trace'], {
          maxBuffer: 1 << 30,
          encoding: 'latin1',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        return { sched: parseSched(text), chrome };
      } finally {
        rmSync(file, { force: true });
      }
    },
  };
}

/** Thread group names: the page's main thread, serve's main thread, others by process kind and thread name. */
function grouper({ sched, chrome }, { serve, bench, renderer }) {
  const threadName = (tid) => (sched.comm.get(tid) ?? '?').replace(/[\d/:]+$/, '').trim() || '?';
  return (tid) => {
    if (tid === 0) return null;
    const pid = sched.tgid.get(tid);
    if (tid === renderer) return 'page main';
    if (pid === serve) return tid === serve ? 'serve main' : `serve ${threadName(tid)}`;
    if (pid === bench) return `bench ${tid === bench ? 'main' : threadName(tid)}`;
    const kind = chrome.get(pid ?? tid);
    if (kind === 'child') return `${threadName(tid)}`;
    if (kind !== undefined) return `chrome ${kind} ${threadName(tid)}`;
    return `other ${threadName(tid)}`;
  };
}

const f = usToMs;
const top = (map, n, min = 300) => topText(map, n, min);

/** One line per span (µs [from, to]), then the totals over all spans and over the slowest quarter. */
export function printSched(recorded, pids, spans) {
  const groupOf = grouper(recorded, pids);
  const all = new Map();
  const slow = new Map();
  const rows = spans.map(([a, b]) => ({ a, b, ...schedInSpan(recorded.sched, pids.renderer, a, b, groupOf) }));
  const cut = [...rows].sort((x, y) => y.b - y.a - (x.b - x.a))[Math.max(0, Math.floor(rows.length / 4) - 1)];
  console.log('scheduler per diff (ms): span, page main waited for a core | who ran meanwhile || CPU in the span');
  for (const r of rows) {
    for (const [k, v] of r.cpu) all.set(k, (all.get(k) ?? 0) + v);
    if (r.b - r.a >= cut.b - cut.a) for (const [k, v] of r.cpu) slow.set(k, (slow.get(k) ?? 0) + v);
    console.log(`${f(r.b - r.a)}  waited ${f(r.waited)} | ${top(r.duringWait, 5)} || ${top(r.cpu, 7)}`);
  }
  const n = rows.length;
  const nSlow = rows.filter((r) => r.b - r.a >= cut.b - cut.a).length;
  const per = (map, k) => new Map([...map].map(([g, v]) => [g, v / k]));
  console.log(`CPU per diff span, all ${n}: ${top(per(all, n), 12, 100)}`);
  console.log(`CPU per diff span, slowest ${nSlow}: ${top(per(slow, nSlow), 12, 100)}`);
}

/**
 * Around each diff's message (t0 = 0): CPU per 10 ms bin, averaged over the diffs, of the processes that share the
 * cores, from `before` ms before the message to `after` ms after it: when serve's tick runs and ends, and what of
 * it (or of anything else) lands in the diff's span.
 */
export function printAround(recorded, pids, starts, before = 400, after = 100) {
  const groupOf = grouper(recorded, pids);
  const coarse = (g) =>
    g.startsWith('serve ') && g !== 'serve main'
      ? 'serve helpers'
      : g.startsWith('chrome renderer')
        ? 'page threads'
        : g.startsWith('chrome ')
          ? 'chrome other'
          : g.startsWith('bench ')
            ? 'bench driver'
            : g.startsWith('other ') || g === 'perf'
              ? 'other'
              : g;
  const cols = ['serve main', 'serve helpers', 'page main', 'page threads', 'chrome other', 'bench driver', 'other'];
  const bins = (before + after) / 10;
  const table = cols.map(() => new Float64Array(bins));
  for (const [tid, list] of recorded.sched.runs) {
    const g = groupOf(tid);
    const col = g === null ? -1 : cols.indexOf(coarse(g));
    if (col < 0) continue;
    for (const t0 of starts)
      for (const [a, b] of list) {
        const from = Math.max(a, t0 - before * 1000);
        const to = Math.min(b, t0 + after * 1000);
        for (let x = from; x < to;) {
          const bin = Math.floor((x - (t0 - before * 1000)) / 10_000);
          const end = Math.min(to, t0 - before * 1000 + (bin + 1) * 10_000);
          table[col][bin] += (end - x) / 1000 / starts.length;
          x = end;
        }
      }
  }
  console.log(`CPU ms per 10 ms around the diff's message (0), mean of ${starts.length} diffs:`);
  console.log(`${'ms'.padStart(5)} ${cols.map((c) => c.padStart(13)).join('')}`);
  for (let i = 0; i < bins; i++) {
    const at = i * 10 - before;
    console.log(`${String(at).padStart(5)} ${cols.map((_, c) => table[c][i].toFixed(2).padStart(13)).join('')}`);
  }
}
