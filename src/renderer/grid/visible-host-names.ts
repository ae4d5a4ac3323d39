/**
 * Asks for the host names of the remote addresses on screen, while the Remote
 * Host column is shown: only the rows in the window, so scrolling 100k rows
 * never queues 100k look-ups (the fqdn slice drops older requests). The grid's
 * painter asks when its window or rows change (ConnectionGrid.tsx).
 */
import type { Connection } from '../../shared/model';
import type { NetScopeStore } from '../store';

export function requestVisibleHostNames(
  store: NetScopeStore,
  rows: readonly Connection[],
  first: number,
  end: number,
): void {
  const addresses: string[] = [];
  for (let i = first; i < end; i++) {
    const c = rows[i];
    if (c) addresses.push(c.remoteAddress);
  }
  store.getState().resolveVisible(addresses);
}
