/**
 * The one CSV writer (CLI and app): RFC 4180 quoting, CRLF line ends, a header
 * row. Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
 * get a leading apostrophe, the OWASP-recommended neutralization, so an
 * exported process name like `=HYPERLINK(...)` stays text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
// ; too: spreadsheets in semicolon locales (de, fr, ...) split on it when they open a .csv.
const NEEDS_QUOTES = /[",;\r\n]/;

export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let cell = String(value);
  // Numbers are safe even when negative; only text can smuggle a formula.
  if (typeof value === 'string') cell = neutralizeFormula(cell);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole document: header, rows, CRLF after each line. UTF-8 is the caller's encoding. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [csvRow(header)];
  for (const r of rows) lines.push(csvRow(r));
  return lines.join('\r\n') + '\r\n';
}
