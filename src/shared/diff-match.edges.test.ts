/**
 * Each branch of matchRowsById's walk on the smallest list that takes it, with the exact number of rows
 * parked (the cost the walk exists to keep small) and the pairs `same` was asked about.
 */
import { describe, expect, it } from 'vitest';
import { matchRowsById, ROW_ADDED, ROW_CHANGED, ROW_SAME } from './diff-match';

interface Row {
  id: string;
  v: number;
}

const rows = (spec: string): Row[] =>
  spec
    .split(' ')
    .filter((s) => s !== '')
    .map((s) => ({ id: s.replace('*', ''), v: s.endsWith('*') ? 1 : 0 }));

/** The match, and the pairs compared as "older id>newer id @ older index>newer index". */
function run(older: string, newer: string) {
  const a = rows(older);
  const b = rows(newer);
  const pairs: string[] = [];
  const match = matchRowsById(a, b, (x, y) => {
    pairs.push(`${x.id}@${a.indexOf(x)}>${b.indexOf(y)}`);
    return x.v === y.v;
  });
  return { status: [...match.status], kept: [...match.kept], parked: match.parked, pairs };
}

const [N, S, C] = [ROW_ADDED, ROW_SAME, ROW_CHANGED];

describe('matchRowsById: the walk', () => {
  it('tells the three outcomes apart by number', () => {
    expect([ROW_ADDED, ROW_SAME, ROW_CHANGED]).toEqual([0, 1, 2]);
  });

  it('pairs rows in place without parking any, and asks `same` about each pair in order', () => {
    expect(run('a b c', 'a b* c')).toEqual({
      status: [S, C, S],
      kept: [1, 1, 1],
      parked: 0,
      pairs: ['a@0>0', 'b@1>1', 'c@2>2'],
    });
  });

  it('a row removed above: the older side is found parked on the newer side and advances alone', () => {
    // x vs a: both parked; a (older) is then found among newer's parked rows; b vs b in step again.
    expect(run('x a b', 'a b*')).toEqual({ status: [S, C], kept: [0, 1, 1], parked: 2, pairs: ['a@1>0', 'b@2>1'] });
  });

  it('a row inserted above: the newer side is found parked on the older side and advances alone', () => {
    // a vs n: both parked; b vs a: a is parked on the older side; b vs b in step again.
    expect(run('a b c', 'n a* b c')).toEqual({
      status: [N, C, S, S],
      kept: [1, 1, 1],
      parked: 2,
      pairs: ['a@0>1', 'b@1>2', 'c@2>3'],
    });
  });

  it('a block of oldest rows closed: parks twice the block, then runs in step', () => {
    const r = run('o1 o2 o3 a b c d e', 'a b c d e n1');
    expect(r.status).toEqual([S, S, S, S, S, N]);
    expect(r.kept).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    expect(r.parked).toBe(6);
  });

  it('the older list runs out first: the rest of newer pairs with parked older rows, or is new', () => {
    // a vs b: both parked; older b is found parked on the newer side; the older list ends, and the tail of
    // newer (a, n) looks among the parked older rows: a is there, n is not.
    expect(run('a b', 'b a* n')).toEqual({
      status: [S, C, N],
      kept: [1, 1],
      parked: 2,
      pairs: ['b@1>0', 'a@0>1'],
    });
  });

  it('the newer list runs out first: the rest of older pairs with parked newer rows, or is gone', () => {
    expect(run('x a z', 'a')).toEqual({ status: [S], kept: [0, 1, 0], parked: 2, pairs: ['a@1>0'] });
    expect(run('x y a', 'a* q')).toEqual({ status: [C, N], kept: [0, 0, 1], parked: 4, pairs: ['a@2>0'] });
  });

  it('tails with nothing parked: rows appended are new, rows cut off the end are gone', () => {
    expect(run('a', 'a n')).toEqual({ status: [S, N], kept: [1], parked: 0, pairs: ['a@0>0'] });
    expect(run('a z', 'a')).toEqual({ status: [S], kept: [1, 0], parked: 0, pairs: ['a@0>0'] });
    expect(run('', 'n')).toEqual({ status: [N], kept: [], parked: 0, pairs: [] });
    expect(run('z', '')).toEqual({ status: [], kept: [0], parked: 0, pairs: [] });
    expect(run('', '')).toEqual({ status: [], kept: [], parked: 0, pairs: [] });
  });
});

describe('matchRowsById: repeated ids (a broken collector) never pair a row twice', () => {
  it('a parked newer row, once paired in the walk, is not paired again with a later older twin', () => {
    // x vs a: parked; a (older 1) pairs with parked newer a; b vs b; a (older 3) vs c: parked, not paired.
    const r = run('x a b a', 'a b c');
    expect(r.pairs).toEqual(['a@1>0', 'b@2>1']);
    expect(r.kept).toEqual([0, 1, 1, 0]);
  });

  it('a parked older row, once paired in the walk, is not paired again with a later newer twin', () => {
    const r = run('a b c', 'x a b a');
    expect(r.pairs).toEqual(['a@0>1', 'b@1>2']);
    expect(r.status).toEqual([N, S, S, N]);
  });

  it('in the tails too', () => {
    // x vs a: parked; the newer list ends; older a pairs with parked a, the second older a does not.
    const older = run('x a a', 'a');
    expect(older.pairs).toEqual(['a@1>0']);
    expect(older.kept).toEqual([0, 1, 0]);
    const newer = run('a', 'x a a');
    expect(newer.pairs).toEqual(['a@0>1']);
    expect(newer.status).toEqual([N, S, N]);
  });
});
