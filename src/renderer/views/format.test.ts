import { describe, it, expect } from 'vitest';
import { formatRate } from '../../shared/traffic';
import {
  formatByteRate,
  formatBytes,
  formatCidr,
  formatClock,
  formatCount,
  formatDelta,
  formatLinkSpeed,
  formatPercent,
  formatPerSecond,
  MISSING,
} from './format';

describe('formatBytes', () => {
  it('uses powers of 1000 with three significant digits, as the grid and the CLI do', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(10 * 1000 ** 2 + 1)).toBe('10.0 MB');
    expect(formatBytes(500 * 1000 ** 3)).toBe('500 GB');
  });
  it('promotes a value that rounds up to the base', () => {
    expect(formatBytes(1000 ** 2 - 1)).toBe('1.00 MB');
  });
  it('handles missing, negative and non-finite values', () => {
    expect(formatBytes(null)).toBe(MISSING);
    expect(formatBytes(undefined)).toBe(MISSING);
    expect(formatBytes(Number.NaN)).toBe(MISSING);
    expect(formatBytes(-2000)).toBe('-2.00 kB');
  });
  it('caps at the largest unit', () => {
    expect(formatBytes(2 * 1000 ** 7)).toBe('2000 EB');
  });
  it('formats rates', () => {
    expect(formatByteRate(2000)).toBe('2.00 kB/s');
    expect(formatByteRate(null)).toBe(MISSING);
  });
  it('says the same as the grid for the same traffic (one unit system in the app)', () => {
    for (const v of [0, 512, 45_300_000, 1.5e9]) expect(formatByteRate(v)).toBe(formatRate(v));
  });
});

describe('formatCount', () => {
  it('uses SI suffixes', () => {
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1.00k');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(123_456)).toBe('123k');
    expect(formatCount(999_999)).toBe('1.00M');
    expect(formatCount(4_200_000_000)).toBe('4.20G');
  });
  it('signs deltas and per-second rates', () => {
    expect(formatDelta(5)).toBe('+5');
    expect(formatDelta(-3)).toBe('-3');
    expect(formatDelta(0)).toBe('0');
    expect(formatDelta(null)).toBe(MISSING);
    expect(formatPerSecond(0.5)).toBe('0.50/s');
    expect(formatPerSecond(1500)).toBe('1.50k/s');
    expect(formatPerSecond(0)).toBe('0/s');
    expect(formatPerSecond(null)).toBe(MISSING);
  });
});

describe('misc formats', () => {
  it('link speed', () => {
    expect(formatLinkSpeed(100)).toBe('100 Mbit/s');
    expect(formatLinkSpeed(1000)).toBe('1 Gbit/s');
    expect(formatLinkSpeed(2500)).toBe('2.5 Gbit/s');
    expect(formatLinkSpeed(0)).toBe(MISSING);
    expect(formatLinkSpeed(-1)).toBe(MISSING);
    expect(formatLinkSpeed(null)).toBe(MISSING);
  });
  it('percent', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(null)).toBe(MISSING);
  });
  it('clock is local hh:mm:ss, zero padded', () => {
    expect(formatClock(new Date(2024, 0, 2, 9, 5, 7).getTime())).toBe('09:05:07');
    expect(formatClock(new Date(2024, 0, 2, 23, 59, 59).getTime())).toBe('23:59:59');
    expect(formatClock(Number.NaN)).toBe('');
  });
  it('cidr', () => {
    expect(formatCidr('10.0.0.0', 8)).toBe('10.0.0.0/8');
    expect(formatCidr('::', 0)).toBe('::/0');
    expect(formatCidr('fe80::', 64)).toBe('fe80::/64');
    expect(formatCidr('10.0.0.1', Number.NaN)).toBe('10.0.0.1');
    expect(formatCidr('10.0.0.1', -1)).toBe('10.0.0.1');
    expect(formatCidr('10.0.0.1', null)).toBe('10.0.0.1');
  });
});
