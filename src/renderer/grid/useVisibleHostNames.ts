/**
 * Asks for the host names of the remote addresses on screen, while the Remote
 * Host column is shown: only the rows in the window, so scrolling 100k rows
 * never queues 100k look-ups (the fqdn slice drops older requests).
 */
import { useEffect } from 'react';
import type { Connection } from '../../shared/model';
import { useNetScopeStore } from '../store';

export function useVisibleHostNames(shown: boolean, rows: readonly Connection[], first: number, end: number): void {
  const store = useNetScopeStore();
  useEffect(() => {
    if (!shown) return;
    const addresses: string[] = [];
    for (let i = first; i < end; i++) {
      const c = rows[i];
      if (c) addresses.push(c.remoteAddress);
    }
    store.getState().resolveVisible(addresses);
  }, [store, shown, rows, first, end]);
}
