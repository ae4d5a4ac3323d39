import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compileFilter, parseFilter, tokenize } from './filter';
import { filterProblems, filterSuggestions, filterTerm } from './filter-assist';
import { browserToWebServer, matchingIndexes, sshListener, unownedLinkLocalUdp6 } from './filter.fixtures';
import { assignConnectionIds, blankConnection, type Connection } from './model';

const rows: Connection[] = assignConnectionIds([
  sshListener(),
  browserToWebServer(),
  blankConnection({
    protocol: 'tcp',
    family: 6,
    localAddress: '::1',
    localPort: 5432,
    remoteAddress: '::1',
    remotePort: 40100,
    state: 'TIME_WAIT',
  }),
  blankConnection({
    protocol: 'udp',
    family: 4,
    localAddress: '127.0.0.53',
    localPort: 53,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'NONE',
    pid: 600,
    processName: 'systemd-resolved',
    user: 'systemd-resolve',
  }),
  unownedLinkLocalUdp6(),
]);

function matching(filter: string): number[] {
  return matchingIndexes(rows, filter);
}

describe('compileFilter', () => {
  it('passes everything for an empty or blank filter', () => {
    expect(compileFilter('')).toBeNull();
    expect(compileFilter('   ')).toBeNull();
    expect(matching('')).toEqual([0, 1, 2, 3, 4]);
  });

  it('matches free text case-insensitively across columns', () => {
    expect(matching('CHROME')).toEqual([1]);
    expect(matching('time_wait')).toEqual([2]);
    expect(matching('udp6')).toEqual([4]);
    expect(matching('142.250')).toEqual([1]);
  });

  it('does not let free text match across two cells', () => {
    // '22' ends the port column and '0.0' starts remote address: no row has "220.0" in one cell.
    expect(matching('220.0')).toEqual([]);
  });

  it('understands field terms', () => {
    expect(matching('pid:1234')).toEqual([1]);
    expect(matching('pid:123')).toEqual([]);
    expect(matching('state:listen')).toEqual([0]);
    expect(matching('state:est')).toEqual([1]);
    expect(matching('state:time-wait')).toEqual([2]);
    expect(matching('port:443')).toEqual([1]);
    expect(matching('port:22')).toEqual([0]);
    expect(matching('lport:443')).toEqual([]);
    expect(matching('rport:443')).toEqual([1]);
    expect(matching('proc:chrome')).toEqual([1]);
    expect(matching('user:root')).toEqual([0]);
    // proto:tcp is TCP over both families (as a user means it); tcp4/tcp6 pick one.
    expect(matching('proto:tcp')).toEqual([0, 1, 2]);
    expect(matching('proto:tcp4')).toEqual([0, 1]);
    expect(matching('proto:tcp6')).toEqual([2]);
    expect(matching('proto:udp4')).toEqual([3]);
    expect(matching('addr:127.0.0')).toEqual([3]);
    expect(matching('laddr:192.168')).toEqual([1]);
    expect(matching('raddr:142.250.74.14')).toEqual([1]);
    expect(matching('raddr:=142.250.74.1')).toEqual([]);
    expect(matching('raddr:=142.250.74.14')).toEqual([1]);
    expect(matching('path:/usr/sbin')).toEqual([0]);
  });

  it('accepts upper-case field names and IPv6 values containing colons', () => {
    expect(matching('PID:812')).toEqual([0]);
    expect(matching('laddr:fe80::1')).toEqual([4]);
    expect(matching('addr:=::1')).toEqual([2]);
  });

  it('negates with a leading minus', () => {
    expect(matching('-state:listen')).toEqual([1, 2, 3, 4]);
    expect(matching('-udp')).toEqual([0, 1, 2]);
  });

  it('ANDs terms', () => {
    expect(matching('proto:udp -proc:systemd')).toEqual([4]);
    expect(matching('proto:tcp state:listen')).toEqual([0]);
    expect(matching('tcp -state:listen -state:time')).toEqual([1]);
  });

  it('handles quoted values', () => {
    expect(matching('proc:"google chrome"')).toEqual([1]);
    expect(matching('"google chrome"')).toEqual([1]);
    expect(tokenize('a "b c" d:"e f"')).toEqual(['a', 'b c', 'd:e f']);
  });

  it('treats unknown prefixes as free text', () => {
    expect(parseFilter('192.168.1.20:51544')).toEqual([{ negate: false, field: null, value: '192.168.1.20:51544' }]);
    expect(matching('foo:bar')).toEqual([]);
  });

  it('is lenient with malformed input', () => {
    expect(matching('pid:')).toEqual([0, 1, 2, 3, 4]);
    expect(matching('-')).toEqual([0, 1, 2, 3, 4]);
    expect(matching('pid:abc')).toEqual([]);
    expect(matching('port:99999999')).toEqual([]);
    expect(matching('"unterminated')).toEqual([]);
    // A lone colon is free text: it matches the IPv6 rows.
    expect(matching(':')).toEqual([2, 4]);
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const p = compileFilter(text);
        for (const c of rows) if (p) p(c);
      }),
      { numRuns: 500 },
    );
  });
});

describe('filterTerm', () => {
  it('quotes values with spaces and strips quotes', () => {
    expect(filterTerm('pid', '12')).toBe('pid:12');
    expect(filterTerm('proc', 'Google Chrome')).toBe('proc:"Google Chrome"');
    expect(filterTerm('proc', 'a"b')).toBe('proc:ab');
  });
});

describe('what a user means (issue 10)', () => {
  it('-proto:udp drops udp and udp6, as proto:tcp finds tcp and tcp6', () => {
    expect(matching('-proto:udp')).toEqual([0, 1, 2]);
    expect(matching('-proto:udp6')).toEqual([0, 1, 2, 3]);
    expect(matching('proto:udp')).toEqual([3, 4]);
  });

  it('exact and empty values: state:=, proc:=, pid:none, proc:none', () => {
    expect(matching('state:=time_wait')).toEqual([2]);
    expect(matching('state:=time')).toEqual([]);
    expect(matching('proc:=sshd')).toEqual([0]);
    expect(matching('proc:=ssh')).toEqual([]);
    expect(matching('pid:none')).toEqual([2, 4]);
    expect(matching('pid:none proc:none')).toEqual([2, 4]);
    expect(matching('service:domain')).toEqual([3]);
  });

  it('addresses by prefix, and exactly whatever the spelling (v4-mapped included)', () => {
    expect(matching('raddr:142.250.0.0/16')).toEqual([1]);
    expect(matching('laddr:fe80::/10')).toEqual([4]);
    const mapped = { ...rows[1], remoteAddress: '::ffff:142.250.74.14' } as Connection;
    expect(compileFilter('raddr:=142.250.74.14')?.(mapped)).toBe(true);
  });
});

describe('filterProblems', () => {
  it('names terms that cannot match, and why', () => {
    expect(filterProblems('port:abc')).toEqual(['port:abc: a port is a number from 0 to 65535']);
    expect(filterProblems('state:bogus')[0]).toMatch(/^state:bogus: no state starts with BOGUS \(LISTEN, /);
    expect(filterProblems('-foo:bar')[0]).toMatch(/^foo:bar: unknown field "foo" \(fields: pid, /);
    expect(filterProblems('proto:icmp')[0]).toMatch(/a protocol is tcp, udp or raw/);
    expect(filterProblems('raddr:10.0.0.0/99')[0]).toMatch(/a prefix is an address and a length/);
    expect(filterProblems('port:70000 pid:x')).toHaveLength(2);
  });

  it('takes a Windows path or a URL for the text it is, not for a misspelt field (parseFilter matches it as text)', () => {
    expect(filterProblems('C:\\Windows\\System32\\svchost.exe')).toEqual([]);
    expect(filterProblems('c:/tools/nc.exe http://example.com:8080/x')).toEqual([]);
    const svchost = { ...rows[0], exePath: 'C:\\Windows\\System32\\svchost.exe' } as Connection;
    expect(compileFilter('C:\\Windows\\System32\\svchost.exe')?.(svchost)).toBe(true);
    // A misspelt field is still named.
    expect(filterProblems('stat:est')[0]).toMatch(/unknown field "stat"/);
  });

  it('accepts every term that can match, addresses with ports and IPv6 text included', () => {
    for (const ok of [
      '',
      'chrome',
      'pid:12 pid:none port:443 state:est state:=LISTEN proto:tcp6 -proto:udp',
      '10.0.0.1:443',
      'dead::beef',
      'fe80::1%eth0',
      'raddr:=::1 addr:10.0.0.0/8 user:root path:/usr service:ssh',
      'pid:', // still typing
    ]) {
      expect(filterProblems(ok), ok).toEqual([]);
    }
  });
});

describe('filterSuggestions', () => {
  it('completes field names and state and protocol values of the word being typed', () => {
    expect(filterSuggestions('chrome st')).toEqual(['chrome state:']);
    expect(filterSuggestions('-pr')).toEqual(['-proc:', '-proto:']);
    expect(filterSuggestions('state:t')).toEqual(['state:time_wait']);
    expect(filterSuggestions('proto:u')).toEqual(['proto:udp', 'proto:unix', 'proto:udp4', 'proto:udp6']);
    expect(filterSuggestions('chrome ')).toEqual([]);
    expect(filterSuggestions('10.0')).toEqual([]);
  });
});
