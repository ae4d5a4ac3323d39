// Loaded into `netscope serve` with `node --import` by first-paint-probe.mjs: records when the server's event loop
// was held (a 10 ms timer that fired late) in wall-clock time, so a page load's timeline can be laid beside it.
// Written at exit to LOOP_LAG_FILE as JSON lines {end, gap, cpu}: gap ms the loop did not run timers, ending at `end`.
import { writeFileSync } from 'node:fs';

const file = process.env.LOOP_LAG_FILE;
if (file) {
  const held = [];
  let last = performance.now();
  let cpu = process.cpuUsage();
  setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    last = now;
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    // cpu: ms of this process's CPU (all its threads) in the gap; near gap = busy, far below = waiting for a core.
    if (gap > 25) held.push({ end: performance.timeOrigin + now, gap, cpu: (used.user + used.system) / 1000 });
  }, 10).unref();
  process.on('exit', () => writeFileSync(file, held.map((h) => JSON.stringify(h)).join('\n')));
}
