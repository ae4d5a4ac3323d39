/**
 * The command line: netstat's and ss's switches where they make sense, grouped
 * as they take them (`-tulpn`, `-antp`, `-rn`, `-s -t`). Pure: argv in, a typed
 * command or a UsageError out (main.ts prints it with one hint and exits 2).
 * Each command's flags are one table (flag-table.ts) that also writes --help.
 */
import type { Family, Protocol } from '../../shared/model';
import { DEFAULT_MAX_IMPORT_BYTES } from '../import/read-input';
import type { ExporterCommand } from '../metrics/flags';
import { formatFlagHelp, parseFlags, UsageError, type Flag, type FlagSection } from './flag-table';
import { parseSeconds, parseSize } from './flag-values';
import {
  exporterSections,
  measureSections,
  parseExporter,
  parseMeasure,
  parseServe,
  serveSections,
} from './server-flags';
import type { MeasureCommand, ServeCommand } from './server-flags';
import { statsProtocolFromName, statsProtocolsFor, type StatsProtocol } from './stats-sections';

export { UsageError } from './flag-table';
export type { MeasureCommand, ServeCommand } from './server-flags';

export type View = 'connections' | 'routes' | 'interfaces' | 'stats';
export type OutputFormat = 'table' | 'json' | 'csv';

/** One kind of socket a selection keeps: tcp over IPv6 is { protocol: 'tcp', family: 6 }. */
export interface SocketKind {
  protocol: Protocol;
  family: Family;
}

/** What -t -u -w -4 -6 -p -l --filter chose, for the connections view and -s. */
export interface ViewSelection {
  views: View[];
  /** The kinds of socket shown; null: every kind. */
  sockets: SocketKind[] | null;
  /** -s sections; null: every section. */
  statsProtocols: StatsProtocol[] | null;
  listeningOnly: boolean;
  format: OutputFormat;
  filter: string | null;
}

export interface ShowCommand extends ViewSelection {
  kind: 'show';
  /** Repeat every N ms until interrupted, like `netstat 5` or `netstat -c`; null = once. */
  intervalMs: number | null;
  resolveNames: boolean;
  elevate: boolean;
  /** -W: never shorten cells to the terminal's width. */
  wide: boolean;
}

export interface ImportCommand extends ViewSelection {
  kind: 'import';
  file: string;
  serve: boolean;
  /** Files larger than this are refused (--max-size; default 512 MiB). */
  maxBytes: number;
}

export type HelpTopic = 'show' | 'serve' | 'import' | 'exporter' | 'measure';

export type Command =
  | ShowCommand
  | ServeCommand
  | ImportCommand
  | MeasureCommand
  | ExporterCommand
  | { kind: 'help'; topic: HelpTopic | null }
  | { kind: 'version' };

/** -p's protocols: for connections, and (all of them) for -s. */
const CONNECTION_PROTOCOLS: Readonly<Record<string, SocketKind>> = {
  tcp: { protocol: 'tcp', family: 4 },
  udp: { protocol: 'udp', family: 4 },
  tcp6: { protocol: 'tcp', family: 6 },
  udp6: { protocol: 'udp', family: 6 },
  tcpv6: { protocol: 'tcp', family: 6 },
  udpv6: { protocol: 'udp', family: 6 },
};
const PROTOCOL_NAMES = 'tcp, udp, tcp6, udp6 (with -s also ip, ipv6, icmp, icmpv6)';

/** The flags' state while parsing, before finish() checks and resolves it. */
interface Parsing {
  views: View[];
  types: Protocol[];
  families: Family[];
  protoNames: string[];
  listeningOnly: boolean;
  format: OutputFormat;
  filter: string | null;
  /** -e was given: interface statistics (Windows), or with socket switches netstat's "extended" (always on). */
  dashE: boolean;
  /** -i or --interfaces was given: interface statistics whatever -e means. */
  dashI: boolean;
  /** -t -u -w -l or a lone -p (programs): a Linux socket listing, where -e means "extended". */
  socketSwitches: boolean;
  help: boolean;
  version: boolean;
  intervalMs: number | null;
  /** -c: every second unless an interval is given. */
  continuous: boolean;
  resolveNames: boolean;
  elevate: boolean;
  wide: boolean;
  serve: boolean;
  maxBytes: number;
}

const noop = (): void => undefined;
const view = (v: View) => (p: Parsing) => void p.views.push(v);
const socketType = (t: Protocol) => (p: Parsing) => {
  p.types.push(t);
  p.socketSwitches = true;
};
const format = (f: OutputFormat) => (p: Parsing) => {
  if (p.format !== 'table' && p.format !== f) throw new UsageError('choose one of --json and --csv');
  p.format = f;
};

/** Switches of the connection listing and the other views, shared by `netscope` and `netscope import`. */
const VIEW_FLAGS: readonly Flag<Parsing>[] = [
  { name: 'tcp', short: 't', help: 'TCP sockets (IPv4 and IPv6)', apply: socketType('tcp') },
  { name: 'udp', short: 'u', help: 'UDP sockets (IPv4 and IPv6)', apply: socketType('udp') },
  { name: 'raw', short: 'w', help: 'raw sockets', apply: socketType('raw') },
  { name: 'inet', short: '4', help: 'IPv4 only', apply: (p) => void p.families.push(4) },
  { name: 'inet6', short: '6', help: 'IPv6 only', apply: (p) => void p.families.push(6) },
  {
    name: 'listening',
    short: 'l',
    help: 'listening sockets only (TCP LISTEN, UDP without a peer)',
    apply: (p) => {
      p.listeningOnly = true;
      p.socketSwitches = true;
    },
  },
  {
    name: 'proto',
    shortInHelp: 'p',
    value: 'PROTO',
    help: `only ${PROTOCOL_NAMES}; repeatable. A -p followed by no protocol (-tulpn, -antp) is netstat's "show programs", always on`,
    apply: (p, value) => void p.protoNames.push(value.toLowerCase()),
  },
  { name: 'programs', short: 'p', help: '', apply: (p) => void (p.socketSwitches = true) },
  { name: 'route', short: 'r', help: 'the routing table (IPv4 and IPv6)', apply: view('routes') },
  {
    name: 'interfaces',
    short: 'i',
    help: 'interface statistics (with rates when repeating)',
    apply: (p) => {
      p.views.push('interfaces');
      p.dashI = true;
    },
  },
  {
    name: 'ethernet',
    short: 'e',
    help: 'interface statistics, as Windows netstat -e; with socket switches (-tulpen) netstat\'s "extended", always on',
    apply: (p) => {
      p.views.push('interfaces');
      p.dashE = true;
    },
  },
  {
    name: 'statistics',
    short: 's',
    help: 'per-protocol statistics; -t, -u, -4, -6 or -p choose sections',
    apply: view('stats'),
  },
  {
    name: 'filter',
    value: 'EXPR',
    help: "the app's filter: pid:1234 state:listen port:443 proc:nginx -state:time_wait",
    apply: (p, v) => void (p.filter = v),
  },
  { name: 'json', help: 'JSON (one line per refresh when repeating)', apply: format('json') },
  { name: 'csv', help: 'CSV (RFC 4180, formula-safe)', apply: format('csv') },
  { name: 'all', short: 'a', help: 'all sockets: the default (netstat habit, accepted)', apply: noop },
  { name: 'numeric', short: 'n', help: 'numeric addresses: the default (accepted)', apply: noop },
  { name: 'owner', short: 'o', help: 'owning PIDs, as Windows -o: always shown (accepted)', apply: noop },
  { name: 'executable', short: 'b', help: 'executables, as Windows -b: always shown (accepted)', apply: noop },
  { name: 'help', short: 'h', help: 'this help', apply: (p) => void (p.help = true) },
];

const SHOW_FLAGS: readonly Flag<Parsing>[] = [
  {
    name: 'continuous',
    short: 'c',
    help: 'refresh every second, like netstat -c (or give an interval)',
    apply: (p) => void (p.continuous = true),
  },
  {
    name: 'fqdn',
    short: 'f',
    help: 'resolve remote addresses to host names',
    apply: (p) => void (p.resolveNames = true),
  },
  {
    name: 'wide',
    short: 'W',
    help: 'never shorten paths or names to fit the terminal',
    apply: (p) => void (p.wide = true),
  },
  {
    name: 'elevate',
    help: 'Windows: resolve owners with an administrator prompt (like netstat -b)',
    apply: (p) => void (p.elevate = true),
  },
  { name: 'version', short: 'V', help: 'the version', apply: (p) => void (p.version = true) },
];

const IMPORT_FLAGS: readonly Flag<Parsing>[] = [
  { name: 'serve', help: 'show the file in the browser UI, read-only', apply: (p) => void (p.serve = true) },
  {
    name: 'max-size',
    value: 'SIZE',
    help: 'refuse files larger than SIZE (default 512M; e.g. 2G); only regular files are read',
    apply: (p, v, spelled) => void (p.maxBytes = parseSize(v, spelled)),
  },
];

function startParsing(): Parsing {
  return {
    views: [],
    types: [],
    families: [],
    protoNames: [],
    listeningOnly: false,
    format: 'table',
    filter: null,
    dashE: false,
    dashI: false,
    socketSwitches: false,
    help: false,
    version: false,
    intervalMs: null,
    continuous: false,
    resolveNames: false,
    elevate: false,
    wide: false,
    serve: false,
    maxBytes: DEFAULT_MAX_IMPORT_BYTES,
  };
}

/**
 * `-p tcp` (Windows, BSD) and `-tulpn` (Linux, where -p shows programs) in one
 * parser: a -p, alone or ending a group, followed by a bare word (tcp, ICMPv6...)
 * takes it as its protocol; otherwise it is the programs switch.
 */
export function separateProtocolValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    out.push(arg);
    if (/^-[A-Za-z0-9]*p$/.test(arg) && next !== undefined && /^[A-Za-z][A-Za-z0-9]*$/.test(next)) {
      out.push(`--proto=${next}`);
      i++;
    }
  }
  return out;
}

/** Checks the flags together and resolves what they mean. */
function finish(p: Parsing): ViewSelection {
  const extended = p.dashE && p.socketSwitches && !p.dashI;
  const views = [...new Set(p.views)].filter((v) => !(extended && v === 'interfaces'));
  if (views.length === 0) views.push('connections');
  const kinds: SocketKind[] = [];
  const stats: StatsProtocol[] = [];
  for (const name of p.protoNames) {
    const kind = CONNECTION_PROTOCOLS[name];
    const forStats = statsProtocolFromName(name);
    if (kind === undefined && forStats === null) throw new UsageError(`-p takes ${PROTOCOL_NAMES}, got '${name}'`);
    if (kind === undefined && views.includes('connections')) {
      throw new UsageError(`-p ${name} is for statistics (-s); connections take tcp, udp, tcp6 or udp6`);
    }
    if (kind) kinds.push(kind);
    if (forStats) stats.push(forStats);
  }
  for (const protocol of p.types) kinds.push({ protocol, family: 4 }, { protocol, family: 6 });
  const families = p.families.length > 0 ? p.families : null;
  let sockets: SocketKind[] | null = kinds.length > 0 ? kinds : null;
  if (families) {
    const base =
      sockets ??
      (['tcp', 'udp', 'raw'] as const).flatMap((protocol) => [4, 6].map((f) => ({ protocol, family: f as Family })));
    sockets = base.filter((k) => families.includes(k.family));
  }
  let statsProtocols: StatsProtocol[] | null = null;
  if (stats.length > 0) statsProtocols = stats;
  else if (p.types.length > 0 || families) statsProtocols = statsProtocolsFor(p.types, p.families);
  return { views, sockets, statsProtocols, listeningOnly: p.listeningOnly, format: p.format, filter: p.filter };
}

function parseShow(argv: readonly string[]): Command {
  const p = startParsing();
  parseFlags(separateProtocolValues(argv), [...VIEW_FLAGS, ...SHOW_FLAGS], p, (word) => {
    if (word === '/?') p.help = true;
    else if (/^\d+(\.\d+)?$/.test(word)) {
      if (p.intervalMs !== null) throw new UsageError('give the interval once');
      p.intervalMs = parseSeconds(word, 'the interval');
    } else throw new UsageError(`unknown command '${word}' (commands: serve, import, exporter)`);
  });
  if (p.help) return { kind: 'help', topic: null };
  if (p.version) return { kind: 'version' };
  const selection = finish(p);
  return {
    kind: 'show',
    ...selection,
    intervalMs: p.intervalMs ?? (p.continuous ? 1000 : null),
    resolveNames: p.resolveNames,
    elevate: p.elevate,
    wide: p.wide,
  };
}

function parseImport(argv: readonly string[]): Command {
  const p = startParsing();
  let file: string | null = null;
  parseFlags(separateProtocolValues(argv), [...VIEW_FLAGS, ...IMPORT_FLAGS], p, (word) => {
    if (file !== null) throw new UsageError(`import takes one file, got '${file}' and '${word}'`);
    file = word;
  });
  if (p.help) return { kind: 'help', topic: 'import' };
  if (file === null) throw new UsageError('import needs a FILE (a saved netstat, ss, lsof or route output)');
  return { kind: 'import', file, ...finish(p), serve: p.serve, maxBytes: p.maxBytes };
}

export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  // `netscope serve --help` shows serve's part of the help (its own parser would refuse nothing else).
  const wantsHelp = rest.some((a) => a === '-h' || a === '--help');
  switch (first) {
    case 'serve':
      return wantsHelp ? { kind: 'help', topic: 'serve' } : parseServe(rest);
    case 'exporter':
      return wantsHelp ? { kind: 'help', topic: 'exporter' } : parseExporter(rest);
    case 'measure':
      return wantsHelp ? { kind: 'help', topic: 'measure' } : parseMeasure(rest);
    case 'import':
      return parseImport(rest);
    default:
      return parseShow(argv);
  }
}

const COMMANDS = `NetScope: every socket with its process, routes, interface and protocol statistics.

Usage:
  netscope [options] [interval]      connections (like netstat -tunap / -anob), once or every interval seconds
  netscope serve [options]           the desktop UI in a browser, for headless servers
  netscope import FILE [options]     read a saved netstat/ss/lsof/route output (any OS, any language)
  netscope exporter [options]        /metrics for Prometheus only (no page)
  netscope measure [options]         timings for the benchmark (JSON)

Short switches group as in netstat and ss: -tulpn, -antp, -lntu, -rn, -s -t. -p PROTO filters by protocol;
a -p without one (-tulpn) is netstat's "show programs", always on. An interval (0.2 to 3600 seconds) repeats
until Ctrl-C.`;

const FOOTER = `
Exit codes: 0 ok, 1 runtime failure, 2 bad usage or unrecognised file.
Run as root (Linux, macOS) or use --elevate (Windows) to see the processes of other users' sockets.`;

const SHOW_SECTIONS: FlagSection<Parsing>[] = [{ title: 'Options', flags: [...VIEW_FLAGS, ...SHOW_FLAGS] }];
const IMPORT_SECTIONS: FlagSection<Parsing>[] = [
  {
    title: 'Import options (and -t -u -w -4 -6 -l -p -r -e -i -s --filter --json --csv as above)',
    flags: IMPORT_FLAGS,
  },
];

/** --help, from the same tables the parser reads: everything, or one command's part. */
export function helpText(topic: HelpTopic | null): string {
  const parts: Record<HelpTopic, string> = {
    show: formatFlagHelp(SHOW_SECTIONS),
    import: formatFlagHelp(IMPORT_SECTIONS),
    serve: formatFlagHelp(serveSections()),
    exporter: formatFlagHelp(exporterSections()),
    measure: formatFlagHelp(measureSections()),
  };
  if (topic !== null && topic !== 'show') return `${COMMANDS}\n${parts[topic]}\n${FOOTER}`;
  return `${COMMANDS}\n${Object.values(parts).join('\n')}\n${FOOTER}`;
}
