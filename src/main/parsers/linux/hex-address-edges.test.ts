/** Every branch of the hex decoding and of the byte-order scoring, at its edges. */
import { describe, expect, it } from 'vitest';
import { addressPlausibility, hexDigit, hexToAddressBytes } from './hex-address';

const v4 = (...b: number[]) => new Uint8Array(b);
const v6 = (head: number[], tail: number[] = []) => {
  const out = new Uint8Array(16);
  out.set(head, 0);
  out.set(tail, 16 - tail.length);
  return out;
};

describe('hexDigit', () => {
  it('reads 0-9, a-f and A-F, and nothing next to them', () => {
    const digits = '0123456789abcdefABCDEF';
    for (const [i, ch] of [...digits].entries()) expect(hexDigit(ch.charCodeAt(0)), ch).toBe(i < 16 ? i : i - 6);
    for (const ch of ['/', ':', '@', 'G', '`', 'g', ' ', '\0']) expect(hexDigit(ch.charCodeAt(0)), ch).toBe(-1);
  });
});

describe('hexToAddressBytes', () => {
  it('takes 8 or 32 digits only, and a bad digit in any position fails', () => {
    expect(hexToAddressBytes('0100007F', 0, 8, 'le')).toEqual(v4(127, 0, 0, 1));
    expect(hexToAddressBytes('0100007F', 0, 8, 'be')).toEqual(v4(1, 0, 0, 127));
    for (const n of [0, 4, 7, 9, 16, 31, 33])
      expect(hexToAddressBytes('0'.repeat(40), 0, n, 'le'), String(n)).toBeNull();
    for (let i = 0; i < 8; i++) {
      const bad = `${'0'.repeat(i)}x${'0'.repeat(7 - i)}`;
      expect(hexToAddressBytes(bad, 0, 8, 'le'), bad).toBeNull();
    }
    expect(hexToAddressBytes(`${'0'.repeat(24)}0000000x`, 0, 32, 'le')).toBeNull();
    expect(hexToAddressBytes(`xx0100007F`, 2, 8, 'le')).toEqual(v4(127, 0, 0, 1));
  });
});

describe('addressPlausibility', () => {
  it.each([
    [v4(0, 0, 0, 0), 0],
    [v4(127, 0, 0, 1), 2],
    [v4(10, 1, 2, 3), 1],
    [v4(192, 168, 0, 1), 1],
    [v4(192, 169, 0, 1), 0],
    [v4(172, 16, 0, 1), 1],
    [v4(172, 31, 0, 1), 1],
    [v4(172, 15, 0, 1), 0],
    [v4(172, 32, 0, 1), 0],
    [v4(169, 254, 0, 1), 1],
    [v4(169, 253, 0, 1), 0],
    [v4(0, 0, 0, 1), -1],
    [v4(0, 1, 0, 0), -1],
    [v4(224, 0, 0, 1), -1],
    [v4(223, 0, 0, 1), 0],
    [v4(8, 8, 8, 8), 0],
  ])('IPv4 %j scores %d', (bytes, score) => {
    expect(addressPlausibility(bytes)).toBe(score);
  });

  it.each([
    [v6([]), 0],
    [v6([], [1]), 2],
    [v6([], [2]), -1],
    [v6([], [1, 0]), -1],
    [v6([0xfe, 0x80]), 1],
    [v6([0xfe, 0xbf]), 1],
    [v6([0xfe, 0xc0]), 1],
    [v6([0xfe, 0x40]), 0],
    [v6([0xfc]), 1],
    [v6([0xfd]), 1],
    [v6([0xff, 0x02]), 1],
    [v6([0x20, 0x01]), 0.5],
    [v6([0x3f]), 0.5],
    [v6([0x40]), 0],
    [v6([0x1f]), 0],
    [v6([], [0xff, 0xff, 10, 0, 0, 1]), 1],
    [v6([], [0xff, 0xfe, 10, 0, 0, 1]), -1],
    [v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 10]), -1],
    [v6([0, 1], [0xff, 0xff, 10, 0, 0, 1]), -1],
  ])('IPv6 %j scores %d', (bytes, score) => {
    expect(addressPlausibility(bytes)).toBe(score);
  });
});
