import { describe, expect, it } from 'vitest';
import { formatIpv6Groups } from './ipv6';

describe('formatIpv6Groups (RFC 5952)', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'],
    [[0xfe80, 0, 0, 0, 0x1ff, 0xfe23, 0x4567, 0x890a], 'fe80::1ff:fe23:4567:890a'],
    [[0, 0, 0, 0, 0, 0xffff, 0x7f00, 0x0001], '::ffff:127.0.0.1'],
    [[0x2001, 0, 0, 1, 0, 0, 0, 1], '2001:0:0:1::1'],
  ])('%j -> %s', (groups, text) => {
    expect(formatIpv6Groups(groups)).toBe(text);
  });

  it('refuses a wrong group count', () => {
    expect(() => formatIpv6Groups([1, 2, 3])).toThrow(RangeError);
    expect(() => formatIpv6Groups([0, 0, 0, 0, 0, 0, 0, 0, 1])).toThrow('an IPv6 address has 8 groups, got 9');
  });
});

describe('formatIpv6Groups: v4-mapped only with all five leading groups zero', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304], '::ffff:1.2.3.4'],
    [[1, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304], '1::ffff:102:304'],
    [[0, 1, 0, 0, 0, 0xffff, 0x0102, 0x0304], '0:1::ffff:102:304'],
    [[0, 0, 1, 0, 0, 0xffff, 0x0102, 0x0304], '::1:0:0:ffff:102:304'], // a tie: the first run,
    [[0, 0, 0, 1, 0, 0xffff, 0x0102, 0x0304], '::1:0:ffff:102:304'],
    [[0, 0, 0, 0, 1, 0xffff, 0x0102, 0x0304], '::1:ffff:102:304'],
    [[0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304], '::fffe:102:304'],
    [[1, 2, 3, 4, 5, 6, 7, 0], '1:2:3:4:5:6:7:0'],
    [[0, 2, 3, 4, 5, 6, 7, 8], '0:2:3:4:5:6:7:8'],
    [[1, 0, 0, 4, 5, 0, 0, 0], '1:0:0:4:5::'],
  ])('%j', (groups, text) => {
    expect(formatIpv6Groups(groups)).toBe(text);
  });
});
