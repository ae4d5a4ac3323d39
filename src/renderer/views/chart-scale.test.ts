import { describe, expect, it } from 'vitest';
import { nearestIndex, niceTicks, stepBeforePath, windowTicks } from './chart-scale';

describe('niceTicks', () => {
  it('steps evenly from 0 past the largest value, at a round step', () => {
    expect(niceTicks(11_000, 5)).toEqual([0, 3000, 6000, 9000, 12_000]);
    expect(niceTicks(5_000_000, 5)).toEqual([0, 1_500_000, 3_000_000, 4_500_000, 6_000_000]);
    expect(niceTicks(100, 3)).toEqual([0, 50, 100]);
    expect(niceTicks(0.3, 5)).toEqual([0, 0.1, 0.2, 0.30000000000000004]);
  });

  it('gives an all-0 or broken maximum an axis from 0 to 1', () => {
    expect(niceTicks(0, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(Number.NaN, 3)).toEqual([0, 0.5, 1]);
    expect(niceTicks(-5, 3)).toEqual([0, 0.5, 1]);
  });

  it('never gives fewer than two ticks, nor many more than asked', () => {
    for (const max of [1, 7, 99, 1234, 98_765, 2 ** 32 - 1])
      for (const count of [2, 3, 5]) {
        const ticks = niceTicks(max, count);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(count + 1);
        expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      }
  });
});

describe('stepBeforePath', () => {
  it('rises at each point to the next value, then runs across to the next point', () => {
    expect(stepBeforePath([0, 10, 20], [50, 10, 30])).toBe('M0,50L0,10L10,10L10,30L20,30');
  });

  it('breaks the line at a missing value', () => {
    expect(stepBeforePath([0, 10, 20, 30], [5, null, 7, 8])).toBe('M0,5M20,7L20,8L30,8');
  });

  it('draws nothing for no points', () => {
    expect(stepBeforePath([], [])).toBe('');
  });
});

describe('nearestIndex', () => {
  const times = [0, 2000, 4000, 6000];
  it('finds the nearest time, the earlier one on a tie', () => {
    expect(nearestIndex(times, 2900)).toBe(1);
    expect(nearestIndex(times, 3100)).toBe(2);
    expect(nearestIndex(times, 3000)).toBe(1);
    expect(nearestIndex(times, -50)).toBe(0);
    expect(nearestIndex(times, 99_999)).toBe(3);
  });

  it('answers -1 for no times or no number', () => {
    expect(nearestIndex([], 5)).toBe(-1);
    expect(nearestIndex(times, Number.NaN)).toBe(-1);
  });
});

// The interface chart's and the talkers chart's time axes name their window: start, middle and end.
describe('windowTicks', () => {
  it('labels both ends and the middle of a 5-minute window', () => {
    expect(windowTicks(1_000_000, 1_300_000)).toEqual([1_000_000, 1_150_000, 1_300_000]);
  });

  it('falls back to the end alone for an empty or broken window', () => {
    expect(windowTicks(5, 5)).toEqual([5]);
    expect(windowTicks(Number.NaN, 5)).toEqual([5]);
  });
});
