import { describe, expect, it } from 'vitest';
import { missingStats, selectStats, statsProtocolFromName, statsProtocolsFor } from './stats-sections';

const linux = {
  Ip: { Forwarding: 1 },
  IpExt: { InOctets: 5 },
  Icmp: { InMsgs: 2 },
  IcmpMsg: { InType3: 2 },
  Tcp: { ActiveOpens: 3 },
  TcpExt: { SyncookiesSent: 0 },
  MPTcpExt: { MPCapableSYNRX: 0 },
  Udp: { InDatagrams: 4 },
  UdpLite: { InDatagrams: 0 },
  Ip6: { Ip6InReceives: 5 },
  Icmp6: { Icmp6InMsgs: 1 },
  Udp6: { Udp6InDatagrams: 1 },
  UdpLite6: { UdpLite6InDatagrams: 0 },
};
const windows = {
  Ip: { a: 1 },
  Ip6: { a: 1 },
  Icmp: { a: 1 },
  Icmp6: { a: 1 },
  Tcp: { a: 1 },
  Tcp6: { a: 1 },
  Udp: { a: 1 },
  Udp6: { a: 1 },
};

describe('-s sections by protocol', () => {
  it('keeps the chosen protocols with their extension sections', () => {
    expect(Object.keys(selectStats(linux, ['TCP']))).toEqual(['Tcp', 'TcpExt', 'MPTcpExt']);
    expect(Object.keys(selectStats(linux, ['UDP', 'UDPv6']))).toEqual(['Udp', 'UdpLite', 'Udp6', 'UdpLite6']);
    expect(Object.keys(selectStats(linux, ['IP', 'ICMP']))).toEqual(['Ip', 'IpExt', 'Icmp', 'IcmpMsg']);
    expect(Object.keys(selectStats(windows, ['TCPv6']))).toEqual(['Tcp6']);
    expect(selectStats(linux, null)).toBe(linux);
  });

  it('says which chosen protocols have no section', () => {
    expect(missingStats(linux, ['TCP', 'TCPv6'])).toEqual(['TCPv6']);
    expect(missingStats(windows, ['TCP', 'TCPv6'])).toEqual([]);
    expect(missingStats(linux, null)).toEqual([]);
  });

  it('reads the seed names in any case, and -t -u -w -4 -6', () => {
    expect(statsProtocolFromName('tcpv6')).toBe('TCPv6');
    expect(statsProtocolFromName('TCP6')).toBe('TCPv6');
    expect(statsProtocolFromName('icmp')).toBe('ICMP');
    expect(statsProtocolFromName('sctp')).toBeNull();
    expect(statsProtocolsFor(['tcp'], [])).toEqual(['TCP', 'TCPv6']);
    expect(statsProtocolsFor([], [4])).toEqual(['IP', 'ICMP', 'TCP', 'UDP']);
    expect(statsProtocolsFor(['raw'], [6])).toEqual(['IPv6', 'ICMPv6']);
  });
});
