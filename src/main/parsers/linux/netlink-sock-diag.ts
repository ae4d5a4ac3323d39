/**
 * Linux NETLINK_SOCK_DIAG (what `ss` reads) for inet sockets: the request
 * that dumps one (family, protocol) table, and the decoder of the replies
 * into Connection rows, with TCP's tcp_info counters (INET_DIAG_INFO) as
 * Connection.traffic. Pure: bytes in, rows out; the socket calls are in
 * collectors/linux/netlink-socket.ts.
 *
 * Layouts (include/uapi/linux/netlink.h, inet_diag.h), host byte order
 * except ports and addresses (the messages' rows: sock-diag-record.ts):
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
import type { Connection, Family } from '../../../shared/model';
import { RECORD_BYTES, writeRecord, type DiagProtocol } from './sock-diag-record';
import { rowOfRecord } from './sock-diag-row';

export const NETLINK_SOCK_DIAG = 4;
export const SOCK_DIAG_BY_FAMILY = 20;
/** The compat TCP dump (inet_diag_req): the kernel answers it for both families at once, in messages of this type. */
export const TCPDIAG_GETSOCK = 18;
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
/** Linux 6.5+: a TCP socket bound to a port but neither listening nor connecting (only in the bind hash). */
const TCP_BOUND_INACTIVE = 13;
/**
 * The states a dump asks for: every one /proc/net/tcp lists (request sockets, TCP_NEW_SYN_RECV bit 12, and
 * TIME_WAIT included), not TCP_BOUND_INACTIVE. WHY: with that bit the kernel's TCP dump also walks the whole bind
 * hash (65536 buckets here, taking the lock of every bucket that holds a socket: every bound port), for sockets
 * bound but neither listening nor connecting, which /proc/net/tcp, netstat and the procfs engine never list; the
 * netlink engine showed them as CLOSED rows, so the two engines listed different sockets. `ss` before iproute2 6.8
 * (this machine's 6.1) lists them only with -B; from 6.8 `ss -a` lists them as UNCONN. Showing them on request (as
 * `ss -B`) is left. Measured at 2k loopback sockets, 400 dumps alternated: 3.2 -> 2.6 ms of CPU a dump (issue 11).
 */
export const DUMP_STATES = ~(1 << TCP_BOUND_INACTIVE) >>> 0;

const HEADER = 16;
const REQUEST_LENGTH = HEADER + 56;
/** nlmsghdr + inet_diag_req: family, src_len, dst_len, ext (u8 each), id (48), states u32, dbs u32. */
const COMPAT_REQUEST_LENGTH = HEADER + 60;

export type { DiagProtocol };

/**
 * A zeroed dump request of `length` bytes whose nlmsghdr is filled in (NLM_F_REQUEST | NLM_F_DUMP); the caller
 * writes the request body after HEADER. Shared by the inet requests here and unix-diag.ts's.
 */
export function dumpRequest(
  length: number,
  type: number,
  sequence: number,
  little: boolean,
): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, length, little);
  view.setUint16(4, type, little);
  view.setUint16(6, NLM_F_REQUEST | NLM_F_DUMP, little);
  view.setUint32(8, sequence >>> 0, little);
  return { bytes, view };
}

/** The dump request of every socket of one family and protocol (TCP with tcp_info). */
export function sockDiagRequest(family: Family, protocol: DiagProtocol, sequence: number): Uint8Array {
  const little = isLittleEndianHost();
  const { bytes, view } = dumpRequest(REQUEST_LENGTH, SOCK_DIAG_BY_FAMILY, sequence, little);
  bytes[HEADER] = family === 4 ? AF_INET : AF_INET6;
  bytes[HEADER + 1] = protocol === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
  bytes[HEADER + 2] = protocol === 'tcp' ? 1 << (INET_DIAG_INFO - 1) : 0;
  view.setUint32(HEADER + 4, DUMP_STATES, little);
  return bytes;
}

/**
 * The dump request of every TCP socket of both families (TCPDIAG_GETSOCK, with tcp_info): the kernel's
 * inet_diag_dump_compat asks the TCP handler with sdiag_family = AF_UNSPEC, so ONE walk of the TCP hash answers for
 * IPv4 and IPv6 (two SOCK_DIAG_BY_FAMILY dumps walk it twice, each skipping the other family's sockets). The replies
 * are inet_diag_msg as for sockDiagRequest, each with its own family. idiag_family is ignored by the dump
 * (AF_INET, as iproute2's tcpdiag_send sends).
 */
export function tcpCompatDumpRequest(sequence: number): Uint8Array {
  const little = isLittleEndianHost();
  const { bytes, view } = dumpRequest(COMPAT_REQUEST_LENGTH, TCPDIAG_GETSOCK, sequence, little);
  bytes[HEADER] = AF_INET;
  bytes[HEADER + 3] = 1 << (INET_DIAG_INFO - 1);
  // The states sockDiagRequest asks for: idiag_states follows the 4 bytes and the 48-byte inet_diag_sockid.
  view.setUint32(HEADER + 52, DUMP_STATES, little);
  return bytes;
}

/**
 * Whether a reply chunk is the kernel refusing the request itself (its first message an NLMSG_ERROR with an
 * errno: a kernel without the compat request, say), as opposed to a dump that failed part-way (NLMSG_DONE with an
 * errno, after rows). Only a refused request may be asked again another way without repeating rows.
 */
export function isRefusedRequest(bytes: Uint8Array, length: number, options: SockDiagOptions = {}): boolean {
  const little = options.littleEndian ?? isLittleEndianHost();
  if (Math.min(length, bytes.length) < HEADER + 4) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return view.getUint16(4, little) === NLMSG_ERROR && view.getInt32(HEADER, little) < 0;
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
  const record = new Uint8Array(RECORD_BYTES);
  const recordView = new DataView(record.buffer);
  return walkDiagChunk(bytes, length, options, (view, at, messageLength, little) =>
    writeRecord(bytes, view, at, messageLength, protocol, little, record, recordView, 0)
      ? rowOfRecord(record, recordView, 0, little)
      : null,
  );
}

/** One chunk as records (sock-diag-record.ts): how many were written, and where the dump stands. */
export interface CompactChunk extends Omit<DiagChunk<never>, 'rows'> {
  records: number;
}

/**
 * Writes one record per message of the chunk into `out` from `offset` (the caller leaves recordBytesFor(length)
 * bytes of room there). What parseSockDiagChunk would count as malformed is counted here the same way.
 */
export function compactSockDiagChunk(
  bytes: Uint8Array,
  length: number,
  protocol: DiagProtocol,
  out: Uint8Array,
  offset: number,
  options: SockDiagOptions = {},
): CompactChunk {
  const into = compacting;
  into.bytes = bytes;
  into.protocol = protocol;
  into.out = out;
  into.outView = new DataView(out.buffer, out.byteOffset, out.length);
  into.at = offset;
  into.records = 0;
  try {
    const { done, errno, interrupted, malformed } = walkDiagChunk(bytes, length, options, compactMessage);
    return { records: into.records, done, errno, interrupted, malformed };
  } finally {
    // Holds no caller's buffer past the call.
    into.bytes = into.out = NO_BYTES;
    into.outView = NO_VIEW;
  }
}

const NO_BYTES = new Uint8Array(0);
const NO_VIEW = new DataView(NO_BYTES.buffer);
/**
 * Where compactSockDiagChunk writes (a call runs to its end before the next starts: one thread, synchronous).
 * WHY module-wide with one decoder function, not a closure per call: a new closure for each chunk was a new call
 * target in walkDiagChunk's loop, whose optimized code V8 threw away and compiled again on a cold dump.
 */
const compacting: {
  bytes: Uint8Array;
  protocol: DiagProtocol;
  out: Uint8Array;
  outView: DataView;
  at: number;
  records: number;
} = {
  bytes: NO_BYTES,
  protocol: 'tcp',
  out: NO_BYTES,
  outView: NO_VIEW,
  at: 0,
  records: 0,
};

function compactMessage(view: DataView, at: number, messageLength: number, little: boolean): number | null {
  const into = compacting;
  const outAt = into.at + into.records * RECORD_BYTES;
  if (!writeRecord(into.bytes, view, at, messageLength, into.protocol, little, into.out, into.outView, outAt))
    return null;
  return ++into.records;
}

/**
 * The netlink framing every sock_diag dump shares (inet here, AF_UNIX in unix-diag.ts): walks the chunk's
 * messages, ends at NLMSG_DONE / NLMSG_ERROR with their errno, notes NLM_F_DUMP_INTR, counts what does not fit its
 * own length, and hands each SOCK_DIAG_BY_FAMILY message (TCPDIAG_GETSOCK: the compat dump's replies, the same
 * inet_diag_msg) to `decode` (none decoded when it is null).
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
    } else if ((type === SOCK_DIAG_BY_FAMILY || type === TCPDIAG_GETSOCK) && decode !== null) {
      const row = decode(view, at, messageLength, little);
      if (row === null) out.malformed++;
      else out.rows.push(row);
    }
    at += align4(messageLength);
  }
  if (at < end && at + HEADER > end && !out.done) out.malformed++;
  return out;
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
