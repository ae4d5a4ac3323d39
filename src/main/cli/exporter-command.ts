/**
 * `netscope exporter`: only /metrics, for Prometheus. The engine collects
 * when a scrape finds its snapshot older than --interval (not on a timer), so
 * an exporter nobody scrapes costs nothing, and scrapes from several
 * Prometheus servers within one interval share one collection. Only the
 * sockets are collected: routes, interface and protocol counters are
 * node_exporter's.
 */
import { createPlatformCollectors } from '../collectors';
import type { PlatformCollectors } from '../collectors/types';
import { createBackend } from '../engine/backend';
import { startMetricsEndpoint } from '../metrics/endpoint';
import type { ExporterCommand } from '../metrics/flags';
import { collectorsForViews } from './needed-collectors';
import { checkTokenFile } from './token-file';
import { untilSignal } from './until-signal';

/** This OS's collectors with only the sockets read. */
export function socketOnlyCollectors(platform: PlatformCollectors = createPlatformCollectors()): PlatformCollectors {
  return collectorsForViews(platform, ['connections']);
}

export async function runExporter(command: ExporterCommand): Promise<number> {
  // A missing or odd token file is bad usage (exit 2, one clean line), found before the engine starts.
  const tokenFile = command.metrics.tokenFile;
  if (tokenFile !== null) checkTokenFile(`--metrics-token-file ${tokenFile}`, tokenFile);
  const backend = createBackend({
    mode: 'browser',
    allowEndProcess: false,
    intervalMs: command.intervalMs,
    collectors: socketOnlyCollectors(),
  });
  const warn = (message: string) => process.stderr.write(`netscope: warning: ${message}\n`);
  let server;
  try {
    server = await startMetricsEndpoint(backend, command.metrics, { maxAgeMs: command.intervalMs, warn });
  } catch (error) {
    await backend.stop();
    throw error;
  }
  process.stdout.write(`NetScope exporter: metrics at ${server.url}\n`);
  return untilSignal(() => Promise.all([server.close(), backend.stop()]));
}
