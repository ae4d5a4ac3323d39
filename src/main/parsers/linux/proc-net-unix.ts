/**
 * /proc/net/unix -> UnixSocket[] (net/unix/af_unix.c, unix_seq_show):
 *
 *   Num       RefCount Protocol Flags    Type St Inode Path
 *   ffff8d3c01e2b800: 00000002 00000000 00010000 0001 01 23456 /run/systemd/private
 *   0000000000000000: 00000003 00000000 00000000 0001 03 23457
 *   ffff8d3c01e2c000: 00000002 00000000 00000000 0002 01 34567 @/tmp/.X11-unix/X0
 *
 * Flags bit 0x10000 is __SO_ACCEPTCON (a listening socket); Type is SOCK_STREAM 1,
 * SOCK_DGRAM 2, SOCK_SEQPACKET 5; St is the socket_state SS_UNCONNECTED 1 ..
 * SS_DISCONNECTING 4. The path is the rest of the line after one space (it may hold
 * spaces); an abstract name is printed with '@' for its leading NUL (and for NULs
 * inside it). The file has no peer: sock_diag (ss -x) is where peers come from.
 */
import {
  blankUnixSocket,
  type UnixSocket,
  type UnixSocketState,
  type UnixSocketType,
} from '../../../shared/unix-socket';
import type { ParseResult } from '../format';

const ACCEPT_CONNECTIONS = 0x10000;

const TYPE_BY_CODE: Record<number, UnixSocketType> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };

/** include/uapi/linux/net.h socket_state, from 0 (SS_FREE). */
const STATE_BY_CODE: readonly UnixSocketState[] = [
  'UNKNOWN',
  'UNCONNECTED',
  'CONNECTING',
  'CONNECTED',
  'DISCONNECTING',
];

export const PROC_NET_UNIX_HEADER = /^Num\s+RefCount\s+Protocol\s+Flags\s+Type\s+St\s+Inode(\s+Path)?\s*$/;
const ROW =
  /^([0-9A-Fa-f]+): ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{2}) +(\d+)(?: ([^\n]*))?$/;

export function unixTypeFromCode(code: number): UnixSocketType {
  return TYPE_BY_CODE[code] ?? 'unknown';
}

/** LISTENING when accepting connections (whatever St says), else the socket_state. */
export function unixStateFromCodes(flags: number, state: number): UnixSocketState {
  if ((flags & ACCEPT_CONNECTIONS) !== 0) return 'LISTENING';
  return STATE_BY_CODE[state] ?? 'UNKNOWN';
}

/** One row, or null when the line is not a /proc/net/unix row. */
export function parseProcNetUnixLine(line: string): UnixSocket | null {
  const m = ROW.exec(line.replace(/\r$/, '').trimStart());
  if (!m) return null;
  const flags = parseInt(m[4] as string, 16);
  const inode = Number(m[7]);
  if (!Number.isSafeInteger(inode)) return null;
  const path = m[8] === undefined || m[8] === '' ? null : m[8];
  return blankUnixSocket({
    type: unixTypeFromCode(parseInt(m[5] as string, 16)),
    state: unixStateFromCodes(flags, parseInt(m[6] as string, 16)),
    path,
    inode,
  });
}

export function parseProcNetUnix(text: string): ParseResult {
  const unixSockets: UnixSocket[] = [];
  const skipped: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || PROC_NET_UNIX_HEADER.test(line.trim())) continue;
    const socket = parseProcNetUnixLine(line);
    if (socket) unixSockets.push(socket);
    else skipped.push(line);
  }
  return { data: { unixSockets }, skipped, warnings: [] };
}
