import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import {
  addressFamily,
  bareAddress,
  canonicalAddress,
  formatIPv4,
  formatIPv6,
  isIPv4,
  isIPv6,
  isIpLiteral,
  isLoopbackAddress,
  isUnspecifiedAddress,
  parseIPv4,
  parseIPv6,
  prefixContains,
  subnetKey,
} from './addresses';

describe('canonicalAddress', () => {
  it('unwraps v4-mapped IPv6 in both spellings', () => {
    expect(canonicalAddress('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(canonicalAddress('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalAddress('0:0:0:0:0:ffff:102:304')).toBe('1.2.3.4');
    expect(canonicalAddress('[::ffff:1.2.3.4]')).toBe('1.2.3.4');
  });
  it('keeps real IPv6 (lower-cased) and strips zones', () => {
    expect(canonicalAddress('2001:DB8::1')).toBe('2001:db8::1');
    expect(canonicalAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalAddress('::1')).toBe('::1');
    expect(bareAddress(' [fe80::1%12] ')).toBe('fe80::1');
  });
  it('leaves host names alone', () => {
    expect(canonicalAddress('example.com')).toBe('example.com');
  });
});

describe('isLoopbackAddress', () => {
  it('knows 127.0.0.0/8 and ::1 in every spelling, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::FFFF:127.0.0.1', '[::1]'])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['128.0.0.1', '10.0.0.1', '::', '::2', 'fe80::1', '127.x', '127.0.0.256', '', '*'])
      expect(isLoopbackAddress(a), a).toBe(false);
  });
});

describe('isUnspecifiedAddress', () => {
  it('recognises every wildcard spelling', () => {
    for (const a of ['0.0.0.0', '::', '*', '', '[::]', '0:0:0:0:0:0:0:0', '::%eth0'])
      expect(isUnspecifiedAddress(a)).toBe(true);
  });
  it('does not treat real peers as wildcards', () => {
    for (const a of ['1.2.3.4', '::1', '::ffff:0.0.0.1', '127.0.0.1', 'host'])
      expect(isUnspecifiedAddress(a)).toBe(false);
  });
});

describe('parsing', () => {
  it('IPv4', () => {
    expect(parseIPv4('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(parseIPv4('256.0.0.1')).toBeNull();
    expect(parseIPv4('1.2.3')).toBeNull();
    expect(parseIPv4('a.b.c.d')).toBeNull();
  });
  it('IPv6', () => {
    expect(parseIPv6('::')).toBe(0n);
    expect(parseIPv6('::1')).toBe(1n);
    expect(parseIPv6('2001:db8::')).toBe(0x20010db8n << 96n);
    expect(parseIPv6('::ffff:1.2.3.4')).toBe((0xffffn << 32n) | 0x01020304n);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
    expect(parseIPv6('1:2:3:4:5:6:7')).toBeNull();
    expect(parseIPv6('1::2::3')).toBeNull();
    expect(parseIPv6('12345::')).toBeNull();
    expect(parseIPv6('1.2.3.4')).toBeNull();
  });
  it('formats IPv6 per RFC 5952', () => {
    expect(formatIPv6(0n)).toBe('::');
    expect(formatIPv6(1n)).toBe('::1');
    expect(formatIPv6(parseIPv6('2001:db8:0:0:1:0:0:1') ?? -1n)).toBe('2001:db8::1:0:0:1');
    expect(formatIPv6(parseIPv6('2001:db8:0:1:1:1:1:1') ?? -1n)).toBe('2001:db8:0:1:1:1:1:1');
  });
  it('IPv6 round-trips through parse and format', () => {
    const value = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
    fc.assert(fc.property(value, (v) => parseIPv6(formatIPv6(v)) === v));
  });
  it('family', () => {
    expect(addressFamily('1.2.3.4')).toBe(4);
    expect(addressFamily('::ffff:1.2.3.4')).toBe(4);
    expect(addressFamily('fe80::1%eth0')).toBe(6);
    expect(addressFamily('nope')).toBeNull();
  });
});

describe('subnetKey', () => {
  it('groups IPv4 by /24 and v4-mapped with it', () => {
    expect(subnetKey('192.168.1.77')).toBe('192.168.1.0/24');
    expect(subnetKey('::ffff:192.168.1.5')).toBe('192.168.1.0/24');
    expect(subnetKey('10.1.2.3', 16)).toBe('10.1.0.0/16');
  });
  it('groups IPv6 by /64', () => {
    expect(subnetKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(subnetKey('2001:DB8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(subnetKey('fe80::1%eth0')).toBe('fe80::/64');
  });
  it('keeps unparseable names as their own group', () => {
    expect(subnetKey('some-host')).toBe('some-host');
  });
});

describe('prefixContains', () => {
  it('IPv4', () => {
    expect(prefixContains(4, '10.0.0.0', 8, '10.255.1.1')).toBe(true);
    expect(prefixContains(4, '10.0.0.0', 8, '11.0.0.1')).toBe(false);
    expect(prefixContains(4, '0.0.0.0', 0, '8.8.8.8')).toBe(true);
    expect(prefixContains(4, '10.0.0.1', 32, '10.0.0.1')).toBe(true);
    expect(prefixContains(4, '10.0.0.0', 33, '10.0.0.1')).toBe(false);
    expect(prefixContains(4, '10.0.0.0', 8, '::ffff:10.1.1.1')).toBe(true);
  });
  it('IPv6', () => {
    expect(prefixContains(6, 'fe80::', 64, 'fe80::1234')).toBe(true);
    expect(prefixContains(6, 'fe80::', 64, 'fe81::1')).toBe(false);
    expect(prefixContains(6, '::', 0, '2001:db8::1')).toBe(true);
    expect(prefixContains(6, '2001:db8::', 129, '2001:db8::1')).toBe(false);
  });
});

describe('one parser for every IP text (ipaddr.js)', () => {
  it('reads the IPv4-compatible form as written, not as v4-mapped', () => {
    expect(parseIPv6('::1.2.3.4')).toBe(0x01020304n);
    expect(parseIPv6('::ffff:1.2.3.4')).toBe((0xffffn << 32n) | 0x01020304n);
  });

  it('takes zone ids that are interface names, and refuses over-long text', () => {
    expect(isIPv6('fe80::1%eth0.5')).toBe(true);
    expect(isIPv6('fe80::1%br-lan')).toBe(true);
    expect(isIPv6(`fe80::1%${'x'.repeat(65)}`)).toBe(false);
    expect(isIPv6(`${'0:'.repeat(60)}1`)).toBe(false);
    expect(parseIPv6(`${'0'.repeat(120)}::1`)).toBeNull();
    expect(isIPv4('1.2.3.4')).toBe(true);
    expect(isIPv4('01.2.3.4')).toBe(false);
    expect(isIpLiteral('::1')).toBe(true);
    expect(isIpLiteral('localhost')).toBe(false);
  });

  it('formats what it parses back to the same value, as RFC 5952 text', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.array(fc.oneof(group, fc.constant(0)), { minLength: 8, maxLength: 8 }), (groups) => {
        const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
        const text = formatIPv6(value);
        expect(parseIPv6(text)).toBe(value);
        const mapped = value >> 32n === 0xffffn;
        // ipaddr.js is the oracle for the hand-written formatter (it prints v4-mapped in hex, RFC 5952 §5 in dots).
        if (!mapped) expect(text).toBe(ipaddr.IPv6.parse(text).toRFC5952String());
      }),
    );
  });

  it('counts IPv4 in 32 bits', () => {
    expect(formatIPv4(parseIPv4('10.20.30.40') ?? -1)).toBe('10.20.30.40');
    expect(parseIPv4('0.0.0.1')).toBe(1);
    expect(parseIPv4('1.0.0.0')).toBe(2 ** 24);
  });
});
