/**
 * matchRowsById where rows that did not change are the same objects in both lists, as the engines hand them back
 * (netlink, the synthetic load): the same pairs as with copies, and such a pair is made without reading its id
 * (issue 11: an idle refresh does not touch rows that left the CPU's caches since the last one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRowsById, ROW_ADDED, ROW_CHANGED, ROW_SAME } from './diff-match';

interface Row {
  readonly id: string;
  v: number;
}

/** A row whose id reads are counted in `reads`. */
function counted(id: string, v: number, reads: { n: number }): Row {
  return {
    get id() {
      reads.n++;
      return id;
    },
    v,
  };
}

const editArb = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('change' as const), at: fc.nat() }),
);

describe('matchRowsById on rows handed back as the same objects', () => {
  it('pairs them as it pairs copies, and reads the id of no row found in place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.array(editArb, { maxLength: 8 }), (n, edits) => {
        const reads = { n: 0 };
        const older = Array.from({ length: n }, (_, i) => counted(`r${i}`, 0, reads));
        const newer = [...older];
        let fresh = 0;
        for (const e of edits) {
          if (e.kind === 'insert') newer.splice(e.at % (newer.length + 1), 0, counted(`new${fresh++}`, 0, reads));
          else if (newer.length === 0) continue;
          else if (e.kind === 'remove') newer.splice(e.at % newer.length, 1);
          else if (e.kind === 'change') {
            const at = e.at % newer.length;
            const row = newer[at] as Row;
            newer[at] = counted(row.id, row.v + 1, reads);
          } else {
            const [row] = newer.splice(e.from % newer.length, 1);
            newer.splice(e.to % (newer.length + 1), 0, row as Row);
          }
        }
        const copy = (rows: Row[]): Row[] => rows.map((r) => ({ id: r.id, v: r.v }));
        const same = (a: Row, b: Row): boolean => a.v === b.v;
        const reference = matchRowsById(copy(older), copy(newer), same);
        reads.n = 0;
        const match = matchRowsById(older, newer, same);
        expect([...match.status]).toEqual([...reference.status]);
        expect([...match.kept]).toEqual([...reference.kept]);
        // Nothing edited: every row is paired in place, and no id is read.
        if (edits.length === 0) expect(reads.n).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('still asks `same` about a pair of the same object', () => {
    const row = { id: 'a', v: 1 };
    const match = matchRowsById([row], [row], () => false);
    expect([...match.status]).toEqual([ROW_CHANGED]);
    expect([...matchRowsById([row], [row], () => true).status]).toEqual([ROW_SAME]);
    expect([...matchRowsById([], [row], () => true).status]).toEqual([ROW_ADDED]);
  });
});
