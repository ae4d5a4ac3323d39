/**
 * Feeds the shared view history from whichever view is showing (idempotent: the
 * App records every snapshot too) and re-renders when the history changes.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { Snapshot } from '../../shared/model';
import { recordInterfaceHistory, viewHistory } from './history';

export function useViewHistory(snapshot: Snapshot): number {
  useEffect(() => {
    recordInterfaceHistory(snapshot);
  }, [snapshot]);
  return useSyncExternalStore(viewHistory.subscribe, viewHistory.getVersion, viewHistory.getVersion);
}
