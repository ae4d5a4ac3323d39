/**
 * The Windows parsers' shared pieces at their edges, as netstat, route print and tasklist print them:
 * endpoints ('ip:port', '[v6%zone]:port', '*:*', 'host:service'), ports 0 and 65535, locale thousands
 * separators in counts, dotted netmasks, MIB state numbers, and tasklist CSV quirks.
 */
import { describe, expect, it } from 'vitest';
import {
  isIpv4,
  isUnspecifiedRemote,
  maskToPrefix,
  mibTcpState,
  normalizeState,
  parseCount,
  parseEndpoint,
  splitLines,
  tokens,
} from './common';
import { parseTasklistCsv, splitCsvLine } from './tasklist';

describe('parseEndpoint', () => {
  it('reads IPv4, bracketed IPv6 with a zone, and the UDP wildcard', () => {
    expect(parseEndpoint('0.0.0.0:135')).toEqual({ address: '0.0.0.0', port: 135, unresolvedPort: false });
    expect(parseEndpoint('[fe80::1%12]:5353')).toEqual({ address: 'fe80::1%12', port: 5353, unresolvedPort: false });
    expect(parseEndpoint('[::]:0')).toEqual({ address: '::', port: 0, unresolvedPort: false });
    expect(parseEndpoint('*:*')).toEqual({ address: '*', port: 0, unresolvedPort: false });
  });

  it('ports 0 and 65535 are ports; 65536 and six digits are not', () => {
    expect(parseEndpoint('10.0.0.1:65535')?.port).toBe(65535);
    expect(parseEndpoint('10.0.0.1:0')?.port).toBe(0);
    expect(parseEndpoint('10.0.0.1:65536')).toBeNull();
    expect(parseEndpoint('10.0.0.1:100000')).toBeNull();
    expect(parseEndpoint('[::1]:65536')).toBeNull();
  });

  it('the port is after the last colon, so an unbracketed IPv6 keeps its colons', () => {
    expect(parseEndpoint('fe80::1:443')).toEqual({ address: 'fe80::1', port: 443, unresolvedPort: false });
  });

  it('without -n: known service names become their ports, unknown ones port 0 and flagged', () => {
    expect(parseEndpoint('104.18.13.33:https')).toEqual({ address: '104.18.13.33', port: 443, unresolvedPort: false });
    expect(parseEndpoint('DESKTOP-X:MS-WBT-SERVER')).toEqual({
      address: 'DESKTOP-X',
      port: 3389,
      unresolvedPort: false,
    });
    expect(parseEndpoint('DESKTOP-X:netbios-ssn')?.port).toBe(139);
    expect(parseEndpoint('host:my_svc.v2-x')).toEqual({ address: 'host', port: 0, unresolvedPort: true });
    expect(parseEndpoint('host:bad/svc')).toBeNull();
    expect(parseEndpoint('host:two words')).toBeNull();
  });

  it('refuses text without an address, a port, or a colon in the right place', () => {
    for (const text of ['', 'nocolon', ':80', '10.0.0.1:', '[::1]', '[::1]80', '[::1', '[]:80', '[::1]:', '[::1]:x y'])
      expect(parseEndpoint(text)).toBeNull();
  });
});

describe('isUnspecifiedRemote and normalizeState', () => {
  it('a remote is unspecified only as a wildcard address with port 0', () => {
    for (const address of ['0.0.0.0', '::', '*'])
      expect(isUnspecifiedRemote({ address, port: 0, unresolvedPort: false })).toBe(true);
    expect(isUnspecifiedRemote({ address: '0.0.0.0', port: 80, unresolvedPort: false })).toBe(false);
    expect(isUnspecifiedRemote({ address: '10.0.0.1', port: 0, unresolvedPort: false })).toBe(false);
  });

  it('UDP has no state; known words in any case and spacing; otherwise the remote decides', () => {
    const wildcard = parseEndpoint('0.0.0.0:0');
    const peer = parseEndpoint('10.0.0.2:80');
    expect(normalizeState('udp', 'LISTENING', wildcard)).toBe('NONE');
    expect(normalizeState('tcp', ' listening ', peer)).toBe('LISTEN');
    expect(normalizeState('tcp', 'time-wait', peer)).toBe('TIME_WAIT');
    expect(normalizeState('tcp', 'CLOSE WAIT', peer)).toBe('CLOSE_WAIT');
    expect(normalizeState('tcp', 'GIBBERISH', wildcard)).toBe('LISTEN');
    expect(normalizeState('tcp', 'GIBBERISH', peer)).toBe('UNKNOWN');
    expect(normalizeState('tcp', 'GIBBERISH', null)).toBe('UNKNOWN');
  });

  it('MIB_TCP_STATE numbers 1..12 and Bound (100); anything else is UNKNOWN', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(mibTcpState)).toEqual([
      'CLOSED',
      'LISTEN',
      'SYN_SENT',
      'SYN_RECV',
      'ESTABLISHED',
      'FIN_WAIT1',
      'FIN_WAIT2',
      'CLOSE_WAIT',
      'CLOSING',
      'LAST_ACK',
      'TIME_WAIT',
      'DELETE_TCB',
    ]);
    expect(mibTcpState(100)).toBe('CLOSED');
    for (const n of [0, 13, 99, 101, -1]) expect(mibTcpState(n)).toBe('UNKNOWN');
  });
});

describe('parseCount', () => {
  it('takes the thousands separators locales print', () => {
    expect(parseCount('1 234')).toBe(1234);
    expect(parseCount('1.234.567')).toBe(1234567);
    expect(parseCount('1,234')).toBe(1234);
    expect(parseCount('1\u00a0234')).toBe(1234);
    expect(parseCount('1\u202f234')).toBe(1234);
    expect(parseCount("1'234")).toBe(1234);
    expect(parseCount('0')).toBe(0);
    expect(parseCount('4294967295')).toBe(4294967295);
  });

  it('refuses words, signs, empty text and counts past 2^53', () => {
    for (const text of ['', ' ', 'beaucoup', '-1', '12a', '1e3', '9007199254740993'])
      expect(parseCount(text)).toBeNull();
    expect(parseCount('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('isIpv4 and maskToPrefix', () => {
  it('dotted quads of 0..255 only', () => {
    expect(isIpv4('255.255.255.255')).toBe(true);
    expect(isIpv4('0.0.0.0')).toBe(true);
    expect(isIpv4('256.0.0.0')).toBe(false);
    expect(isIpv4('1.2.3.256')).toBe(false);
    expect(isIpv4('1.2.3')).toBe(false);
    expect(isIpv4(' 1.2.3.4')).toBe(false);
    expect(isIpv4('1.2.3.4x')).toBe(false);
  });

  it('contiguous masks give their prefix, /0 to /32; others null', () => {
    expect(maskToPrefix('0.0.0.0')).toBe(0);
    expect(maskToPrefix('128.0.0.0')).toBe(1);
    expect(maskToPrefix('255.255.255.0')).toBe(24);
    expect(maskToPrefix('255.255.255.254')).toBe(31);
    expect(maskToPrefix('255.255.255.255')).toBe(32);
    expect(maskToPrefix('255.0.255.0')).toBeNull();
    expect(maskToPrefix('0.0.0.255')).toBeNull();
    expect(maskToPrefix('255.255.256.0')).toBeNull();
    expect(maskToPrefix('On-link')).toBeNull();
  });
});

describe('splitLines and tokens', () => {
  it('splits on CRLF, CR and LF alike', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\r\n\r\nb')).toEqual(['a', '', 'b']);
  });

  it('tokens drop leading, trailing and repeated spaces', () => {
    expect(tokens('  TCP    0.0.0.0:135   LISTENING  ')).toEqual(['TCP', '0.0.0.0:135', 'LISTENING']);
    expect(tokens('')).toEqual([]);
    expect(tokens(' \t ')).toEqual([]);
    expect(tokens('a\u00a0b\u3000c\ufeffd')).toEqual(['a', 'b', 'c', 'd']);
    expect(tokens('a\u0085b\u200bc')).toEqual(['a\u0085b\u200bc']);
  });
});

describe('tasklist /fo csv', () => {
  it('splits quoted fields with commas and doubled quotes, and empty fields', () => {
    expect(splitCsvLine('"a","b"')).toEqual(['a', 'b']);
    expect(splitCsvLine('"say ""hi""",x')).toEqual(['say "hi"', 'x']);
    expect(splitCsvLine('a,,b,')).toEqual(['a', '', 'b', '']);
    expect(splitCsvLine('')).toEqual(['']);
    expect(splitCsvLine('"unterminated, still one')).toEqual(['unterminated, still one']);
  });

  it('skips blank lines silently, and lines without a name or a numeric PID with a record', () => {
    const text = [
      '',
      '   ',
      '"svchost.exe","1712","Services","0","12 345 Ko"',
      '"","5","Console","1","1 K"',
      '"bad.exe","12a","Console","1","1 K"',
      '"nopid.exe"',
      '  "padded.exe" ,"8","Console","1","1 K"  ',
    ].join('\r\n');
    const result = parseTasklistCsv(text);
    expect(result.entries).toEqual([
      { pid: 1712, name: 'svchost.exe', user: null },
      { pid: 8, name: 'padded.exe', user: null },
    ]);
    expect(result.skipped).toEqual([
      '"","5","Console","1","1 K"',
      '"bad.exe","12a","Console","1","1 K"',
      '"nopid.exe"',
    ]);
  });

  it('/v: the user is the 7th of 9 columns; N/A and an empty user are none', () => {
    const v = (user: string) => `"a.exe","1","Console","1","1 K","Running","${user}","0:00:00","N/A"`;
    expect(parseTasklistCsv(v('NT AUTHORITY\\SYSTEM')).entries[0]?.user).toBe('NT AUTHORITY\\SYSTEM');
    expect(parseTasklistCsv(v('N/A')).entries[0]?.user).toBeNull();
    expect(parseTasklistCsv(v('')).entries[0]?.user).toBeNull();
    // Eight columns is not /v output: the 7th is not a user.
    expect(
      parseTasklistCsv('"a.exe","1","Console","1","1 K","Running","PC\\ana","0:00:00"').entries[0]?.user,
    ).toBeNull();
  });

  it('reads nothing from input that is not text', () => {
    expect(parseTasklistCsv(undefined as unknown as string)).toEqual({ entries: [], skipped: [] });
  });
});

describe('survivors of the first mutation run', () => {
  it('a port that mixes digits and letters is a service name, whichever end the digits are at', () => {
    expect(parseEndpoint('host:x80')).toEqual({ address: 'host', port: 0, unresolvedPort: true });
    expect(parseEndpoint('host:80x')).toEqual({ address: 'host', port: 0, unresolvedPort: true });
  });

  it('state words with runs of spaces or dashes', () => {
    expect(normalizeState('tcp', 'CLOSE  WAIT', null)).toBe('CLOSE_WAIT');
    expect(normalizeState('tcp', 'TIME - WAIT', null)).toBe('TIME_WAIT');
  });

  it('a mask whose octets are contiguous only without their leading zeros is not contiguous', () => {
    expect(maskToPrefix('255.1.0.0')).toBeNull();
    expect(maskToPrefix('255.255.127.0')).toBeNull();
  });

  it('a PID with letters before its digits is no PID', () => {
    expect(parseTasklistCsv('"x.exe","a12","Console","1","1 K"').entries).toEqual([]);
  });
});
