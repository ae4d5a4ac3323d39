/**
 * Fitting a table to the terminal (stdout a TTY, no -W): the columns that can
 * lose text without lying shrink, in order, paths first (they keep their end,
 * the file name, cut at a separator), then program and user names (they keep
 * their start). Addresses, ports, states and PIDs are never cut; if the table
 * is still too wide, lines wrap as netstat's do.
 */
export interface Shrinkable {
  column: number;
  /** Never narrower than this (nor than the header). */
  min: number;
  /** 'end' keeps the end of the text (paths), 'start' its beginning (names). */
  keep: 'end' | 'start';
}

/** Columns are separated by two spaces (formatTableRow). */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w, 0) + 2 * Math.max(0, widths.length - 1);
}

/** Widths whose table is at most `maxWidth` wide where shrinking the given columns allows it. */
export function fitWidths(widths: readonly number[], maxWidth: number, order: readonly Shrinkable[]): number[] {
  const fitted = [...widths];
  for (const { column, min } of order) {
    const excess = tableWidth(fitted) - maxWidth;
    if (excess <= 0) break;
    const width = fitted[column] ?? 0;
    fitted[column] = Math.max(Math.min(width, min), width - excess);
  }
  return fitted;
}

const ELLIPSIS = '…';

/** The text in at most `width` characters, with an ellipsis where it was cut. */
export function truncateCell(text: string, width: number, keep: 'end' | 'start'): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, Math.max(0, width));
  if (keep === 'start') return text.slice(0, width - 1) + ELLIPSIS;
  const tail = text.slice(text.length - (width - 1));
  // '…/sbin/nginx' rather than '…bin/nginx': start at a separator when the tail holds one past its first character.
  const separator = tail.slice(1).search(/[/\\]/);
  return ELLIPSIS + (separator >= 0 ? tail.slice(separator + 1) : tail);
}

/** The rows with each shrunk column's cells cut to its new width. */
export function truncateRows(
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  order: readonly Shrinkable[],
): string[][] {
  return rows.map((row) => {
    const out = [...row];
    for (const { column, keep } of order) {
      const cell = out[column];
      const width = widths[column];
      if (cell !== undefined && width !== undefined && cell.length > width)
        out[column] = truncateCell(cell, width, keep);
    }
    return out;
  });
}
