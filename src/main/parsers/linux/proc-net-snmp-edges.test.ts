import { describe, expect, it } from 'vitest';
import { parseProcNetSnmp, parseProcNetSnmp6 } from './proc-net-snmp';

describe('parseProcNetSnmp on the edges of the format', () => {
  it('reads a CRLF copy and columns aligned by runs of blanks', () => {
    const text = 'Udp: InDatagrams   NoPorts\r\nUdp: 10            2\r\n\r\nIcmp:  InMsgs\r\nIcmp:  4\r\n';
    const result = parseProcNetSnmp(text);
    expect(result.data.protocolStats).toEqual({ Udp: { InDatagrams: 10, NoPorts: 2 }, Icmp: { InMsgs: 4 } });
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('keeps an empty group (IcmpMsg: on an idle host) and a group printed in two pairs', () => {
    const text = 'IcmpMsg:\nIcmpMsg:\nTcp: ActiveOpens\nTcp: 5\nTcp: PassiveOpens\nTcp: 7\n';
    expect(parseProcNetSnmp(text).data.protocolStats).toEqual({
      IcmpMsg: {},
      Tcp: { ActiveOpens: 5, PassiveOpens: 7 },
    });
  });

  it('reads the values as far as there are names, and says how many were ignored', () => {
    const result = parseProcNetSnmp('Tcp: RtoAlgorithm RtoMin\nTcp: 1 200 120000\n');
    expect(result.data.protocolStats).toEqual({ Tcp: { RtoAlgorithm: 1, RtoMin: 200 } });
    expect(result.warnings).toEqual(['Tcp: 2 names but 3 values; the extra ones were ignored']);
  });

  it('skips a header whose value line belongs to another group, and the lone value line after it', () => {
    const result = parseProcNetSnmp('Ip: Forwarding DefaultTTL\nIcmp: 1 64\n');
    expect(result.data.protocolStats).toEqual({});
    expect(result.skipped).toEqual(['Ip: Forwarding DefaultTTL', 'Icmp: 1 64']);
  });

  it('skips a pair whose values are not all numbers, and two value lines with their header lost', () => {
    const result = parseProcNetSnmp('Ip: Forwarding DefaultTTL\nIp: 1 ttl\nTcp: 1 200\nTcp: 3 400\n');
    expect(result.data.protocolStats).toEqual({});
    expect(result.skipped).toEqual(['Ip: Forwarding DefaultTTL', 'Ip: 1 ttl', 'Tcp: 1 200', 'Tcp: 3 400']);
  });

  it('skips a header with any name that is a number', () => {
    const result = parseProcNetSnmp('Tcp: RtoAlgorithm 200\nTcp: 1 200\n');
    expect(result.data.protocolStats).toEqual({});
    expect(result.skipped[0]).toBe('Tcp: RtoAlgorithm 200');
  });
});

describe('parseProcNetSnmp6 on the edges of the format', () => {
  it('reads a CRLF copy and reports no warnings', () => {
    const result = parseProcNetSnmp6('Ip6InReceives                   \t966\r\nUdp6InErrors 0\r\n');
    expect(result.data.protocolStats).toEqual({ Ip6: { InReceives: 966 }, Udp6: { InErrors: 0 } });
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['a name alone', 'Ip6InReceives'],
    ['a third column', 'Ip6InReceives 966 7'],
    ['a value that is not a number', 'Ip6InReceives many'],
    ['a name starting with a digit', '6Ip6InReceives 966'],
    ['a name with a dash', 'Ip6In-Receives 966'],
  ])('skips %s', (_name, line) => {
    const result = parseProcNetSnmp6(`${line}\nIp6OutRequests 5\n`);
    expect(result.skipped).toEqual([line]);
    expect(result.data.protocolStats).toEqual({ Ip6: { OutRequests: 5 } });
  });
});
