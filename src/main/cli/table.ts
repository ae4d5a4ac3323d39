/**
 * Plain-text tables for the terminal: padded columns, the last one unpadded. A row with a character that could drive
 * the terminal (a process's name is anyone's text) is printed with its cells through terminalSafe.
 */
import { isTerminalSafe, terminalSafe } from './terminal-text';

/** A cell without a value: '-', as netstat -p prints for a socket without a process, so a whitespace split counts it. */
export const NO_VALUE = '-';

/**
 * A table cell's text: '-' where there is no value (null, absent or empty), so no cell of a table is blank and awk
 * reads the same field on every line.
 */
export function cellText(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? NO_VALUE : String(value);
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(header, rows);
  const lines = [formatTableRow(header, widths)];
  for (const row of rows) lines.push(formatTableRow(row, widths));
  return lines.join('\n');
}

/** The width of each column: its longest cell. */
export function columnWidths(header: readonly string[], rows: readonly (readonly string[])[]): number[] {
  // A loop, not Math.max(...cells): a spread argument overflows the stack above ~120k rows.
  const widths = header.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] ?? '').length);
  }
  return widths;
}

/**
 * One row, padded to `widths`. WHY the check on the whole line and not on each cell: one call a row instead of ten
 * (the import prints millions of rows; per cell it cost 5-10% of a 20 MiB import's CPU). A row that needs escaping
 * is rare and made again from escaped cells, wider than its columns were measured: it is not aligned, but safe.
 */
export function formatTableRow(cells: readonly string[], widths: readonly number[]): string {
  const line = paddedRow(cells, widths);
  return isTerminalSafe(line) ? line : paddedRow(cells.map(terminalSafe), widths);
}

function paddedRow(cells: readonly string[], widths: readonly number[]): string {
  // Padding stops at the last non-empty cell, so no trailing spaces are made only to be trimmed;
  // the import prints millions of rows through here.
  let last = cells.length - 1;
  while (last > 0 && (cells[last] as string).length === 0) last--;
  let line = '';
  for (let i = 0; i < last; i++) {
    const cell = cells[i] as string;
    line += cell + spaces((widths[i] ?? 0) - cell.length + 2);
  }
  if (last >= 0) line += cells[last] as string;
  const end = line.charCodeAt(line.length - 1);
  return end === 32 || end === 9 || end === 10 || end === 13 ? line.trimEnd() : line;
}

const SPACES: string[] = [];
function spaces(n: number): string {
  const count = Math.max(2, n);
  return (SPACES[count] ??= ' '.repeat(count));
}
