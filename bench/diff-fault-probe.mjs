// Page faults per diff in the page's renderer process (every thread, and its main thread alone), from
// /proc/<pid>/task/*/stat: on this virtual machine a minor fault costs ~12 us (`new Array(100000)` in Node: ~196
// faults, 2.4 ms), so memory V8 or Blink takes fresh from the kernel each diff is time the diff waits.
// A diagnosis tool (issue 13), not in `npm run bench`.
//   node bench/diff-fault-probe.mjs [unsorted|remote|process] [diffs]   (BENCH_RENDERER_OUT: another build)
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { collectDiffs, stopServe } from './renderer.mjs';
import { launchProbe, openViewAt100k } from './diff-probe-page.mjs';
import { statField, statNumber } from './proc-stat.mjs';

const VIEW = process.argv[2] ?? 'unsorted';
const DIFFS = Number(process.argv[3] ?? 20);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The renderer processes of Chromium (--type=renderer), by PID, with their command lines. */
function renderers() {
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('chromium') && cmd.includes('--type=renderer')) out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Minor faults of each thread of `pid` (field 10 of stat, after the name in parentheses), by thread name. */
function faults(pid) {
  const byThread = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = statField(stat, 2);
      const key = tid === String(pid) ? 'main' : name;
      byThread.set(key, (byThread.get(key) ?? 0) + statNumber(stat, 10));
      // user and system CPU time, in clock ticks (10 ms): a fault's handling is the thread's system time
      if (key === 'main') {
        byThread.set('main utime ms', statNumber(stat, 14) * 10);
        byThread.set('main stime ms', statNumber(stat, 15) * 10);
      }
    } catch {
      // thread gone
    }
  }
  return byThread;
}

const { serve, browser } = await launchProbe();
try {
  const url = await serve.url;
  await sleep(3000);
  const before = new Set(renderers());
  const page = await openViewAt100k(browser, url, VIEW, 3);
  const mine = renderers().filter((p) => !before.has(p));
  // The page's renderer: the one of the new ones with the most faults so far (the omnibox pop-up's is small).
  const pid = mine.sort((a, b) => sumOf(faults(b)) - sumOf(faults(a)))[0];
  const start = faults(pid);
  // PERF=1: also where the main thread's faults land (perf's page_fault_user tracepoint: address and code).
  const perf = process.env.PERF === '1' ? startPerf(pid) : null;
  await collectDiffs(page, DIFFS);
  const end = faults(pid);
  const maps = perf ? readFileSync(`/proc/${pid}/maps`, 'utf8') : '';
  if (perf) await stopPerf(perf, maps);
  const rows = [...end].map(([k, v]) => [k, (v - (start.get(k) ?? 0)) / DIFFS]).filter(([, v]) => v > 0);
  rows.sort((a, b) => b[1] - a[1]);
  console.log(
    `view ${VIEW}, renderer ${pid}, ${DIFFS} diffs: minor faults per diff ${sumOf(new Map(rows)).toFixed(0)}`,
  );
  for (const [k, v] of rows) console.log(`  ${v.toFixed(1).padStart(8)}  ${k}`);
} finally {
  await browser.close();
  await stopServe(serve.child);
}

function sumOf(m) {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

function startPerf(pid) {
  const file = `/tmp/diff-faults-${pid}.data`;
  const child = spawn('perf', ['record', '-q', '-e', 'exceptions:page_fault_user', '-t', String(pid), '-o', file], {
    stdio: 'ignore',
  });
  return { child, file };
}

/** The faults by the mapping they hit (its path, or its size for an anonymous one) and by the faulting code. */
async function stopPerf({ child, file }, mapsText) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
  const script = execFileSync('perf', ['script', '-i', file, '-F', 'ip,sym,dso,trace'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const maps = mapsText
    .trim()
    .split('\n')
    .map((l) => {
      const [range, , , , , path] = l.split(/\s+/);
      const [a, b] = range.split('-').map((h) => BigInt(`0x${h}`));
      return { a, b, name: path || `anon ${((b - a) >> 20n).toString()} MiB at ${range.split('-')[0]}` };
    });
  const byMap = new Map();
  const byCode = new Map();
  for (const line of script.split('\n')) {
    const m = /address=(0x[0-9a-f]+)/.exec(line);
    if (!m) continue;
    const addr = BigInt(m[1]);
    const map = maps.find((x) => addr >= x.a && addr < x.b);
    const name = map ? map.name : 'unmapped since';
    byMap.set(name, (byMap.get(name) ?? 0) + 1);
    const code = line.trim().split(/\s+/).slice(1, 3).join(' ');
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
  }
  const top = (m) => [...m].sort((x, y) => y[1] - x[1]).slice(0, 12);
  console.log('main thread faults by mapping (per diff):');
  for (const [k, v] of top(byMap)) console.log(`  ${(v / DIFFS).toFixed(1).padStart(8)}  ${k}`);
  console.log('by faulting code (per diff):');
  for (const [k, v] of top(byCode)) console.log(`  ${(v / DIFFS).toFixed(1).padStart(8)}  ${k}`);
}
