/**
 * The columns of a /proc/net/{tcp,udp,raw}(6) line, read by char code with no
 * regex and no split (a busy host prints 100k+ lines on every refresh): the
 * fixed-width fast path and the number readers of proc-net-sockets.ts.
 */
import { hexDigit } from './hex-address';

/** A blank between columns: space, tab, or the CR left at the end of a line saved with CRLF ends. */
export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/** Hex value of text[start, end), or -1 when empty, too long or not hex. */
export function parseHex(text: string, start: number, end: number): number {
  if (end <= start || end - start > 13) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}

/** Whether text[start, end) is one or more hex digits (of any length: tm->when is an unsigned long). */
export function isHex(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (hexDigit(text.charCodeAt(i)) < 0) return false;
  return true;
}

/** Decimal value of text[start, end), or -1. */
export function parseDecimal(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The kernel prints everything from the sl to retrnsmt at fixed widths
 * ('%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X', 32 digits per IPv6
 * address; a wider sl just pushes the rest along), so the first seven tokens (sl,
 * local, remote, st, queues, timer, retrnsmt) are placed by offset into starts/ends
 * when every separator is where the kernel puts it. Returns the offset where
 * retrnsmt ends, or -1 when the line is laid out otherwise (collapsed padding,
 * tabs, fields run together, a cut line): the caller then splits it by blanks.
 */
export function placeKernelColumns(
  text: string,
  lineStart: number,
  lineEnd: number,
  starts: Int32Array,
  ends: Int32Array,
): number {
  let i = lineStart;
  while (i < lineEnd && text.charCodeAt(i) === 32) i++;
  const colon = text.indexOf(':', i);
  if (colon < 0 || colon > i + 8 || text.charCodeAt(colon + 1) !== 32) return -1;
  const local = colon + 2;
  const hexLength = text.charCodeAt(local + 8) === 58 ? 8 : 32;
  const width = hexLength + 5;
  const remote = local + width + 1;
  const state = remote + width + 1;
  const queues = state + 3;
  const timer = queues + 18;
  const retransmits = timer + 12;
  const end = retransmits + 8;
  if (end > lineEnd || text.charCodeAt(local + hexLength) !== 58 || text.charCodeAt(remote + hexLength) !== 58)
    return -1;
  if (text.charCodeAt(remote - 1) !== 32 || text.charCodeAt(state - 1) !== 32 || text.charCodeAt(queues - 1) !== 32)
    return -1;
  if (text.charCodeAt(timer - 1) !== 32 || text.charCodeAt(retransmits - 1) !== 32 || text.charCodeAt(end) !== 32)
    return -1;
  starts[0] = i;
  ends[0] = colon + 1;
  starts[1] = local;
  ends[1] = local + width;
  starts[2] = remote;
  ends[2] = remote + width;
  starts[3] = state;
  ends[3] = state + 2;
  starts[4] = queues;
  ends[4] = queues + 17;
  starts[5] = timer;
  ends[5] = timer + 11;
  starts[6] = retransmits;
  ends[6] = end;
  return end;
}
