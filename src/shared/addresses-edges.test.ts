/**
 * Edges of the address code that netstat, ss and imported output reach: the length limit with the longest
 * real text (a dotted tail and a long zone), brackets and zones half written, mapped forms that are not
 * addresses, and prefix lengths at and past their ends.
 */
import { describe, expect, it } from 'vitest';
import {
  addressFamily,
  bareAddress,
  canonicalAddress,
  formatIPv4,
  isIPv4,
  isIPv6,
  isUnspecifiedAddress,
  parseIPv6,
  prefixContains,
  subnetKey,
} from './addresses';

// The longest IPv6 text there is (45 characters), and a zone long enough to make it 100 or 101.
const LONGEST_V6 = 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255';
const withZone = (length: number) => `${LONGEST_V6}%${'z'.repeat(length - LONGEST_V6.length - 1)}`;

describe('isIPv6 limits', () => {
  it('takes text up to 100 characters, not one more', () => {
    expect(withZone(100)).toHaveLength(100);
    expect(isIPv6(withZone(100))).toBe(true);
    expect(isIPv6(withZone(101))).toBe(false);
    expect(parseIPv6(withZone(100))).toBe(parseIPv6(LONGEST_V6));
  });

  it('a zone id is an interface name: not empty, no spaces or other punctuation', () => {
    expect(isIPv6('fe80::1%12')).toBe(true);
    expect(isIPv6('fe80::1%')).toBe(false);
    expect(isIPv6('fe80::1%eth 0')).toBe(false);
    expect(isIPv6('fe80::1%eth0/64')).toBe(false);
    expect(isIPv6('fe80::g%eth0')).toBe(false);
  });

  it('IPv4 text is not IPv6, and IPv6 text is not IPv4', () => {
    expect(isIPv6('1.2.3.4')).toBe(false);
    expect(isIPv4('::1')).toBe(false);
    expect(isIPv4('1.2.3.4.5')).toBe(false);
  });
});

describe('bareAddress', () => {
  it('drops brackets only when both are there, and a zone wherever it starts', () => {
    expect(bareAddress('[::1]')).toBe('::1');
    expect(bareAddress('[::1')).toBe('[::1');
    expect(bareAddress('::1]')).toBe('::1]');
    expect(bareAddress('%eth0')).toBe('');
    expect(bareAddress('\t10.0.0.1 \n')).toBe('10.0.0.1');
  });
});

describe('canonicalAddress', () => {
  it('a mapped form whose IPv4 part is no address stays as written (lower-cased)', () => {
    expect(canonicalAddress('::ffff:999.1.1.1')).toBe('::ffff:999.1.1.1');
    expect(canonicalAddress('::FFFF:1.2.3')).toBe('::ffff:1.2.3');
    expect(canonicalAddress('FFFF:zz::1')).toBe('ffff:zz::1');
  });

  it('only ::ffff:0:0/96 is mapped: ffff elsewhere, or the IPv4-compatible form, stays IPv6', () => {
    expect(canonicalAddress('ffff::1')).toBe('ffff::1');
    expect(canonicalAddress('::1:ffff:1.2.3.4')).toBe('::1:ffff:1.2.3.4');
    expect(canonicalAddress('2001:db8::ffff:0:1')).toBe('2001:db8::ffff:0:1');
    expect(canonicalAddress('::ffff:0:1')).toBe('0.0.0.1');
    expect(canonicalAddress('0:0:0:0:0:FFFF:FFFF:FFFF')).toBe('255.255.255.255');
  });

  it('host names keep their case; IPv6 is lower-cased', () => {
    expect(canonicalAddress('Router.LAN')).toBe('Router.LAN');
    expect(canonicalAddress('FE80::AB%Eth0')).toBe('fe80::ab');
  });
});

describe('isUnspecifiedAddress', () => {
  it('zeros and colons that do not make an address are not the wildcard', () => {
    expect(isUnspecifiedAddress(':::')).toBe(false);
    expect(isUnspecifiedAddress('0:0')).toBe(false);
    expect(isUnspecifiedAddress('0')).toBe(false);
  });
});

describe('addressFamily and subnetKey', () => {
  it('a bracketed or zoned IPv6 literal is IPv6; text with a colon that does not parse is nothing', () => {
    expect(addressFamily('[2001:db8::1]')).toBe(6);
    expect(addressFamily('host:80')).toBeNull();
    expect(addressFamily('')).toBeNull();
  });

  it('prefix lengths at both ends', () => {
    expect(subnetKey('10.1.2.3', 32)).toBe('10.1.2.3/32');
    expect(subnetKey('10.1.2.3', 0)).toBe('0.0.0.0/0');
    expect(subnetKey('2001:db8::1', 64, 128)).toBe('2001:db8::1/128');
    expect(subnetKey('2001:db8::1', 24, 0)).toBe('::/0');
    expect(subnetKey('255.255.255.255', 8)).toBe('255.0.0.0/8');
    expect(subnetKey('2001:db8:aaaa:bbbb:cccc::1', 24, 48)).toBe('2001:db8:aaaa::/48');
  });

  it('formatIPv4 prints every octet, 0 and 255 included', () => {
    expect(formatIPv4(0)).toBe('0.0.0.0');
    expect(formatIPv4(2 ** 32 - 1)).toBe('255.255.255.255');
    expect(formatIPv4(0x01000001)).toBe('1.0.0.1');
  });
});

describe('prefixContains at the ends of the prefix length', () => {
  it('IPv4: /32 is one address, /31 two; lengths outside 0..32 and unparseable text match nothing', () => {
    expect(prefixContains(4, '10.0.0.1', 32, '10.0.0.2')).toBe(false);
    expect(prefixContains(4, '10.0.0.2', 31, '10.0.0.3')).toBe(true);
    expect(prefixContains(4, '10.0.0.2', 31, '10.0.0.4')).toBe(false);
    expect(prefixContains(4, '0.0.0.0', -1, '10.0.0.1')).toBe(false);
    expect(prefixContains(4, '10.0.0.0', 8, 'ten')).toBe(false);
    expect(prefixContains(4, 'ten', 8, '10.0.0.1')).toBe(false);
    expect(prefixContains(4, '10.0.0.0', 8, '10::1')).toBe(false);
  });

  it('IPv6: /128 is one address; lengths outside 0..128 and unparseable text match nothing', () => {
    expect(prefixContains(6, '2001:db8::1', 128, '2001:db8::1')).toBe(true);
    expect(prefixContains(6, '2001:db8::1', 128, '2001:db8::2')).toBe(false);
    expect(prefixContains(6, '2001:db8::1', 127, '2001:db8::0')).toBe(true);
    expect(prefixContains(6, '::', -1, '::1')).toBe(false);
    expect(prefixContains(6, '::', 0, 'nope')).toBe(false);
    expect(prefixContains(6, 'nope', 0, '::1')).toBe(false);
    expect(prefixContains(6, 'fe80::', 10, 'fe80::1%eth0')).toBe(true);
  });
});

describe('prefixContains never matches through text that is no address or a length past the end', () => {
  it('an unparseable side or a too-long prefix is no match, even where the arithmetic would agree', () => {
    expect(prefixContains(4, 'ten', 8, '0.0.0.1')).toBe(false);
    expect(prefixContains(4, '0.0.0.0', 8, 'ten')).toBe(false);
    expect(prefixContains(4, '10.0.0.1', 33, '10.0.0.1')).toBe(false);
    expect(prefixContains(6, 'nope', 8, '::1')).toBe(false);
    expect(prefixContains(6, '::', 8, 'nope')).toBe(false);
    expect(prefixContains(6, '::1', 129, '::1')).toBe(false);
  });
});
