import { describe, it, expect } from 'vitest';
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
  it('uses binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(10 * 1024 * 1024 + 1)).toBe('10.0 MiB');
    expect(formatBytes(500 * 1024 ** 3)).toBe('500 GiB');
  });
  it('promotes a value that rounds up to the base', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.00 MiB');
  });
  it('handles missing, negative and non-finite values', () => {
    expect(formatBytes(null)).toBe(MISSING);
    expect(formatBytes(undefined)).toBe(MISSING);
    expect(formatBytes(Number.NaN)).toBe(MISSING);
    expect(formatBytes(-2048)).toBe('-2.00 KiB');
  });
  it('caps at the largest unit', () => {
    expect(formatBytes(2 ** 70)).toBe('1024 EiB');
  });
  it('formats rates', () => {
    expect(formatByteRate(2048)).toBe('2.00 KiB/s');
    expect(formatByteRate(null)).toBe(MISSING);
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
