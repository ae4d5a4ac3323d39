/**
 * Joins nettop's per-connection rows (parsers/macos/nettop.ts) to the sockets
 * lsof or netstat listed, and writes their counters into Connection.traffic.
 *
 * The key is protocol + local and remote address and port, without the IP
 * version: the two tools do not agree on it (a dual-stack socket's accepted
 * IPv4 connection is tcp46 in nettop, an IPv6 file in lsof, tcp4 in netstat),
 * and an IPv4-mapped address (::ffff:1.2.3.4) is written as IPv4. Wildcards
 * stay apart (0.0.0.0 and :: are two sockets). Where several sockets share a
 * key (forked processes holding one socket, SO_REUSEPORT), nettop's PID
 * decides; a socket nettop names for nobody listed goes to the one row left.
 * Each nettop row is used once, so a shared socket is never counted twice.
 * An unconnected UDP socket is the exception: nettop shows the address it last
 * used and its last peer (`udp4 192.168.1.5:9993<->8.8.8.8:53`) where lsof shows
 * `*:9993`; it is found by owner, IP version and local port instead.
 */
import type { Connection, ConnectionTraffic } from '../../../shared/model';
import type { NettopConnection } from '../../parsers/macos/nettop';

/** Anything joinAddress changes: a zone, brackets, upper case, blanks, a link-local or IPv4-mapped prefix. */
const NEEDS_NORMALISING = /[%[\]A-F\s]|^fe80:|^::ffff:/;

/** How an address is compared: lower case, no brackets, no zone (%en0), no embedded KAME scope, mapped IPv4 as IPv4. */
export function joinAddress(address: string): string {
  // Most addresses (IPv4, global IPv6, the wildcards) are compared as they are: no regex work on 50k rows.
  if (!NEEDS_NORMALISING.test(address)) return address;
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  // The BSD kernel keeps a link-local address's interface index in its second group (fe80:4::1); tools differ on
  // whether they print it.
  a = a.replace(/^fe80:[0-9a-f]{1,4}::/, 'fe80::');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  return mapped ? (mapped[1] as string) : a;
}

type Endpoints = Pick<Connection, 'protocol' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>;

export function joinKey(c: Endpoints): string {
  return `${c.protocol} ${joinAddress(c.localAddress)} ${c.localPort} ${joinAddress(c.remoteAddress)} ${c.remotePort}`;
}

/**
 * Rows that can carry traffic: TCP connections past LISTEN, and UDP sockets
 * (nettop counts their datagrams: DNS, QUIC). A listening socket moves no
 * data, and a TIME_WAIT one has no owner nettop could list.
 */
export function mayCarryTraffic(c: Pick<Connection, 'protocol' | 'state'>): boolean {
  if (c.protocol === 'udp') return true;
  return c.protocol === 'tcp' && c.state !== 'LISTEN' && c.state !== 'TIME_WAIT' && c.state !== 'CLOSED';
}

/**
 * The counters nettop has, with the model's names. nettop counts no segments
 * and no RTT variance, and its re-tx is retransmitted bytes, not Linux's
 * segment count: those stay null (shown empty, never 0). Rates: TrafficRates.
 */
export function trafficFromNettop(n: NettopConnection): ConnectionTraffic | null {
  if (n.bytesIn === null || n.bytesOut === null) return null;
  return {
    bytesSent: n.bytesOut,
    bytesReceived: n.bytesIn,
    segmentsSent: null,
    segmentsReceived: null,
    retransmissions: null,
    rttMs: n.rttMs,
    rttVarianceMs: null,
    sendRate: null,
    receiveRate: null,
    segmentSendRate: null,
    segmentReceiveRate: null,
    retransmissionRate: null,
  };
}

export interface JoinResult {
  /** Rows that received counters. */
  joined: number;
  /** Rows that could carry traffic (see mayCarryTraffic). */
  candidates: number;
  /** nettop rows with counters that matched no listed socket (opened or closed between the two reads, or not ours). */
  unmatched: number;
}

/** Writes Connection.traffic on the rows nettop has counters for (in place: the rows are this refresh's). */
export function joinNettop(rows: readonly Connection[], nettop: readonly NettopConnection[]): JoinResult {
  const byKey = new Map<string, NettopConnection[]>();
  let withCounters = 0;
  for (const n of nettop) {
    if (n.bytesIn === null || n.bytesOut === null || n.state === 'LISTEN') continue;
    withCounters++;
    const key = joinKey(n);
    const list = byKey.get(key);
    if (list) list.push(n);
    else byKey.set(key, [n]);
  }
  const used = new Set<NettopConnection>();
  const attach = (row: Connection, n: NettopConnection): void => {
    const traffic = trafficFromNettop(n);
    if (traffic === null) return;
    row.traffic = traffic;
    used.add(n);
  };
  let candidates = 0;
  const withoutOwnPid: Array<[Connection, NettopConnection[]]> = [];
  for (const row of rows) {
    if (!mayCarryTraffic(row)) continue;
    candidates++;
    const list = byKey.get(joinKey(row));
    if (list === undefined) continue;
    const own = row.pid === null ? undefined : list.find((n) => n.pid === row.pid && !used.has(n));
    if (own) attach(row, own);
    else withoutOwnPid.push([row, list]);
  }
  // Second pass, after every PID match took its row: a socket left over goes to a row only when it is the one left.
  for (const [row, list] of withoutOwnPid) {
    const free = list.filter((n) => !used.has(n));
    if (free.length === 1) attach(row, free[0] as NettopConnection);
  }
  joinUnconnectedUdp(rows, nettop, used, attach);
  return { joined: used.size, candidates, unmatched: withCounters - used.size };
}

const udpSocketKey = (c: Pick<Connection, 'family' | 'localPort' | 'pid'>): string =>
  `${c.family} ${c.localPort} ${c.pid}`;

/** The UDP rows still without counters, by owner, IP version and local port, where exactly one nettop row is left. */
function joinUnconnectedUdp(
  rows: readonly Connection[],
  nettop: readonly NettopConnection[],
  used: ReadonlySet<NettopConnection>,
  attach: (row: Connection, n: NettopConnection) => void,
): void {
  const left = new Map<string, NettopConnection[]>();
  for (const n of nettop) {
    if (n.protocol !== 'udp' || n.state === 'LISTEN' || used.has(n) || n.bytesIn === null || n.bytesOut === null)
      continue;
    const key = udpSocketKey(n);
    const list = left.get(key);
    if (list) list.push(n);
    else left.set(key, [n]);
  }
  if (left.size === 0) return;
  for (const row of rows) {
    if (row.protocol !== 'udp' || row.traffic !== undefined || row.pid === null) continue;
    const list = left.get(udpSocketKey(row));
    if (list?.length !== 1) continue;
    attach(row, list[0] as NettopConnection);
    left.delete(udpSocketKey(row));
  }
}
