/**
 * The command line, netstat's switches where they make sense. Pure: argv in,
 * a typed command or a usage error out (the caller prints it and exits 2).
 */
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../engine/scheduler';
import { parseExporter, parseServeMetricsFlag, type ExporterCommand, type MetricsOptions } from '../metrics/flags';
import { DEFAULT_MAX_IMPORT_BYTES } from '../import/read-input';

export type View = 'connections' | 'routes' | 'interfaces' | 'stats';
export type OutputFormat = 'table' | 'json' | 'csv';
export type ProtocolFilter = 'tcp' | 'udp' | 'tcp6' | 'udp6';

export interface ShowCommand {
  kind: 'show';
  views: View[];
  protocol: ProtocolFilter | null;
  listeningOnly: boolean;
  format: OutputFormat;
  /** Repeat every N ms until interrupted, like `netstat 5`; null = once. */
  intervalMs: number | null;
  filter: string | null;
  resolveNames: boolean;
  elevate: boolean;
}

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
  /** Benchmark load: generated rows instead of this machine's sockets. */
  synthetic: { rows: number; churn: number } | null;
  /** --metrics: /metrics for Prometheus on its own port; null when off. */
  metrics: MetricsOptions | null;
}

export interface ImportCommand {
  kind: 'import';
  file: string;
  views: View[];
  protocol: ProtocolFilter | null;
  listeningOnly: boolean;
  format: OutputFormat;
  filter: string | null;
  serve: boolean;
  /** Files larger than this are refused (--max-size; default 512 MiB). */
  maxBytes: number;
}

export interface MeasureCommand {
  kind: 'measure';
  warm: number;
  idleSeconds: number;
  pidsFile: string | null;
}

export type Command =
  | ShowCommand
  | ServeCommand
  | ImportCommand
  | MeasureCommand
  | ExporterCommand
  | { kind: 'help' }
  | { kind: 'version' };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const PROTOCOLS: readonly ProtocolFilter[] = ['tcp', 'udp', 'tcp6', 'udp6'];
/** netstat switches that NetScope always honours: accepted so muscle memory works. */
const ALWAYS_ON = new Set(['-a', '-n', '-o', '-b', '-an', '-ano', '-anob', '-ao', '-anp', '-tunap', '-tulpn']);

function parseSeconds(text: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`${what} must be a number of seconds, got '${text}'`);
  const ms = Math.round(Number(text) * 1000);
  if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new UsageError(`${what} must be between ${MIN_INTERVAL_MS / 1000} and ${MAX_INTERVAL_MS / 1000} seconds`);
  }
  return ms;
}

function takeValue(argv: string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined || (value.startsWith('-') && value.length > 1)) throw new UsageError(`${flag} needs a value`);
  return value;
}

interface Common {
  views: View[];
  protocol: ProtocolFilter | null;
  listeningOnly: boolean;
  format: OutputFormat;
  filter: string | null;
}

/** Handles a flag shared by `show` and `import`; returns how many arguments it used, or 0. */
function parseCommonFlag(argv: string[], i: number, into: Common): number {
  const arg = argv[i] as string;
  const setFormat = (f: OutputFormat) => {
    if (into.format !== 'table' && into.format !== f) throw new UsageError('choose one of --json and --csv');
    into.format = f;
  };
  switch (arg) {
    case '-r':
    case '--route':
      into.views.push('routes');
      return 1;
    case '-e':
    case '--interfaces':
      into.views.push('interfaces');
      return 1;
    case '-s':
    case '--statistics':
      into.views.push('stats');
      return 1;
    case '-l':
    case '--listening':
      into.listeningOnly = true;
      return 1;
    case '--json':
      setFormat('json');
      return 1;
    case '--csv':
      setFormat('csv');
      return 1;
    case '-p':
    case '--proto': {
      const value = takeValue(argv, i, arg).toLowerCase();
      if (!(PROTOCOLS as readonly string[]).includes(value)) {
        throw new UsageError(`-p takes one of ${PROTOCOLS.join(', ')}, got '${value}'`);
      }
      into.protocol = value as ProtocolFilter;
      return 2;
    }
    case '--filter':
      into.filter = takeValue(argv, i, arg);
      return 2;
    default:
      return 0;
  }
}

function finishViews(common: Common): View[] {
  const views = [...new Set(common.views)];
  return views.length > 0 ? views : ['connections'];
}

function parseServe(argv: string[]): ServeCommand {
  const cmd: ServeCommand = {
    kind: 'serve',
    host: '127.0.0.1',
    port: 7870,
    tokenFile: null,
    allowActions: false,
    intervalMs: 1000,
    maxClients: 8,
    maxBufferMb: 256,
    synthetic: null,
    metrics: null,
  };
  const count = (flag: string, value: string, min: number, max: number): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new UsageError(`${flag} takes ${min} to ${max}, got '${value}'`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const metricsFlag = parseServeMetricsFlag(argv, i, cmd.metrics, (message) => new UsageError(message));
    if (metricsFlag.used > 0) {
      cmd.metrics = metricsFlag.metrics;
      i += metricsFlag.used - 1;
      continue;
    }
    if (arg === '--host') cmd.host = takeValue(argv, i++, arg);
    else if (arg === '--port') {
      const value = takeValue(argv, i++, arg);
      if (!/^\d+$/.test(value) || Number(value) > 65535)
        throw new UsageError(`--port takes 0 to 65535, got '${value}'`);
      cmd.port = Number(value);
    } else if (arg === '--token' || arg.startsWith('--token=')) {
      throw new UsageError(
        '--token is not accepted: a command line is visible to every local user (ps); ' +
          'put the token in a file (--token-file PATH) or in the NETSCOPE_TOKEN environment variable',
      );
    } else if (arg === '--token-file') cmd.tokenFile = takeValue(argv, i++, arg);
    else if (arg === '--max-clients') cmd.maxClients = count(arg, takeValue(argv, i++, arg), 1, 1000);
    else if (arg === '--max-buffer-mb') cmd.maxBufferMb = count(arg, takeValue(argv, i++, arg), 1, 65536);
    else if (arg === '--allow-actions') cmd.allowActions = true;
    else if (arg === '--interval') cmd.intervalMs = parseSeconds(takeValue(argv, i++, arg), '--interval');
    else if (arg === '--synthetic') {
      const value = takeValue(argv, i++, arg);
      const match = /^(\d+)(?::(0|0?\.\d+|1))?$/.exec(value);
      if (!match || Number(match[1]) > 1_000_000)
        throw new UsageError(`--synthetic takes ROWS[:CHURN], e.g. 100000:0.01, got '${value}'`);
      cmd.synthetic = { rows: Number(match[1]), churn: match[2] === undefined ? 0.01 : Number(match[2]) };
    } else throw new UsageError(`serve: unknown option '${arg}'`);
  }
  return cmd;
}

function parseImport(argv: string[]): ImportCommand {
  const common: Common = { views: [], protocol: null, listeningOnly: false, format: 'table', filter: null };
  let file: string | null = null;
  let serve = false;
  let maxBytes = DEFAULT_MAX_IMPORT_BYTES;
  for (let i = 0; i < argv.length;) {
    const used = parseCommonFlag(argv, i, common);
    if (used > 0) {
      i += used;
      continue;
    }
    const arg = argv[i] as string;
    if (arg === '--serve') serve = true;
    else if (arg === '--max-size') maxBytes = parseSize(takeValue(argv, i++, arg), arg);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`import: unknown option '${arg}'`);
    else if (file === null) file = arg;
    else throw new UsageError(`import takes one file, got '${file}' and '${arg}'`);
    i++;
  }
  if (file === null) throw new UsageError('import needs a FILE (a saved netstat, ss, lsof or route output)');
  return { kind: 'import', file, ...common, views: finishViews(common), serve, maxBytes };
}

/** '512M', '2G', '100MiB', '4096' (bytes): a size for --max-size. */
function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(match?.[2] ?? '').toLowerCase()];
  const bytes = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(`${flag} takes a size such as 512M, 2G or a number of bytes, got '${text}'`);
  }
  return bytes;
}

function parseMeasure(argv: string[]): MeasureCommand {
  const cmd: MeasureCommand = { kind: 'measure', warm: 5, idleSeconds: 0, pidsFile: null };
  const count = (flag: string, value: string, max: number) => {
    if (!/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`${flag} takes 0 to ${max}, got '${value}'`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--warm') cmd.warm = count(arg, takeValue(argv, i++, arg), 1000);
    else if (arg === '--idle') cmd.idleSeconds = count(arg, takeValue(argv, i++, arg), 3600);
    else if (arg === '--pids-file') cmd.pidsFile = takeValue(argv, i++, arg);
    else throw new UsageError(`measure: unknown option '${arg}'`);
  }
  return cmd;
}

export function parseArgs(argv: string[]): Command {
  const first = argv[0];
  if (first === 'measure') return parseMeasure(argv.slice(1));
  if (first === 'serve') return parseServe(argv.slice(1));
  if (first === 'import') return parseImport(argv.slice(1));
  if (first === 'exporter') return parseExporter(argv.slice(1), (message) => new UsageError(message), parseSeconds);
  const common: Common = { views: [], protocol: null, listeningOnly: false, format: 'table', filter: null };
  const cmd: ShowCommand = { kind: 'show', ...common, intervalMs: null, resolveNames: false, elevate: false };
  for (let i = 0; i < argv.length;) {
    const used = parseCommonFlag(argv, i, common);
    if (used > 0) {
      i += used;
      continue;
    }
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help' || arg === '/?') return { kind: 'help' };
    if (arg === '-V' || arg === '--version') return { kind: 'version' };
    if (arg === '-f' || arg === '--fqdn') cmd.resolveNames = true;
    else if (arg === '--elevate') cmd.elevate = true;
    else if (ALWAYS_ON.has(arg)) {
      // Already the default: every socket, numeric, with owners.
    } else if (/^\d+(\.\d+)?$/.test(arg)) {
      if (cmd.intervalMs !== null) throw new UsageError('give the interval once');
      cmd.intervalMs = parseSeconds(arg, 'the interval');
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}' (see netscope --help)`);
    else throw new UsageError(`unknown command '${arg}' (commands: serve, import, exporter; see netscope --help)`);
    i++;
  }
  return { ...cmd, ...common, views: finishViews(common) };
}

export const USAGE = `NetScope: every socket with its process, routes, interface and protocol statistics.

Usage:
  netscope [options] [interval]      show connections (like netstat -anob / -anop), once or every interval seconds
  netscope serve [serve options]     the desktop UI in a browser, for headless servers
  netscope import FILE [options]     read a saved netstat/ss/lsof/route output (any OS, any language)
  netscope exporter [options]        /metrics for Prometheus only (no page); see Metrics options
  netscope measure [--warm N] [--idle S] [--pids-file F]   timings for the benchmark (JSON)

Options:
  -p, --proto PROTO    only tcp, udp, tcp6 or udp6
  -l, --listening      only listening sockets
  -r, --route          the routing table
  -e, --interfaces     interface statistics (with rates when repeating)
  -s, --statistics     per-protocol statistics
      --filter EXPR    the app's filter: text, or terms like pid:1234 state:listen port:443 proc:nginx -state:time_wait
  -f, --fqdn           resolve remote addresses to host names
      --json           JSON (one line per refresh when repeating)
      --csv            CSV (RFC 4180, formula-safe)
      --elevate        Windows: resolve owners with an administrator prompt (like netstat -b)
  -a -n -o -b          accepted for netstat habits: NetScope always shows all sockets, numeric, with owners
  -h, --help           this help;  -V, --version  the version
  interval             seconds between refreshes (0.2 to 3600); Ctrl-C stops

Serve options:
  --host ADDR          bind address (default 127.0.0.1; anything else is reachable from the network: use an SSH tunnel)
  --port N             port (default 7870; 0 picks a free one)
  --token-file PATH    read the access token from this file (or set NETSCOPE_TOKEN); default: a random one.
                       Never on the command line: every local user can read it there (ps)
  --max-clients N      browsers connected at once (default 8); more are told why and retry
  --max-buffer-mb N    megabytes queued for all browsers together (default 256); a browser not reading is cut off
  --allow-actions      allow ending processes from the browser
  --interval SECONDS   refresh interval (default 1)
  --synthetic ROWS[:CHURN]  benchmark load: generated rows, CHURN of them changing per refresh (default 0.01)
  --metrics            also serve /metrics for Prometheus on its own port (any --metrics-* flag implies it)
  --metrics-host ADDR  --metrics-port N   where (default 127.0.0.1:7871)

Exporter options (netscope exporter):
  --host ADDR  --port N   bind address and port (default 127.0.0.1:7871; 0 picks a free one)
  --interval SECONDS   scrapes within this age of the last collection share it (default 5); no scrape, no collection

Metrics options (exporter, and serve with --metrics):
  --metrics-token-file PATH  scrapes must send 'Authorization: Bearer <token in PATH>' (never on the command line)
  --metrics-top N      processes, remote addresses and subnets: N series each plus one '(other)' (default 50)
  --metrics-max-listeners N  listening sockets: N series plus one '(other)' (default 500)
  --metrics-allow-host NAME  accept this Host header too (the name in Prometheus's target); repeatable
  --dos-syn-recv N  --dos-share FRACTION  --dos-min-connections N
                       DoS alarm: SYN_RECV from other hosts above N (default 100); one remote holding more than
                       FRACTION (default 0.5) of at least N (default 50) inbound connections

Import options: -p -l -r -e -s --filter --json --csv as above; --serve shows the file in the browser UI.
  --max-size SIZE      refuse files larger than SIZE (default 512M; e.g. 2G). Only regular files are read:
                       a directory, FIFO or device (or a link to one) is refused

Exit codes: 0 ok, 1 runtime failure, 2 bad usage or unrecognised file.
Run as root (Linux, macOS) or use --elevate (Windows) to see the processes of other users' sockets.`;
