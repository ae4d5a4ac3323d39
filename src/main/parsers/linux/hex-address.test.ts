import { describe, expect, it } from 'vitest';
import { decodeHexAddress, formatIpv6, guessEndiannessOfHexAddresses, hostEndianness } from './hex-address';

const v6 = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));

describe('decodeHexAddress', () => {
  it('reverses each word on little-endian hosts only', () => {
    expect(decodeHexAddress('0100007F', 'le')).toBe('127.0.0.1');
    expect(decodeHexAddress('7F000001', 'be')).toBe('127.0.0.1');
    expect(decodeHexAddress('802AA8C0', 'le')).toBe('192.168.42.128');
  });
  it('decodes IPv6 word by word', () => {
    expect(decodeHexAddress('00000000000000000000000001000000', 'le')).toBe('::1');
    expect(decodeHexAddress('00000000000000000000000000000001', 'be')).toBe('::1');
    expect(decodeHexAddress('0000000000000000FFFF00000100007F', 'le')).toBe('::ffff:127.0.0.1');
    expect(decodeHexAddress('000080FE00000000FFADE15609667CFE', 'le')).toBe('fe80::56e1:adff:fe7c:6609');
    expect(decodeHexAddress('4606012600F1019E000000004C3A0000', 'le')).toBe('2601:646:9e01:f100::3a4c');
  });
  it('rejects bad hex and bad lengths', () => {
    expect(decodeHexAddress('0100007G', 'le')).toBeNull();
    expect(decodeHexAddress('0100007', 'le')).toBeNull();
  });
});

describe('formatIpv6 (RFC 5952)', () => {
  it('compresses the longest zero run, the first on a tie, never a single group', () => {
    expect(formatIpv6(v6('00000000000000000000000000000000'))).toBe('::');
    expect(formatIpv6(v6('20010db8000000010000000000000001'))).toBe('2001:db8:0:1::1');
    expect(formatIpv6(v6('20010db8000000000001000000000001'))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(v6('20010db8000100010001000100010001'))).toBe('2001:db8:1:1:1:1:1:1');
    expect(formatIpv6(v6('20010db8000000010001000100010001'))).toBe('2001:db8:0:1:1:1:1:1');
  });
});

describe('guessEndiannessOfHexAddresses', () => {
  it('prefers the order giving loopback and private addresses', () => {
    expect(guessEndiannessOfHexAddresses(['0100007F', '00000000', '802AA8C0'])).toBe('le');
    expect(guessEndiannessOfHexAddresses(['7F000001', '00000000', '0A6983FF'])).toBe('be');
    expect(guessEndiannessOfHexAddresses(['00000000000000000000000000000001'])).toBe('be');
    expect(guessEndiannessOfHexAddresses(['00000000000000000000000001000000'])).toBe('le');
  });
  it('falls back to little-endian when nothing says otherwise', () => {
    expect(guessEndiannessOfHexAddresses(['00000000'])).toBe('le');
    expect(guessEndiannessOfHexAddresses([])).toBe('le');
  });
  it('knows the host order', () => {
    expect(['le', 'be']).toContain(hostEndianness());
  });
});
