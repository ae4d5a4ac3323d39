/**
 * The snapshot model: the one shape that every collector, the engine, the CLI,
 * the exports and the UI share. Pure types and tiny pure helpers only: this
 * folder must not import Electron, Node or the DOM (enforced by lint).
 */
import type { NetworkDirectEndpoint } from './network-direct';
import type { UnixSocket, UnixSocketType } from './unix-socket';

/**
 * 'unix': a UNIX domain socket shown as a row of the app's grid (only there, and only while its toggle
 * is on: unix-rows.ts); its localAddress is the path, '@name' or '(unnamed)', its ports 0, its family 4
 * by convention (no address family applies; protocolLabel() prints plain 'unix').
 */
export type Protocol = 'tcp' | 'udp' | 'raw' | 'unix';
export type Family = 4 | 6;

/**
 * One normalized state enum. LISTEN plus the eleven other TCP states
 * (RFC 793's ten, plus Windows' DELETE_TCB), and NONE for sockets that have no
 * state (UDP, raw). UNKNOWN is what a parser writes when the OS reported a state
 * it did not recognise, so that a row is never dropped for it.
 */
export const TCP_STATES = [
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSED',
  'DELETE_TCB',
] as const;
export type TcpState = (typeof TCP_STATES)[number];
export type SocketState = TcpState | 'NONE' | 'UNKNOWN';
export const SOCKET_STATES: readonly SocketState[] = [...TCP_STATES, 'NONE', 'UNKNOWN'];

export function isSocketState(value: unknown): value is SocketState {
  return typeof value === 'string' && (SOCKET_STATES as readonly string[]).includes(value);
}

export interface Connection {
  /** Stable across refreshes for the same socket; see connectionId(). */
  id: string;
  protocol: Protocol;
  family: Family;
  localAddress: string;
  localPort: number;
  /** '0.0.0.0' / '::' (or '*' in imported output) when not connected. */
  remoteAddress: string;
  remotePort: number;
  state: SocketState;
  pid: number | null;
  processName: string | null;
  exePath: string | null;
  commandLine: string | null;
  user: string | null;
  uid: number | null;
  /** Socket inode on Linux; null elsewhere or for TIME_WAIT sockets. */
  inode: number | null;
  rxQueue: number | null;
  txQueue: number | null;
  /** Windows `-b` style: services or components hosted by the owner, e.g. ['Dnscache']. */
  components?: string[];
  /** Per-connection counters (Linux sock_diag, Windows EStats, macOS nettop); absent where there are none (UDP on Linux, TIME_WAIT, procfs). */
  traffic?: ConnectionTraffic;
  /** Windows TCP: where the connection is processed (MIB_TCPROW2 dwOffloadState, netstat -t's "Offload State"). */
  offloadState?: TcpOffloadState;
  /** Windows TCP: the TCP setting template applied to it (netstat -y's "Template": Internet, Datacenter, ...). */
  template?: string;
  /** UNIX socket rows only (protocol 'unix'): stream, dgram or seqpacket. */
  unixType?: UnixSocketType;
  /** UNIX socket rows only: the connected peer's inode where the kernel tells it (sock_diag). */
  peerInode?: number | null;
}

/** TCP_CONNECTION_OFFLOAD_STATE, in its enum order (0 = InHost), named as netstat -t prints them. */
export const TCP_OFFLOAD_STATES = ['InHost', 'Offloading', 'Offloaded', 'Uploading'] as const;
export type TcpOffloadState = (typeof TCP_OFFLOAD_STATES)[number];

/**
 * A TCP connection's counters as the kernel keeps them (Linux tcp_info), and
 * their rates per second between two refreshes. A rate is null on the refresh
 * a connection is first seen, and after its counters went backwards (a new
 * connection on the same 4-tuple): no rate rather than a made-up spike.
 */
export interface ConnectionTraffic {
  /** Bytes the peer acknowledged (tcp_info bytes_acked). */
  bytesSent: number;
  bytesReceived: number;
  /** Null (shown empty, never 0) where the platform does not count it: macOS nettop has no segment counts. */
  segmentsSent: number | null;
  segmentsReceived: number | null;
  /** Segments retransmitted over the connection's life (tcpi_total_retrans); null where not counted (macOS). */
  retransmissions: number | null;
  /** Smoothed round-trip time and its mean deviation, in milliseconds (µs precision); null where unknown (UDP on macOS). */
  rttMs: number | null;
  rttVarianceMs: number | null;
  sendRate: number | null;
  receiveRate: number | null;
  segmentSendRate: number | null;
  segmentReceiveRate: number | null;
  retransmissionRate: number | null;
}

/** Field by field (a carried-over row and a fresh one with equal counters are the same row). */
export function trafficEqual(a: ConnectionTraffic | undefined, b: ConnectionTraffic | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return (
    a.bytesReceived === b.bytesReceived &&
    a.bytesSent === b.bytesSent &&
    a.segmentsReceived === b.segmentsReceived &&
    a.segmentsSent === b.segmentsSent &&
    a.retransmissions === b.retransmissions &&
    a.rttMs === b.rttMs &&
    a.rttVarianceMs === b.rttVarianceMs &&
    a.receiveRate === b.receiveRate &&
    a.sendRate === b.sendRate &&
    a.segmentReceiveRate === b.segmentReceiveRate &&
    a.segmentSendRate === b.segmentSendRate &&
    a.retransmissionRate === b.retransmissionRate
  );
}

/** A running process as the platform sees it; (pid, startTime) names it uniquely. */
export interface ProcessInfo {
  pid: number;
  name: string | null;
  exePath: string | null;
  commandLine: string | null;
  user: string | null;
  uid: number | null;
  /** Epoch milliseconds, or null where the OS would not say. */
  startTime: number | null;
}

export type RouteType =
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'multicast'
  | 'anycast'
  | 'unreachable'
  | 'prohibit'
  | 'blackhole'
  | 'throw'
  | 'nat'
  | 'reject';

export interface Route {
  family: Family;
  /** Network address without the prefix, e.g. '10.0.0.0' or '::'. */
  destination: string;
  prefixLength: number;
  /** null for directly connected routes (on-link). */
  gateway: string | null;
  interface: string;
  metric: number | null;
  /** OS flags as letters (U, G, H, ...), as `route -n` prints them. */
  flags: string;
  /** Linux routing table (main, local, 254...), or null where the OS has one. */
  table: string | null;
  /**
   * The kernel's route type, where the source says it (Linux; `ip route` prints it first). Absent means
   * unicast, or not known. 'reject' is a route /proc/net/ipv6_route flags '!' without saying which of
   * unreachable, prohibit, blackhole or throw it is.
   */
  type?: RouteType;
  /** Windows: a route stored in the registry, re-added at boot (`route -p`); `route print`'s Persistent Routes. */
  persistent?: boolean;
  /** Windows: the interface's own address, the column `route print` calls Interface. */
  interfaceAddress?: string;
}

export interface InterfaceCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDrops: number;
  rxMulticast: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDrops: number;
  txMulticast: number;
}

export interface InterfaceRates {
  rxBytesPerSec: number;
  txBytesPerSec: number;
  rxPacketsPerSec: number;
  txPacketsPerSec: number;
}

export interface NetInterface {
  name: string;
  mac: string | null;
  mtu: number | null;
  up: boolean | null;
  /** Link speed in Mbit/s where the OS knows it. */
  speedMbps: number | null;
  /** Windows: the adapter's description (e.g. 'Intel(R) Ethernet Connection I219-LM'); `name` is its alias. */
  description?: string;
  /** The link type where the OS says it: 'ethernet', 'wifi', 'loopback', 'tunnel', 'ppp', ... */
  kind?: string;
  /** Operational status as the OS names it ('up', 'down', 'dormant', 'not present', ...). */
  status?: string;
  counters: InterfaceCounters;
  /** Filled by the engine from the previous tick; null on the first. */
  rates: InterfaceRates | null;
}

/** Counters grouped by protocol (Ip, Icmp, Tcp, Udp, Ip6, Icmp6, Udp6, TcpExt, ...), names as the OS gives them. */
export type ProtocolStats = Record<string, Record<string, number>>;

export interface CollectorReport {
  /** e.g. 'connections', 'routes', 'interfaces', 'protocol-stats'. */
  name: string;
  ok: boolean;
  tookMs: number;
  /** Set when the collector threw, timed out or was unavailable. */
  error: string | null;
  warnings: string[];
  /** The connections collector only: which socket engine read the sockets, and whether it gives counters. */
  engine?: SocketEngineStatus;
  /** The connections collector only: what a socket with no owner means in this snapshot (OwnerlessMeaning). */
  ownerless?: OwnerlessMeaning;
}

/**
 * What a socket without an owner (no PID, no process name) means, where the source reads owners at all:
 * - 'held-by-none': every process's sockets were read (root, in the host's PID namespace), so no process holds it:
 *   the kernel keeps it (TIME_WAIT, not yet accepted, closed by its process, a kernel socket) or its process closed
 *   it during the read;
 * - 'maybe-unreadable': some processes' sockets could not be read (not root, root in a container's own PID
 *   namespace, or an imported file whose saver may not have been root): it may be another user's or another
 *   namespace's; only a TIME_WAIT socket is surely held by no process.
 * Absent where the source names no owners (a file without owner columns) or does not say (an older server): then
 * an empty owner says nothing.
 */
export const OWNERLESS_MEANINGS = ['held-by-none', 'maybe-unreadable'] as const;
export type OwnerlessMeaning = (typeof OWNERLESS_MEANINGS)[number];

/** Which engine read the sockets (status bar, `--json` meta), and why the traffic columns are empty when they are. */
export interface SocketEngineStatus {
  /** 'netlink', 'procfs' (Linux); the platform's source elsewhere ('iphlpapi', 'netstat+lsof', ...). */
  name: string;
  /** What the user asked for ('netlink', 'procfs', 'auto'), where there is a choice. */
  requested: string | null;
  /** Why another engine than the one asked for ran (netlink refused ...), else null. */
  fallbackReason: string | null;
  /** Whether rows carry Connection.traffic. */
  traffic: boolean;
  /** When `traffic` is false: why, in a few words ('counters need the netlink engine'). */
  trafficNote: string | null;
  /**
   * How the sockets' owning processes were read, where the collector says (Linux): '/proc/<pid>/fd links', 'BPF fd
   * iterator (1 process) + /proc/<pid>/fd links', or the links with why the BPF reader is off when it was asked.
   */
  owners?: string;
}

export type SnapshotSource =
  | { kind: 'live' }
  | {
      kind: 'import';
      file: string;
      /** The format ids the file was read as (parsers/<os>/formats.ts), e.g. ['windows-netstat-an']. */
      formats: string[];
      /**
       * What the file was read as, for people: the flavour where the parser learned it ('Windows netstat -anob -t'),
       * else the format's label. WHY optional: snapshots from older servers and agents have none; a page then shows
       * the format ids as before (shared/snapshot-source.ts reads it from the wire).
       */
      label?: string;
    };

export interface Snapshot {
  /** Increases by one per tick of the engine that produced it. */
  seq: number;
  /** Epoch milliseconds when the collection started. */
  takenAt: number;
  /** How long the collection took, in milliseconds. */
  tookMs: number;
  host: string;
  platform: string;
  source: SnapshotSource;
  connections: Connection[];
  routes: Route[];
  interfaces: NetInterface[];
  protocolStats: ProtocolStats;
  /** UNIX domain sockets, apart from the inet connections; absent unless asked for (a server has thousands). */
  unixSockets?: UnixSocket[];
  /** Windows NetworkDirect endpoints (netstat -x); absent unless asked for or imported. */
  networkDirect?: NetworkDirectEndpoint[];
  collectors: CollectorReport[];
}

export function emptySnapshot(partial: Partial<Snapshot> = {}): Snapshot {
  return {
    seq: 0,
    takenAt: 0,
    tookMs: 0,
    host: '',
    platform: '',
    source: { kind: 'live' },
    connections: [],
    routes: [],
    interfaces: [],
    protocolStats: {},
    collectors: [],
    ...partial,
  };
}

/** All warnings of a snapshot, collector-prefixed, for status bars and the CLI. */
export function snapshotWarnings(snapshot: Snapshot): string[] {
  const out: string[] = [];
  for (const c of snapshot.collectors) {
    if (c.error) out.push(`${c.name}: ${c.error}`);
    for (const w of c.warnings) out.push(`${c.name}: ${w}`);
  }
  return out;
}

/** 'tcp6', 'udp' ...: the netstat-style protocol label. */
export function protocolLabel(c: Pick<Connection, 'protocol' | 'family'>): string {
  return c.family === 6 && c.protocol !== 'unix' ? `${c.protocol}6` : c.protocol;
}

/**
 * The id of a connection: protocol, family and both endpoints. It stays the same
 * while a socket changes state (so the UI can mark the change), which an inode
 * would not (TIME_WAIT sockets lose theirs). Where two sockets share the tuple
 * (SO_REUSEPORT listeners), assignConnectionIds() appends a disambiguator.
 */
export function connectionKey(
  c: Pick<Connection, 'protocol' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>,
): string {
  return `${c.protocol}${c.family} ${c.localAddress}:${c.localPort} ${c.remoteAddress}:${c.remotePort}`;
}

/**
 * Sets `id` on every connection: the key, and for keys that occur more than once
 * the key plus '#' and the inode (or PID, or the ordinal as a last resort), which
 * is stable for the socket's lifetime.
 */
export function assignConnectionIds(connections: Connection[]): Connection[] {
  // WHY one pass that sets the plain key at once: keys are almost always unique,
  // so the common case builds one Map and no second array of 100k key strings;
  // the rare shared tuples are fixed up in a second pass over those rows only.
  const seen = new Set<string>();
  let shared: Set<string> | null = null;
  for (const c of connections) {
    const key = connectionKey(c);
    c.id = key;
    if (seen.has(key)) (shared ??= new Set()).add(key);
    else seen.add(key);
  }
  if (shared === null) return connections;
  const used = newUsedIds();
  for (const c of connections) {
    const key = c.id;
    // Each row is visited once, so one already given 'key#...' above is not looked at again.
    if (!shared.has(key)) continue;
    c.id = disambiguatedId(key, c, used);
  }
  return connections;
}

/** The ids given so far in one assignment, and per first-choice id the next ordinal to try. */
export interface UsedIds {
  ids: Set<string>;
  nextOrdinal: Map<string, number>;
}

export function newUsedIds(): UsedIds {
  return { ids: new Set(), nextOrdinal: new Map() };
}

/**
 * The id of a row whose key other rows share: key '#' inode (or 'p' PID, or 'n'),
 * with '.2', '.3'... while taken. Records the id in `used`. One rule for every
 * id assigner, so their ids agree.
 * WHY nextOrdinal: trying '.2', '.3', ... from 2 for every twin made n identical
 * rows cost n²/2 lookups (68.7k rows took 51 s); resuming where the last twin
 * stopped makes each row O(1) amortized, with the same ids.
 */
export function disambiguatedId(key: string, c: Pick<Connection, 'inode' | 'pid'>, used: UsedIds): string {
  const first = `${key}#${c.inode ?? (c.pid !== null ? `p${c.pid}` : 'n')}`;
  let id = first;
  if (used.ids.has(id)) {
    const stem = `${key}#${c.inode ?? c.pid ?? 'n'}.`;
    let n = used.nextOrdinal.get(first) ?? 2;
    while (used.ids.has(stem + n)) n++;
    id = stem + n;
    used.nextOrdinal.set(first, n + 1);
  }
  used.ids.add(id);
  return id;
}

/** A connection with every optional field empty: parsers fill what they know. */
export function blankConnection(
  fields: Pick<
    Connection,
    'protocol' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort' | 'state'
  > &
    Partial<Connection>,
): Connection {
  return {
    id: '',
    pid: null,
    processName: null,
    exePath: null,
    commandLine: null,
    user: null,
    uid: null,
    inode: null,
    rxQueue: null,
    txQueue: null,
    ...fields,
  };
}

export function zeroCounters(): InterfaceCounters {
  return {
    rxBytes: 0,
    rxPackets: 0,
    rxErrors: 0,
    rxDrops: 0,
    rxMulticast: 0,
    txBytes: 0,
    txPackets: 0,
    txErrors: 0,
    txDrops: 0,
    txMulticast: 0,
  };
}
