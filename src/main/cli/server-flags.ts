/**
 * The flag tables of `netscope serve`, `netscope exporter` and `netscope
 * measure` (the long-running and benchmark commands), read by the same parser
 * and help writer as the connection listing's (flag-table.ts).
 */
import { socketEngineFlag } from './socket-engine-flag';
import {
  DEFAULT_EXPORTER_INTERVAL_MS,
  defaultMetricsOptions,
  type ExporterCommand,
  type MetricsOptions,
} from '../metrics/flags';
import { parseFlags, UsageError, type Flag, type FlagSection } from './flag-table';
import { parseSeconds, wholeNumber } from './flag-values';

export interface ServeCommand {
  kind: 'serve';
  host: string;
  port: number;
  /** A file holding the access token (else NETSCOPE_TOKEN, else a random one); never the token itself in argv. */
  tokenFile: string | null;
  allowActions: boolean;
  intervalMs: number;
  /** Browsers connected at once. */
  maxClients: number;
  /** Megabytes queued for sending across every browser. */
  maxBufferMb: number;
  /**
   * Benchmark load: generated rows instead of this machine's sockets; `moving` (null: no counters) the share of them
   * moving bytes each refresh, the rows then carrying counters (collectors/synthetic.ts).
   */
  synthetic: { rows: number; churn: number; moving: number | null } | null;
  /** --metrics: /metrics for Prometheus on its own port; null when off. */
  metrics: MetricsOptions | null;
}

export interface MeasureCommand {
  kind: 'measure';
  warm: number;
  idleSeconds: number;
  pidsFile: string | null;
}

/** A token flag is refused whatever its value: `ps` shows a command line to every user. */
const refuseToken =
  (why: string) =>
  (_into: unknown, _value: string, spelled: string): never => {
    throw new UsageError(`${spelled} is not accepted: ${why}`);
  };
const PAGE_TOKEN_WHY =
  'a command line is visible to every local user (ps); ' +
  'put the token in a file (--token-file PATH) or in the NETSCOPE_TOKEN environment variable';
const METRICS_TOKEN_WHY =
  'a token on the command line is visible to every user (ps, /proc); use --metrics-token-file FILE';

/**
 * The metrics flags as `serve --metrics-*` spells them; the exporter also takes
 * them without the prefix (--top), except the token file (--token-file is the page's).
 */
function metricsFlags<T>(metrics: (into: T) => MetricsOptions, bare: boolean): Flag<T>[] {
  /** The exporter lists `--top`, serve `--metrics-top`; each accepts what the exporter always did. */
  const named = (name: string) => (bare ? { name, aliases: [`metrics-${name}`] } : { name: `metrics-${name}` });
  return [
    {
      ...named('host'),
      value: 'ADDR',
      help: 'bind address (default 127.0.0.1)',
      apply: (t, v) => void (metrics(t).host = v),
    },
    {
      ...named('port'),
      value: 'N',
      help: 'port (default 7871; 0 picks a free one)',
      apply: (t, v, f) => void (metrics(t).port = wholeNumber(f, v, 0, 65535)),
    },
    {
      name: 'metrics-token-file',
      value: 'PATH',
      help: "scrapes must send 'Authorization: Bearer <token in PATH>'",
      apply: (t, v) => void (metrics(t).tokenFile = v),
    },
    { ...named('token'), value: 'TOKEN', help: '', apply: refuseToken(METRICS_TOKEN_WHY) },
    {
      ...named('top'),
      value: 'N',
      help: "processes, remote addresses, subnets: N series each plus '(other)' (default 50)",
      apply: (t, v, f) => void (metrics(t).limits.top = wholeNumber(f, v, 1, 10_000)),
    },
    {
      ...named('max-listeners'),
      value: 'N',
      help: "listening sockets: N series plus '(other)' (default 500)",
      apply: (t, v, f) => void (metrics(t).limits.maxListeners = wholeNumber(f, v, 1, 100_000)),
    },
    {
      ...named('allow-host'),
      value: 'NAME',
      help: "accept this Host header too (Prometheus's target name); repeatable",
      apply: (t, v) => void metrics(t).allowedHosts.push(v.toLowerCase()),
    },
    {
      name: 'dos-syn-recv',
      value: 'N',
      help: 'DoS alarm: SYN_RECV from other hosts above N (default 100)',
      apply: (t, v, f) => void (metrics(t).dos.synRecv = wholeNumber(f, v, 0, 10_000_000)),
    },
    {
      name: 'dos-share',
      value: 'FRACTION',
      help: 'DoS alarm: one remote holding more than FRACTION (default 0.5) of ...',
      apply: (t, v) => void (metrics(t).dos.share = fraction(v)),
    },
    {
      name: 'dos-min-connections',
      value: 'N',
      help: '... at least N (default 50) inbound connections',
      apply: (t, v, f) => void (metrics(t).dos.minConnections = wholeNumber(f, v, 1, 10_000_000)),
    },
  ];
}

function fraction(text: string): number {
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(text))
    throw new UsageError(`--dos-share takes a fraction from 0 to 1, got '${text}'`);
  return Number(text);
}

const help = (into: { help: boolean }) => void (into.help = true);
const HELP_FLAG = { name: 'help', short: 'h', help: 'this help', apply: help };

type ServeParsing = ServeCommand & { help: boolean };
/** serve's metrics: any --metrics-* or --dos-* flag turns them on. */
const serveMetrics = (into: ServeParsing): MetricsOptions => (into.metrics ??= defaultMetricsOptions());

/** The page's port when --port is not given (`netscope serve`, `netscope import --serve`). */
export const DEFAULT_PAGE_PORT = 7870;

/**
 * The page server's --port and --token-file, one definition for `netscope serve` and `netscope import --serve`
 * (WHY: import had its own copy, with its own help text, which could drift from serve's). `set` stores the value;
 * `context` goes before the help line ('with --serve: ' where the flag needs another).
 */
export function pageServerFlags<T>(
  set: { port: (into: T, port: number) => void; tokenFile: (into: T, path: string) => void },
  context = '',
): Flag<T>[] {
  return [
    {
      name: 'port',
      value: 'N',
      help: `${context}the port (default ${DEFAULT_PAGE_PORT}; 0 picks a free one)`,
      apply: (c, v, f) => set.port(c, wholeNumber(f, v, 0, 65535)),
    },
    {
      name: 'token-file',
      value: 'PATH',
      help: `${context}the access token from this file (or NETSCOPE_TOKEN); default: a random one`,
      apply: (c, v) => set.tokenFile(c, v),
    },
  ];
}

const SERVE_FLAGS: Flag<ServeParsing>[] = [
  {
    name: 'host',
    value: 'ADDR',
    help: 'bind address (default 127.0.0.1; anything else is reachable from the network: use an SSH tunnel)',
    apply: (c, v) => void (c.host = v),
  },
  ...pageServerFlags<ServeParsing>({
    port: (c, port) => void (c.port = port),
    tokenFile: (c, path) => void (c.tokenFile = path),
  }),
  { name: 'token', value: 'TOKEN', help: '', apply: refuseToken(PAGE_TOKEN_WHY) },
  {
    name: 'max-clients',
    value: 'N',
    help: 'browsers connected at once (default 8)',
    apply: (c, v, f) => void (c.maxClients = wholeNumber(f, v, 1, 1000)),
  },
  {
    name: 'max-buffer-mb',
    value: 'N',
    help: 'megabytes queued for all browsers together (default 256)',
    apply: (c, v, f) => void (c.maxBufferMb = wholeNumber(f, v, 1, 65536)),
  },
  {
    name: 'allow-actions',
    help: 'allow ending processes from the browser',
    apply: (c) => void (c.allowActions = true),
  },
  {
    name: 'interval',
    value: 'SECONDS',
    help: 'refresh interval (default 1)',
    apply: (c, v, f) => void (c.intervalMs = parseSeconds(v, f)),
  },
  {
    name: 'synthetic',
    value: 'ROWS[:CHURN[:MOVING]]',
    help:
      'benchmark load: generated rows, CHURN of them changing per refresh (default 0.01); ' +
      'with MOVING, rows carry traffic counters and MOVING of them move bytes each refresh',
    apply: (c, v) => void (c.synthetic = synthetic(v)),
  },
  {
    name: 'metrics',
    help: 'also serve /metrics for Prometheus on its own port (any --metrics-* flag implies it)',
    apply: (c) => void serveMetrics(c),
  },
  ...metricsFlags(serveMetrics, false),
  socketEngineFlag<ServeParsing>(),
  HELP_FLAG,
];

function synthetic(value: string): { rows: number; churn: number; moving: number | null } {
  const match = /^(\d+)(?::(0|0?\.\d+|1)(?::(0|0?\.\d+|1))?)?$/.exec(value);
  if (!match || Number(match[1]) > 1_000_000)
    throw new UsageError(
      `--synthetic takes ROWS[:CHURN[:MOVING]] (up to 1000000 rows; CHURN and MOVING fractions from 0 to 1), ` +
        `e.g. 100000:0.01, or 100000:0.01:0.01 for rows with counters, 1% of them moving; got '${value}'`,
    );
  return {
    rows: Number(match[1]),
    churn: match[2] === undefined ? 0.01 : Number(match[2]),
    moving: match[3] === undefined ? null : Number(match[3]),
  };
}

type ExporterParsing = ExporterCommand & { help: boolean };
const EXPORTER_FLAGS: Flag<ExporterParsing>[] = [
  ...metricsFlags((c: ExporterParsing) => c.metrics, true),
  {
    name: 'interval',
    value: 'SECONDS',
    help: 'scrapes within this age of the last collection share it (default 5)',
    apply: (c, v, f) => void (c.intervalMs = parseSeconds(v, f)),
  },
  HELP_FLAG,
];

type MeasureParsing = MeasureCommand & { help: boolean };
const MEASURE_FLAGS: Flag<MeasureParsing>[] = [
  {
    name: 'warm',
    value: 'N',
    help: 'warm refreshes after the cold one (default 5)',
    apply: (c, v, f) => void (c.warm = wholeNumber(f, v, 0, 1000)),
  },
  {
    name: 'idle',
    value: 'SECONDS',
    help: 'also measure the idle cost of a 1 s refresh for this long',
    apply: (c, v, f) => void (c.idleSeconds = wholeNumber(f, v, 0, 3600)),
  },
  {
    name: 'pids-file',
    value: 'PATH',
    help: "write the TCP rows' owners here, for the benchmark's check",
    apply: (c, v) => void (c.pidsFile = v),
  },
  HELP_FLAG,
];

function noWords(command: string) {
  return (word: string): never => {
    throw new UsageError(`${command}: unexpected argument '${word}'`);
  };
}

/** Names the command in a flag's error: `serve: unknown option '--bogus'`. */
function within<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError && !error.message.startsWith(`${command}:`))
      throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
}

export function parseServe(argv: readonly string[]): ServeCommand {
  const c: ServeParsing = {
    kind: 'serve',
    host: '127.0.0.1',
    port: DEFAULT_PAGE_PORT,
    tokenFile: null,
    allowActions: false,
    intervalMs: 1000,
    maxClients: 8,
    maxBufferMb: 256,
    synthetic: null,
    metrics: null,
    help: false,
  };
  within('serve', () => parseFlags(argv, SERVE_FLAGS, c, noWords('serve')));
  const { help: _help, ...command } = c;
  return command;
}

export function parseExporter(argv: readonly string[]): ExporterCommand {
  const c: ExporterParsing = {
    kind: 'exporter',
    metrics: defaultMetricsOptions(),
    intervalMs: DEFAULT_EXPORTER_INTERVAL_MS,
    help: false,
  };
  within('exporter', () => parseFlags(argv, EXPORTER_FLAGS, c, noWords('exporter')));
  const { help: _help, ...command } = c;
  return command;
}

export function parseMeasure(argv: readonly string[]): MeasureCommand {
  const c: MeasureParsing = { kind: 'measure', warm: 5, idleSeconds: 0, pidsFile: null, help: false };
  within('measure', () => parseFlags(argv, MEASURE_FLAGS, c, noWords('measure')));
  const { help: _help, ...command } = c;
  return command;
}

export const serveSections = (): FlagSection<ServeParsing>[] => [
  { title: 'Serve options (netscope serve)', flags: SERVE_FLAGS },
];
export const exporterSections = (): FlagSection<ExporterParsing>[] => [
  { title: 'Exporter options (netscope exporter; the --metrics-* spellings work too)', flags: EXPORTER_FLAGS },
];
export const measureSections = (): FlagSection<MeasureParsing>[] => [
  { title: 'Measure options (netscope measure)', flags: MEASURE_FLAGS },
];
