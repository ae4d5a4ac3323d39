/**
 * Decoding of the hex addresses in /proc/net/{tcp,udp,raw}[6] and /proc/net/route.
 *
 * The kernel prints each address as its in-memory 32-bit words with %08X. The
 * address is stored in network byte order, so on a little-endian host every
 * word's four bytes come out reversed (127.0.0.1 prints as 0100007F); on a
 * big-endian host they come out as is (7F000001). IPv6 addresses are four such
 * words, each reversed on its own. Ports are printed from host-order values and
 * need no swapping.
 */

import { formatIpv6Groups } from '../../../shared/ipv6';
export type Endianness = 'le' | 'be';

/** The byte order of the machine running this code, found without any I/O. */
export function hostEndianness(): Endianness {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'le' : 'be';
}

/** Value of one hex digit's char code, or -1. */
export function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Reads 8 hex digits at `start` as the four bytes of a word, in memory order for
 * the given endianness. Returns false (and leaves `out` partly filled) on a bad digit.
 */
function readWord(text: string, start: number, endianness: Endianness, out: Uint8Array, at: number): boolean {
  for (let b = 0; b < 4; b++) {
    const hi = hexDigit(text.charCodeAt(start + b * 2));
    const lo = hexDigit(text.charCodeAt(start + b * 2 + 1));
    if (hi < 0 || lo < 0) return false;
    out[at + (endianness === 'le' ? 3 - b : b)] = (hi << 4) | lo;
  }
  return true;
}

/** The 4 or 16 address bytes of `text.slice(start, start + hexLength)`, or null. */
export function hexToAddressBytes(
  text: string,
  start: number,
  hexLength: number,
  endianness: Endianness,
): Uint8Array | null {
  if (hexLength !== 8 && hexLength !== 32) return null;
  const out = new Uint8Array(hexLength / 2);
  for (let w = 0; w < hexLength / 8; w++) {
    if (!readWord(text, start + w * 8, endianness, out, w * 4)) return null;
  }
  return out;
}

export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** RFC 5952 text (the shared formatter) from 16 bytes in network order. */
export function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return formatIpv6Groups(groups);
}

/** '0100007F' -> '127.0.0.1' (le); 32 digits -> IPv6 text. Null when the hex is malformed. */
export function decodeHexAddress(hex: string, endianness: Endianness): string | null {
  const bytes = hexToAddressBytes(hex, 0, hex.length, endianness);
  if (!bytes) return null;
  return bytes.length === 4 ? formatIpv4(bytes) : formatIpv6(bytes);
}

/**
 * How much an address looks like one a real host would have (loopback, private,
 * link-local ...), so that a guess of the byte order can be scored. 0 says nothing.
 */
export function addressPlausibility(bytes: Uint8Array): number {
  if (bytes.length === 4) {
    const [a = 0, b = 0, , d = 0] = bytes;
    if (a === 0 && b === 0 && bytes[2] === 0 && d === 0) return 0;
    if (a === 127) return 2;
    if (a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254)) return 1;
    if (a === 0 || a >= 224) return -1;
    return 0;
  }
  let zeroPrefix = true;
  for (let i = 0; i < 15; i++) if (bytes[i] !== 0) zeroPrefix = false;
  if (zeroPrefix) return bytes[15] === 1 ? 2 : bytes[15] === 0 ? 0 : -1;
  const [a = 0, b = 0] = bytes;
  if (a === 0xfe && (b & 0xc0) === 0x80) return 1;
  if (a === 0xfe && (b & 0xc0) === 0xc0) return 1;
  if ((a & 0xfe) === 0xfc || a === 0xff) return 1;
  if (a >= 0x20 && a <= 0x3f) return 0.5;
  let mapped = bytes[10] === 0xff && bytes[11] === 0xff;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) mapped = false;
  if (mapped) return 1;
  return a === 0 ? -1 : 0;
}

/**
 * Guesses the byte order of saved /proc output from its hex addresses: each is
 * decoded both ways and scored for plausibility. Little-endian (nearly every
 * machine) wins ties.
 */
export function guessEndiannessOfHexAddresses(hexAddresses: Iterable<string>): Endianness {
  let le = 0;
  let be = 0;
  for (const hex of hexAddresses) {
    const a = hexToAddressBytes(hex, 0, hex.length, 'le');
    const b = hexToAddressBytes(hex, 0, hex.length, 'be');
    if (a) le += addressPlausibility(a);
    if (b) be += addressPlausibility(b);
  }
  return be > le ? 'be' : 'le';
}
