/**
 * The filter language at its edges: whitespace and quotes in the tokenizer, numbers that only look like
 * ports or PIDs (443.0, 4.43e2, 0x1bb), port 65535, each of port/lport/rport on its own side, address
 * terms that must hold for either side (exact and prefix), prefix lengths at their limits, and rows with
 * no user, process or path.
 */
import { describe, expect, it } from 'vitest';
import { compileFilter, parseFilter, tokenize } from './filter';
import { filterProblems, filterSuggestions } from './filter-assist';
import { browserToWebServer, matchingIndexes, sshListener, unownedLinkLocalUdp6 } from './filter.fixtures';
import { blankConnection, type Connection } from './model';

const rows: Connection[] = [
  sshListener(),
  browserToWebServer(),
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: 65535,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    state: 'ESTABLISHED',
    pid: 4000,
    processName: 'relayd',
    exePath: '/usr/ports/net/relayd/relayd',
    user: 'www',
  }),
  // No owner at all: what a socket of another user looks like without privileges.
  unownedLinkLocalUdp6(),
  blankConnection({
    protocol: 'tcp',
    family: 6,
    localAddress: '2001:db8::5',
    localPort: 8443,
    remoteAddress: '2001:db8::9',
    remotePort: 50000,
    state: 'ESTABLISHED',
    pid: 77,
    processName: 'curl',
    exePath: '/usr/bin/curl',
    user: 'bob',
  }),
];

function matching(filter: string): number[] {
  return matchingIndexes(rows, filter);
}

describe('tokenize', () => {
  it('gives no token for empty or blank text, and none for runs of whitespace', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   ')).toEqual([]);
    expect(tokenize('  a  \t b ')).toEqual(['a', 'b']);
    expect(tokenize('a\nb')).toEqual(['a', 'b']);
  });

  it('keeps an empty quoted token as an empty token, and spaces inside quotes', () => {
    expect(tokenize('""')).toEqual(['']);
    expect(tokenize('x "" y')).toEqual(['x', '', 'y']);
    expect(tokenize('"a  b"')).toEqual(['a  b']);
  });
});

describe('parseFilter', () => {
  it('reads nothing from an empty quoted token, a lone minus or a value that is not text', () => {
    expect(parseFilter('""')).toEqual([]);
    expect(compileFilter('""')).toBeNull();
    expect(parseFilter('- --')).toEqual([]);
    for (const notText of [undefined, null, 42, {}]) {
      expect(parseFilter(notText as unknown as string)).toEqual([]);
      expect(compileFilter(notText as unknown as string)).toBeNull();
      expect(filterProblems(notText as unknown as string)).toEqual([]);
    }
  });

  it('negates a term after a minus, and reads a double minus as a negated free text starting with one', () => {
    expect(parseFilter('-pid:1')).toEqual([{ negate: true, field: 'pid', value: '1' }]);
    expect(parseFilter('--x')).toEqual([{ negate: true, field: null, value: '-x' }]);
  });

  it('reads a word that merely starts with a field name as free text', () => {
    expect(parseFilter('ports')).toEqual([{ negate: false, field: null, value: 'ports' }]);
    expect(matching('ports')).toEqual([2]);
    expect(matching('users')).toEqual([]);
  });

  it('reports no problem in a comparison still being typed, or in a quoted value with spaces', () => {
    expect(filterProblems('rate> -sent>=')).toEqual([]);
    expect(filterProblems('pid:" 1234 " pid:"  "')).toEqual([]);
  });

  it('trims the spaces a quoted value carries', () => {
    expect(parseFilter('proc:" chrome "')).toEqual([{ negate: false, field: 'proc', value: 'chrome' }]);
    expect(matching('proc:" chrome "')).toEqual([1]);
    expect(matching('pid:" 1234 "')).toEqual([1]);
    expect(matching('pid:"  "')).toEqual([0, 1, 2, 3, 4]); // still typing
  });
});

describe('free text', () => {
  it('never matches across two cells', () => {
    // Local Address then Local Port: '192.168.1.20' and '51544' side by side would read '.2051'.
    expect(matching('.2051')).toEqual([]);
    expect(matching('192.168.1.20')).toEqual([1]);
    expect(matching('51544')).toEqual([1]);
  });
});

describe('ports and PIDs', () => {
  it('takes port 65535 and no number above', () => {
    expect(matching('port:65535')).toEqual([2]);
    expect(matching('lport:65535')).toEqual([2]);
    expect(matching('port:65536')).toEqual([]);
    expect(filterProblems('port:65535')).toEqual([]);
    expect(filterProblems('port:65536')).toEqual(['port:65536: a port is a number from 0 to 65535']);
    expect(filterProblems('lport:x -rport:99999')).toEqual([
      'lport:x: a port is a number from 0 to 65535',
      'rport:99999: a port is a number from 0 to 65535',
    ]);
  });

  it('refuses numbers that only look like a port: 443.0, 4.43e2, 0x1bb, +443', () => {
    for (const value of ['443.0', '4.43e2', '0x1bb', '+443', '443 ']) {
      expect(matching(`port:"${value}"`), value).toEqual(value === '443 ' ? [1] : []);
      expect(matching(`rport:${value}`), value).toEqual(value === '443 ' ? [1] : []);
    }
    expect(filterProblems('port:443.0 rport:4.43e2')).toEqual([
      'port:443.0: a port is a number from 0 to 65535',
      'rport:4.43e2: a port is a number from 0 to 65535',
    ]);
  });

  it('port: is either side, lport: the local side only, rport: the remote side only', () => {
    expect(matching('port:22')).toEqual([0]);
    expect(matching('lport:22')).toEqual([0]);
    expect(matching('rport:22')).toEqual([]);
    expect(matching('port:8080')).toEqual([2]);
    expect(matching('lport:8080')).toEqual([]);
    expect(matching('rport:8080')).toEqual([2]);
    expect(matching('lport:51544')).toEqual([1]);
    expect(matching('-lport:22')).toEqual([1, 2, 3, 4]);
  });

  it('refuses PIDs that only look like one: 1234.0, 1.234e3', () => {
    expect(matching('pid:1234')).toEqual([1]);
    expect(matching('pid:1234.0')).toEqual([]);
    expect(matching('pid:1.234e3')).toEqual([]);
    expect(matching('pid:0x4d2')).toEqual([]);
    expect(filterProblems('pid:1234.0')).toEqual(['pid:1234.0: a PID is a number (or pid:none)']);
    expect(filterProblems('pid:1.234e3')).toHaveLength(1);
  });
});

describe('owner fields on rows without an owner', () => {
  it('matches nothing in an empty user, process or path', () => {
    expect(matching('user:s')).toEqual([]);
    expect(matching('user:o')).toEqual([0, 4]);
    expect(matching('path:e')).toEqual([1, 2]);
    expect(matching('proc:e')).toEqual([1, 2]);
    expect(matching('-proc:e')).toEqual([0, 3, 4]);
    expect(matching('proc:none')).toEqual([3]);
  });
});

describe('address terms hold when either side matches', () => {
  it('exact addresses', () => {
    expect(matching('addr:=142.250.74.14')).toEqual([1]);
    expect(matching('addr:=192.168.1.20')).toEqual([1]);
    expect(matching('addr:=2001:DB8::9')).toEqual([4]);
    expect(matching('laddr:=142.250.74.14')).toEqual([]);
  });

  it('prefixes', () => {
    expect(matching('addr:142.250.0.0/16')).toEqual([1]);
    expect(matching('addr:192.168.0.0/16')).toEqual([1]);
    expect(matching('addr:2001:db8::/32')).toEqual([4]);
    expect(matching('laddr:2001:db8::9/128')).toEqual([]);
    expect(matching('raddr:2001:db8::9/128')).toEqual([4]);
  });
});

describe('prefix lengths', () => {
  it('take 0 to 32 for IPv4 and 0 to 128 for IPv6', () => {
    expect(matching('raddr:142.250.74.14/32')).toEqual([1]);
    expect(matching('raddr:0.0.0.0/0')).toEqual([0, 1, 2]);
    expect(matching('laddr:2001:db8::5/128')).toEqual([4]);
    expect(matching('laddr:::/0')).toEqual([3, 4]);
    expect(filterProblems('raddr:1.2.3.4/32 laddr:::/128 addr:0.0.0.0/0 addr:::/0')).toEqual([]);
  });

  it('refuse a length past the family, or one that is not a plain number', () => {
    // Not prefixes, so free text of the address column: nothing holds these words.
    for (const term of ['raddr:142.250.0.0/16.0', 'laddr:fe80::/1e1', 'laddr:128.0.0.0/x', 'raddr:0.0.0.0/33']) {
      expect(matching(term), term).toEqual([]);
      expect(filterProblems(term), term).toEqual([
        `${term}: a prefix is an address and a length, e.g. 10.0.0.0/8 or 2001:db8::/32`,
      ]);
    }
    expect(filterProblems('addr:10.0.0.0/')).toHaveLength(1);
  });

  it('are checked after an IPv6 value that starts with a colon, as parseFilter reads it', () => {
    // Bug found here: filterProblems read 'laddr:::/129' as IPv6 free text and said nothing, while the
    // filter read it as a laddr term that can never match.
    expect(parseFilter('laddr:::/129')).toEqual([{ negate: false, field: 'laddr', value: '::/129' }]);
    expect(matching('laddr:::/129')).toEqual([]);
    expect(filterProblems('laddr:::/129')).toEqual([
      'laddr:::/129: a prefix is an address and a length, e.g. 10.0.0.0/8 or 2001:db8::/32',
    ]);
    expect(filterProblems('-raddr:::1/200')).toHaveLength(1);
    expect(filterProblems('laddr:::/64 raddr:=::1 addr:::1')).toEqual([]);
    // An unknown word before '::' is still IPv6 text, not a field.
    expect(filterProblems('dead::beef face::1 cafe:babe::1')).toEqual([]);
    // ...even before it is a whole address (a zone being typed).
    expect(filterProblems('dead::beef%')).toEqual([]);
  });

  it('refuse a network that is no address', () => {
    expect(filterProblems('addr:foo/8')).toEqual([
      'addr:foo/8: a prefix is an address and a length, e.g. 10.0.0.0/8 or 2001:db8::/32',
    ]);
    expect(filterProblems('addr:10.0.0/8')).toHaveLength(1);
    // '=' is an exact address, never a prefix: no problem to report.
    expect(filterProblems('addr:=10.0.0.0/8')).toEqual([]);
  });
});

describe('state terms', () => {
  it('state:= names one state exactly; a prefix of a state is no state', () => {
    expect(matching('state:=established')).toEqual([1, 2, 4]);
    expect(filterProblems('state:=established state:=LISTEN state:est')).toEqual([]);
    expect(filterProblems('state:=est')[0]).toMatch(/^state:=est: no state is EST \(LISTEN, SYN_SENT, /);
    expect(filterProblems('state:=bogus')[0]).toMatch(/^state:=bogus: no state is BOGUS \(/);
    expect(filterProblems('state:xyz')[0]).toMatch(/^state:xyz: no state starts with XYZ \(/);
  });
});

describe('address substrings', () => {
  it('are no problem: a part of an address is a fine term', () => {
    expect(filterProblems('addr:192.168 laddr:fe80 raddr:142.250.')).toEqual([]);
    expect(matching('raddr:142.250.')).toEqual([1]);
    expect(matching('addr:127.0.0.1')).toEqual([2]);
  });
});

describe('filterSuggestions at the edges', () => {
  it('offers nothing for empty text, and no values for fields without a fixed set', () => {
    expect(filterSuggestions('')).toEqual([]);
    expect(filterSuggestions('pid:')).toEqual([]);
    expect(filterSuggestions('user:')).toEqual([]);
  });

  it('offers nothing for a lone minus, a finished comparison operator or a field name typed out', () => {
    expect(filterSuggestions('-')).toEqual([]);
    expect(filterSuggestions('rate>')).toEqual([]);
    // A name typed out is not offered again ('pid' -> 'pid:' adds nothing the user needs a list for).
    expect(filterSuggestions('pid')).toEqual([]);
    expect(filterSuggestions('rate')).toEqual([]);
    expect(filterSuggestions('rx')).toEqual(['rxrate>']);
    expect(filterSuggestions('proto:tcp')).toEqual(['proto:tcp4', 'proto:tcp6']);
    expect(filterSuggestions('state:=')).toEqual([]);
  });

  it('offers every value of state: and proto: for an empty value, up to the limit', () => {
    expect(filterSuggestions('proto:', 3)).toEqual(['proto:tcp', 'proto:udp', 'proto:raw']);
    expect(filterSuggestions('state:', 2)).toEqual(['state:listen', 'state:syn_sent']);
    expect(filterSuggestions('state:', 100)).not.toContain('state:none');
  });
});
