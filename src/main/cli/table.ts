/** Plain-text tables for the terminal: padded columns, the last one unpadded. */
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

export function formatTableRow(cells: readonly string[], widths: readonly number[]): string {
  // A loop rather than map/join: the import prints millions of rows through here.
  const last = cells.length - 1;
  let line = '';
  for (let i = 0; i < last; i++) line += `${(cells[i] as string).padEnd(widths[i] ?? 0)}  `;
  return (last >= 0 ? line + (cells[last] as string) : line).trimEnd();
}
