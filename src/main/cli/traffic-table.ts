/**
 * The connection table with the kernel's counters, as `ss -ti` adds them:
 * netstat's columns with Sent, Received, their rates, RTT and retransmissions
 * after State. Shown when the snapshot's socket engine reads counters (netlink
 * on Linux); otherwise the table stays netstat's and a note says why.
 */
import type { Connection, Snapshot } from '../../shared/model';
import {
  socketEngineOf,
  TRAFFIC_COLUMN_IDS,
  trafficAbsentReason,
  trafficDisplayText,
  type TrafficColumnId,
} from '../../shared/traffic';
import { fitWidths, truncateRows, type Shrinkable } from './fit-width';
import { cellText, columnWidths, formatTableRow } from './table';
import { CONNECTION_SHRINK, CONNECTION_TABLE_HEADER, connectionRows } from './views';

const TRAFFIC_HEADER: Record<TrafficColumnId, string> = {
  bytesSent: 'Sent',
  bytesReceived: 'Received',
  sendRate: 'Send/s',
  receiveRate: 'Recv/s',
  rtt: 'RTT',
  retransmissions: 'Retrans',
};
const RATE_IDS: readonly TrafficColumnId[] = ['sendRate', 'receiveRate'];

/**
 * The counter columns to show: all, less the rates when no row has one (a
 * single listing: rates need two refreshes, as `-e`'s interface rates do).
 * `repeating` keeps them all: every frame has the same columns (see tableShowsTraffic).
 */
export function trafficColumnIds(connections: readonly Connection[], repeating = false): TrafficColumnId[] {
  const withRates =
    repeating ||
    connections.some((c) => (c.traffic?.sendRate ?? null) !== null || (c.traffic?.receiveRate ?? null) !== null);
  return TRAFFIC_COLUMN_IDS.filter((id) => withRates || !RATE_IDS.includes(id));
}

/**
 * Whether the connection table shows the counter columns. Once: where some listed row has counters (`-l` or `-u`
 * lists none: listeners and UDP sockets have no tcp_info, and empty columns are noise). Repeating (`-tan 1`): the
 * same answer every frame, from the engine and the switches alone, never from the rows a frame happens to hold,
 * so the columns do not come and go between frames and awk/cut pipelines keep their field numbers.
 */
export function tableShowsTraffic(
  snapshot: Pick<Snapshot, 'collectors'>,
  connections: readonly Connection[],
  options: { repeating?: boolean; listeningOnly?: boolean; sockets?: readonly { protocol: string }[] | null },
): boolean {
  if (!showsTraffic(snapshot)) return false;
  if (!options.repeating) return connections.some((c) => c.traffic !== undefined);
  const tcpChosen = (options.sockets ?? null) === null || options.sockets?.some((k) => k.protocol === 'tcp');
  return !options.listeningOnly && tcpChosen === true;
}

// WHY functions, not constants: views.ts imports this module, so its exports are not there yet while this one loads.
/** Where the traffic cells go: after State, before PID. */
const insertAt = (): number => CONNECTION_TABLE_HEADER.indexOf('State') + 1;

export function trafficTableHeader(ids: readonly TrafficColumnId[] = TRAFFIC_COLUMN_IDS): string[] {
  const at = insertAt();
  return [
    ...CONNECTION_TABLE_HEADER.slice(0, at),
    ...ids.map((id) => TRAFFIC_HEADER[id]),
    ...CONNECTION_TABLE_HEADER.slice(at),
  ];
}

/** netstat's shrink order, its columns moved right past the inserted ones. */
function trafficShrink(inserted: number): Shrinkable[] {
  const at = insertAt();
  return CONNECTION_SHRINK.map((s) => ({ ...s, column: s.column >= at ? s.column + inserted : s.column }));
}

/** Whether the table shows the counters: the engine read them. */
export function showsTraffic(snapshot: Pick<Snapshot, 'collectors'>): boolean {
  return socketEngineOf(snapshot)?.traffic === true;
}

export function trafficRows(
  connections: readonly Connection[],
  names?: ReadonlyMap<string, string | null>,
  ids: readonly TrafficColumnId[] = TRAFFIC_COLUMN_IDS,
): string[][] {
  const base = connectionRows(connections, names);
  const at = insertAt();
  const cell = (id: TrafficColumnId, c: Connection): string => {
    // One word per cell, so a whitespace split counts every cell: never blank (cellText), '-' for a socket without
    // counters (a listener, TIME_WAIT, UDP) and for a counted socket's rate not known yet; the unit joined to its
    // number ('2.00MB', '125kB/s', '0.25ms', which the filter also reads).
    return cellText(trafficDisplayText(id, c).replaceAll(' ', ''));
  };
  return base.map((row, i) => {
    const c = connections[i] as Connection;
    const cells = ids.map((id) => cell(id, c));
    return [...row.slice(0, at), ...cells, ...row.slice(at)];
  });
}

export function trafficTable(
  connections: readonly Connection[],
  names: ReadonlyMap<string, string | null> | undefined,
  columns: number | undefined,
  repeating = false,
): string {
  const ids = trafficColumnIds(connections, repeating);
  const rows = trafficRows(connections, names, ids);
  const header = trafficTableHeader(ids);
  const shrink = trafficShrink(ids.length);
  let widths = columnWidths(header, rows);
  if (columns !== undefined) widths = fitWidths(widths, columns, shrink);
  const cut = columns === undefined ? rows : truncateRows(rows, widths, shrink);
  return [header, ...cut].map((r) => formatTableRow(r, widths)).join('\n');
}

/**
 * The note for CSV output whose traffic columns are empty, or null when they
 * are filled, or for an imported listing (it never has counters: nothing to fix).
 */
export function emptyTrafficNote(snapshot: Pick<Snapshot, 'collectors' | 'source'>): string | null {
  if (snapshot.source.kind === 'import') return null;
  const why = trafficAbsentReason(snapshot);
  return why === null ? null : `note: the traffic columns are empty: ${why}`;
}
