/** The interface chart's time axis names its window: start, middle and end. */
import { describe, expect, it } from 'vitest';
import { windowTicks } from './RateChart';

describe('windowTicks', () => {
  it('labels both ends and the middle of a 5-minute window', () => {
    expect(windowTicks(1_000_000, 1_300_000)).toEqual([1_000_000, 1_150_000, 1_300_000]);
  });

  it('falls back to the end alone for an empty or broken window', () => {
    expect(windowTicks(5, 5)).toEqual([5]);
    expect(windowTicks(Number.NaN, 5)).toEqual([5]);
  });
});
