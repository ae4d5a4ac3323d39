// pastBusiest against the sort it stands for: every entry sorted most bytes first, then by key, cut at `kept`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pastBusiest, type BusiestOrder } from './busiest-cut';

interface Entry {
  key: string;
  bytes: number;
}
const ORDER: BusiestOrder<Entry> = { bytes: (e) => e.bytes, key: (e) => e.key };

/** The reference: a sort of them all (NaN as the fewest bytes), the entries from `kept` on. */
function bySort(entries: readonly Entry[], kept: number): Entry[] {
  const bytes = (e: Entry): number => (Number.isNaN(e.bytes) ? -Infinity : e.bytes);
  const sorted = [...entries].sort((a, b) => bytes(b) - bytes(a) || (a.key < b.key ? -1 : 1));
  return sorted.slice(Math.max(0, kept));
}
const keysOf = (entries: readonly Entry[]): string[] => entries.map((e) => e.key).sort();

describe('pastBusiest', () => {
  it('gives the entries a sort would put past the kept ones, ties at the cut decided by key', () => {
    fc.assert(
      fc.property(
        // Few distinct byte counts (ties at the cut are the point), some NaN, and unique keys.
        fc.uniqueArray(
          fc.record({
            key: fc.string({ maxLength: 4 }),
            bytes: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(Number.NaN), fc.double({ noNaN: true })),
          }),
          { selector: (e) => e.key, maxLength: 40 },
        ),
        fc.integer({ min: -2, max: 45 }),
        (entries, kept) => {
          expect(keysOf(pastBusiest(entries, kept, ORDER))).toEqual(keysOf(bySort(entries, kept)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the busiest, and of two with the bytes at the cut the first by key', () => {
    const entries = [
      { key: 'd', bytes: 10 },
      { key: 'b', bytes: 30 },
      { key: 'c', bytes: 10 },
      { key: 'a', bytes: 10 },
      { key: 'e', bytes: 5 },
    ];
    expect(keysOf(pastBusiest(entries, 3, ORDER))).toEqual(['d', 'e']);
    expect(pastBusiest(entries, 5, ORDER)).toEqual([]);
    expect(keysOf(pastBusiest(entries, 0, ORDER))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
