/**
 * A small view and the reference of a view's update (what view-merge.ts mergeView() must give, and
 * view-splice.ts spliceView() where it takes the diff), for both files' tests.
 */
import { blankConnection, type Connection } from '../../shared/model';
import type { Ranked } from './ranked';
import type { Entering } from './view-splice';

export const row = (n: number): Connection => ({
  ...blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: n,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state: 'ESTABLISHED',
  }),
  id: `r${n}`,
});

/**
 * The change places of a diff to a view of `size` rows from arbitrary numbers: the positions leaving (distinct,
 * ascending, inside the view) and the places rows enter at (ascending, 0 to `size`).
 */
export function changePlaces(size: number, dropAt: number[], enterAt: number[]): { drop: number[]; at: number[] } {
  return {
    drop: [...new Set(dropAt.filter((p) => p < size))].sort((a, b) => a - b),
    at: enterAt.map((p) => p % (size + 1)).sort((a, b) => a - b),
  };
}

/** A row entering at each of the places `at`, keyed and ordered after every row of a view. */
export const enteringAt = (at: number[]): Entering[] =>
  at.map((_, i) => ({ c: row(100 + i), key: `e${i}`, ord: 1000 + i }));

export function view(size: number, texts: boolean): Ranked & { ords: Float64Array } {
  const rows = Array.from({ length: size }, (_, i) => row(i));
  const ords = new Float64Array(new ArrayBuffer(8 * (size + 2)), 0, size);
  ords.forEach((_, i) => (ords[i] = i));
  return {
    rows,
    keys: rows.map((_, i) => `k${i}`),
    ords,
    hays: texts ? rows.map((c) => ({ own: c.id, owner: null }) as never) : null,
    warmedTo: 0,
  };
}

/** What merge() gives: rows, keys, orders and texts (undefined for an entering row). */
export function merged(list: Ranked & { ords: Float64Array }, drop: number[], entering: Entering[], at: number[]) {
  const out: { c: Connection; key: unknown; ord: number; hay: unknown }[] = [];
  let e = 0;
  for (let i = 0; i <= list.rows.length; i++) {
    for (; e < entering.length && at[e] === i; e++) {
      const x = entering[e] as Entering;
      out.push({ c: x.c, key: x.key, ord: x.ord, hay: undefined });
    }
    if (i < list.rows.length && !drop.includes(i))
      out.push({
        c: list.rows[i] as Connection,
        key: list.keys?.[i],
        ord: list.ords[i] as number,
        hay: list.hays?.[i],
      });
  }
  return out;
}

export const shown = (r: Ranked) =>
  r.rows.map((c, i) => ({ c, key: r.keys?.[i], ord: r.ords?.[i] as number, hay: r.hays?.[i] }));
