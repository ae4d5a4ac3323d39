/**
 * The one-pass update of a view (view-merge.ts) gives the reference merge's list (view-merge.fixtures.ts): for each
 * place, the rows entering there, then the row there unless it left; after the last place, the rows entering at
 * the end. Its runs are copied between change points, so the edges of those runs are tried on purpose.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ranked } from './ranked';
import { changePlaces, enteringAt, merged, row, shown, view } from './view-merge.fixtures';
import { mergeView, noSpare, type Spare } from './view-merge';

/** A view of `size` rows, with or without keys, and texts for some rows only (`warm`: which have one). */
function list(size: number, keyed: boolean, warm: boolean[] | null, warmedTo = 0): Ranked & { ords: Float64Array } {
  const v = view(size, warm !== null);
  return {
    ...v,
    keys: keyed ? v.keys : null,
    hays: v.hays && v.hays.map((h, i) => (warm?.[i % warm.length] ? h : undefined)),
    warmedTo,
  };
}

/** mergeView against the reference, and the view it was given left as it was. */
function check(
  before: Ranked & { ords: Float64Array },
  drop: number[],
  at: number[],
  spare: Spare = noSpare(),
): Ranked {
  const entering = enteringAt(at);
  const want = merged(before, drop, entering, at);
  const copy = shown(before);
  const { view: got } = mergeView(before, Int32Array.from(drop), entering, at, spare);
  expect(shown(got)).toEqual(before.keys ? want : want.map((x) => ({ ...x, key: undefined })));
  expect(shown(before)).toEqual(copy);
  // No row before warmedTo lacks its text (warmText starts there), and the merge warms nothing itself.
  for (let i = 0; i < got.warmedTo; i++) expect(got.hays?.[i]).toBeDefined();
  expect(got.warmedTo).toBeLessThanOrEqual(before.warmedTo);
  return got;
}

describe('mergeView', () => {
  it('equals the reference merge for any rows leaving and entering, with or without keys and texts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.nat({ max: 50 })),
        fc.array(fc.nat({ max: 50 }), { maxLength: 20 }),
        fc.boolean(),
        fc.option(fc.array(fc.boolean(), { minLength: 1, maxLength: 5 })),
        fc.nat({ max: 40 }),
        (size, dropAt, enterAt, keyed, warm, warmedTo) => {
          const before = list(size, keyed, warm, warm?.every(Boolean) ? Math.min(warmedTo, size) : 0);
          const { drop, at } = changePlaces(size, dropAt, enterAt);
          check(before, drop, at);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('copies the runs right at their edges: changes at the first and last row, side by side, everywhere, nowhere', () => {
    const size = 10;
    const all = Array.from({ length: size }, (_, i) => i);
    const cases: [string, number[], number[]][] = [
      ['nothing changed', [], []],
      ['the first row leaves', [0], []],
      ['a row enters first', [], [0]],
      ['the first row is replaced', [0], [0]],
      ['the last row leaves', [size - 1], []],
      ['a row enters last', [], [size]],
      ['the last row is replaced, then one enters after it', [size - 1], [size - 1, size]],
      ['rows side by side leave', [3, 4, 5], []],
      ['rows enter side by side at one place, and at the next', [], [4, 4, 4, 5]],
      ['leaving and entering alternate', [1, 3, 5, 7], [2, 4, 6, 8]],
      ['every row leaves', all, []],
      ['every row leaves and as many enter', all, all],
      ['every row leaves, rows enter at both ends', all, [0, 0, size, size]],
      ['every other row leaves', [0, 2, 4, 6, 8], []],
    ];
    for (const [name, drop, at] of cases) {
      for (const warm of [null, [true], [true, false]]) {
        const before = list(size, true, warm, warm?.length === 1 ? size : 0);
        expect([name, shown(check(before, drop, at)).length]).toEqual([name, size - drop.length + at.length]);
      }
    }
    expect(check(list(0, true, [true]), [], []).rows).toEqual([]);
    expect(check(list(0, true, [true]), [], [0, 0]).rows).toEqual([row(100), row(101)]);
  });

  it('keeps the texts warmed before the first change, and no further', () => {
    const warm = list(12, true, [true], 10);
    expect(check(warm, [4, 5], []).warmedTo).toBe(4);
    expect(check(warm, [], [2]).warmedTo).toBe(2);
    expect(check(warm, [11], [11]).warmedTo).toBe(10);
    expect(check(list(12, true, [true], 3), [4, 5], []).warmedTo).toBe(3);
  });

  it('merges a diff of ~15k places (more than one concat() took when the runs were joined by it)', () => {
    // 20k rows, every other one leaving and a row entering beside every fourth: ~15k parts.
    const size = 20_000;
    const before = list(size, true, [true, false]);
    const drop = Array.from({ length: size / 2 }, (_, i) => 2 * i);
    const at = Array.from({ length: size / 4 }, (_, i) => 4 * i + 1);
    check(before, drop, at);
  });

  it('writes its rows and keys into spare arrays of any length, no stale slot left, never into the view given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.nat({ max: 50 })),
        fc.array(fc.nat({ max: 50 }), { maxLength: 20 }),
        fc.nat({ max: 80 }),
        fc.nat({ max: 80 }),
        (size, dropAt, enterAt, rowsLeft, keysLeft) => {
          const before = list(size, true, null);
          const { drop, at } = changePlaces(size, dropAt, enterAt);
          // Arrays of an earlier view, longer or shorter than this one: full of rows and keys no longer shown.
          const stale: Spare = {
            ords: null,
            rows: Array.from({ length: rowsLeft }, (_, i) => row(500 + i)),
            keys: Array.from({ length: keysLeft }, (_, i) => `stale${i}`),
          };
          const { rows, keys } = stale;
          const got = check(before, drop, at, stale);
          expect(got.rows).toBe(rows);
          expect(got.keys).toBe(keys);
          // The list's own arrays, passed as spares, are never written into: new ones are made.
          const self = check(before, drop, at, { ords: null, rows: before.rows, keys: before.keys });
          expect(self.rows).not.toBe(before.rows);
          expect(self.keys).not.toBe(before.keys);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives back the keys and orders of the view it was given as the next spares, not its rows', () => {
    const first = list(30, true, null);
    const { spare } = mergeView(first, Int32Array.from([0]), [], [], noSpare());
    expect(spare).toEqual({ ords: first.ords, keys: first.keys, rows: null });
  });

  it('writes its orders into the spare buffer when it is big enough, and never into the view it was given', () => {
    const first = list(30, true, null);
    const one = mergeView(first, Int32Array.from([0, 1]), enteringAt([30]), [30], noSpare());
    expect(one.view.ords?.buffer).not.toBe(first.ords.buffer);
    expect(one.spare.ords).toBe(first.ords);
    const second = one.view as Ranked & { ords: Float64Array };
    const kept = shown(second);
    const two = mergeView(second, Int32Array.from([0]), [], [], one.spare);
    expect(two.view.ords?.buffer).toBe(first.ords.buffer);
    expect(shown(second)).toEqual(kept);
    expect(shown(two.view)).toEqual(merged(second, [0], [], []));
    // A spare too small for the view is left for a new buffer.
    const small = { ords: new Float64Array(2), keys: null, rows: null };
    const three = mergeView(second, Int32Array.from([]), enteringAt([5]), [5], small);
    expect(three.view.ords?.buffer).not.toBe(small.ords.buffer);
    expect(shown(three.view)).toEqual(merged(second, [], enteringAt([5]), [5]));
  });
});
