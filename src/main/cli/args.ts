/**
 * The command line: netstat's and ss's switches where they make sense, grouped
 * as they take them (`-tulpn`, `-antp`, `-rn`, `-s -t`). Pure: argv in, a typed
 * command or a UsageError out (main.ts prints it with one hint and exits 2).
 * Each command's flags are one table (flag-table.ts) that also writes --help.
 */
import type { Family, Protocol } from '../../shared/model';
import type { ExporterCommand } from '../metrics/flags';
import { formatFlagHelp, parseFlags, UsageError, type FlagSection } from './flag-table';
import { parseSeconds } from './flag-values';
import {
  exporterSections,
  measureSections,
  parseExporter,
  parseMeasure,
  parseServe,
  serveSections,
  DEFAULT_PAGE_PORT,
} from './server-flags';
import type { MeasureCommand, ServeCommand } from './server-flags';
import { statsProtocolFromName, statsProtocolsFor, type StatsProtocol } from '../../shared/stats-sections';
import {
  IMPORT_FLAGS,
  PROTOCOL_NAMES,
  separateProtocolValues,
  SHOW_FLAGS,
  startParsing,
  VIEW_FLAGS,
  type Parsing,
} from './view-flags';
import { connectionProtocol, oneTableMessage, PROTOCOL_LETTERS, shellWord, type SocketSwitches } from './one-table';

export { separateProtocolValues } from './view-flags';

export { UsageError } from './flag-table';
export type { MeasureCommand, ServeCommand } from './server-flags';

export type View = 'connections' | 'routes' | 'interfaces' | 'stats' | 'unix';
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
  /** -4 / -6: the address families the routing table keeps (sockets hold theirs in `sockets`); null: both. */
  families: Family[] | null;
}

export interface ShowCommand extends ViewSelection {
  kind: 'show';
  /** Repeat every N ms until interrupted, like `netstat 5` or `netstat -c`; null = once. */
  intervalMs: number | null;
  resolveNames: boolean;
  elevate: boolean;
  /** -W: never shorten cells to the terminal's width. */
  wide: boolean;
  /** Windows netstat's -t (Offload State) and -y (Template) columns. */
  offloadColumn: boolean;
  templateColumn: boolean;
  /** -x on Windows: netstat -x's NetworkDirect listing (shown in the UNIX view's place). */
  networkDirect: boolean;
}

export interface ImportCommand extends ViewSelection {
  kind: 'import';
  file: string;
  /** The selection switches as given (-t, -4, -l, -p NAME), for the commands its notes propose (import-views.ts). */
  switches: SocketSwitches;
  serve: boolean;
  /** With serve: its port (--port; default 7870) and token file (--token-file; default NETSCOPE_TOKEN or random). */
  port: number;
  tokenFile: string | null;
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

/**
 * Checks the flags together and resolves what they mean. `platform`: the OS whose netstat -a the switches follow
 * (this machine's for a listing; null for an import, whose file decides: import-views.ts). `prefix`: the command
 * as a usage message quotes it.
 */
function finish(p: Parsing, platform: NodeJS.Platform | null, prefix: string): ViewSelection {
  const extended = p.dashE && p.socketSwitches && !p.dashI;
  const views: View[] = [...new Set(p.views)].filter((v) => !(extended && v === 'interfaces'));
  const inetChosen = p.types.length > 0 || p.protoNames.length > 0 || p.families.length > 0;
  // netstat -x lists only UNIX sockets, -tux both; -a alone lists every socket, UNIX ones included, where netstat -a
  // does: not on Windows (no UNIX sockets in its netstat), not in a CSV (one table: the connections, one-table.ts).
  const allWithUnix = platform !== null && platform !== 'win32' && p.format !== 'csv';
  const unix = p.unix || (allWithUnix && p.all && !inetChosen && !views.some((v) => v !== 'connections'));
  if (views.length === 0 && !(p.unix && !inetChosen)) views.push('connections');
  if (unix) views.push('unix');
  if (p.format === 'csv' && views.length > 1) throw new UsageError(oneTableMessage(views, prefix, switchesOf(p)));
  const kinds: SocketKind[] = [];
  const stats: StatsProtocol[] = [];
  for (const name of p.protoNames) {
    const kind = connectionProtocol(name);
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
  return {
    views,
    sockets,
    statsProtocols,
    listeningOnly: p.listeningOnly,
    format: p.format,
    filter: p.filter,
    families,
  };
}

/** The selection switches given, for the commands a usage message proposes. */
function switchesOf(p: Parsing): SocketSwitches {
  return {
    types: [...new Set(p.types.map((t) => PROTOCOL_LETTERS[t] ?? ''))].join(''),
    families: [...new Set(p.families)].join(''),
    listening: p.listeningOnly,
    protoNames: [...new Set(p.protoNames)],
  };
}

function parseShow(argv: readonly string[], platform: NodeJS.Platform): Command {
  const p = startParsing();
  // Only the first argument can be a command (`netscope serve`); a word after an option is where netstat takes
  // its interval (`netstat -t 5`), so `-t abc` is a bad interval, not an unknown command.
  let commandSlot = argv[0] !== undefined && !argv[0].startsWith('-');
  parseFlags(separateProtocolValues(argv), [...VIEW_FLAGS, ...SHOW_FLAGS], p, (word) => {
    const isCommandSlot = commandSlot;
    commandSlot = false;
    if (word === '/?') p.help = true;
    else if (/^\d+(\.\d+)?$/.test(word)) {
      if (p.intervalMs !== null) throw new UsageError('give the interval once');
      p.intervalMs = parseSeconds(word, 'the interval');
    } else if (!isCommandSlot && COMMAND_NAMES.includes(word)) {
      // `netscope -n serve`: a command after options, which was told it "is not an interval". Options before a
      // command are the listing's, so the command cannot take them: say where it goes instead.
      const usage = COMMAND_USAGE.find((c) => c.name === word)?.usage ?? `${word} [options]`;
      throw new UsageError(`'${word}' is a command: it goes first, as in netscope ${usage}`);
    } else if (!isCommandSlot) {
      throw new UsageError(`'${word}' is not an interval (a number of seconds after the options, as in netscope -t 5)`);
    } else throw new UsageError(`unknown command '${word}' (commands: ${COMMAND_NAMES.join(', ')})`);
  });
  if (p.help) return { kind: 'help', topic: null };
  if (p.version) return { kind: 'version' };
  const selection = finish(p, platform, 'netscope');
  return {
    kind: 'show',
    ...selection,
    intervalMs: p.intervalMs ?? (p.continuous ? 1000 : null),
    resolveNames: p.resolveNames,
    elevate: p.elevate,
    wide: p.wide,
    offloadColumn: p.offloadColumn && platform === 'win32',
    templateColumn: p.templateColumn,
    networkDirect: p.unix && platform === 'win32',
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
  if (!p.serve && (p.servePort !== null || p.serveTokenFile !== null))
    throw new UsageError(`import: ${p.servePort !== null ? '--port' : '--token-file'} is for --serve`);
  // No platform: the file's, known once it is read, chooses whether -a's UNIX sockets exist (import-views.ts).
  const selection = finish(p, null, `netscope import ${shellWord(file)}`);
  return {
    kind: 'import',
    file,
    ...selection,
    switches: switchesOf(p),
    serve: p.serve,
    port: p.servePort ?? DEFAULT_PAGE_PORT,
    tokenFile: p.serveTokenFile,
    maxBytes: p.maxBytes,
  };
}

/** `platform`: the OS the listing's switches follow (netstat -a differs on Windows); this one unless a test says. */
export function parseArgs(argv: readonly string[], platform: NodeJS.Platform = process.platform): Command {
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
      return parseShow(argv, platform);
  }
}

/**
 * The commands after `netscope`, as --help lists them: one list, from which the help and the "unknown command"
 * message are both written (a second hand-kept list had lost top and measure).
 */
const COMMAND_USAGE: readonly { name: string; usage: string; what: string }[] = [
  { name: 'serve', usage: 'serve [options]', what: 'the desktop UI in a browser, for headless servers' },
  {
    name: 'top',
    usage: 'top [options]',
    what: 'traffic per process or host, busiest first, refreshing (like nethogs)',
  },
  {
    name: 'import',
    usage: 'import FILE [options]',
    what: 'read a saved netstat/ss/lsof/route output (any OS, any language)',
  },
  { name: 'exporter', usage: 'exporter [options]', what: '/metrics for Prometheus only (no page)' },
  { name: 'measure', usage: 'measure [options]', what: 'timings for the benchmark (JSON)' },
];

const COMMAND_NAMES: readonly string[] = COMMAND_USAGE.map((c) => c.name);

const USAGE_LINES = [
  {
    usage: '[options] [interval]',
    what: 'connections (like netstat -tunap / -anob), once or every interval seconds',
  },
  ...COMMAND_USAGE,
].map(({ usage, what }) => `  ${`netscope ${usage}`.padEnd(35)}${what}`);

const COMMANDS = `NetScope: every socket with its process, routes, interface and protocol statistics.

Usage:
${USAGE_LINES.join('\n')}

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
