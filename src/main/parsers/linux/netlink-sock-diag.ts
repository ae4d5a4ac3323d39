/**
 * Linux NETLINK_SOCK_DIAG (what `ss` reads) for inet sockets: the request
 * that dumps one (family, protocol) table, and the decoder of the replies
 * into Connection rows, with TCP's tcp_info counters (INET_DIAG_INFO) as
 * Connection.traffic. Pure: bytes in, rows out; the socket calls are in
 * collectors/linux/netlink-socket.ts.
 *
 * Layouts (include/uapi/linux/netlink.h, inet_diag.h, tcp.h), host byte
 * order except ports and addresses:
 *   nlmsghdr       len u32, type u16, flags u16, seq u32, pid u32       (16)
 *   inet_diag_req_v2  family u8, protocol u8, ext u8, pad u8, states u32, id (48)
 *   inet_diag_sockid  sport be16, dport be16, src[16], dst[16], if u32, cookie u32[2]
 *   inet_diag_msg  family u8, state u8, timer u8, retrans u8, id (48),
 *                  expires u32, rqueue u32, wqueue u32, uid u32, inode u32  (72)
 *   then rtattrs: len u16, type u16, payload, padded to 4.
 *
 * The decoder never throws: a message that does not fit is counted as
 * malformed and the walk stops there (lengths after it cannot be trusted).
 */
import type { Connection, ConnectionTraffic, Family, Protocol } from '../../../shared/model';
import { formatIpv4, formatIpv6 } from './hex-address';
import { tcpStateFromCode } from './proc-net-sockets';

export const NETLINK_SOCK_DIAG = 4;
export const SOCK_DIAG_BY_FAMILY = 20;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;
/** Set on a dump's messages when the table changed while it was read (rows may repeat or be missing). */
const NLM_F_DUMP_INTR = 0x10;
const AF_INET = 2;
const AF_INET6 = 10;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const INET_DIAG_INFO = 2;

const HEADER = 16;
const REQUEST_LENGTH = HEADER + 56;
const DIAG_MSG = 72;

/** tcp_info offsets (include/uapi/linux/tcp.h). */
const TCPI_RTT = 68;
const TCPI_RTTVAR = 72;
const TCPI_TOTAL_RETRANS = 100;
const TCPI_BYTES_ACKED = 120;
const TCPI_BYTES_RECEIVED = 128;
const TCPI_SEGS_OUT = 136;
const TCPI_SEGS_IN = 140;
/** Kernels before 4.2 have no segment counters: their rows get no traffic rather than zeros. */
const TCPI_NEEDED = TCPI_SEGS_IN + 4;

export type DiagProtocol = Extract<Protocol, 'tcp' | 'udp'>;

/** The dump request of every socket of one family and protocol (TCP with tcp_info). */
export function sockDiagRequest(family: Family, protocol: DiagProtocol, sequence: number): Uint8Array {
  const bytes = new Uint8Array(REQUEST_LENGTH);
  const view = new DataView(bytes.buffer);
  const little = isLittleEndianHost();
  view.setUint32(0, REQUEST_LENGTH, little);
  view.setUint16(4, SOCK_DIAG_BY_FAMILY, little);
  view.setUint16(6, NLM_F_REQUEST | NLM_F_DUMP, little);
  view.setUint32(8, sequence >>> 0, little);
  bytes[HEADER] = family === 4 ? AF_INET : AF_INET6;
  bytes[HEADER + 1] = protocol === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
  bytes[HEADER + 2] = protocol === 'tcp' ? 1 << (INET_DIAG_INFO - 1) : 0;
  // Every state, request sockets (TCP_NEW_SYN_RECV, bit 12) and TIME_WAIT included, as /proc/net/tcp lists them.
  view.setUint32(HEADER + 4, 0xffffffff, little);
  return bytes;
}

/** One received chunk of a sock_diag dump (inet or UNIX): its rows and where the dump stands. */
export interface DiagChunk<Row> {
  rows: Row[];
  /** An NLMSG_DONE or NLMSG_ERROR ended the dump in this chunk. */
  done: boolean;
  /** The errno of an NLMSG_ERROR, or of an NLMSG_DONE that carries one (positive), or null. */
  errno: number | null;
  /** The kernel flagged the dump as interrupted (the table changed under it). */
  interrupted: boolean;
  /** Messages that did not fit their own lengths (the rest of the chunk is then dropped). */
  malformed: number;
}

export type SockDiagChunk = DiagChunk<Connection>;

/**
 * Reads one SOCK_DIAG_BY_FAMILY message (`at`: its nlmsghdr, `messageLength`: its own length, already checked to
 * fit the chunk); null when the message is malformed (only that row is lost).
 */
export type DiagRowDecoder<Row> = (view: DataView, at: number, messageLength: number, little: boolean) => Row | null;

export interface SockDiagOptions {
  /** Byte order of the host that produced the bytes; the running host's by default. */
  littleEndian?: boolean;
}

/** Where a dump ends, without decoding rows (the reading thread's loop needs only this). */
export function sockDiagDumpEnd(bytes: Uint8Array, length: number, options: SockDiagOptions = {}): SockDiagChunk {
  return walkDiagChunk<Connection>(bytes, length, options, null);
}

/** Every row of one received chunk (one recv() of a dump: whole messages). */
export function parseSockDiagChunk(
  bytes: Uint8Array,
  length: number,
  protocol: DiagProtocol,
  options: SockDiagOptions = {},
): SockDiagChunk {
  return walkDiagChunk(bytes, length, options, (view, at, messageLength, little) =>
    messageLength >= HEADER + DIAG_MSG ? decodeRow(bytes, view, at, messageLength, protocol, little) : null,
  );
}

/**
 * The netlink framing every sock_diag dump shares (inet here, AF_UNIX in unix-diag.ts): walks the chunk's
 * messages, ends at NLMSG_DONE / NLMSG_ERROR with their errno, notes NLM_F_DUMP_INTR, counts what does not fit its
 * own length, and hands each SOCK_DIAG_BY_FAMILY message to `decode` (none decoded when it is null).
 */
export function walkDiagChunk<Row>(
  bytes: Uint8Array,
  length: number,
  options: SockDiagOptions,
  decode: DiagRowDecoder<Row> | null,
): DiagChunk<Row> {
  const little = options.littleEndian ?? isLittleEndianHost();
  const end = Math.max(0, Math.min(length, bytes.length));
  const view = new DataView(bytes.buffer, bytes.byteOffset, end);
  const out: DiagChunk<Row> = { rows: [], done: false, errno: null, interrupted: false, malformed: 0 };
  let at = 0;
  while (at + HEADER <= end && !out.done) {
    const messageLength = view.getUint32(at, little);
    if (messageLength < HEADER || messageLength > end - at) {
      out.malformed++;
      break;
    }
    const type = view.getUint16(at + 4, little);
    if ((view.getUint16(at + 6, little) & NLM_F_DUMP_INTR) !== 0) out.interrupted = true;
    if (type === NLMSG_DONE) {
      out.done = true;
      // The kernel puts the dump's own result (an int, 0 or -errno) after the header of NLMSG_DONE
      // (netlink_dump's dump_done_errno): a dump that failed part-way must not read as complete.
      if (messageLength >= HEADER + 4) {
        const code = -view.getInt32(at + HEADER, little);
        if (code > 0) out.errno = code;
      }
    } else if (type === NLMSG_ERROR) {
      out.done = true;
      if (messageLength >= HEADER + 4) {
        const code = -view.getInt32(at + HEADER, little);
        out.errno = code > 0 ? code : null;
      } else out.malformed++;
    } else if (type === SOCK_DIAG_BY_FAMILY && decode !== null) {
      const row = decode(view, at, messageLength, little);
      if (row === null) out.malformed++;
      else out.rows.push(row);
    }
    at += align4(messageLength);
  }
  if (at < end && at + HEADER > end && !out.done) out.malformed++;
  return out;
}

function decodeRow(
  bytes: Uint8Array,
  view: DataView,
  messageStart: number,
  messageLength: number,
  protocol: DiagProtocol,
  little: boolean,
): Connection | null {
  const m = messageStart + HEADER;
  const familyCode = bytes[m];
  if (familyCode !== AF_INET && familyCode !== AF_INET6) return null;
  const family: Family = familyCode === AF_INET ? 4 : 6;
  const localAddress = addressAt(bytes, m + 8, family);
  const remoteAddress = addressAt(bytes, m + 24, family);
  const inode = view.getUint32(m + 68, little);
  const uid = view.getUint32(m + 64, little);
  const row: Connection = {
    id: '',
    protocol,
    family,
    localAddress,
    localPort: view.getUint16(m + 4, false),
    remoteAddress,
    remotePort: view.getUint16(m + 6, false),
    state: protocol === 'tcp' ? tcpStateFromCode(bytes[m + 1] as number) : 'NONE',
    pid: null,
    processName: null,
    exePath: null,
    commandLine: null,
    user: null,
    // As in the procfs parser: inode 0 is a socket no process holds, and its uid 0 is no user.
    uid: inode === 0 ? null : uid,
    inode: inode === 0 ? null : inode,
    rxQueue: view.getUint32(m + 56, little),
    // A listener's wqueue is its backlog limit (ss's Send-Q); /proc/net/tcp and netstat show 0 there.
    txQueue: protocol === 'tcp' && bytes[m + 1] === TCP_LISTEN ? 0 : view.getUint32(m + 60, little),
  };
  // Listeners carry a tcp_info too, but move no data: no counters, like UDP and TIME_WAIT.
  if (protocol === 'tcp' && bytes[m + 1] !== TCP_LISTEN) {
    const traffic = trafficOf(view, m + DIAG_MSG, messageStart + messageLength, little);
    if (traffic === false) return null;
    if (traffic !== null) row.traffic = traffic;
  }
  return row;
}

const TCP_LISTEN = 10;

/** tcp_info from the message's attributes; null when absent or too short, false when the attributes do not fit. */
function trafficOf(view: DataView, from: number, end: number, little: boolean): ConnectionTraffic | null | false {
  let at = from;
  while (at + 4 <= end) {
    const attributeLength = view.getUint16(at, little);
    if (attributeLength < 4 || attributeLength > end - at) return false;
    const type = view.getUint16(at + 2, little) & 0x3fff;
    if (type === INET_DIAG_INFO) {
      const info = at + 4;
      if (attributeLength - 4 < TCPI_NEEDED) return null;
      return {
        bytesSent: u64(view, info + TCPI_BYTES_ACKED, little),
        bytesReceived: u64(view, info + TCPI_BYTES_RECEIVED, little),
        segmentsSent: view.getUint32(info + TCPI_SEGS_OUT, little),
        segmentsReceived: view.getUint32(info + TCPI_SEGS_IN, little),
        retransmissions: view.getUint32(info + TCPI_TOTAL_RETRANS, little),
        rttMs: view.getUint32(info + TCPI_RTT, little) / 1000,
        rttVarianceMs: view.getUint32(info + TCPI_RTTVAR, little) / 1000,
        sendRate: null,
        receiveRate: null,
        segmentSendRate: null,
        segmentReceiveRate: null,
        retransmissionRate: null,
      };
    }
    at += align4(attributeLength);
  }
  return null;
}

/** A u64 counter as a number (exact up to 2^53 bytes: 9 PB). */
function u64(view: DataView, at: number, little: boolean): number {
  const low = view.getUint32(at + (little ? 0 : 4), little);
  const high = view.getUint32(at + (little ? 4 : 0), little);
  return high * 2 ** 32 + low;
}

function addressAt(bytes: Uint8Array, at: number, family: Family): string {
  return family === 4 ? formatIpv4(bytes, at) : formatIpv6(bytes.subarray(at, at + 16));
}

/** Netlink messages and attributes are padded to 4 bytes (NLMSG_ALIGN, RTA_ALIGN). */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

let hostLittle: boolean | null = null;
/** Netlink speaks the host's byte order. */
export function isLittleEndianHost(): boolean {
  hostLittle ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return hostLittle;
}
