/**
 * Which characters a text holds, as two 32-bit masks: a text cannot contain a
 * term that has a character the text lacks, so a filter skips a row's
 * includes() when the term's mask has a bit the row's does not.
 *
 * WHY: typing a process name (`worker-1`) into the filter at 100k rows, ~78k
 * rows' owners do not match and each row's own cells (addresses, ports,
 * state) were searched for the term. Those cells hold digits, dots, colons
 * and a few letters of the state and protocol, rarely the letters of a
 * process name: two AND-NOTs per row instead of a string search.
 *
 * The masks: `lo` has a bit per lowercase ASCII letter and for `-`, `.`, `:`
 * and `/`; `hi` a bit per digit, for `_` and space, and the rest hashed into
 * 18 bits (a shared bit only makes the test say "may contain" more often,
 * never wrongly "cannot"). Callers pass lowercase text, as the filter's texts
 * are.
 *
 * WHY 30 bits a mask, not 32: V8 keeps a whole number in an object's field
 * unboxed only while it fits a small integer (31 bits, signed, where pointers
 * are compressed, as in Chrome and Electron). With `_` and space at bits 30
 * and 31, every row text of a TIME_WAIT or CLOSE_WAIT socket (`time_wait`) had
 * a mask out of that range: a heap number per text, and every text's mask
 * field turned into a boxed double.
 */
export interface CharMask {
  lo: number;
  hi: number;
}

/** Each ASCII character's bit in `lo` and in `hi` (one of them 0), looked up per character. */
const LO_BITS = new Int32Array(128);
const HI_BITS = new Int32Array(128);
/** In `lo` after the letters (bits 26-29). */
const LO_PUNCTUATION = '-.:/';
/** In `hi` after the digits (bits 10-11); hashed characters take bits 12-29. */
const HI_PUNCTUATION = '_ ';
for (let code = 0; code < 128; code++) {
  const ch = String.fromCharCode(code);
  const lo = LO_PUNCTUATION.indexOf(ch);
  const hi = HI_PUNCTUATION.indexOf(ch);
  if (code >= 97 && code <= 122) LO_BITS[code] = 1 << (code - 97);
  else if (lo >= 0) LO_BITS[code] = 1 << (26 + lo);
  else if (code >= 48 && code <= 57) HI_BITS[code] = 1 << (code - 48);
  else if (hi >= 0) HI_BITS[code] = 1 << (10 + hi);
  else HI_BITS[code] = hashedBit(code);
}

function hashedBit(code: number): number {
  return 1 << (12 + (code % 18));
}

/** The highest bit a mask may have: both stay small integers (see above). */
export const MASK_BITS = 30;

/** The masks of a text's characters. */
export function charMask(text: string): CharMask {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      lo |= LO_BITS[code] as number;
      hi |= HI_BITS[code] as number;
    } else hi |= hashedBit(code);
  }
  return { lo, hi };
}

/** Whether a text of mask `text` cannot contain a term of mask `term` (it lacks one of the term's characters). */
export function lacksChars(term: CharMask, text: CharMask): boolean {
  return ((term.lo & ~text.lo) | (term.hi & ~text.hi)) !== 0;
}
