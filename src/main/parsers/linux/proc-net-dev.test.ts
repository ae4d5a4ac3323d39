import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProcNetDev } from './proc-net-dev';

describe('parseProcNetDev', () => {
  it('reads receive and transmit counters, also when a number touches the name', () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:   13222     152    1    2    0     0          0         3    13220     151    4    5    0     0       0          0
eth0:1234567890 109378    0    0    0     0          0         0 44256546  121425    0    0    0     0       0          0
junk line
`;
    const result = parseProcNetDev(text);
    expect(result.skipped).toEqual(['junk line']);
    const [lo, eth0] = result.data.interfaces ?? [];
    expect(lo?.name).toBe('lo');
    expect(lo?.counters).toEqual({
      rxBytes: 13222,
      rxPackets: 152,
      rxErrors: 1,
      rxDrops: 2,
      rxMulticast: 3,
      txBytes: 13220,
      txPackets: 151,
      txErrors: 4,
      txDrops: 5,
      txMulticast: 0,
    });
    expect(eth0?.name).toBe('eth0');
    expect(eth0?.counters.rxBytes).toBe(1234567890);
    expect(parseProcNetDev('').data.interfaces).toEqual([]);
  });
  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => void parseProcNetDev(text)),
      { numRuns: 300 },
    );
  });
});
