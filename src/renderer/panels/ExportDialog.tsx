/**
 * CSV export of what the user sees: all or only the filtered rows, in the
 * grid's order, with the visible or all columns. The page writes the CSV
 * (export-csv.ts); Electron saves it where the user picks, the browser
 * downloads it.
 */
import { useRef, useState } from 'react';
import { CONNECTION_COLUMNS } from '../../shared/columns';
import type { Connection } from '../../shared/model';
import { sortConnections } from '../grid/sort';
import { extraText } from '../grid/columns';
import type { LiveView } from '../grid/live-view';
import { useNetScope, useNetScopeStore } from '../store';
import { errorText } from '../store/types';
import { exportColumnIds, exportFileName, rowsToCsv, type ExportColumns } from './export-csv';
import { useEscape } from './useEscape';
import { useFocusTrap } from './useFocusTrap';

/** `live`: the grid's view, read at each render (the marks below render the dialog at each diff). */
export function ExportDialog({ live }: { live: LiveView }) {
  const store = useNetScopeStore();
  const order = useNetScope((s) => s.prefs.columnOrder);
  const visible = useNetScope((s) => s.prefs.visibleColumns);
  const filtering = useNetScope((s) => s.appliedFilter.trim() !== '' || s.prefs.hideTimeWait);
  const total = useNetScope((s) => s.snapshot?.connections.length ?? 0);
  const marks = useNetScope((s) => s.marks);
  const [rows, setRows] = useState<'all' | 'filtered'>(filtering ? 'filtered' : 'all');
  const [cols, setCols] = useState<ExportColumns>('visible');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);

  const close = (): void => store.getState().setExportOpen(false);
  useEscape(close);
  const dialogRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useFocusTrap(dialogRef, confirmRef);
  const visibleIds = exportColumnIds('visible', order, visible);
  const viewRows = live.current.rows;
  // Closed rows are on screen for one more refresh, but they are gone: not exported.
  const liveRows = marks.size === 0 ? viewRows : viewRows.filter((c) => marks.get(c.id) !== 'closed');
  const count = rows === 'filtered' ? liveRows.length : total;

  /** The rows to write, in the order the grid shows them. */
  const rowsToExport = (): readonly Connection[] => {
    if (rows === 'filtered') return liveRows;
    const s = store.getState();
    const all = s.snapshot?.connections ?? [];
    const sort = s.prefs.sort;
    if (!sort) return all; // arrival order, as the unsorted grid shows it
    return sortConnections(all, sort.column, sort.desc, (id, c) => extraText(id, c, s.hostNames));
  };

  const run = async (): Promise<void> => {
    setBusy(true);
    setResult(null);
    const exported = rowsToExport();
    const csv = rowsToCsv(exported, exportColumnIds(cols, order, visible), store.getState().hostNames);
    const fileName = exportFileName(new Date());
    const r = await store.getState().saveCsv(csv, fileName);
    setBusy(false);
    if (!r.ok) {
      setResult({
        kind: 'error',
        text: r.error.code === 'cancelled' ? 'Export cancelled.' : `Export failed: ${errorText(r.error)}`,
      });
      return;
    }
    const where = r.value.savedTo ? `Saved to ${r.value.savedTo}` : `Downloaded ${fileName}`;
    setResult({ kind: 'info', text: `${where} (${exported.length} rows).` });
  };

  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label="Export CSV"
        data-testid="export-dialog"
      >
        <h2>Export CSV</h2>
        <fieldset>
          <legend>Rows</legend>
          <label>
            <input
              type="radio"
              name="rows"
              data-testid="export-rows-all"
              checked={rows === 'all'}
              onChange={() => setRows('all')}
            />
            All rows ({total})
          </label>
          <label>
            <input
              type="radio"
              name="rows"
              data-testid="export-rows-filtered"
              checked={rows === 'filtered'}
              onChange={() => setRows('filtered')}
            />
            Only the filtered rows ({liveRows.length})
          </label>
        </fieldset>
        <fieldset>
          <legend>Columns</legend>
          <label>
            <input
              type="radio"
              name="cols"
              data-testid="export-cols-visible"
              checked={cols === 'visible'}
              onChange={() => setCols('visible')}
            />
            Visible columns ({visibleIds.length})
          </label>
          <label>
            <input
              type="radio"
              name="cols"
              data-testid="export-cols-all"
              checked={cols === 'all'}
              onChange={() => setCols('all')}
            />
            All columns ({CONNECTION_COLUMNS.length})
          </label>
        </fieldset>
        {result && (
          <p
            className={result.kind === 'error' ? 'panel-error' : 'panel-info'}
            role="status"
            data-testid="export-result"
          >
            {result.text}
          </p>
        )}
        <div className="modal-buttons">
          <button type="button" className="btn" onClick={close}>
            {result?.kind === 'info' ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className="btn primary"
            ref={confirmRef}
            data-testid="export-confirm"
            disabled={busy}
            onClick={() => void run()}
          >
            {busy ? 'Exporting…' : `Export ${count} rows`}
          </button>
        </div>
      </div>
    </div>
  );
}
