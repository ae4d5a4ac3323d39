/**
 * matchRowsById against its definition, on lists edited the ways a socket table changes between refreshes:
 * rows closed anywhere (the oldest first, in a block), opened anywhere, moved, changed in place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRowsById, ROW_ADDED, ROW_CHANGED, ROW_SAME } from './diff-match';

interface Row {
  id: string;
  v: number;
}

type Edit =
  | { kind: 'remove'; at: number }
  | { kind: 'insert'; at: number }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'change'; at: number }
  | { kind: 'removeOldest'; count: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('change' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('removeOldest' as const), count: fc.integer({ min: 1, max: 20 }) }),
);

/** The list after the edits (indexes taken modulo the length), and how many rows were touched. */
function edited(older: Row[], edits: Edit[]): { newer: Row[]; touched: number } {
  const newer = older.map((r) => ({ ...r }));
  let fresh = 0;
  let touched = 0;
  for (const e of edits) {
    if (e.kind === 'insert') {
      newer.splice(e.at % (newer.length + 1), 0, { id: `new${fresh++}`, v: 0 });
      touched++;
      continue;
    }
    if (newer.length === 0) continue;
    if (e.kind === 'remove') newer.splice(e.at % newer.length, 1);
    else if (e.kind === 'removeOldest') newer.splice(0, e.count);
    else if (e.kind === 'change') (newer[e.at % newer.length] as Row).v++;
    else {
      const [row] = newer.splice(e.from % newer.length, 1);
      newer.splice(e.to % (newer.length + 1), 0, row as Row);
    }
    touched += e.kind === 'removeOldest' ? e.count : e.kind === 'move' ? 2 : 1;
  }
  return { newer, touched };
}

const rowsArb = (max: number): fc.Arbitrary<Row[]> =>
  fc.integer({ min: 0, max }).map((n) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, v: 0 })));

const sameValue = (a: Row, b: Row): boolean => a.v === b.v;

/** What matchRowsById must return, worked out with a Map of every id. */
function expected(older: Row[], newer: Row[]): { status: number[]; kept: number[] } {
  const byId = new Map(older.map((r) => [r.id, r]));
  const inNewer = new Set(newer.map((r) => r.id));
  return {
    status: newer.map((r) => {
      const was = byId.get(r.id);
      return was === undefined ? ROW_ADDED : was.v === r.v ? ROW_SAME : ROW_CHANGED;
    }),
    kept: older.map((r) => (inNewer.has(r.id) ? 1 : 0)),
  };
}

describe('matchRowsById', () => {
  it('pairs every id found on both sides, whatever was inserted, removed, moved or changed', () => {
    fc.assert(
      fc.property(rowsArb(60), fc.array(editArb, { maxLength: 12 }), (older, edits) => {
        const { newer } = edited(older, edits);
        const calls: [Row, Row][] = [];
        const match = matchRowsById(older, newer, (a, b) => {
          calls.push([a, b]);
          return sameValue(a, b);
        });
        const want = expected(older, newer);
        expect([...match.status]).toEqual(want.status);
        expect([...match.kept]).toEqual(want.kept);
        // `same` saw each pair once, and only rows with the same id.
        expect(calls.length).toBe(want.kept.filter((k) => k === 1).length);
        for (const [a, b] of calls) expect(a.id).toBe(b.id);
      }),
      { numRuns: 500 },
    );
  });

  it('parks no more rows than the edits touched, twice over: it comes back in step after each', () => {
    fc.assert(
      fc.property(rowsArb(200), fc.array(editArb, { maxLength: 8 }), (older, edits) => {
        const { newer, touched } = edited(older, edits);
        const { parked } = matchRowsById(older, newer, sameValue);
        expect(parked).toBeLessThanOrEqual(2 * touched);
      }),
      { numRuns: 500 },
    );
  });

  it('handles the ends: empty lists, all removed, all new', () => {
    fc.assert(
      fc.property(rowsArb(40), (rows) => {
        const none: Row[] = [];
        const gone = matchRowsById(rows, none, sameValue);
        expect([...gone.kept]).toEqual(rows.map(() => 0));
        expect(gone.status.length).toBe(0);
        const born = matchRowsById(none, rows, sameValue);
        expect([...born.status]).toEqual(rows.map(() => ROW_ADDED));
        expect(born.kept.length).toBe(0);
        const others = rows.map((r) => ({ id: `x${r.id}`, v: 0 }));
        const replaced = matchRowsById(rows, others, sameValue);
        expect([...replaced.status]).toEqual(rows.map(() => ROW_ADDED));
        expect([...replaced.kept]).toEqual(rows.map(() => 0));
        expect(gone.parked + born.parked).toBe(0);
      }),
    );
  });

  it('pairs a row at most once even when ids repeat (a broken collector), so counts stay consistent', () => {
    const idArb = fc.constantFrom('a', 'b', 'c', 'd');
    const listArb = fc.array(
      idArb.map((id) => ({ id, v: 0 })),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(listArb, listArb, (older, newer) => {
        const seenOlder = new Set<Row>();
        const seenNewer = new Set<Row>();
        const match = matchRowsById(older, newer, (a, b) => {
          expect(seenOlder.has(a) || seenNewer.has(b)).toBe(false);
          seenOlder.add(a);
          seenNewer.add(b);
          return true;
        });
        const paired = [...match.status].filter((s) => s !== ROW_ADDED).length;
        expect([...match.kept].filter((k) => k === 1).length).toBe(paired);
        expect(seenOlder.size).toBe(paired);
      }),
      { numRuns: 1000 },
    );
  });
});
