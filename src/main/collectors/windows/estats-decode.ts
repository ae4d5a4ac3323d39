/**
 * Per-connection TCP extended statistics (GetPerTcpConnectionEStats / GetPerTcp6ConnectionEStats), pure: the
 * row that names a connection, and the read-only dynamic (ROD) structures decoded from raw bytes, so tests
 * replay hand-built buffers (Wine 8 exports neither Get call). Layouts (tcpestats.h, tcpmib.h; little endian):
 *   MIB_TCPROW   (20) dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort (addresses, ports: network order)
 *   MIB_TCP6ROW  (52) State, LocalAddr[16], dwLocalScopeId, dwLocalPort, RemoteAddr[16], dwRemoteScopeId, dwRemotePort
 *   TCP_ESTATS_DATA_ROD_v0 (96): ULONG64 DataBytesOut, DataSegsOut, DataBytesIn, DataSegsIn, SegsOut, SegsIn @0..40;
 *     ULONG SoftErrors, SoftErrorReason, SndUna, SndNxt, SndMax @48..64; ULONG64 ThruBytesAcked @72; ULONG RcvNxt
 *     @80; ULONG64 ThruBytesReceived @88
 *   TCP_ESTATS_PATH_ROD_v0 (160): 40 ULONGs; PktsRetrans @20, SmoothedRtt @108, RttVar @112 (milliseconds)
 *   TCP_ESTATS_*_RW_v0 (1): BOOLEAN EnableCollection. Microsoft: the ROD is meaningless unless it reads back TRUE.
 */
import { parseIPv6 } from '../../../shared/addresses';
import type { Connection, ConnectionTraffic, SocketState } from '../../../shared/model';

/** TCP_ESTATS_TYPE values. */
export const ESTATS_DATA = 1;
export const ESTATS_PATH = 3;
export const DATA_ROD_SIZE = 96;
export const PATH_ROD_SIZE = 160;
export const RW_SIZE = 1;
export const TCP_ROW_SIZE = 20;
export const TCP6_ROW_SIZE = 52;

/** MIB_TCP_STATE numbers (1 CLOSED ... 12 DELETE_TCB), for the row's state field. */
const MIB_STATE: Partial<Record<SocketState, number>> = {
  CLOSED: 1,
  LISTEN: 2,
  SYN_SENT: 3,
  SYN_RECV: 4,
  ESTABLISHED: 5,
  FIN_WAIT1: 6,
  FIN_WAIT2: 7,
  CLOSE_WAIT: 8,
  CLOSING: 9,
  LAST_ACK: 10,
  TIME_WAIT: 11,
  DELETE_TCB: 12,
};

/** States whose connections carry data statistics (a listener has none; TIME_WAIT and later are gone from them). */
const WITH_COUNTERS: ReadonlySet<SocketState> = new Set([
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
]);

export function hasCounters(c: Pick<Connection, 'protocol' | 'state'>): boolean {
  return c.protocol === 'tcp' && WITH_COUNTERS.has(c.state);
}

/** Dotted quad to 4 bytes, by hand (no split or regex: this runs twice per connection per refresh). */
function ipv4Bytes(text: string): number[] | null {
  const bytes: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 46; // a final '.' closes the last part
    if (code >= 48 && code <= 57 && digits < 3) {
      value = value * 10 + (code - 48);
      digits++;
    } else if (code === 46 && digits > 0 && value <= 255 && bytes.length < 4) {
      bytes.push(value);
      value = 0;
      digits = 0;
    } else return null;
  }
  return bytes.length === 4 ? bytes : null;
}

/** '::1', 'fe80::1%12', '::ffff:1.2.3.4' -> 16 bytes and the scope id; null when it is no IPv6 address. */
export function ipv6Bytes(text: string): { bytes: number[]; scope: number } | null {
  const [address = '', scopeText] = text.split('%');
  const scope = scopeText === undefined ? 0 : Number(scopeText);
  if (!Number.isInteger(scope) || scope < 0 || scope > 0xffffffff) return null;
  const value = parseIPv6(address);
  if (value === null) return null;
  const bytes: number[] = [];
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((value >> shift) & 0xffn));
  return { bytes, scope };
}

/** The MIB_TCPROW / MIB_TCP6ROW that names a connection to the EStats calls; null when its addresses do not parse. */
export function tcpRowBytes(c: Connection): Uint8Array | null {
  const state = MIB_STATE[c.state] ?? 0;
  if (c.family === 4) {
    const local = ipv4Bytes(c.localAddress);
    const remote = ipv4Bytes(c.remoteAddress);
    if (local === null || remote === null) return null;
    const row = new Uint8Array(TCP_ROW_SIZE);
    const view = new DataView(row.buffer);
    view.setUint32(0, state, true);
    row.set(local, 4);
    view.setUint16(8, c.localPort, false);
    row.set(remote, 12);
    view.setUint16(16, c.remotePort, false);
    return row;
  }
  const local = ipv6Bytes(c.localAddress);
  const remote = ipv6Bytes(c.remoteAddress);
  if (local === null || remote === null) return null;
  const row = new Uint8Array(TCP6_ROW_SIZE);
  const view = new DataView(row.buffer);
  view.setUint32(0, state, true);
  row.set(local.bytes, 4);
  view.setUint32(20, local.scope, true);
  view.setUint16(24, c.localPort, false);
  row.set(remote.bytes, 28);
  view.setUint32(44, remote.scope, true);
  view.setUint16(48, c.remotePort, false);
  return row;
}

export interface DataCounters {
  bytesOut: number;
  segmentsOut: number;
  bytesIn: number;
  segmentsIn: number;
}

export interface PathCounters {
  retransmittedSegments: number;
  smoothedRttMs: number;
  rttVarianceMs: number;
}

const u64 = (view: DataView, o: number): number => Number(view.getBigUint64(o, true));

/** TCP_ESTATS_DATA_ROD_v0; null when the bytes are too short to hold it. */
export function decodeDataRod(bytes: Uint8Array): DataCounters | null {
  if (bytes.byteLength < DATA_ROD_SIZE) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { bytesOut: u64(view, 0), segmentsOut: u64(view, 32), bytesIn: u64(view, 16), segmentsIn: u64(view, 40) };
}

/** TCP_ESTATS_PATH_ROD_v0; null when the bytes are too short to hold it. */
export function decodePathRod(bytes: Uint8Array): PathCounters | null {
  if (bytes.byteLength < PATH_ROD_SIZE) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    retransmittedSegments: view.getUint32(20, true),
    smoothedRttMs: view.getUint32(108, true),
    rttVarianceMs: view.getUint32(112, true),
  };
}

/** The model's counters (rates are filled by TrafficRates). SegsOut/SegsIn count every segment, as tcp_info's. */
export function trafficFrom(data: DataCounters, path: PathCounters): ConnectionTraffic {
  return {
    bytesSent: data.bytesOut,
    bytesReceived: data.bytesIn,
    segmentsSent: data.segmentsOut,
    segmentsReceived: data.segmentsIn,
    retransmissions: path.retransmittedSegments,
    rttMs: path.smoothedRttMs,
    rttVarianceMs: path.rttVarianceMs,
    sendRate: null,
    receiveRate: null,
    segmentSendRate: null,
    segmentReceiveRate: null,
    retransmissionRate: null,
  };
}
