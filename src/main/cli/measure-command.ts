/**
 * `netscope measure`: in-process timings for the benchmark (bench/run.mjs).
 * A cold snapshot (fresh collectors, empty caches), then warm refreshes on
 * the same collectors, peak memory, and optionally the idle CPU cost of the
 * scheduler at its default 1 s interval. Prints one JSON object.
 */
import { writeFileSync } from 'node:fs';
import { createPlatformCollectors } from '../collectors';
import { Scheduler } from '../engine/scheduler';
import type { MeasureCommand } from './args';


export async function runMeasure(command: MeasureCommand): Promise<number> {
  const collectors = createPlatformCollectors();
  const scheduler = new Scheduler({ collectors, intervalMs: 1000 });
  const cold = await scheduler.takeNow();
  const warmMs: number[] = [];
  for (let i = 0; i < command.warm; i++) warmMs.push((await scheduler.takeNow()).snapshot.tookMs);
  const latest = scheduler.latest ?? cold.snapshot;
  const connectionsReport = latest.collectors.find((c) => c.name === 'connections');
  if (command.pidsFile) {
    const lines = latest.connections
      .filter((c) => c.protocol === 'tcp')
      .map((c) => `${c.localAddress}:${c.localPort} ${c.remoteAddress}:${c.remotePort} ${c.pid ?? '-'} ${c.state}`);
    writeFileSync(command.pidsFile, lines.join('\n') + '\n');
  }
  let idle: { seconds: number; cpuPercentOfOneCore: number; ticks: number } | null = null;
  if (command.idleSeconds > 0) {
    let ticks = 0;
    const loop = new Scheduler({ collectors, intervalMs: 1000, onTick: () => ticks++ });
    await loop.takeNow();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    loop.resume();
    await new Promise((r) => setTimeout(r, command.idleSeconds * 1000));
    await loop.stop();
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    idle = { seconds: wallMs / 1000, cpuPercentOfOneCore: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, ticks };
  }
  const result = {
    connections: latest.connections.length,
    tcp: latest.connections.filter((c) => c.protocol === 'tcp').length,
    owned: latest.connections.filter((c) => c.pid !== null).length,
    coldMs: cold.snapshot.tookMs,
    coldConnectionsMs: cold.snapshot.collectors.find((c) => c.name === 'connections')?.tookMs ?? null,
    warmMs,
    warnings: connectionsReport?.warnings ?? [],
    errors: latest.collectors.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error}`),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssMb: process.memoryUsage().rss / (1024 * 1024),
    idle,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}
