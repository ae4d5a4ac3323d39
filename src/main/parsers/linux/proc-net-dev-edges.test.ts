import { describe, expect, it } from 'vitest';
import { parseProcNetDev } from './proc-net-dev';

// As this machine prints it (net/core/net-procfs.c dev_seq_printf_stats: '%6s: %7llu %7llu ...', 16 counters).
const HEADER = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed`;
const counters = (n: number): string => Array.from({ length: n }, (_, k) => String(k + 1)).join(' ');

describe('parseProcNetDev on the edges of the format', () => {
  it('reads 16 counters and the largest the kernel prints (u64: past 2^53 not exact, but read)', () => {
    const result = parseProcNetDev(
      `${HEADER}\n    lo: ${counters(16)}\n  eth0: 18446744073709551615 ${counters(15)}\n`,
    );
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.data.interfaces?.map((i) => [i.name, i.counters.rxBytes, i.counters.txDrops])).toEqual([
      ['lo', 1, 12],
      ['eth0', 2 ** 64, 11],
    ]);
  });

  it.each([
    ['no name', `: ${counters(16)}`],
    ['a name with a blank', `wl an0: ${counters(16)}`],
    ['15 counters', `eth0: ${counters(15)}`],
    ['a counter with a letter after it', `eth0: 12a ${counters(15)}`],
    ['a counter with a letter before it', `eth0: ${counters(15)} a16`],
    ['a negative counter', `eth0: -1 ${counters(15)}`],
    ['no colon', `eth0 ${counters(16)}`],
  ])('skips a line with %s', (_name, line) => {
    const result = parseProcNetDev(`${HEADER}\n${line}\n    lo: ${counters(16)}\n`);
    expect(result.skipped).toEqual([line]);
    expect(result.data.interfaces?.map((i) => i.name)).toEqual(['lo']);
  });
});
