import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeProtocolStats, parseProcNetSnmp, parseProcNetSnmp6 } from './proc-net-snmp';

describe('parseProcNetSnmp', () => {
  it('pairs header and value lines by group, negative values included', () => {
    const text = `Ip: Forwarding DefaultTTL InReceives
Ip: 1 64 57740232
IcmpMsg: InType3 OutType3
IcmpMsg: 104 120
Tcp: RtoAlgorithm MaxConn
Tcp: 1 -1
`;
    const result = parseProcNetSnmp(text);
    expect(result.skipped).toEqual([]);
    expect(result.data.protocolStats).toEqual({
      Ip: { Forwarding: 1, DefaultTTL: 64, InReceives: 57740232 },
      IcmpMsg: { InType3: 104, OutType3: 120 },
      Tcp: { RtoAlgorithm: 1, MaxConn: -1 },
    });
  });
  it('skips a header without values and warns on a count mismatch', () => {
    const result = parseProcNetSnmp('TcpExt: A B C\nTcpExt: 1 2\nIpExt: X Y\n');
    expect(result.data.protocolStats).toEqual({ TcpExt: { A: 1, B: 2 } });
    expect(result.skipped).toEqual(['IpExt: X Y']);
    expect(result.warnings).toHaveLength(1);
  });
  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        parseProcNetSnmp(text);
        parseProcNetSnmp6(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseProcNetSnmp6', () => {
  it('groups names by their protocol prefix', () => {
    const result = parseProcNetSnmp6(
      'Ip6InReceives                   \t757\nIcmp6InType133 4\nUdpLite6InErrors 0\nifIndex 2\nbad line here\n',
    );
    expect(result.data.protocolStats).toEqual({
      Ip6: { InReceives: 757 },
      Icmp6: { InType133: 4 },
      UdpLite6: { InErrors: 0 },
      Other: { ifIndex: 2 },
    });
    expect(result.skipped).toEqual(['bad line here']);
  });
});

describe('mergeProtocolStats', () => {
  it('merges groups of several files', () => {
    expect(mergeProtocolStats({ Ip: { A: 1 } }, undefined, { Ip: { B: 2 }, Ip6: { C: 3 } })).toEqual({
      Ip: { A: 1, B: 2 },
      Ip6: { C: 3 },
    });
  });
});
