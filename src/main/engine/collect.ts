/**
 * One collection: every collector of the platform at once, each isolated, then
 * assembled into a Snapshot. A failed collector leaves its part empty and an
 * error in `collectors`; the previous good part is NOT carried over, because
 * showing stale routes as current would be a lie.
 */
import { hostname } from 'node:os';
import { emptySnapshot, type Snapshot } from '../../shared/model';
import { assignIdsKeepingShared } from './connection-ids';
import type { PlatformCollectors } from '../collectors/types';
import { CollectionDeadline, runIsolated } from './isolate';
import { defaultSocketEngine } from './socket-engine-status';

export interface CollectOptions {
  seq: number;
  timeoutMs: number;
}

/**
 * The last collection's deadline, when it may serve again (every collector ok and CollectionDeadline.reusable);
 * taken by the next one.
 */
let spareDeadline: CollectionDeadline | null = null;

export async function collectSnapshot(platform: PlatformCollectors, options: CollectOptions): Promise<Snapshot> {
  const takenAt = Date.now();
  const started = performance.now();
  // The four start together and share one timeout (isolate.ts); UNIX sockets, read after them, get their own.
  const spare = spareDeadline;
  spareDeadline = null;
  const deadline = spare?.timeoutMs === options.timeoutMs ? spare : new CollectionDeadline(options.timeoutMs);
  const [connections, routes, interfaces, protocolStats] = await Promise.all([
    runIsolated(platform.connections, deadline),
    runIsolated(platform.routes, deadline),
    runIsolated(platform.interfaces, deadline),
    runIsolated(platform.protocolStats, deadline),
  ]);
  deadline.end();
  // Not after a failure: a collector that failed may have left work running with the signal (connections.ts's name
  // reads, whose lane answers check signal.aborted), which the next collection's timeout would then abort.
  const allOk = connections.report.ok && routes.report.ok && interfaces.report.ok && protocolStats.report.ok;
  if (allOk && deadline.reusable()) spareDeadline = deadline;
  const unix = platform.unixSockets ? await runIsolated(platform.unixSockets, options.timeoutMs) : null;
  const snapshot = emptySnapshot({
    seq: options.seq,
    takenAt,
    tookMs: performance.now() - started,
    host: hostname(),
    platform: platform.platform,
    source: { kind: 'live' },
    connections: assignIdsKeepingShared(connections.data ?? []),
    routes: routes.data ?? [],
    interfaces: interfaces.data ?? [],
    protocolStats: protocolStats.data ?? {},
    collectors: [connections.report, routes.report, interfaces.report, protocolStats.report],
    ...(unix ? { unixSockets: unix.data ?? [] } : {}),
  });
  if (unix) snapshot.collectors.push(unix.report);
  // A collector that does not say which engine ran still tells the traffic columns why they are empty.
  if (connections.report.ok && connections.report.engine === undefined)
    connections.report.engine = defaultSocketEngine(platform.platform);
  return snapshot;
}
