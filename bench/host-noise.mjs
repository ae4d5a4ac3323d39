// How steady one core of this machine is: the same fixed piece of integer work (~0.5 ms) timed many times in a row,
// wall clock and the process's CPU time. WHY: the renderer bench's slowest diffs take about twice their median in
// every part (bench/RESULTS.md, sessions 47-48); on a virtual machine that could be the host taking the core away,
// which the guest's scheduler does not see. A steady unit time (p99 near 1x the median) says the host gave the core
// throughout, and a diff's tail is then the guest's own threads. Run it with nothing else running, under the bench
// lock. A diagnosis tool, not in `npm run bench`; prints one JSON line.
//   node bench/host-noise.mjs [units]
import { loadavg } from 'node:os';
import { median, pct } from './stats.mjs';

const UNITS = Number(process.argv[2] ?? 20_000);
const UNIT_MS = 0.5;

/** A loop V8 cannot fold away (each step needs the last). */
function work(steps) {
  let x = 0;
  for (let i = 0; i < steps; i++) x = (x * 1103515245 + 12345) | 0;
  return x;
}

let sink = 0;
// Optimised first, so the calibration measures the code that is then timed.
for (let i = 0; i < 300; i++) sink += work(50_000);
let steps = 50_000;
for (;;) {
  const t = performance.now();
  sink += work(steps);
  if (performance.now() - t >= UNIT_MS) break;
  steps = Math.ceil(steps * 1.2);
}

const wall = [];
const cpu = [];
for (let i = 0; i < UNITS; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  sink += work(steps);
  const t1 = performance.now();
  const c = process.cpuUsage(c0);
  wall.push(t1 - t0);
  cpu.push((c.user + c.system) / 1000);
}
const mid = median(wall);
const ratio = (v) => Math.round((v / mid) * 100) / 100;
const slow = wall.map((w, i) => [w, cpu[i]]).filter(([w]) => w > 1.5 * mid);
console.log(
  JSON.stringify({
    units: UNITS,
    unitMs: Math.round(mid * 1000) / 1000,
    wallOverMedian: { p90: ratio(pct(wall, 0.9)), p99: ratio(pct(wall, 0.99)), max: ratio(Math.max(...wall)) },
    unitsOver: { '1.5x': slow.length, '2x': wall.filter((w) => w > 2 * mid).length },
    // Of the slow units' wall time, how much the process ran (near 1: the guest counted it as running).
    cpuShareOfSlow: slow.length
      ? Math.round((slow.reduce((a, [, c]) => a + c, 0) / slow.reduce((a, [w]) => a + w, 0)) * 100) / 100
      : null,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    sink: sink & 1,
  }),
);
