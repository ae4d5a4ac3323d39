import { at } from './test-helpers';
import { describe, it, expect } from 'vitest';
import { counterAttention, counterDeltas, filterCounters, isErrorLikeCounter } from './counters';

const before = { Tcp: { ActiveOpens: 100, RetransSegs: 5, CurrEstab: 10, InErrs: 7 }, Udp: { InDatagrams: 1000 } };
const after = {
  Tcp: { ActiveOpens: 110, RetransSegs: 5, CurrEstab: 8, InErrs: 2 },
  Udp: { InDatagrams: 1500 },
  Ip6: { InReceives: 3 },
};

describe('counterDeltas', () => {
  it('has no deltas without a previous snapshot', () => {
    const groups = counterDeltas(after, null, null);
    expect(groups.map((g) => g.protocol)).toEqual(['Tcp', 'Udp', 'Ip6']);
    expect(groups.flatMap((g) => g.rows).every((r) => r.delta === null && r.perSecond === null && !r.reset)).toBe(true);
    expect(groups.every((g) => g.moved === 0)).toBe(true);
  });

  it('computes deltas, per-second rates, resets and gauges', () => {
    const [tcp, udp, ip6] = counterDeltas(after, before, 2000);
    const row = (name: string) => tcp?.rows.find((r) => r.name === name);
    expect(row('ActiveOpens')).toMatchObject({ delta: 10, perSecond: 5, reset: false });
    expect(row('RetransSegs')).toMatchObject({ delta: 0, perSecond: 0, errorLike: true });
    // A counter that went backwards was reset: no delta, never a negative rate.
    expect(row('InErrs')).toMatchObject({ delta: null, perSecond: null, reset: true });
    // A gauge may fall: a signed delta but no rate.
    expect(row('CurrEstab')).toMatchObject({ delta: -2, perSecond: null, gauge: true });
    expect(tcp?.moved).toBe(3);
    expect(udp?.rows[0]).toMatchObject({ delta: 500, perSecond: 250 });
    expect(ip6?.rows[0]).toMatchObject({ delta: null, value: 3 });
  });

  it('gives no rate for a zero or unknown interval', () => {
    const [tcp] = counterDeltas(after, before, 0);
    expect(tcp?.rows[0]).toMatchObject({ delta: 10, perSecond: null });
  });

  it('handles empty stats', () => {
    expect(counterDeltas({}, {}, 1000)).toEqual([]);
  });
});

describe('filterCounters and attention', () => {
  const groups = counterDeltas(after, before, 1000);
  it('filters by counter name, or by protocol name', () => {
    expect(filterCounters(groups, 'retrans').map((g) => [g.protocol, g.rows.map((r) => r.name)])).toEqual([
      ['Tcp', ['RetransSegs']],
    ]);
    expect(filterCounters(groups, 'UDP').map((g) => g.protocol)).toEqual(['Udp']);
    expect(filterCounters(groups, '  ')).toHaveLength(3);
    expect(filterCounters(groups, 'zzz')).toEqual([]);
  });
  it('marks moved error-like counters as alerts', () => {
    const rows = groups.flatMap((g) => g.rows);
    const byName = (n: string) =>
      at(
        rows.filter((r) => r.name === n),
        0,
      );
    expect(counterAttention(byName('InErrs'))).toBe('alert');
    expect(counterAttention(byName('ActiveOpens'))).toBe('moved');
    expect(counterAttention(byName('RetransSegs'))).toBeNull();
  });
  it('recognises error-like names across platforms', () => {
    for (const n of [
      'InErrors',
      'AttemptFails',
      'ListenDrops',
      'RetransSegs',
      'EstabResets',
      'ListenOverflows',
      'Received Packets Discarded',
    ]) {
      expect(isErrorLikeCounter(n)).toBe(true);
    }
    for (const n of ['InSegs', 'ActiveOpens', 'InDatagrams']) expect(isErrorLikeCounter(n)).toBe(false);
  });
});
