/**
 * The exporter's command-line flags, for `netscope exporter` and for
 * `netscope serve --metrics`. Pure: argv in, options out; a bad value throws
 * the caller's usage error (src/main/cli/args.ts passes its UsageError, which
 * this module cannot import without a cycle).
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

export type UsageErrorFactory = (message: string) => Error;

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

function valueOf(argv: readonly string[], i: number, flag: string, usage: UsageErrorFactory): string {
  const value = argv[i + 1];
  if (value === undefined || (value.startsWith('-') && value.length > 1)) throw usage(`${flag} needs a value`);
  return value;
}

function wholeNumber(flag: string, text: string, min: number, max: number, usage: UsageErrorFactory): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw usage(`${flag} takes a whole number from ${min} to ${max}, got '${text}'`);
  }
  return Number(text);
}

/**
 * One metrics flag at argv[i], spelled with the given prefix ('--metrics-' for
 * serve, '--' or '--metrics-' for the exporter). Returns how many arguments it
 * used, or 0 when argv[i] is not one.
 */
export function parseMetricsFlag(
  argv: readonly string[],
  i: number,
  into: MetricsOptions,
  usage: UsageErrorFactory,
): number {
  const flag = argv[i] as string;
  const name = flag.replace(/^--metrics-/, '--');
  const value = () => valueOf(argv, i, flag, usage);
  switch (name) {
    case '--token-file':
      if (flag !== '--metrics-token-file') return 0; // serve's own --token-file is the page's token
      into.tokenFile = value();
      return 2;
    case '--token':
      throw usage(
        `${flag} is not accepted: a token on the command line is visible to every user (ps, /proc); use --metrics-token-file FILE`,
      );
    case '--top':
      into.limits.top = wholeNumber(flag, value(), 1, 10_000, usage);
      return 2;
    case '--max-listeners':
      into.limits.maxListeners = wholeNumber(flag, value(), 1, 100_000, usage);
      return 2;
    case '--allow-host':
      into.allowedHosts.push(value().toLowerCase());
      return 2;
    default:
      break;
  }
  switch (flag) {
    case '--dos-syn-recv':
      into.dos.synRecv = wholeNumber(flag, value(), 0, 10_000_000, usage);
      return 2;
    case '--dos-min-connections':
      into.dos.minConnections = wholeNumber(flag, value(), 1, 10_000_000, usage);
      return 2;
    case '--dos-share': {
      const text = value();
      if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(text)) throw usage(`--dos-share takes a fraction from 0 to 1, got '${text}'`);
      into.dos.share = Number(text);
      return 2;
    }
    default:
      return 0;
  }
}

/** The port flags of both commands. */
export function parsePort(flag: string, text: string, usage: UsageErrorFactory): number {
  return wholeNumber(flag, text, 0, 65535, usage);
}

/** `netscope exporter [options]`. parseSeconds is args.ts's interval parser (same limits as everywhere). */
export function parseExporter(
  argv: readonly string[],
  usage: UsageErrorFactory,
  parseSeconds: (text: string, what: string) => number,
): ExporterCommand {
  const cmd: ExporterCommand = {
    kind: 'exporter',
    metrics: defaultMetricsOptions(),
    intervalMs: DEFAULT_EXPORTER_INTERVAL_MS,
  };
  for (let i = 0; i < argv.length;) {
    const used = parseMetricsFlag(argv, i, cmd.metrics, usage);
    if (used > 0) {
      i += used;
      continue;
    }
    const flag = argv[i] as string;
    if (flag === '--host' || flag === '--metrics-host') cmd.metrics.host = valueOf(argv, i, flag, usage);
    else if (flag === '--port' || flag === '--metrics-port')
      cmd.metrics.port = parsePort(flag, valueOf(argv, i, flag, usage), usage);
    else if (flag === '--interval') cmd.intervalMs = parseSeconds(valueOf(argv, i, flag, usage), '--interval');
    else throw usage(`exporter: unknown option '${flag}'`);
    i += 2;
  }
  return cmd;
}

/** serve's `--metrics`, `--metrics-host`, `--metrics-port` and the shared metrics flags; 0 when argv[i] is none. */
export function parseServeMetricsFlag(
  argv: readonly string[],
  i: number,
  current: MetricsOptions | null,
  usage: UsageErrorFactory,
): { used: number; metrics: MetricsOptions | null } {
  const flag = argv[i] as string;
  if (!flag.startsWith('--metrics') && !flag.startsWith('--dos-')) return { used: 0, metrics: current };
  const metrics = current ?? defaultMetricsOptions();
  if (flag === '--metrics') return { used: 1, metrics };
  if (flag === '--metrics-host') return { used: 2, metrics: { ...metrics, host: valueOf(argv, i, flag, usage) } };
  if (flag === '--metrics-port') {
    return { used: 2, metrics: { ...metrics, port: parsePort(flag, valueOf(argv, i, flag, usage), usage) } };
  }
  if (!flag.startsWith('--metrics-') && !flag.startsWith('--dos-')) throw usage(`serve: unknown option '${flag}'`);
  const used = parseMetricsFlag(argv, i, metrics, usage);
  if (used === 0) throw usage(`serve: unknown option '${flag}'`);
  return { used, metrics };
}
