// The bench scripts' one median. WHY one: the scripts had grown eighteen copies, some taking the upper of the two
// middle values, some the lower; each favoured one side of a ratio when a count was even. (The renderer benches'
// pct() is a nearest-rank percentile for their p95s, and import.mjs picks the middle run's whole record: other jobs.)

/** The middle value; of an even count, the mean of the two middle ones; undefined for no values. */
export function median(xs) {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
