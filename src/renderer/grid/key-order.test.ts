import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSortKeys, type SortKey } from '../../shared/sort-keys';
import { keyOrder } from './key-order';

/** The order a stable comparator sort gives (what the grid did before keyOrder): the rule keyOrder must keep. */
function reference(keys: readonly SortKey[], desc: boolean): number[] {
  return keys
    .map((_, i) => i)
    .sort((a, b) => compareSortKeys(keys[a] ?? null, keys[b] ?? null, desc ? -1 : 1) || a - b);
}

const key: fc.Arbitrary<SortKey> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 6 }),
  fc.integer({ min: -5, max: 2 ** 32 + 1 }),
  fc.constantFrom('6a', '6b', '9x', ''),
  fc.string({ maxLength: 3 }),
  fc.double({ noNaN: true, min: -1e20, max: 1e20 }),
);

describe('keyOrder', () => {
  it('orders any keys as a stable sort by compareSortKeys does, both directions', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.boolean(), (keys, desc) => {
        expect([...keyOrder(keys, desc)]).toEqual(reference(keys, desc));
      }),
      { numRuns: 2000 },
    );
  });

  it('packs integer keys with their index: ties in index order, numbers before text, empty last', () => {
    const keys: SortKey[] = [3, null, 1, '6b', 3, 2 ** 32 + 1, 0, '6a', null, 1];
    expect([...keyOrder(keys, false)]).toEqual([6, 2, 9, 0, 4, 5, 7, 3, 1, 8]);
    expect([...keyOrder(keys, true)]).toEqual([3, 7, 5, 0, 4, 2, 9, 6, 1, 8]);
  });

  it('falls back to a comparator where packed integers would pass 2^53 (a range of 2^52 times 8 indexes)', () => {
    const keys: SortKey[] = [2 ** 52, 0, 2 ** 52, 3, 1];
    expect([...keyOrder(keys, false)]).toEqual([1, 4, 3, 0, 2]);
    expect([...keyOrder(keys, true)]).toEqual([0, 2, 3, 4, 1]);
  });

  it('falls back to a comparator for fractional keys (a small range, which would pack)', () => {
    const keys: SortKey[] = [2, 0.5, 2, 1.5, 1];
    expect([...keyOrder(keys, false)]).toEqual([1, 4, 3, 0, 2]);
    expect([...keyOrder(keys, true)]).toEqual([0, 2, 3, 4, 1]);
  });
});
