/**
 * Bounded cardinality: keep the N largest counts as their own series and sum
 * the rest into one "(other)" series, so a host with 10k peers or 500
 * processes still exports a fixed, documented number of series.
 */

/** The label value of the series that holds everything beyond the top N. */
export const OTHER = '(other)';

export interface Folded {
  /** The largest counts, largest first; ties by key so the kept set does not flap between scrapes. */
  kept: Array<[key: string, count: number]>;
  /** The sum of every count that was not kept (0 when nothing was folded). */
  other: number;
  /** How many distinct keys went into `other`. */
  foldedKeys: number;
}

export function foldTopN(counts: ReadonlyMap<string, number>, limit: number): Folded {
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`the top-N limit must be a whole number >= 0, got ${limit}`);
  const entries = [...counts];
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = entries.slice(0, limit);
  let other = 0;
  for (let i = limit; i < entries.length; i++) other += (entries[i] as [string, number])[1];
  return { kept, other, foldedKeys: Math.max(0, entries.length - limit) };
}

/** Adds one to `key` in `counts`. */
export function increment(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}
