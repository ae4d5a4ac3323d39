import { describe, expect, it } from 'vitest';
import { compileFilter } from './filter';
import { filterProblems, filterSuggestions } from './filter-assist';
import { blankConnection, type Connection } from './model';

function row(
  port: number,
  traffic?: Partial<NonNullable<Connection['traffic']>>,
  protocol: 'tcp' | 'udp' = 'tcp',
): Connection {
  const c = blankConnection({
    protocol,
    family: 4,
    localAddress: '10.0.0.1',
    localPort: port,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state: protocol === 'tcp' ? 'ESTABLISHED' : 'NONE',
  });
  if (traffic === undefined) return c;
  return {
    ...c,
    traffic: {
      bytesSent: 0,
      bytesReceived: 0,
      segmentsSent: 0,
      segmentsReceived: 0,
      retransmissions: 0,
      rttMs: 0,
      rttVarianceMs: 0,
      sendRate: 0,
      receiveRate: 0,
      segmentSendRate: null,
      segmentReceiveRate: null,
      retransmissionRate: null,
      ...traffic,
    },
  };
}

const rows = [
  row(1, { sendRate: 600_000, receiveRate: 600_000, bytesSent: 2e9, rttMs: 150, retransmissions: 3 }),
  row(2, { sendRate: 10, receiveRate: 0, bytesReceived: 20e6, rttMs: 0.05 }),
  row(3, { sendRate: null, receiveRate: null }), // first seen: no rate yet
  row(4), // procfs or TIME_WAIT: no counters
  row(5, undefined, 'udp'),
];
const ports = (filter: string): number[] => {
  const p = compileFilter(filter);
  return rows.filter((c) => (p ? p(c) : true)).map((c) => c.localPort);
};

describe('traffic terms of the filter', () => {
  it('compare rates, sizes, RTT and retransmissions with units', () => {
    expect(ports('rate>1M')).toEqual([1]);
    expect(ports('rate>=10')).toEqual([1, 2]);
    expect(ports('txrate<1k')).toEqual([2]);
    expect(ports('rxrate>500k')).toEqual([1]);
    expect(ports('sent>1G')).toEqual([1]);
    expect(ports('recv>=20M')).toEqual([2]);
    expect(ports('rtt>100ms')).toEqual([1]);
    expect(ports('rtt<1ms')).toEqual([2, 3]);
    expect(ports('rtt>0.1s')).toEqual([1]);
    expect(ports('retrans>0')).toEqual([1]);
    expect(ports('retrans=0')).toEqual([2, 3]);
    expect(ports('rate:>1M')).toEqual([1]);
  });

  it('leave rows without counters or without a rate out of every comparison; negation keeps them', () => {
    expect(ports('rate<1G')).toEqual([1, 2]);
    expect(ports('-rate>1M')).toEqual([2, 3, 4, 5]);
    expect(ports('rate>1M port:1')).toEqual([1]);
  });

  it('ignore a comparison still being typed, and match nothing for a bad one', () => {
    expect(ports('rate>')).toEqual([1, 2, 3, 4, 5]);
    expect(ports('rate>fast')).toEqual([]);
    expect(filterProblems('rate>')).toEqual([]);
  });

  it('say what is wrong with a bad value, as the other terms do', () => {
    expect(filterProblems('rate>fast')).toEqual([
      'rate>fast: rate takes a size like 500, 100k, 1.5M, 2G (bytes, or bytes per second for rates)',
    ]);
    expect(filterProblems('rtt>1h')).toEqual([
      'rtt>1h: rtt takes a time like 100ms, 1.5s, 250us (a bare number is milliseconds)',
    ]);
    expect(filterProblems('retrans>1.5')).toEqual(['retrans>1.5: retrans takes a whole number']);
    expect(filterProblems('rate:1M')).toEqual(['rate:1M: rate is compared: rate>N, >=, <, <= or =']);
    expect(filterProblems('speed>1M')).toEqual([]);
    expect(filterProblems('speed:1M')[0]).toMatch(/unknown field "speed" \(fields: .*rate>, txrate>/);
  });

  it('do not make free text match byte counts', () => {
    expect(ports('2000000000')).toEqual([]);
  });

  it('are suggested as the field names are', () => {
    expect(filterSuggestions('ra')).toEqual(['raddr:', 'rate>']);
    expect(filterSuggestions('state:est rt')).toEqual(['state:est rtt>']);
  });
});
