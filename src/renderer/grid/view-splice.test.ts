/**
 * The in-place update of a view (view-splice.ts) gives exactly the one-pass merge's list: for each place, the
 * rows entering there, then the row there unless it left; after the last place, the rows entering at the end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ranked } from './ranked';
import { changePlaces, enteringAt, merged, row, shown, view } from './view-merge.fixtures';
import { spliceView, writeReplaced, type Replaced } from './view-splice';

describe('spliceView', () => {
  it('equals the merge for any rows leaving and entering, or leaves the diff to it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.nat({ max: 40 })),
        fc.array(fc.nat({ max: 40 }), { maxLength: 12 }),
        fc.boolean(),
        (size, dropAt, enterAt, texts) => {
          const list = view(size, texts);
          const { drop, at } = changePlaces(size, dropAt, enterAt);
          const entering = enteringAt(at);
          const want = merged(list, drop, entering, at);
          const got = spliceView(list, drop, entering, at);
          if (got) expect(shown(got)).toEqual(want);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes its rows into a spare rows array of any length with no stale row left, never into the list given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 6 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 6 }),
        fc.nat({ max: 60 }),
        (size, dropAt, enterAt, spareLength) => {
          const { drop, at } = changePlaces(size, dropAt, enterAt);
          const entering = enteringAt(at);
          const want = merged(view(size, false), drop, entering, at);
          // Rows of a view no longer shown, longer or shorter than this one.
          const spare = Array.from({ length: spareLength }, (_, i) => row(500 + i));
          const list = view(size, false);
          const rows = [...list.rows];
          const got = spliceView(list, drop, entering, at, spare);
          if (!got) return;
          expect(shown(got)).toEqual(want);
          expect(got.rows).toBe(spare);
          expect(list.rows).toEqual(rows);
          // Handed its own rows as the spare, it copies them to a new array instead.
          const again = view(size, false);
          const own = spliceView(again, drop, entering, at, again.rows);
          expect(own?.rows).not.toBe(again.rows);
          expect(shown(own as Ranked)).toEqual(want);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('writes over the rows that keep their place and splices the runs: the oldest leaving, the newest entering', () => {
    const list = view(12, true);
    // Rows 0-2 leave; 5 and 6 change in place (entering where they were); 8 closes (entering just after itself);
    // two new rows enter at the end.
    const drop = [0, 1, 2, 5, 6, 8];
    const at = [5, 6, 9, 12, 12];
    const entering = at.map((_, i) => ({ c: row(200 + i), key: `n${i}`, ord: 500 + i }));
    const want = merged(list, drop, entering, at);
    const got = spliceView(list, drop, entering, at);
    expect(got).not.toBeNull();
    expect(shown(got as Ranked)).toEqual(want);
    // Texts before the first change are kept as built.
    expect((got as Ranked).warmedTo).toBe(0);
  });

  it('keeps the texts warmed before the first change, and no further', () => {
    // Texts warmed up to 10; the first change is at 4 (a row leaves): 4..9 moved, so only 0..3 are known warmed.
    const warm = { ...view(12, true), warmedTo: 10 };
    expect(spliceView(warm, [4, 5], [], [])?.warmedTo).toBe(4);
    // Warmed up to 3 only: a change at 4 does not warm more.
    const cool = { ...view(12, true), warmedTo: 3 };
    expect(spliceView(cool, [4, 5], [], [])?.warmedTo).toBe(3);
    // A row entering at 2 (nothing leaving before it) moves everything from 2 on.
    const entering = [{ c: row(300), key: 'e', ord: 900 }];
    expect(spliceView({ ...view(12, true), warmedTo: 10 }, [], entering, [2])?.warmedTo).toBe(2);
  });

  it('writes changed rows over their rows wherever the diff moved them, and no text before warmedTo is missing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.nat({ max: 40 })),
        fc.array(fc.nat({ max: 40 }), { maxLength: 12 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 10 }),
        fc.nat({ max: 30 }),
        (size, dropAt, enterAt, replaceAt, warmedTo) => {
          const list = { ...view(size, true), warmedTo: Math.min(warmedTo, size) };
          const { drop, at } = changePlaces(size, dropAt, enterAt);
          const entering = enteringAt(at);
          // Kept rows changed in place, in any order (as a diff's changed rows come).
          const places = [...new Set(replaceAt.map((p) => p % size))].filter((p) => !drop.includes(p));
          const replaced: Replaced[] = places.map((p) => ({ p, c: row(500 + p), key: `k${p}` }));
          const want = merged(list, drop, entering, at).map((x) => {
            const r = replaced.find((y) => list.rows[y.p] === x.c);
            return r ? { ...x, c: r.c, key: r.key, hay: undefined } : x;
          });
          const got = spliceView(list, drop, entering, at);
          if (!got) return;
          writeReplaced(got, replaced, Int32Array.from(drop), at);
          expect(shown(got)).toEqual(want);
          for (let i = 0; i < got.warmedTo; i++) expect(got.hays?.[i]).toBeDefined();
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('leaves a diff scattered over more places than a few splices to the merge', () => {
    const list = view(40, false);
    const drop = [1, 5, 9, 13, 17, 21, 25, 29, 33];
    expect(spliceView(list, drop, [], [])).toBeNull();
  });
});
