/** A snapshot's connections as CSV, for the app's export (the CLI shares the same writer). */
import type { ExportCsvRequest } from '../../shared/api';
import { COLUMN_BY_ID, type ConnectionColumn } from '../../shared/columns';
import { toCsv } from '../../shared/csv';
import type { Snapshot } from '../../shared/model';

export function snapshotToCsv(snapshot: Snapshot, request: ExportCsvRequest): { csv: string; rows: number } {
  const columns = request.columns
    .map((id) => COLUMN_BY_ID.get(id))
    .filter((c): c is ConnectionColumn => c !== undefined);
  const wanted = request.rowIds ? new Set(request.rowIds) : null;
  const rows = snapshot.connections
    .filter((c) => !wanted || wanted.has(c.id))
    .map((c) => columns.map((col) => col.text(c)));
  return {
    csv: toCsv(
      columns.map((c) => c.title),
      rows,
    ),
    rows: rows.length,
  };
}
