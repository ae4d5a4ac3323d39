// Edge cases of the filter's traffic comparisons (issue 9): every field, every operator at its boundary, rows
// without counters or without a rate, and the message a bad value gets.
import { describe, expect, it } from 'vitest';
import { compileFilter } from './filter';
import { filterProblems } from './filter-assist';
import {
  isTrafficFilterField,
  matchComparison,
  TRAFFIC_FILTER_FIELDS,
  trafficPredicate,
  trafficTermProblem,
} from './filter-traffic';
import { blankConnection, type Connection, type ConnectionTraffic } from './model';

const base = blankConnection({
  protocol: 'tcp',
  family: 4,
  localAddress: '192.0.2.1',
  localPort: 50_000,
  remoteAddress: '198.51.100.7',
  remotePort: 443,
  state: 'ESTABLISHED',
});

// Each counter distinct, so a field reading another's counter shows.
const busy: ConnectionTraffic = {
  bytesSent: 3_000_000,
  bytesReceived: 40_000,
  segmentsSent: 1,
  segmentsReceived: 1,
  retransmissions: 5,
  rttMs: 100,
  rttVarianceMs: 1,
  sendRate: 1_000_000,
  receiveRate: 250_000,
  segmentSendRate: null,
  segmentReceiveRate: null,
  retransmissionRate: null,
};
const withTraffic = (over: Partial<ConnectionTraffic> = {}): Connection => ({ ...base, traffic: { ...busy, ...over } });
const noCounters: Connection = base; // UDP, TIME_WAIT or the procfs engine: traffic absent
const zeros = withTraffic({
  bytesSent: 0,
  bytesReceived: 0,
  retransmissions: 0,
  rttMs: 0,
  sendRate: 0,
  receiveRate: 0,
});
const firstSeen = withTraffic({ sendRate: null, receiveRate: null });

const matches = (field: string, term: string, c: Connection): boolean => trafficPredicate(field, term)(c);

describe('each traffic field reads its own counter', () => {
  // The value each field sees on `busy`, checked at the boundary with every operator.
  const seen: Record<string, [string, number]> = {
    rate: ['1250000', 1_250_000],
    txrate: ['1000000', 1_000_000],
    rxrate: ['250000', 250_000],
    sent: ['3000000', 3_000_000],
    recv: ['40000', 40_000],
    rtt: ['100', 100],
    retrans: ['5', 5],
  };

  it('covers every field', () => {
    expect(Object.keys(seen).sort()).toEqual(Object.keys(TRAFFIC_FILTER_FIELDS).sort());
  });

  for (const [field, [text, value]] of Object.entries(seen)) {
    it(`${field}: > >= < <= = at the row's own value, one below and ten times above`, () => {
      const c = withTraffic();
      const below = String(value - 1);
      const above = `${text}0`;
      expect([matches(field, `>${below}`, c), matches(field, `>${above}`, c)]).toEqual([true, false]);
      expect([matches(field, `>=${below}`, c), matches(field, `>=${above}`, c)]).toEqual([true, false]);
      expect([matches(field, `<${below}`, c), matches(field, `<${above}`, c)]).toEqual([false, true]);
      expect([matches(field, `<=${below}`, c), matches(field, `<=${above}`, c)]).toEqual([false, true]);
      expect([matches(field, `=${below}`, c), matches(field, `=${above}`, c)]).toEqual([false, false]);
      expect(matches(field, `>${text}`, c)).toBe(false);
      expect(matches(field, `>=${text}`, c)).toBe(true);
      expect(matches(field, `<${text}`, c)).toBe(false);
      expect(matches(field, `<=${text}`, c)).toBe(true);
      expect(matches(field, `=${text}`, c)).toBe(true);
    });

    it(`${field}: a row without counters matches no comparison, not even <, <= or = 0`, () => {
      for (const op of ['>', '>=', '<', '<=', '='])
        for (const v of ['0', '1', '99999999999'])
          expect([op + v, matches(field, op + v, noCounters)]).toEqual([op + v, false]);
    });

    it(`${field}: 0 is a value (=0 and <1 match a zero counter)`, () => {
      expect(matches(field, '=0', zeros)).toBe(true);
      expect(matches(field, '<1', zeros)).toBe(true);
      expect(matches(field, '<=0', zeros)).toBe(true);
      expect(matches(field, '>0', zeros)).toBe(false);
      expect(matches(field, '>=0', zeros)).toBe(true);
    });
  }

  it('rates of a connection first seen (no rate yet) match nothing; its byte counts still compare', () => {
    for (const field of ['rate', 'txrate', 'rxrate'])
      for (const term of ['>0', '>=0', '<1G', '<=1G', '=0']) expect(matches(field, term, firstSeen)).toBe(false);
    expect(matches('sent', '>1M', firstSeen)).toBe(true);
    expect(matches('rtt', '>=100', firstSeen)).toBe(true);
  });

  it('rate needs both directions: a send rate alone is no total', () => {
    const half = withTraffic({ receiveRate: null });
    expect(matches('rate', '>0', half)).toBe(false);
    expect(matches('rate', '<1G', half)).toBe(false);
    expect(matches('txrate', '>0', half)).toBe(true);
  });
});

describe('quantities in comparisons', () => {
  it('takes sizes with SI or binary prefixes and a unit', () => {
    const c = withTraffic({ bytesSent: 1_048_576, sendRate: 1_500_000 });
    expect(matches('sent', '=1Mi', c)).toBe(true);
    expect(matches('sent', '>1M', c)).toBe(true);
    expect(matches('sent', '<1.1M', c)).toBe(true);
    expect(matches('txrate', '=1.5MB/s', c)).toBe(true);
    expect(matches('txrate', '>= 1.5 M', c)).toBe(true);
    expect(matches('txrate', '>1.5M', c)).toBe(false);
  });

  it('takes durations in ms, s and us; a bare number is milliseconds', () => {
    const c = withTraffic({ rttMs: 150 });
    expect(matches('rtt', '>100ms', c)).toBe(true);
    expect(matches('rtt', '>0.15s', c)).toBe(false);
    expect(matches('rtt', '>=0.15s', c)).toBe(true);
    expect(matches('rtt', '<150000us', c)).toBe(false);
    expect(matches('rtt', '<=150000us', c)).toBe(true);
    expect(matches('rtt', '>149', c)).toBe(true);
    expect(matches('rtt', '>150', c)).toBe(false);
  });

  it('takes a whole count for retransmissions and nothing else', () => {
    const c = withTraffic({ retransmissions: 12 });
    expect(matches('retrans', '>11', c)).toBe(true);
    expect(matches('retrans', '=12', c)).toBe(true);
    for (const bad of ['>1k', '>1.5', '>-1', '>x12', '>12x', '>', '>1 2'])
      expect([bad, matches('retrans', bad, c)]).toEqual([bad, false]);
  });

  it('never matches a bad term, an unknown field or a term without an operator', () => {
    const c = withTraffic();
    expect(matches('rate', '>fast', c)).toBe(false);
    expect(matches('rate', '<fast', noCounters)).toBe(false);
    expect(matches('rate', '1M', c)).toBe(false);
    expect(matches('rate', '!=1M', c)).toBe(false);
    expect(matches('speed', '>0', c)).toBe(false);
    expect(matches('toString', '>0', c)).toBe(false);
    expect(matches('rtt', '>1h', c)).toBe(false);
    expect(matches('rtt', '<1h', c)).toBe(false);
  });

  it('reads >= and <= as one operator, not > or < of "=N"', () => {
    const c = withTraffic({ retransmissions: 3 });
    expect(matches('retrans', '>=3', c)).toBe(true);
    expect(matches('retrans', '<=3', c)).toBe(true);
    expect(matches('retrans', '>= 3', c)).toBe(true);
    expect(matches('retrans', '= 3 ', c)).toBe(true);
  });
});

describe('matchComparison and the field names', () => {
  it('splits a comparison into field, operator and trimmed value', () => {
    expect(matchComparison('rate>1M')).toEqual({ field: 'rate', op: '>', value: '1M' });
    expect(matchComparison('RTT>=100ms')).toEqual({ field: 'rtt', op: '>=', value: '100ms' });
    expect(matchComparison('sent<= 1G ')).toEqual({ field: 'sent', op: '<=', value: '1G' });
    expect(matchComparison('recv<5k')).toEqual({ field: 'recv', op: '<', value: '5k' });
    expect(matchComparison('retrans=0')).toEqual({ field: 'retrans', op: '=', value: '0' });
    expect(matchComparison('rate>')).toEqual({ field: 'rate', op: '>', value: '' });
    // The whole token is the comparison: a value running onto another line is none.
    expect(matchComparison('rate>1M\nport:80')).toBeNull();
  });

  it('is no comparison for another field, a prefix, a colon term or text before the field', () => {
    for (const body of [
      'speed>1M',
      'port>80',
      'rate:1M',
      'xrate>1M',
      ' rate>1M',
      'rate',
      '>1M',
      'rate2>1',
      'valueOf>1',
      'constructor>1',
    ])
      expect([body, matchComparison(body)]).toEqual([body, null]);
  });

  it('knows its fields, and no inherited property is one', () => {
    for (const f of ['rate', 'txrate', 'rxrate', 'sent', 'recv', 'rtt', 'retrans'])
      expect(isTrafficFilterField(f)).toBe(true);
    for (const f of ['toString', 'hasOwnProperty', 'port', 'RATE', '']) expect(isTrafficFilterField(f)).toBe(false);
  });
});

describe('why a traffic term cannot match', () => {
  it('names the field and the form of its value', () => {
    expect(trafficTermProblem('txrate', '>lots')).toBe(
      'txrate takes a size like 500, 100k, 1.5M, 2G (bytes, or bytes per second for rates)',
    );
    expect(trafficTermProblem('rtt', '<=5min')).toBe(
      'rtt takes a time like 100ms, 1.5s, 250us (a bare number is milliseconds)',
    );
    expect(trafficTermProblem('retrans', '=2k')).toBe('retrans takes a whole number');
    expect(trafficTermProblem('sent', '1G')).toBe('sent is compared: sent>N, >=, <, <= or =');
  });

  it('has nothing to say of a good term, one still being typed, or a field not its own', () => {
    expect(trafficTermProblem('rate', '>1M')).toBeNull();
    expect(trafficTermProblem('rtt', '>=2s')).toBeNull();
    expect(trafficTermProblem('retrans', '=0')).toBeNull();
    expect(trafficTermProblem('rate', '>')).toBeNull();
    expect(trafficTermProblem('rate', '>= ')).toBeNull();
    expect(trafficTermProblem('port', 'abc')).toBeNull();
    expect(trafficTermProblem('toString', 'abc')).toBeNull();
  });

  it('reports through the filter as every term does, negated or not', () => {
    expect(filterProblems('-retrans>x')).toEqual(['retrans>x: retrans takes a whole number']);
    expect(filterProblems('rtt>=1h sent<1G')).toEqual([
      'rtt>=1h: rtt takes a time like 100ms, 1.5s, 250us (a bare number is milliseconds)',
    ]);
  });
});

describe('through the filter string', () => {
  const rows = [withTraffic(), zeros, firstSeen, noCounters];
  const pick = (text: string): number[] => {
    const p = compileFilter(text);
    return rows.flatMap((c, i) => (p === null || p(c) ? [i] : []));
  };

  it('combines traffic terms with each other, case-insensitively', () => {
    expect(pick('RATE>1M')).toEqual([0]);
    expect(pick('sent>0 rtt>=100')).toEqual([0, 2]);
    expect(pick('retrans=0')).toEqual([1]);
    expect(pick('-sent>0')).toEqual([1, 3]);
  });
});
