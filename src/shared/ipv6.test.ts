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
  });
});
