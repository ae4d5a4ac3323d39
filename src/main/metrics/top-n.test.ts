import { describe, expect, it } from 'vitest';
import { foldTopN } from './top-n';

describe('foldTopN', () => {
  const counts = new Map([
    ['a', 5],
    ['b', 9],
    ['c', 1],
    ['d', 5],
    ['e', 2],
  ]);

  it('keeps the N largest, largest first, ties by key, and sums the rest', () => {
    const folded = foldTopN(counts, 3);
    expect(folded.kept).toEqual([
      ['b', 9],
      ['a', 5],
      ['d', 5],
    ]);
    expect(folded.other).toBe(3);
    expect(folded.foldedKeys).toBe(2);
  });

  it('folds nothing when everything fits, and everything with a limit of 0', () => {
    expect(foldTopN(counts, 10)).toEqual({ kept: [...foldTopN(counts, 5).kept], other: 0, foldedKeys: 0 });
    expect(foldTopN(counts, 0)).toEqual({ kept: [], other: 22, foldedKeys: 5 });
  });

  it('refuses a limit that is not a whole number', () => {
    expect(() => foldTopN(counts, -1)).toThrow(RangeError);
    expect(() => foldTopN(counts, 1.5)).toThrow(RangeError);
  });
});
