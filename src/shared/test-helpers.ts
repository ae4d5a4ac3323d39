/**
 * Row builders for tests (src/shared's, and through their own helpers the metrics and renderer tests'); not imported
 * by the app. The mutation runs leave test-helpers.ts out (stryker.config.mjs).
 */
import { blankConnection, type Connection, type ConnectionTraffic, type Route, type SocketState } from './model';
import { IMPORT_LABEL_MAX } from './snapshot-source';

/** A TCP row from local to remote (IPv6 where the local address has a colon), with no owner unless `fields` gives one. */
export function tcpRow(
  local: string,
  localPort: number,
  remote: string,
  remotePort: number,
  state: SocketState,
  fields: Partial<Connection> = {},
): Connection {
  return blankConnection({
    protocol: 'tcp',
    family: local.includes(':') ? 6 : 4,
    localAddress: local,
    localPort,
    remoteAddress: remote,
    remotePort,
    state,
    ...fields,
  });
}

/** The same row over UDP. */
export const udpRow: typeof tcpRow = (local, localPort, remote, remotePort, state, fields = {}) =>
  tcpRow(local, localPort, remote, remotePort, state, { protocol: 'udp', ...fields });

/** An IPv4 default route via 10.0.0.254 on eth0 in the main table, with `fields` over it. */
export function defaultRoute(fields: Partial<Route> = {}): Route {
  return {
    family: 4,
    destination: '0.0.0.0',
    prefixLength: 0,
    gateway: '10.0.0.254',
    interface: 'eth0',
    metric: 0,
    flags: 'UG',
    table: 'main',
    ...fields,
  };
}

/**
 * A TCP connection's counters: nothing sent or received, no retransmission, a 1 ms round trip, no rate yet (the
 * first refresh that sees it); `fields` sets the counters and rates a test is about.
 */
export function trafficCounters(fields: Partial<ConnectionTraffic> = {}): ConnectionTraffic {
  return {
    bytesSent: 0,
    bytesReceived: 0,
    segmentsSent: 0,
    segmentsReceived: 0,
    retransmissions: 0,
    rttMs: 1,
    rttVarianceMs: 0,
    sendRate: null,
    receiveRate: null,
    segmentSendRate: null,
    segmentReceiveRate: null,
    retransmissionRate: null,
    ...fields,
  };
}

/** Import labels a reader must leave out (shared/snapshot-source.ts), each with what is wrong with it, for it.each. */
export const UNFIT_IMPORT_LABELS: readonly (readonly [string, unknown])[] = [
  ['a number', 5],
  ['an object', { text: 'x' }],
  ['blank text', '  '],
  ['text longer than any label', 'x'.repeat(IMPORT_LABEL_MAX + 1)],
];

/** A connection as the Top talkers tests describe it (top-talkers.*.test.ts): talkerConnection. */
export interface TalkerSpec {
  id: string;
  pid?: number | null;
  name?: string | null;
  remote?: string;
  sent?: number;
  received?: number;
  sendRate?: number | null;
  receiveRate?: number | null;
  counters?: boolean;
  inode?: number | null;
}

/**
 * An established TCP connection to `remote` (198.51.100.1 unless given) owned by `pid` (100) named `name` ('curl'),
 * with counters (`sent`, `received`, rates: none yet unless given) unless `counters` is false.
 */
export function talkerConnection(s: TalkerSpec): Connection {
  const c: Connection = {
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '192.0.2.10',
      localPort: 40_000,
      remoteAddress: s.remote ?? '198.51.100.1',
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    id: s.id,
    inode: s.inode ?? null,
    pid: s.pid === undefined ? 100 : s.pid,
    processName: s.name === undefined ? 'curl' : s.name,
  };
  if (s.counters === false) return c;
  return {
    ...c,
    traffic: trafficCounters({
      bytesSent: s.sent ?? 0,
      bytesReceived: s.received ?? 0,
      sendRate: s.sendRate === undefined ? null : s.sendRate,
      receiveRate: s.receiveRate === undefined ? null : s.receiveRate,
    }),
  };
}

/** A socket of the trackers' property tests (top-talkers.changes.test.ts, cli/top-feed.test.ts), from which a row is made. */
export interface TalkerSocket {
  id: string;
  inode: number | null;
  pid: number | null;
  remote: string;
  sent: number;
  received: number;
  rate: number | null;
  counters: boolean;
}

/**
 * Socket number `n` of those tests: some without an inode (keyed by id), some without an owner, some sharing an
 * owner (four PIDs) or a host (five, and the wildcard) with others, one in eleven without counters.
 */
export function talkerSocket(n: number): TalkerSocket {
  return {
    id: `s${n}`,
    inode: n % 3 === 0 ? null : 1000 + n,
    pid: n % 5 === 0 ? null : 100 + (n % 4),
    remote: n % 6 === 0 ? '0.0.0.0' : `198.51.100.${n % 5}`,
    sent: n * 10,
    received: n * 20,
    rate: null,
    counters: n % 11 !== 0,
  };
}

/** One refresh of those tests: each socket's action in turn (`actions[k % 12]`), then sockets opened and returned. */
export interface SocketChurn {
  actions: readonly number[];
  opened: number;
  returned: number;
  bytes: number;
  rate: number | null;
}

/**
 * The sockets after one refresh: per socket, 1 moves `bytes` (received twice that) at `rate`, 2 closes (onto
 * `closed`), 3 restarts on the same 4-tuple (counters from 1), anything else stays the same object; then `opened`
 * new sockets from `open`, and the oldest `returned` of `closed` back with more bytes.
 */
export function churnSockets<S extends TalkerSocket>(
  sockets: readonly S[],
  closed: S[],
  s: SocketChurn,
  open: () => S,
): S[] {
  const kept: S[] = [];
  for (const [k, sock] of sockets.entries()) {
    const a = s.actions[k % s.actions.length] as number;
    if (a === 2) {
      closed.push(sock);
      continue;
    }
    if (a === 1) kept.push({ ...sock, sent: sock.sent + s.bytes, received: sock.received + 2 * s.bytes, rate: s.rate });
    else if (a === 3) kept.push({ ...sock, sent: 1, received: 1, rate: s.rate });
    else kept.push(sock);
  }
  for (let o = 0; o < s.opened; o++) kept.push(open());
  for (let r = 0; r < s.returned && closed.length > 0; r++) {
    const back = closed.shift() as S;
    kept.push({ ...back, sent: back.sent + s.bytes, received: back.received + s.bytes });
  }
  return kept;
}
