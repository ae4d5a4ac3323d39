/**
 * The IPv4 part of addressSortKey, parsed by hand since issue 13, against the regex it replaced: the same key
 * for every dotted string, and each rule of a dotted address at its edge.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressSortKey } from './sort-keys';

/** The key as the regex version read it, for strings with no ':' (so never IPv6): an address as 1 + its value. */
function reference(addr: string): number | string {
  if (addr === '*' || addr === '') return 0;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  const parts = m ? m.slice(1).map(Number) : [];
  if (!m || parts.some((p) => p > 255)) return `9${addr.toLowerCase()}`;
  return 1 + parts.reduce((value, p) => value * 256 + p, 0);
}

describe('addressSortKey: IPv4', () => {
  it('gives the key the regex gave, for any string of digits and dots (and a few other characters)', () => {
    const text = fc
      .array(fc.constantFrom('0', '1', '2', '5', '9', '.', '.', '.', '/', 'a', ' ', '25', '255', '256', '0001'), {
        maxLength: 14,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (addr) => {
        expect(addressSortKey(addr)).toBe(reference(addr));
      }),
      { numRuns: 3000 },
    );
  });

  it('keys every real address the regex way', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (parts) => {
        const addr = parts.join('.');
        expect(addressSortKey(addr)).toBe(reference(addr));
      }),
    );
  });

  it('takes 1 to 3 digits a part, at most 255, four parts', () => {
    expect(addressSortKey('0.0.0.0')).toBe(1);
    expect(addressSortKey('255.255.255.255')).toBe(2 ** 32);
    expect(addressSortKey('10.1.2.3')).toBe(1 + 0x0a010203);
    expect(addressSortKey('01.002.3.004')).toBe(1 + 0x01020304);
    expect(addressSortKey('255.1.1.1')).toBe(1 + 0xff010101);
    expect(addressSortKey('1.1.1.255')).toBe(1 + 0x010101ff);
  });

  it('refuses each malformed shape as an address (it sorts as text after IPv6)', () => {
    for (const bad of [
      '256.1.1.1',
      '1.1.1.256',
      '0001.2.3.4',
      '1.2.3.0004',
      '1.2.3.4.5',
      '1..2.3',
      '.1.2.3',
      '1.2.3.',
      '1.2.3',
      '1.2.3/4',
      '1.2.3.4/',
      '1.2.3.4 ',
      '1.2.3.a',
    ])
      expect(addressSortKey(bad), bad).toBe(`9${bad}`);
  });

  it('still keys an IPv6 address with an embedded IPv4 tail', () => {
    expect(addressSortKey('::ffff:10.1.2.3')).toBe(`6${'0000'.repeat(5)}ffff0a010203`);
    expect(addressSortKey('::ffff:10.1.2.300')).toBe('9::ffff:10.1.2.300');
  });
});
