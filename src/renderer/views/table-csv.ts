/**
 * CSV of a view's table (routes, interface totals, DoS, top talkers...), as the connection grid exports its rows
 * and the CLI writes `-r --csv`: the shared writer (RFC 4180, formula-safe), the rows in the order on screen,
 * every row (not only the top 50 shown), and numbers as numbers (bytes, not "170 GB"), for a spreadsheet.
 */
import { toCsv } from '../../shared/csv';
import type { TableColumn } from './DataTable';

type Cell = string | number | null;

/** What one cell holds in the CSV: its own csv(), a number's value, a text's words as shown, else its value. */
export function csvCellOf<T>(column: TableColumn<T>, row: T): Cell {
  if (column.csv) return column.csv(row);
  const value = column.value(row);
  const plain: Cell = value === undefined ? null : value;
  if (column.numeric || !column.render) return plain;
  const shown = column.render(row);
  if (typeof shown === 'string' || typeof shown === 'number') return shown;
  // A badge, a link or a button: its data, not its markup.
  return plain;
}

export function tableToCsv<T>(columns: readonly TableColumn<T>[], rows: readonly T[]): string {
  return toCsv(
    columns.map((c) => c.csvTitle ?? c.title),
    rows.map((row) => columns.map((c) => csvCellOf(c, row))),
  );
}
