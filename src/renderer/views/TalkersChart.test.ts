import { describe, expect, it } from 'vitest';
import { seriesStroke } from './TalkersChart';

describe('seriesStroke', () => {
  const five = [0, 1, 2, 3, 4].map(seriesStroke);

  it('draws the first series solid and each later one thinner, so equal lines show inside each other', () => {
    expect(five[0]?.strokeDasharray).toBeUndefined();
    for (let i = 1; i < five.length; i++) {
      expect(five[i]?.strokeWidth).toBeLessThan(five[i - 1]?.strokeWidth ?? 0);
      expect(five[i]?.strokeDasharray).toMatch(/^\d+(\.\d+)? \d+(\.\d+)?$/);
    }
  });

  it('gives the five series five colours and five dash patterns', () => {
    expect(new Set(five.map((s) => s.stroke)).size).toBe(5);
    expect(new Set(five.map((s) => s.strokeDasharray ?? 'solid')).size).toBe(5);
  });

  it('starts over past five (the chart shows five)', () => {
    expect(seriesStroke(5)).toEqual(seriesStroke(0));
  });
});
