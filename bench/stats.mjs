// The bench scripts' one median and one percentile. WHY one: the scripts had grown eighteen copies of the median,
// some taking the upper of the two middle values, some the lower, each favouring one side of a ratio when a count
// was even; and four copies of the percentile, one of them a rank higher than the others (floor(p * n) against
// floor(p * (n - 1))), so the same p95 differed between tables. (import.mjs picks the middle run's whole record:
// another job.)

/** The middle value; of an even count, the mean of the two middle ones; undefined for no values. */
export function median(xs) {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The p-quantile (0..1) by nearest rank: the value at floor(p * (n - 1)) of the sorted values, one of the values
 * measured (never interpolated); undefined for no values. The p95 of 12 diffs is the second slowest (index
 * floor(0.95 * 11) = 10 of 0..11): one slow outlier alone does not set it.
 */
export function pct(xs, p) {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}
