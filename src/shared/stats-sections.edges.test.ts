// The `-s -p PROTO` picker (issue 9): every OS's section names mapped onto netstat's protocols, the spellings
// `-p` takes, what -t -u -w -4 -6 stand for, and the note for a protocol without a section (Linux has no TCPv6).
import { describe, expect, it } from 'vitest';
import {
  missingStats,
  selectStats,
  STATS_PROTOCOLS,
  statsProtocolFromName,
  statsProtocolOf,
  statsProtocolsFor,
} from './stats-sections';

describe('section names onto protocols', () => {
  it('maps every section Linux, Windows and macOS print', () => {
    const expected: [string, string | null][] = [
      // Linux /proc/net/snmp, netstat, snmp6 (by ip -s / nstat group names)
      ['Ip', 'IP'],
      ['IpExt', 'IP'],
      ['Ip6', 'IPv6'],
      ['Icmp', 'ICMP'],
      ['IcmpMsg', 'ICMP'],
      ['Icmp6', 'ICMPv6'],
      ['Tcp', 'TCP'],
      ['TcpExt', 'TCP'],
      ['MPTcpExt', 'TCP'],
      ['Udp', 'UDP'],
      ['UdpLite', 'UDP'],
      ['Udp6', 'UDPv6'],
      ['UdpLite6', 'UDPv6'],
      // Windows netstat -s
      ['Tcp6', 'TCPv6'],
      // macOS netstat -s (lower case), mptcp included
      ['ip', 'IP'],
      ['ip6', 'IPv6'],
      ['icmp', 'ICMP'],
      ['icmp6', 'ICMPv6'],
      ['tcp', 'TCP'],
      ['mptcp', 'TCP'],
      ['udp', 'UDP'],
      // any case
      ['TCPEXT', 'TCP'],
      ['uDP6', 'UDPv6'],
      // sections no `-p` names: shown only without a subset
      ['Arp', null],
      ['igmp', null],
      ['ipsec', null],
      ['', null],
      ['toString', null],
      ['constructor', null],
      ['__proto__', null],
    ];
    for (const [group, protocol] of expected) expect([group, statsProtocolOf(group)]).toEqual([group, protocol]);
  });
});

describe('-p spellings for statistics', () => {
  it('takes each seed name in any case', () => {
    for (const p of STATS_PROTOCOLS) {
      expect(statsProtocolFromName(p)).toBe(p);
      expect(statsProtocolFromName(p.toLowerCase())).toBe(p);
      expect(statsProtocolFromName(p.toUpperCase())).toBe(p);
    }
  });

  it('takes tcp6 and udp6 as the connection filter spells them, and nothing else', () => {
    expect(statsProtocolFromName('tcp6')).toBe('TCPv6');
    expect(statsProtocolFromName('Udp6')).toBe('UDPv6');
    for (const bad of ['icmp6', 'ip6', 'xtcp6', 'tcp66', 'tcp6x', 'tcp', 'sctp', '', 'v6', 'TCP v6', ' tcp'])
      expect([bad, statsProtocolFromName(bad)]).toEqual([bad, bad === 'tcp' ? 'TCP' : null]);
  });
});

describe('what -t -u -w -4 -6 stand for', () => {
  it('is every section with neither', () => {
    expect(statsProtocolsFor([], [])).toEqual(['IP', 'IPv6', 'ICMP', 'ICMPv6', 'TCP', 'TCPv6', 'UDP', 'UDPv6']);
  });

  it('is the protocol in both families, or in one', () => {
    expect(statsProtocolsFor(['udp'], [])).toEqual(['UDP', 'UDPv6']);
    expect(statsProtocolsFor(['udp'], [6])).toEqual(['UDPv6']);
    expect(statsProtocolsFor(['tcp'], [4])).toEqual(['TCP']);
    expect(statsProtocolsFor([], [6])).toEqual(['IPv6', 'ICMPv6', 'TCPv6', 'UDPv6']);
  });

  it('is IP and ICMP for raw (-w)', () => {
    expect(statsProtocolsFor(['raw'], [4])).toEqual(['IP', 'ICMP']);
    expect(statsProtocolsFor(['raw'], [])).toEqual(['IP', 'IPv6', 'ICMP', 'ICMPv6']);
  });

  it('keeps netstat order whatever the order asked, each once', () => {
    expect(statsProtocolsFor(['udp', 'tcp', 'udp'], [6, 4])).toEqual(['TCP', 'TCPv6', 'UDP', 'UDPv6']);
  });

  it('has no section for UNIX sockets', () => {
    expect(statsProtocolsFor(['unix'], [])).toEqual([]);
    expect(statsProtocolsFor(['unix', 'tcp'], [6])).toEqual(['TCPv6']);
  });
});

describe('keeping the chosen sections', () => {
  const linux = {
    Ip: { Forwarding: 1 },
    Icmp: { InMsgs: 2 },
    Tcp: { ActiveOpens: 3 },
    TcpExt: { TCPTimeouts: 4 },
    Udp: { InDatagrams: 5 },
    Ip6: { Ip6InReceives: 6 },
    Udp6: { Udp6InDatagrams: 7 },
    Arp: { entries: 8 },
  };

  it('keeps the counters of each kept section as they are, and drops sections no protocol names', () => {
    const kept = selectStats(linux, ['TCP', 'IPv6']);
    expect(kept).toEqual({ Tcp: { ActiveOpens: 3 }, TcpExt: { TCPTimeouts: 4 }, Ip6: { Ip6InReceives: 6 } });
    expect(kept.Tcp).toBe(linux.Tcp);
    expect(selectStats(linux, [])).toEqual({});
    expect(selectStats({}, ['TCP'])).toEqual({});
  });

  it('keeps everything, unmapped sections too, without a choice', () => {
    expect(selectStats(linux, null)).toEqual(linux);
  });

  it('says Linux has no TCPv6 or ICMPv6 section here, in the order asked', () => {
    expect(missingStats(linux, ['TCPv6', 'UDPv6', 'ICMPv6', 'TCP'])).toEqual(['TCPv6', 'ICMPv6']);
    expect(missingStats({}, ['IP'])).toEqual(['IP']);
    expect(missingStats(linux, [])).toEqual([]);
    expect(missingStats({ Arp: {} }, null)).toEqual([]);
  });
});
