/**
 * CSV export: all or only the filtered rows, visible or all columns. The
 * engine writes the CSV (one writer for app and CLI): Electron saves it and
 * returns the path; the browser gets the text and downloads it as a file.
 */
import { useState } from 'react';
import { useEscape } from './useEscape';
import type { ExportCsvResult } from '../../shared/api';
import { CONNECTION_COLUMNS, isColumnId } from '../../shared/columns';
import type { Connection } from '../../shared/model';
import { getApi } from '../api';
import { useNetScope } from '../store';
import { useUi } from '../ui-store';

/** netscope-2024-05-01T10-20-30.csv: sortable, and safe on every file system. */
export function exportFileName(now: Date): string {
  return `netscope-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.csv`;
}

function download(csv: string): string {
  const name = exportFileName(new Date());
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}

export function ExportDialog({ viewRows }: { viewRows: Connection[] }) {
  const order = useNetScope((s) => s.prefs.columnOrder);
  const visible = useNetScope((s) => s.prefs.visibleColumns);
  const filtering = useNetScope((s) => s.prefs.filter.trim() !== '');
  const total = useNetScope((s) => s.snapshot?.connections.length ?? 0);
  const marks = useNetScope((s) => s.marks);
  const [rows, setRows] = useState<'all' | 'filtered'>(filtering ? 'filtered' : 'all');
  const [cols, setCols] = useState<'visible' | 'all'>('visible');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);

  const close = (): void => useUi.getState().setExportOpen(false);
  useEscape(close);
  // The CSV writer knows only the shared columns; Service and Remote Host are screen-only.
  const visibleShared = order.filter((id) => visible.includes(id) && isColumnId(id));
  const columns = cols === 'all' || visibleShared.length === 0 ? CONNECTION_COLUMNS.map((c) => c.id) : visibleShared;
  // Closed rows are on screen but no longer in the engine's snapshot: not exportable.
  const liveRows = marks.size === 0 ? viewRows : viewRows.filter((c) => marks.get(c.id) !== 'closed');
  const filteredCount = rows === 'filtered' ? liveRows.length : total;

  const run = async (): Promise<void> => {
    setBusy(true);
    setResult(null);
    const rowIds = rows === 'filtered' ? liveRows.map((c) => c.id) : null;
    let r;
    try {
      r = await getApi().exportCsv({ columns, rowIds });
    } catch (e) {
      r = {
        ok: false as const,
        error: { code: 'internal' as const, message: e instanceof Error ? e.message : String(e) },
      };
    }
    setBusy(false);
    if (!r.ok) {
      setResult({
        kind: 'error',
        text: r.error.code === 'cancelled' ? 'Export cancelled.' : `Export failed: ${r.error.code}: ${r.error.message}`,
      });
      return;
    }
    setResult({ kind: 'info', text: describe(r.value) });
  };

  const describe = (v: ExportCsvResult): string => {
    if (v.path) return `Saved to ${v.path} (${v.rows} rows).`;
    if (v.csv !== null) return `Downloaded ${download(v.csv)} (${v.rows} rows).`;
    return 'Nothing was exported.';
  };

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label="Export CSV" data-testid="export-dialog">
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
            Visible columns ({visibleShared.length})
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
            data-testid="export-confirm"
            autoFocus
            disabled={busy}
            onClick={() => void run()}
          >
            {busy ? 'Exporting…' : `Export ${filteredCount} rows`}
          </button>
        </div>
      </div>
    </div>
  );
}
