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
      const rows = csv.split('\r\n').length - 2; // the header and the last line's CRLF
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
