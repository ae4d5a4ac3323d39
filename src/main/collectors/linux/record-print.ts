/**
 * A fingerprint of a sock_diag record (sock-diag-record.ts), to tell an unchanged socket from a changed one without
 * keeping its last record: netlink-rows.ts (main thread) and sock-diag-diff.ts (reading thread).
 */
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';

const RECORD_WORDS = RECORD_BYTES / 4;

/**
 * A 53-bit fingerprint of record `i` of `words` (two 32-bit hashes of its words, murmur3- and FNV-style, joined):
 * equal records have equal fingerprints; different ones, the same one with a chance of 2^-53.
 */
export function recordPrint(words: Int32Array, i: number): number {
  let a = 0x9747b28c;
  let b = 0x811c9dc5;
  for (let w = i * RECORD_WORDS, end = w + RECORD_WORDS; w < end; w++) {
    const word = words[w] as number;
    let k = Math.imul(word, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    a ^= Math.imul(k, 0x1b873593);
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b = Math.imul(b ^ word, 0x01000193);
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
