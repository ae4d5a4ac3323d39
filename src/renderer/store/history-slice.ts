/**
 * What the views remember across snapshots: per-interface rate points for the
 * charts and the previous protocol counters for the statistics deltas. The
 * store records every snapshot as it arrives (connections-slice), whichever
 * tab is open, so a view has history the moment it opens; `historyVersion`
 * changes when the history did, which is what the views re-render on.
 */
import { SnapshotHistory } from '../views/history';
import type { SliceCreator } from './types';

export interface HistorySlice {
  /** Mutable and owned by this store; read it, never change it outside recordHistory. */
  history: SnapshotHistory;
  historyVersion: number;
}

export const createHistorySlice: SliceCreator<HistorySlice> = () => ({
  history: new SnapshotHistory(),
  historyVersion: 0,
});
