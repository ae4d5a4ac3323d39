import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { charMask, lacksChars } from './filter-chars';

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
  });
});
