/**
 * The flag tables of `netscope` (the connection listing and the other views)
 * and `netscope import`: each switch's names, help line and effect on the
 * parsing state, which args.ts then checks and resolves (finish()).
 */
import { socketEngineFlag } from './socket-engine-flag';
import type { Family, Protocol } from '../../shared/model';
import { DEFAULT_MAX_IMPORT_BYTES } from '../import/read-input';
import type { OutputFormat, View } from './args';
import { UsageError, type Flag } from './flag-table';
import { parseSize } from './flag-values';
import { pageServerFlags } from './server-flags';

export const PROTOCOL_NAMES = 'tcp, udp, tcp6, udp6 (with -s also ip, ipv6, icmp, icmpv6)';

/** The flags' state while parsing, before finish() checks and resolves it. */
export interface Parsing {
  views: View[];
  types: Protocol[];
  families: Family[];
  protoNames: string[];
  /** -x: UNIX domain sockets. */
  unix: boolean;
  /** -a: with no protocol chosen, netstat's every socket, UNIX ones included (not on Windows, not in a CSV). */
  all: boolean;
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
  /** import --serve's port and token file (--port, --token-file), null when not given. */
  servePort: number | null;
  serveTokenFile: string | null;
  maxBytes: number;
  /** -t on Windows: also netstat -t's Offload State column. */
  offloadColumn: boolean;
  /** -y (Windows only): netstat -y's Template column. */
  templateColumn: boolean;
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
export const VIEW_FLAGS: readonly Flag<Parsing>[] = [
  {
    name: 'tcp',
    short: 't',
    help: "TCP sockets (IPv4 and IPv6); on Windows with netstat -t's Offload State column",
    apply: (p) => {
      socketType('tcp')(p);
      p.offloadColumn = true;
    },
  },
  { name: 'udp', short: 'u', help: 'UDP sockets (IPv4 and IPv6)', apply: socketType('udp') },
  { name: 'raw', short: 'w', help: 'raw sockets', apply: socketType('raw') },
  {
    name: 'unix',
    short: 'x',
    help: 'UNIX domain sockets (alone: only those; off unless asked, a server has thousands)',
    apply: (p) => {
      p.unix = true;
      p.socketSwitches = true;
    },
  },
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
  { name: 'csv', help: 'CSV (RFC 4180, formula-safe): one table, so one view per command', apply: format('csv') },
  {
    name: 'all',
    short: 'a',
    help: 'all sockets (listening ones are always shown); alone, UNIX sockets too, as netstat -a (not on Windows, not with --csv: -x --csv writes them)',
    apply: (p) => void (p.all = true),
  },
  { name: 'numeric', short: 'n', help: 'numeric addresses: the default (accepted)', apply: noop },
  { name: 'owner', short: 'o', help: 'owning PIDs, as Windows -o: always shown (accepted)', apply: noop },
  { name: 'executable', short: 'b', help: 'executables, as Windows -b: always shown (accepted)', apply: noop },
  { name: 'help', short: 'h', help: 'this help', apply: (p) => void (p.help = true) },
];

export const SHOW_FLAGS: readonly Flag<Parsing>[] = [
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
  socketEngineFlag<Parsing>(),
  {
    name: 'template',
    short: 'y',
    help: "Windows: each TCP connection's template (netstat -y's Template column: Internet, Datacenter, ...)",
    apply: (p) => {
      // WHY a flag that refuses elsewhere: "unknown option" would tell the user the switch does not exist.
      if (process.platform !== 'win32')
        throw new UsageError("-y (the TCP template of each connection) is Windows-only: Windows netstat's switch");
      p.templateColumn = true;
    },
  },
];

export const IMPORT_FLAGS: readonly Flag<Parsing>[] = [
  { name: 'serve', help: 'show the file in the browser UI, read-only', apply: (p) => void (p.serve = true) },
  // WHY --port: without it a second import, or an import beside a running `netscope serve`, could not start.
  ...pageServerFlags<Parsing>(
    { port: (p, port) => void (p.servePort = port), tokenFile: (p, path) => void (p.serveTokenFile = path) },
    'with --serve: ',
  ),
  {
    name: 'max-size',
    value: 'SIZE',
    help: 'refuse files larger than SIZE (default 512M; e.g. 2G); only regular files are read',
    apply: (p, v, spelled) => void (p.maxBytes = parseSize(v, spelled)),
  },
];

export function startParsing(): Parsing {
  return {
    views: [],
    types: [],
    families: [],
    protoNames: [],
    unix: false,
    all: false,
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
    servePort: null,
    serveTokenFile: null,
    maxBytes: DEFAULT_MAX_IMPORT_BYTES,
    offloadColumn: false,
    templateColumn: false,
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
    if (/^-[A-Za-z0-9]*p$/.test(arg) && next !== undefined && /^[A-Za-z][A-Za-z0-9]*$/.test(next)) {
      // The -p is the protocol's, not also the programs switch: that one makes -e netstat's "extended", and
      // `-e -s -p tcp` (Windows: interface counters and the TCP section) lost its interface table.
      if (arg !== '-p') out.push(arg.slice(0, -1));
      out.push(`--proto=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
