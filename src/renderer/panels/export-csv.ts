/**
 * The CSV of what the user sees: the rows on screen in their on-screen order,
 * the columns as shown (Service and Remote Host included), or every column in
 * the CLI's order. Written by the shared writer (src/shared/csv.ts), the same
 * one `netscope --csv` uses.
 */
import { COLUMN_BY_ID, CONNECTION_COLUMNS } from '../../shared/columns';
import { toCsv } from '../../shared/csv';
import type { Connection } from '../../shared/model';
import { cellText, GRID_COLUMN_BY_ID, type HostNames } from '../grid/columns';

export type ExportColumns = 'visible' | 'all';

/** The ids to export: the visible columns in screen order, or the CLI's full list in its order. */
export function exportColumnIds(choice: ExportColumns, order: readonly string[], visible: readonly string[]): string[] {
  if (choice === 'all') return CONNECTION_COLUMNS.map((c) => c.id);
  return order.filter((id) => visible.includes(id) && GRID_COLUMN_BY_ID.has(id));
}

export function rowsToCsv(rows: readonly Connection[], columnIds: readonly string[], hostNames: HostNames): string {
  return toCsv(
    // The shared title where there is one: the traffic columns' carry their units ('Sent (B)'), as the CLI's CSV.
    columnIds.map((id) => COLUMN_BY_ID.get(id)?.title ?? GRID_COLUMN_BY_ID.get(id)?.title ?? id),
    rows.map((c) => columnIds.map((id) => cellText(id, c, hostNames))),
  );
}

/** netscope-2024-05-01T10-20-30.csv (netscope-routes-ipv4-... for a view's table): sortable, safe on every file system. */
export function exportFileName(now: Date, table?: string): string {
  const what = table ? `${table.replace(/[^a-z0-9-]+/gi, '-')}-` : '';
  return `netscope-${what}${now.toISOString().slice(0, 19).replace(/:/g, '-')}.csv`;
}

/** The browser's download of a text file (browser mode: the engine never sees the CSV). */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
