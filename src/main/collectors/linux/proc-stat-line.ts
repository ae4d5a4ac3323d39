/**
 * A field of a /proc/<pid>/stat line (proc(5)): `pid (comm) state ppid ...`. The name (field 2) is the program's
 * own and may hold spaces and ')' ("(sd-pam)", "tmux: server", a name chosen to fool a parser), so the fields are
 * counted from the last ')' of the line, as procps does; a split on spaces from the start is wrong for such names.
 */

/** Field `n` of a stat line, numbered as proc(5) numbers them (1 pid, 2 comm, 3 state, 4 ppid...), or null. */
export function statField(stat: string, n: number): string | null {
  if (!Number.isInteger(n) || n < 1) return null;
  const close = stat.lastIndexOf(')');
  const open = stat.indexOf(' (');
  if (close < 0 || open < 0 || open > close) return null;
  if (n === 1) return stat.slice(0, open);
  if (n === 2) return stat.slice(open + 2, close);
  // Field 3 starts after ") ".
  const fields = stat.slice(close + 2).split(' ');
  const value = fields[n - 3]?.trimEnd();
  return value === undefined || value === '' ? null : value;
}

/** Field `n` as a non-negative integer, or null (absent, or not digits). */
export function statNumber(stat: string, n: number): number | null {
  const value = statField(stat, n);
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}
