import { describe, expect, it } from 'vitest';
import {
  isRefreshInterval,
  REFRESH_INTERVAL_CHOICES_MS,
  REFRESH_INTERVAL_DEFAULT_MS,
  REFRESH_INTERVAL_MAX_MS,
  REFRESH_INTERVAL_MIN_MS,
} from './refresh';

describe('isRefreshInterval', () => {
  it('takes 200 ms to one hour, both ends included, fractions too', () => {
    for (const ms of [200, 200.5, 1000, 3_600_000]) expect(isRefreshInterval(ms), String(ms)).toBe(true);
    for (const ms of [199.999, 0, -1000, 3_600_000.5, 7_200_000]) expect(isRefreshInterval(ms), String(ms)).toBe(false);
  });

  it('refuses what is not a finite number, text that reads as one included', () => {
    for (const v of [NaN, Infinity, -Infinity, '1000', '200', [1000], true, null, undefined, 1000n]) {
      expect(isRefreshInterval(v), String(v)).toBe(false);
    }
  });

  it('offers only choices it accepts, and defaults to one of them', () => {
    expect(REFRESH_INTERVAL_MIN_MS).toBeLessThan(REFRESH_INTERVAL_MAX_MS);
    for (const ms of REFRESH_INTERVAL_CHOICES_MS) expect(isRefreshInterval(ms)).toBe(true);
    expect(REFRESH_INTERVAL_CHOICES_MS).toContain(REFRESH_INTERVAL_DEFAULT_MS);
  });
});
