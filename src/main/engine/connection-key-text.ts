/**
 * connectionKey()'s text, made as one flat string: the id of a row that arrives without one (connection-ids.ts).
 *
 * WHY not the template literal: V8 builds `${protocol}${family} ${local}:${port} ...` as a rope of ~6 cons strings
 * (a new text for each port too, where its number-to-string cache misses), which the id then flattens into a copy:
 * ~250 bytes of garbage a row besides the id itself. A cold refresh gives all 100k rows their id at once, after the
 * owners arrived (the end of the snapshot's critical path), and that garbage cost scavenges there (issue 11). Here
 * the characters are written into one scratch buffer and read back as a single latin1 string: the id and nothing else.
 * Measured on 100k rows in a fresh process: ~20-35 ms against ~40-54 ms for the template literal, GC included.
 */
import { connectionKey, type Connection } from '../../shared/model';

type KeyFields = Pick<
  Connection,
  'protocol' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'
>;

/** Room for the longest key of an IPv6 row (two 45-character addresses with a scope); longer ones take the template. */
const scratch = Buffer.alloc(256);
const SPACE = 32;
const COLON = 58;
const ZERO = 48;

/** Writes `text` at `at`; the index after it, or -1 when a character is not latin1 or the buffer is too short. */
function putText(text: string, at: number): number {
  const end = at + text.length;
  if (end > scratch.length) return -1;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code > 0xff) return -1;
    scratch[at + k] = code;
  }
  return end;
}

/** Writes a port's decimal digits at `at` (room is left for them by the caller); -1 for what is no port. */
function putPort(port: number, at: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) return -1;
  let digits = 1;
  for (let rest = port; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  let rest = port;
  for (let k = digits - 1; k >= 0; k--) {
    scratch[at + k] = ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/** The same text as connectionKey(c), always flat (a rare row this cannot write takes connectionKey's, flattened). */
export function connectionKeyText(c: KeyFields): string {
  const at = writeKey(c);
  if (at > 0) return scratch.toString('latin1', 0, at);
  const key = connectionKey(c);
  // charCodeAt() makes V8 flatten the rope in place (see connection-ids.ts).
  key.charCodeAt(0);
  return key;
}

/** Writes the key of `c` into the scratch buffer: its length, or -1 when it does not fit this fast path. */
function writeKey(c: KeyFields): number {
  // Each step leaves 8 bytes or more for the separators and a port (putText checks only the text's own length).
  const limit = scratch.length - 8;
  let at = putText(c.protocol, 0);
  if (at < 0 || (c.family !== 4 && c.family !== 6)) return -1;
  scratch[at++] = ZERO + c.family;
  scratch[at++] = SPACE;
  at = putText(c.localAddress, at);
  if (at < 0 || at > limit) return -1;
  scratch[at++] = COLON;
  at = putPort(c.localPort, at);
  if (at < 0) return -1;
  scratch[at++] = SPACE;
  at = putText(c.remoteAddress, at);
  if (at < 0 || at > limit) return -1;
  scratch[at++] = COLON;
  return putPort(c.remotePort, at);
}
