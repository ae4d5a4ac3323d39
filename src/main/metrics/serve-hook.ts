/**
 * `netscope serve --metrics`: the exporter on its own port beside the page,
 * sharing serve's engine (its refreshes serve both the browsers and the
 * scrapes). The metrics code is loaded only when asked for, so neither serve
 * nor the rest of the CLI pays for prom-client at start.
 */
import type { Backend } from '../engine/backend-types';
import type { MetricsOptions } from './flags';

export interface ServeMetrics {
  url: string;
  close(): Promise<void>;
}

export async function startServeMetrics(
  backend: Backend,
  metrics: MetricsOptions,
  intervalMs: number,
): Promise<ServeMetrics> {
  const { startMetricsEndpoint } = await import('./endpoint');
  const server = await startMetricsEndpoint(backend, metrics, {
    // serve refreshes every interval while someone watches: a snapshot within two is the engine's current one.
    maxAgeMs: 2 * intervalMs,
    warn: (message) => process.stderr.write(`netscope: warning: ${message}\n`),
  });
  process.stdout.write(`Metrics for Prometheus at ${server.url}\n`);
  return server;
}
