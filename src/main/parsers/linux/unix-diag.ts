/**
 * Linux NETLINK_SOCK_DIAG for AF_UNIX (what `ss -x` reads): the dump request
 * and the decoder of its replies into UnixSocket rows, with the peer's inode
 * (UNIX_DIAG_PEER), the name (UNIX_DIAG_NAME) and the queues
 * (UNIX_DIAG_RQLEN). Pure: bytes in, rows out; the socket calls are in
 * collectors/linux/netlink-socket.ts, the peers' use in unix-diag-peers.ts.
 *
 * Layouts (include/uapi/linux/unix_diag.h, net/unix/diag.c), host byte order:
 *   nlmsghdr       len u32, type u16, flags u16, seq u32, pid u32          (16)
 *   unix_diag_req  family u8, protocol u8, pad u16, states u32, ino u32,
 *                  show u32, cookie u32[2]                                 (24)
 *   unix_diag_msg  family u8, type u8, state u8, pad u8, ino u32, cookie u32[2] (16)
 *   then rtattrs (len u16, type u16, payload, padded to 4):
 *     UNIX_DIAG_NAME 0  sun_path bytes, no NUL at the end; a leading NUL is an abstract name
 *     UNIX_DIAG_PEER 2  u32 the peer's inode
 *     UNIX_DIAG_RQLEN 4 u32 rqueue, u32 wqueue (a listener: its accept queue and backlog)
 *
 * The decoder never throws: a message that does not fit its own lengths is
 * counted as malformed and the walk stops there (as netlink-sock-diag.ts does).
 */
import { blankUnixSocket, type UnixSocket, type UnixSocketState } from '../../../shared/unix-socket';
import {
  align4,
  dumpRequest,
  isLittleEndianHost,
  SOCK_DIAG_BY_FAMILY,
  walkDiagChunk,
  type DiagChunk,
} from './netlink-sock-diag';
import { unixTypeFromCode } from './proc-net-unix';

const AF_UNIX = 1;
const HEADER = 16;
const REQUEST_LENGTH = HEADER + 24;
const DIAG_MSG = 16;

export const UDIAG_SHOW_NAME = 0x1;
export const UDIAG_SHOW_PEER = 0x4;
export const UDIAG_SHOW_RQLEN = 0x10;
export const UNIX_DIAG_NAME = 0;
export const UNIX_DIAG_PEER = 2;
export const UNIX_DIAG_RQLEN = 4;

/** The kernel keeps a UNIX socket's state in TCP's numbers (include/net/tcp_states.h), as ss prints them. */
const TCP_ESTABLISHED = 1;
const TCP_SYN_SENT = 2;
const TCP_CLOSE = 7;
const TCP_LISTEN = 10;

export function unixStateFromDiag(code: number): UnixSocketState {
  switch (code) {
    case TCP_ESTABLISHED:
      return 'CONNECTED';
    case TCP_SYN_SENT:
      return 'CONNECTING';
    case TCP_CLOSE:
      return 'UNCONNECTED';
    case TCP_LISTEN:
      return 'LISTENING';
    default:
      return 'UNKNOWN';
  }
}

/** The dump request of every UNIX socket in every state, with name, peer and queues. */
export function unixDiagRequest(sequence: number, littleEndian = isLittleEndianHost()): Uint8Array {
  const { bytes, view } = dumpRequest(REQUEST_LENGTH, SOCK_DIAG_BY_FAMILY, sequence, littleEndian);
  bytes[HEADER] = AF_UNIX;
  view.setUint32(HEADER + 4, 0xffffffff, littleEndian);
  view.setUint32(HEADER + 12, UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN, littleEndian);
  return bytes;
}

export type UnixDiagChunk = DiagChunk<UnixSocket>;

/** Every row of one received chunk (whole netlink messages, as one recv() returns them). */
export function parseUnixDiagChunk(
  bytes: Uint8Array,
  length: number,
  options: { littleEndian?: boolean } = {},
): UnixDiagChunk {
  // A message whose own length held but whose row does not: only that row is lost (the walk goes on).
  return walkDiagChunk(bytes, length, options, (view, at, messageLength, little) =>
    decodeRow(bytes, view, at + HEADER, at + messageLength, little),
  );
}

function decodeRow(bytes: Uint8Array, view: DataView, m: number, end: number, little: boolean): UnixSocket | null {
  if (end - m < DIAG_MSG || bytes[m] !== AF_UNIX) return null;
  const row = blankUnixSocket({
    type: unixTypeFromCode(bytes[m + 1] as number),
    state: unixStateFromDiag(bytes[m + 2] as number),
    path: null,
    inode: view.getUint32(m + 4, little),
  });
  let at = m + DIAG_MSG;
  while (at + 4 <= end) {
    const attributeLength = view.getUint16(at, little);
    if (attributeLength < 4 || attributeLength > end - at) return null;
    const payload = at + 4;
    const size = attributeLength - 4;
    switch (view.getUint16(at + 2, little) & 0x3fff) {
      case UNIX_DIAG_NAME:
        row.path = size === 0 ? null : nameOf(bytes.subarray(payload, payload + size));
        break;
      case UNIX_DIAG_PEER:
        if (size < 4) return null;
        row.peerInode = view.getUint32(payload, little) || null;
        break;
      case UNIX_DIAG_RQLEN:
        if (size < 8) return null;
        // A listener's rqueue is its pending connections and its wqueue its backlog limit (net/unix/diag.c:
        // sk_max_ack_backlog), printed by `ss -xl` as Recv-Q and Send-Q, as the TCP listener's are (README).
        // /proc/net/unix has no queues at all: without sock_diag both stay null.
        row.rxQueue = view.getUint32(payload, little);
        row.txQueue = view.getUint32(payload + 4, little);
        break;
    }
    at += align4(attributeLength);
  }
  return row;
}

/**
 * A path as /proc/net/unix prints it: an abstract name's leading NUL (and any
 * NUL inside it) as '@'; a filesystem path stops at its first NUL.
 */
export function nameOf(raw: Uint8Array): string {
  if (raw[0] === 0) return `@${decode(raw.subarray(1)).replace(/\0/g, '@')}`;
  const nul = raw.indexOf(0);
  return decode(nul < 0 ? raw : raw.subarray(0, nul));
}

const utf8 = new TextDecoder('utf-8');
function decode(raw: Uint8Array): string {
  return utf8.decode(raw);
}
