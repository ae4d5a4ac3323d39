/**
 * `netscope measure`: in-process timings for the benchmark (bench/run.mjs).
 * A cold snapshot (fresh collectors, empty caches), then warm refreshes on
 * the same collectors, peak memory, and optionally the idle CPU cost of the
 * scheduler at its default 1 s interval. Prints one JSON object.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { createPlatformCollectors } from '../collectors';
import { Scheduler } from '../engine/scheduler';
import type { Connection, Snapshot } from '../../shared/model';
import type { MeasureCommand } from './args';

export async function runMeasure(command: MeasureCommand): Promise<number> {
  const collectors = createPlatformCollectors();
  const scheduler = new Scheduler({ collectors, intervalMs: 1000 });
  // Only the cold snapshot's figures are kept: holding the snapshot itself would keep its 100k rows alive through
  // the warm refreshes, which the app never does (the netlink engine replaces them all on the first warm refresh).
  const { coldMs, coldConnectionsMs } = coldFigures((await scheduler.takeNow()).snapshot);
  const memory = [memoryNow()];
  const warmMs: number[] = [];
  // CPU time of each warm refresh, every thread of this process (the reading threads' share included): on a shared
  // machine wall time says more about the others' load than about this code.
  const warmCpuMs: number[] = [];
  for (let i = 0; i < command.warm; i++) {
    const cpuBefore = process.cpuUsage();
    warmMs.push((await scheduler.takeNow()).snapshot.tookMs);
    const cpu = process.cpuUsage(cpuBefore);
    warmCpuMs.push((cpu.user + cpu.system) / 1000);
    memory.push(memoryNow());
  }
  const latest = scheduler.latest;
  if (latest === null) throw new Error('measure: no snapshot was taken');
  const connectionsReport = latest.collectors.find((c) => c.name === 'connections');
  if (command.pidsFile) writePids(command.pidsFile, latest.connections);
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
    coldMs,
    coldConnectionsMs,
    warmMs,
    warmCpuMs,
    warnings: connectionsReport?.warnings ?? [],
    // Which engine read the sockets and how the owners were read (the BPF fd iterator or /proc): what was measured.
    engine: connectionsReport?.engine ?? null,
    errors: latest.collectors.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error}`),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssMb: process.memoryUsage().rss / (1024 * 1024),
    memory,
    idle,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}

/**
 * Where the memory is after a refresh (MB): the resident size, the peak so far, the JS heap (used and reserved), its
 * large-object space (lists over 128 KB, freed only by a full GC), and what lives outside it (external; of that, typed
 * arrays and buffers). WHY per refresh: the peak that the benchmark reports is the whole run's; these say which
 * refresh reached it and in which part of this thread (the reading threads' memory shows only in rss).
 */
function memoryNow(): {
  rss: number;
  maxRss: number;
  heapUsed: number;
  heapTotal: number;
  largeObjects: number;
  external: number;
  arrayBuffers: number;
} {
  const m = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 104857.6) / 10;
  const largeObjects = getHeapSpaceStatistics().find((s) => s.space_name === 'large_object_space');
  return {
    rss: mb(m.rss),
    maxRss: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
    heapUsed: mb(m.heapUsed),
    heapTotal: mb(m.heapTotal),
    largeObjects: mb(largeObjects?.space_size ?? 0),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
  };
}

function coldFigures(snapshot: Snapshot): { coldMs: number; coldConnectionsMs: number | null } {
  const connections = snapshot.collectors.find((c) => c.name === 'connections');
  return { coldMs: snapshot.tookMs, coldConnectionsMs: connections?.tookMs ?? null };
}

/**
 * The TCP rows as 'local remote pid state' lines, for the benchmark's PID check.
 * WHY in batches: at 100k rows one joined text (plus its 100k lines) is ~20 MB
 * that would count in the peak memory this command reports.
 */
function writePids(path: string, connections: readonly Connection[]): void {
  const fd = openSync(path, 'w');
  try {
    let batch: string[] = [];
    const flush = (): void => {
      if (batch.length > 0) writeSync(fd, batch.join('\n') + '\n');
      batch = [];
    };
    for (const c of connections) {
      if (c.protocol !== 'tcp') continue;
      batch.push(`${c.localAddress}:${c.localPort} ${c.remoteAddress}:${c.remotePort} ${c.pid ?? '-'} ${c.state}`);
      if (batch.length === 5000) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}
