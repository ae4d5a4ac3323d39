/**
 * The traffic columns' titles and cell text, free of React and the store so
 * the page's first screen (boot/first-screen.ts) draws them before React
 * loads; traffic-columns.ts adds the grid's hooks and re-exports these.
 */
import type { Connection } from '../../shared/model';
import { trafficDisplayText, type TrafficColumnId } from '../../shared/traffic';

export const TRAFFIC_TITLES: Record<TrafficColumnId, string> = {
  bytesSent: 'Sent',
  bytesReceived: 'Received',
  sendRate: 'Send Rate',
  receiveRate: 'Receive Rate',
  rtt: 'RTT',
  retransmissions: 'Retransmissions',
};

/**
 * A traffic cell as the grid shows it: the formatted value; '' for a row that
 * has none while others do (UDP, LISTEN, TIME_WAIT); and where the engine
 * reads no counters at all, the reason, so the column does not look broken.
 */
export function trafficCellText(columnId: TrafficColumnId, c: Connection, absentReason: string | null): string {
  if (c.traffic !== undefined) return trafficDisplayText(columnId, c);
  return absentReason ?? '';
}
