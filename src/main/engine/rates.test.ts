import { describe, expect, it } from 'vitest';
import { zeroCounters, type NetInterface } from '../../shared/model';
import { computeRates, counterDelta, withRates } from './rates';

const iface = (name: string, rxBytes: number, txBytes: number): NetInterface => ({
  name,
  mac: null,
  mtu: null,
  up: true,
  speedMbps: null,
  counters: { ...zeroCounters(), rxBytes, txBytes, rxPackets: rxBytes / 100, txPackets: txBytes / 100 },
  rates: null,
});

describe('interface rates', () => {
  it('divides counter deltas by the elapsed time', () => {
    const r = computeRates(iface('eth0', 1000, 0).counters, iface('eth0', 3000, 500).counters, 2000);
    expect(r.rxBytesPerSec).toBe(1000);
    expect(r.txBytesPerSec).toBe(250);
    expect(r.rxPacketsPerSec).toBe(10);
  });

  it('survives a 32-bit wrap', () => {
    expect(counterDelta(2 ** 32 - 100, 50)).toBe(150);
  });

  it('treats any other backwards step as a reset: no negative rate', () => {
    expect(counterDelta(5_000_000, 10)).toBe(0);
    const r = computeRates(iface('eth0', 5_000_000, 0).counters, iface('eth0', 10, 0).counters, 1000);
    expect(r.rxBytesPerSec).toBe(0);
  });

  it('has no rate on the first tick nor for a new interface', () => {
    expect(withRates(null, [iface('eth0', 1, 1)], 0)[0]?.rates).toBeNull();
    const next = withRates([iface('eth0', 0, 0)], [iface('eth0', 100, 0), iface('wg0', 5, 5)], 1000);
    expect(next[0]?.rates?.rxBytesPerSec).toBe(100);
    expect(next[1]?.rates).toBeNull();
  });

  it('a zero or negative elapsed time gives zero rates, not Infinity', () => {
    expect(computeRates(zeroCounters(), iface('x', 10, 10).counters, 0).rxBytesPerSec).toBe(0);
  });
});
