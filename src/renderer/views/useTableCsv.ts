/**
 * The save behind a view table's Export CSV: the store's saveCsv (Electron: a save dialog; the browser: a
 * download), and the outcome as the app's notice, as the Windows owner elevation reports its own.
 */
import { useCallback } from 'react';
import { useNetScopeStore } from '../store';
import { errorText } from '../store/types';
import { exportFileName } from '../panels/export-csv';

export function useTableCsv(): (csv: string, table: string) => void {
  const store = useNetScopeStore();
  return useCallback(
    (csv: string, table: string) => {
      const fileName = exportFileName(new Date(), table);
      const rows = csvRecords(csv) - 1; // less the header
      void store
        .getState()
        .saveCsv(csv, fileName)
        .then((r) => {
          const { setNotice } = store.getState();
          if (!r.ok) {
            if (r.error.code !== 'cancelled')
              setNotice({ kind: 'error', text: `Export failed: ${errorText(r.error)}` });
            return;
          }
          const where = r.value.savedTo ? `Saved to ${r.value.savedTo}` : `Downloaded ${fileName}`;
          setNotice({ kind: 'info', text: `${where} (${rows} ${rows === 1 ? 'row' : 'rows'}).` });
        });
    },
    [store],
  );
}

/**
 * The records of an RFC 4180 text: its CRLFs outside quotes (each record ends with one). WHY not split on CRLF: a
 * quoted cell may hold a line break (a process name or path can), which is no new record.
 */
export function csvRecords(csv: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv.charCodeAt(i);
    // An escaped quote ("") flips twice: the state is right after the pair.
    if (ch === 34) quoted = !quoted;
    else if (ch === 13 && !quoted && csv.charCodeAt(i + 1) === 10) records++;
  }
  return records;
}
