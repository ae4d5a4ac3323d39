/**
 * The grid's traffic columns (Sent, Received, their rates, RTT,
 * Retransmissions): numeric sort keys (rows without a value
 * last, as for every column), why a column is empty, and showing them once
 * the engine first reports counters (until the user hides them). Their titles
 * and cell text are in traffic-cells.ts (no React), re-exported here.
 */
import { useEffect } from 'react';
import type { Connection } from '../../shared/model';
import {
  isTrafficColumnId,
  TRAFFIC_COLUMN_IDS,
  trafficAbsentReason,
  trafficValue,
  type TrafficColumnId,
} from '../../shared/traffic';
import { useNetScope, useNetScopeStore } from '../store';

/** Sort keys for the traffic columns: numbers, null (sorted last) where a row has none. */
export const TRAFFIC_SORT_KEYS: Record<string, (c: Connection) => number | null> = Object.fromEntries(
  TRAFFIC_COLUMN_IDS.map((id) => [id, (c: Connection) => trafficValue(id, c)]),
);

export { isTrafficColumnId };
export { TRAFFIC_TITLES, trafficCellText } from './traffic-cells';

/**
 * The grid's part: shows the columns once counters first arrive, and gives why they are empty now (null when the
 * engine reads counters), for the rows' cells.
 */
export function useTrafficColumns(): string | null {
  useShowTrafficColumnsOnce();
  return useNetScope((s) => trafficAbsentReason(s.snapshot));
}

/** The columns shown the first time counters arrive. */
export const FIRST_SHOWN: readonly TrafficColumnId[] = ['sendRate', 'receiveRate', 'bytesSent', 'bytesReceived'];
const SHOWN_KEY = 'netscope.trafficColumnsShown';

function alreadyShown(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(SHOWN_KEY) === '1';
  } catch {
    return false;
  }
}

function rememberShown(): void {
  try {
    localStorage.setItem(SHOWN_KEY, '1');
  } catch {
    // Storage disabled: they are shown again next session, which is harmless.
  }
}

/**
 * Hidden by default; the first time a snapshot carries counters the rate and
 * byte columns are shown, once (remembered), so a user who then hides them
 * keeps them hidden.
 */
export function useShowTrafficColumnsOnce(): void {
  const store = useNetScopeStore();
  const hasCounters = useNetScope((s) => s.snapshot !== null && trafficAbsentReason(s.snapshot) === null);
  useEffect(() => {
    if (!hasCounters || alreadyShown()) return;
    const state = store.getState();
    if (!state.prefs.visibleColumns.some((id) => isTrafficColumnId(id)))
      for (const id of FIRST_SHOWN) state.setColumnVisible(id, true);
    rememberShown();
  }, [hasCounters, store]);
}
