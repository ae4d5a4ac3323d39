/**
 * Edge cases of the text helpers every command-output parser shares: how ss, net-tools netstat,
 * lsof and BSD netstat spell endpoints, ports, states and wildcards.
 */
import { describe, expect, it } from 'vitest';
import {
  endpointStyle,
  familyOfAddress,
  headLines,
  isWildcard,
  liveWildcard,
  portFromToken,
  splitColonEndpoint,
  splitDotEndpoint,
  splitLines,
  stateFromWord,
  toInt,
} from './socket-text';

describe('splitLines', () => {
  it('ends lines at CRLF (Windows editors), LF and a lone CR (old Mac tools), never leaving a CR behind', () => {
    expect(splitLines('a\r\nb\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\r\n\r\nb')).toEqual(['a', '', 'b']);
    expect(splitLines('one')).toEqual(['one']);
  });
});

describe('toInt', () => {
  it('reads plain decimal counters, 0 and 2^32-1 and 2^48 included', () => {
    expect(toInt('0')).toBe(0);
    expect(toInt('4294967295')).toBe(4294967295);
    expect(toInt('281474976710656')).toBe(281474976710656);
  });

  it("keeps '-', '', signs, spaces, hex and too many digits apart from numbers", () => {
    for (const token of [undefined, '', '-', '-1', '+1', ' 1', '1 ', '0x10', '1.5', '1e3', 'a1', '1a']) {
      expect(toInt(token), String(token)).toBeNull();
    }
    // 15 digits fit a double exactly; 16 may not.
    expect(toInt('999999999999999')).toBe(999999999999999);
    expect(toInt('1234567890123456')).toBeNull();
  });
});

describe('stateFromWord', () => {
  it.each([
    ['estab', 'ESTABLISHED'],
    ['(ESTABLISHED)', 'ESTABLISHED'],
    ['LISTENING', 'LISTEN'],
    ['SYN_RCVD', 'SYN_RECV'],
    ['SYN-SENT', 'SYN_SENT'],
    ['FIN_WAIT_2', 'FIN_WAIT2'],
    ['FIN-WAIT-2', 'FIN_WAIT2'],
    ['LAST-ACK', 'LAST_ACK'],
    ['CLOSE', 'CLOSED'],
    ['CLOSING', 'CLOSING'],
    ['UNKNOWN', 'UNKNOWN'],
    ['BOUND', 'NONE'],
    ['IDLE', 'NONE'],
  ])('%s is %s', (word, state) => {
    expect(stateFromWord(word)).toBe(state);
  });

  it('is null for words that are not states, and for brackets that do not enclose one', () => {
    for (const word of ['', '0', 'tcp', 'users:((', '((LISTEN))', 'LISTEN(', 'X-LISTEN', '(LISTEN']) {
      expect(stateFromWord(word), word).toBe(word === '(LISTEN' ? 'LISTEN' : null);
    }
  });
});

describe('portFromToken', () => {
  it('reads numbers up to 65535 and the wildcards', () => {
    expect(portFromToken('0')).toBe(0);
    expect(portFromToken('65535')).toBe(65535);
    expect(portFromToken('65536')).toBeNull();
    expect(portFromToken('*')).toBe(0);
    expect(portFromToken('')).toBe(0);
  });

  it('reads service names in any case; an unknown name is port 0, garbage is null', () => {
    expect(portFromToken('https')).toBe(443);
    expect(portFromToken('HTTPS')).toBe(443);
    expect(portFromToken('ms-wbt-server')).toBe(3389);
    expect(portFromToken('http-alt')).toBe(8080);
    expect(portFromToken('some.svc+x-y_z')).toBe(0);
    for (const token of ['1abc', '-http', '_x', 'a/b', 'a b', '**', '1-2']) {
      expect(portFromToken(token), token).toBeNull();
    }
  });
});

describe('splitColonEndpoint', () => {
  it.each([
    ['127.0.0.1:80', '127.0.0.1', 80],
    [':80', '*', 80],
    ['%lo:53', '*', 53],
    ['[fe80::1%eth0]:546', 'fe80::1%eth0', 546],
    ['[::1]:', '::1', 0],
    ['[::1]:65535', '::1', 65535],
    ['host.example:https', 'host.example', 443],
    ['*:*', '*', 0],
    // ss prints a bound device after the bracket (sock_addr_print): an IPv6 one is kept as the zone.
    ['[fe80::5054:ff:fe12:3456]%eth0:546', 'fe80::5054:ff:fe12:3456%eth0', 546],
    ['[::1]%lo:47068', '::1%lo', 47068],
    ['[::]%br-lan.5:ipv6-icmp', '::%br-lan.5', 0],
    ['[fe80::1%eth0]%eth0:546', 'fe80::1%eth0', 546],
  ])('%s', (text, address, port) => {
    expect(splitColonEndpoint(text)).toEqual({ address, port });
  });

  it('is null without a colon, with an empty bracketed host, or with a bad port', () => {
    for (const text of ['', '127.0.0.1', '[]:80', '[::1]:99999', '[::1]:8o', '10.0.0.1:-1', '[::1]%:80']) {
      expect(splitColonEndpoint(text), text).toBeNull();
    }
  });
});

describe('splitDotEndpoint', () => {
  it.each([
    ['127.0.0.1.5000', '127.0.0.1', 5000],
    ['*.*', '*', 0],
    ['*.22', '*', 22],
    ['fe80::1%lo0.123', 'fe80::1%lo0', 123],
    ['localhost.smtp', 'localhost', 25],
    ['a.b', 'a', 0],
  ])('%s', (text, address, port) => {
    expect(splitDotEndpoint(text)).toEqual({ address, port });
  });

  it('is null without a dot, with nothing before it, or with a bad port', () => {
    for (const text of ['', '5000', '.5000', '127.0.0.1.65536', '10.0.0.1.8o']) {
      expect(splitDotEndpoint(text), text).toBeNull();
    }
  });
});

describe('addresses', () => {
  it('tells the family by the address', () => {
    expect(familyOfAddress('::')).toBe(6);
    expect(familyOfAddress('::ffff:10.0.0.1')).toBe(6);
    expect(familyOfAddress('10.0.0.1')).toBe(4);
    expect(familyOfAddress('255.255.255.255')).toBe(4);
    for (const address of ['*', 'localhost', '10.0.0', '10.0.0.1.2', '1000.0.0.1', 'x10.0.0.1', '10.0.0.1x', '']) {
      expect(familyOfAddress(address), address).toBeNull();
    }
  });

  it('knows the wildcard spellings', () => {
    for (const address of ['*', '0.0.0.0', '::', '[::]']) expect(isWildcard(address), address).toBe(true);
    for (const address of ['0.0.0.1', '::1', '', '[::1]', '**']) expect(isWildcard(address), address).toBe(false);
  });

  it("writes '*' as the family's any-address for live snapshots and leaves the rest", () => {
    expect(liveWildcard('*', 4)).toBe('0.0.0.0');
    expect(liveWildcard('*', 6)).toBe('::');
    expect(liveWildcard('10.0.0.1', 6)).toBe('10.0.0.1');
    expect(liveWildcard('::', 4)).toBe('::');
  });
});

describe('headLines', () => {
  it('gives the first 40 non-blank lines by default, or as many as asked', () => {
    const text = Array.from({ length: 60 }, (_, i) => `line ${i}\n   \n`).join('');
    expect(headLines(text)).toHaveLength(40);
    expect(headLines(text)[39]).toBe('line 39');
    expect(headLines(text, 3)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('reads only the first 16,000 characters, however few lines they hold', () => {
    const text = `${'x'.repeat(15_990)}\nshort\n${'y'.repeat(20)}\nafter`;
    expect(headLines(text)).toEqual(['x'.repeat(15_990), 'short', 'y'.repeat(3)]);
  });
});

describe('endpointStyle', () => {
  it.each([
    ['127.0.0.1.5000', 'dot'],
    ['*.*', 'dot'],
    ['fe80::1%lo0.123', 'dot'],
    ['localhost.http-alt', 'dot'],
    ['127.0.0.1:5000', 'colon'],
    ['[::]:*', 'colon'],
    [':::22', 'colon'],
    ['localhost:ssh', 'colon'],
    ['nodelimiter', null],
    ['', null],
    ['10.0.0.1:', null],
    ['10.0.0.1:/x', null],
  ])('%s', (token, style) => {
    expect(endpointStyle(token)).toBe(style);
  });
});
