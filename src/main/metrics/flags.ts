/**
 * The exporter's options and their defaults, for `netscope exporter` and for
 * `netscope serve --metrics`. The flags that set them are rows of the CLI's
 * flag tables (src/main/cli/server-flags.ts).
 */
import { DEFAULT_DOS_RULES, DEFAULT_LIMITS, type DosRules, type MetricsLimits } from './defaults';

/** 7870 is `serve`'s page; its metrics sit next door. */
export const DEFAULT_METRICS_PORT = 7871;
/** The exporter's engine refreshes at most this often; scrapes inside it share one snapshot. */
export const DEFAULT_EXPORTER_INTERVAL_MS = 5000;

export interface MetricsOptions {
  host: string;
  port: number;
  /** Read at start; the token itself never appears on the command line. */
  tokenFile: string | null;
  /** Host header values accepted besides loopback names, the listening addresses and this host's name. */
  allowedHosts: string[];
  limits: MetricsLimits;
  dos: DosRules;
}

export interface ExporterCommand {
  kind: 'exporter';
  metrics: MetricsOptions;
  /** The engine's refresh period: the freshness limit of a scrape's snapshot. */
  intervalMs: number;
}

export function defaultMetricsOptions(): MetricsOptions {
  return {
    host: '127.0.0.1',
    port: DEFAULT_METRICS_PORT,
    tokenFile: null,
    allowedHosts: [],
    limits: { ...DEFAULT_LIMITS },
    dos: { ...DEFAULT_DOS_RULES },
  };
}
