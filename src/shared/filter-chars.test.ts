import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { charMask, lacksChars, MASK_BITS } from './filter-chars';

describe('charMask', () => {
  it('never says a text lacks a term it contains (any Unicode, any slice)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), fc.nat(), (text, a, b) => {
        const lower = text.toLowerCase();
        const term = lower.slice(Math.min(a, b) % (lower.length + 1), Math.max(a, b) % (lower.length + 1));
        expect(lacksChars(charMask(term), charMask(lower))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('says a text lacks a term with a letter, digit or separator it does not have', () => {
    const cells = charMask('tcp\u000010.0.0.1\u000051544\u0000142.250.74.14\u0000443\u0000established');
    expect(lacksChars(charMask('worker'), cells)).toBe(true);
    expect(lacksChars(charMask('9'), cells)).toBe(true);
    expect(lacksChars(charMask('-'), cells)).toBe(true);
    expect(lacksChars(charMask('est'), cells)).toBe(false);
    expect(lacksChars(charMask('142.25'), cells)).toBe(false);
    expect(lacksChars(charMask('_'), cells)).toBe(true);
    expect(lacksChars(charMask('time_wait'), charMask('tcp\u0000time_wait'))).toBe(false);
    expect(lacksChars(charMask(' '), charMask('google chrome'))).toBe(false);
  });

  it('keeps both masks small integers (0 to 2^30 - 1) for any text, so V8 stores them unboxed', () => {
    expect(MASK_BITS).toBe(30);
    const small = (v: number): boolean => Number.isInteger(v) && v >= 0 && v < 2 ** MASK_BITS;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const { lo, hi } = charMask(text.toLowerCase());
        expect(small(lo) && small(hi)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Every character at once: the TIME_WAIT and CLOSE_WAIT texts' `_`, a process name's space, the hashed ones.
    let all = '';
    for (let code = 0; code < 256; code++) all += String.fromCharCode(code);
    const { lo, hi } = charMask(all.toLowerCase());
    expect(small(lo) && small(hi)).toBe(true);
  });
});
