// Fields of a /proc/<pid>/stat line for the bench's tools, numbered as proc(5) numbers them (1 pid, 2 comm, 4 ppid,
// 10 minflt, 14 utime, 15 stime...). The name (field 2) may hold spaces and ')', so fields are counted from the last
// ')' (the app's own reader: src/main/collectors/linux/proc-stat-line.ts).

/** Field `n` of a stat line (a string), or undefined. */
export function statField(stat, n) {
  const close = stat.lastIndexOf(')');
  if (n === 2) return stat.slice(stat.indexOf('(') + 1, close);
  if (n === 1) return stat.slice(0, stat.indexOf(' ('));
  return stat
    .slice(close + 2)
    .trimEnd()
    .split(' ')[n - 3];
}

/** Field `n` as a number (NaN when absent). */
export const statNumber = (stat, n) => Number(statField(stat, n));
