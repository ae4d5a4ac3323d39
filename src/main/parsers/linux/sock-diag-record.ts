/**
 * One inet sock_diag message (SOCK_DIAG_BY_FAMILY) as a fixed-size record, and
 * the record's flags and counters read back. Pure: bytes in, bytes out. The
 * Connection row of a record is sock-diag-row.ts (split from here: this file
 * holds the layout and the writing, that one the objects the rows are made as).
 * netlink-sock-diag.ts walks the chunks and decodes every message through
 * here; the reading thread sends records, not messages, to the main thread.
 *
 * WHY records: a TCP message with tcp_info is ~320 bytes (all of tcp_info and
 * attributes nobody shows); the fields a row needs fit in RECORD_BYTES. At
 * 100k sockets that is 9.6 MB instead of ~32 MB a refresh to copy between the
 * threads, and the main thread reads fixed offsets instead of walking
 * attributes. Records stay bytes until a whole dump has arrived (a dump that
 * fails half-way is dropped for procfs) and become objects piece by piece
 * after it, so that each piece dies young (connection-reuse.ts).
 *
 * Message layouts (include/uapi/linux/inet_diag.h, tcp.h), host byte order
 * except ports and addresses:
 *   inet_diag_msg  family u8, state u8, timer u8, retrans u8,
 *                  id: sport be16, dport be16, src[16], dst[16], if u32, cookie u32[2],
 *                  expires u32, rqueue u32, wqueue u32, uid u32, inode u32  (72)
 *   then rtattrs: len u16, type u16, payload, padded to 4.
 * Record layout (host byte order; a record never leaves the host):
 *   0 family u8 (4|6), 1 kernel state u8, 2 flags u8 (FLAG_*), 3 pad,
 *   4 local port u16, 6 remote port u16, 8 local address [16], 24 remote address [16],
 *   40 inode u32, 44 uid u32, 48 rqueue u32, 52 wqueue u32,
 *   56 bytes acked f64, 64 bytes received f64,
 *   72 segs out u32, 76 segs in u32, 80 total retrans u32, 84 rtt us u32, 88 rttvar us u32, 92 pad.
 */
import type { Protocol } from '../../../shared/model';

export type DiagProtocol = Extract<Protocol, 'tcp' | 'udp'>;

export const RECORD_BYTES = 96;
const HEADER = 16;
const DIAG_MSG = 72;
/** The smallest message that is a row: a chunk of n bytes holds at most n / this. */
const SMALLEST_MESSAGE = HEADER + DIAG_MSG;
/** Record flags (byte 2), read by sock-diag-row.ts too. */
export const FLAG_TCP = 1;
export const FLAG_TRAFFIC = 2;
const AF_INET = 2;
const AF_INET6 = 10;
/**
 * The IP version of an address family code (4, 6; 0 for any other family).
 * WHY a table, not two comparisons: a dump's IPv4 sockets come first, and V8 optimized writeRecord before the second
 * comparison had ever run, then threw that code away at the first IPv6 socket and compiled it again.
 */
const IP_VERSION_OF = new Uint8Array(256);
IP_VERSION_OF[AF_INET] = 4;
IP_VERSION_OF[AF_INET6] = 6;
/** The kernel's TCP_LISTEN state code (a listener has no counters; its wqueue is its backlog). */
export const TCP_LISTEN = 10;
const INET_DIAG_INFO = 2;

/** tcp_info offsets (include/uapi/linux/tcp.h). */
const TCPI_RTT = 68;
const TCPI_RTTVAR = 72;
const TCPI_TOTAL_RETRANS = 100;
const TCPI_BYTES_ACKED = 120;
const TCPI_BYTES_RECEIVED = 128;
const TCPI_SEGS_OUT = 136;
const TCPI_SEGS_IN = 140;
/** Linux 4.19 and later: bytes sent, retransmissions included, and bytes retransmitted. */
const TCPI_BYTES_SENT = 200;
const TCPI_BYTES_RETRANS = 208;
/** Kernels before 4.2 have no segment counters: their rows get no traffic rather than zeros. */
const TCPI_NEEDED = TCPI_SEGS_IN + 4;

/** Room the records of a chunk of `length` bytes may need. */
export function recordBytesFor(length: number): number {
  return Math.ceil(Math.max(0, length) / SMALLEST_MESSAGE) * RECORD_BYTES;
}

/**
 * Writes the record of the message at `messageStart` (its nlmsghdr; `messageLength` already checked to fit
 * `view`) at `out[outAt ...]`; false when the message is malformed (too short, an unknown family, attributes
 * that do not fit), and then nothing is meant to be read from there.
 */
export function writeRecord(
  bytes: Uint8Array,
  view: DataView,
  messageStart: number,
  messageLength: number,
  protocol: DiagProtocol,
  little: boolean,
  out: Uint8Array,
  outView: DataView,
  outAt: number,
): boolean {
  if (messageLength < HEADER + DIAG_MSG) return false;
  const m = messageStart + HEADER;
  const family = IP_VERSION_OF[bytes[m] as number] as number;
  if (family === 0) return false;
  const stateCode = bytes[m + 1] as number;
  let flags = protocol === 'tcp' ? FLAG_TCP : 0;
  // The counters, 0 for a record without them: every byte is written (no bytes left from an earlier record), so
  // that equal sockets have equal records. WHY through the same stores either way: a cold dump of a busy host may
  // hold only TCP rows with counters, and a zero-fill loop of its own then had no type feedback when V8 optimized
  // writeRecord, which was thrown away at the first listener or UDP record of a warm dump and compiled again.
  let acked = 0;
  let received = 0;
  let segsOut = 0;
  let segsIn = 0;
  let retrans = 0;
  let rtt = 0;
  let rttvar = 0;
  // Listeners carry a tcp_info too, but move no data: no counters, like UDP and TIME_WAIT.
  if (protocol === 'tcp' && stateCode !== TCP_LISTEN) {
    const info = tcpInfoAt(view, m + DIAG_MSG, messageStart + messageLength, little);
    if (info === false) return false;
    if (info !== null) {
      flags |= FLAG_TRAFFIC;
      acked = u64(view, info + TCPI_BYTES_ACKED, little);
      // WHY: the kernel counts the opening side's SYN (and later its FIN) as an acked byte, so an idle outgoing
      // connection showed "Sent 1 B" against no data (`ss -ti`: bytes_acked:1, no bytes_sent). The data sent once
      // (bytes_sent - bytes_retrans) bounds the data acked; kernels before 4.19 have neither: acked as given.
      if (infoLength >= TCPI_BYTES_RETRANS + 8) {
        const sentOnce = u64(view, info + TCPI_BYTES_SENT, little) - u64(view, info + TCPI_BYTES_RETRANS, little);
        if (sentOnce < acked) acked = Math.max(0, sentOnce);
      }
      received = u64(view, info + TCPI_BYTES_RECEIVED, little);
      segsOut = view.getUint32(info + TCPI_SEGS_OUT, little);
      segsIn = view.getUint32(info + TCPI_SEGS_IN, little);
      retrans = view.getUint32(info + TCPI_TOTAL_RETRANS, little);
      rtt = view.getUint32(info + TCPI_RTT, little);
      rttvar = view.getUint32(info + TCPI_RTTVAR, little);
    }
  }
  outView.setFloat64(outAt + 56, acked, little);
  outView.setFloat64(outAt + 64, received, little);
  outView.setUint32(outAt + 72, segsOut, little);
  outView.setUint32(outAt + 76, segsIn, little);
  outView.setUint32(outAt + 80, retrans, little);
  outView.setUint32(outAt + 84, rtt, little);
  outView.setUint32(outAt + 88, rttvar, little);
  outView.setUint32(outAt + 92, 0, little);
  out[outAt + 3] = 0;
  out[outAt] = family;
  out[outAt + 1] = stateCode;
  out[outAt + 2] = flags;
  outView.setUint16(outAt + 4, view.getUint16(m + 4, false), little);
  outView.setUint16(outAt + 6, view.getUint16(m + 6, false), little);
  // The 32 bytes of ports and addresses, word by word (the same bytes): a subarray per record was a heap object for
  // every socket of every dump, most of the reading thread's garbage at an idle refresh (issue 11).
  for (let i = 8; i < 40; i += 4) outView.setUint32(outAt + i, view.getUint32(m + i, true), true);
  outView.setUint32(outAt + 40, view.getUint32(m + 68, little), little);
  outView.setUint32(outAt + 44, view.getUint32(m + 64, little), little);
  outView.setUint32(outAt + 48, view.getUint32(m + 56, little), little);
  outView.setUint32(outAt + 52, view.getUint32(m + 60, little), little);
  return true;
}

/** The length of the tcp_info tcpInfoAt found last (a variable, not a returned object: this runs for every socket). */
let infoLength = 0;

/** tcp_info's offset from the message's attributes; null when absent or too short, false when the attributes do not fit. */
function tcpInfoAt(view: DataView, from: number, end: number, little: boolean): number | null | false {
  let at = from;
  while (at + 4 <= end) {
    const attributeLength = view.getUint16(at, little);
    if (attributeLength < 4 || attributeLength > end - at) return false;
    const type = view.getUint16(at + 2, little) & 0x3fff;
    if (type === INET_DIAG_INFO) {
      infoLength = attributeLength - 4;
      return infoLength < TCPI_NEEDED ? null : at + 4;
    }
    at += (attributeLength + 3) & ~3;
  }
  return null;
}

/** A u64 counter as a number (exact up to 2^53 bytes: 9 PB). */
function u64(view: DataView, at: number, little: boolean): number {
  const low = view.getUint32(at + (little ? 0 : 4), little);
  const high = view.getUint32(at + (little ? 4 : 0), little);
  return high * 2 ** 32 + low;
}

/** Whether the record at `at` carries tcp_info counters. */
export function recordHasTraffic(records: Uint8Array, at: number): boolean {
  return ((records[at + 2] as number) & FLAG_TRAFFIC) !== 0;
}

/** The record's counters into `out`: bytes sent (acked), bytes received, segments out, segments in, retransmissions. */
export function readRecordCounters(view: DataView, at: number, little: boolean, out: Float64Array): void {
  out[0] = view.getFloat64(at + 56, little);
  out[1] = view.getFloat64(at + 64, little);
  out[2] = view.getUint32(at + 72, little);
  out[3] = view.getUint32(at + 76, little);
  out[4] = view.getUint32(at + 80, little);
}
