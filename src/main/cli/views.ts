/**
 * The CLI's views of a snapshot (connections, routes, interfaces, statistics),
 * each as a table, CSV (the shared writer) or JSON.
 */
import { CONNECTION_COLUMNS } from '../../shared/columns';
import { toCsv } from '../../shared/csv';
import { protocolLabel, type Connection, type ProtocolStats, type Route, type Snapshot } from '../../shared/model';
import { shownRouteMetric } from '../../shared/route-metric';
import type { OutputFormat, SocketKind, View } from './args';
import { fitWidths, truncateRows, type Shrinkable } from './fit-width';
import { selectStats, type StatsProtocol } from '../../shared/stats-sections';
import { renderUnixSockets, selectUnixSockets } from './unix-view';
import { cellText, columnWidths, formatTable, formatTableRow, NO_VALUE } from './table';
import { windowsColumns } from './windows-columns';
import { renderNetworkDirect } from './network-direct-view';
import { terminalSafe } from './terminal-text';
import { tableShowsTraffic, trafficTable } from './traffic-table';
import { socketEngineOf } from '../../shared/traffic';

export interface ViewOptions {
  format: OutputFormat;
  /** Remote host names by address, for -f. */
  names?: ReadonlyMap<string, string | null>;
  /** -s sections to show; null or absent: all. */
  statsProtocols?: readonly StatsProtocol[] | null;
  /** The terminal's width when stdout is one (and no -W): the connection table is fitted to it. */
  columns?: number;
  /** -l: the UNIX view keeps its listening sockets too. */
  listeningOnly?: boolean;
  /** The kinds of socket chosen (-t -u -4 -6 -p); null or absent: every kind. */
  sockets?: readonly SocketKind[] | null;
  /** Printed every interval: each frame has the same columns, rates '-' until known (awk/cut keep their fields). */
  repeating?: boolean;
  /** Windows -t / -y: the Offload State / Template columns (windows-columns.ts). */
  offloadColumn?: boolean;
  templateColumn?: boolean;
}

function endpoint(address: string, port: number): string {
  if (address === '*' && port === 0) return '*:*';
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${port === 0 && address !== '*' ? '*' : port}`;
}

/** netstat's columns (Recv-Q and Send-Q after Proto), then what it lacks: PID and program apart, user, path. */
export const CONNECTION_TABLE_HEADER = [
  'Proto',
  'Recv-Q',
  'Send-Q',
  'Local Address',
  'Foreign Address',
  'State',
  'PID',
  'Program',
  'User',
  'Path',
];

/** What shrinks when the table is wider than the terminal: the path, then the program, then the user. */
export const CONNECTION_SHRINK: readonly Shrinkable[] = [
  { column: 9, min: 16, keep: 'end' },
  { column: 7, min: 12, keep: 'start' },
  { column: 8, min: 8, keep: 'start' },
];

export function connectionRows(
  connections: readonly Connection[],
  names?: ReadonlyMap<string, string | null>,
): string[][] {
  return connections.map((c) => [
    protocolLabel(c),
    cellText(c.rxQueue),
    cellText(c.txQueue),
    endpoint(c.localAddress, c.localPort),
    names?.get(c.remoteAddress)
      ? `${names.get(c.remoteAddress)}:${c.remotePort}`
      : endpoint(c.remoteAddress, c.remotePort),
    // No cell is blank (cellText): a UDP socket's state, a socket without a user or path, a platform without queues.
    c.state === 'NONE' ? NO_VALUE : c.state,
    cellText(c.pid),
    cellText(c.processName),
    cellText(c.user),
    cellText(c.exePath),
  ]);
}

/** Column widths for the connection table, fitted to `columns` when given. */
export function connectionWidths(
  rows: readonly (readonly string[])[],
  columns?: number,
  header: readonly string[] = CONNECTION_TABLE_HEADER,
): number[] {
  const widths = columnWidths(header, rows);
  return columns === undefined ? widths : fitWidths(widths, columns, CONNECTION_SHRINK);
}

function connectionTable(rows: string[][], columns?: number, header: string[] = CONNECTION_TABLE_HEADER): string {
  if (columns === undefined) return formatTable(header, rows);
  const widths = connectionWidths(rows, columns, header);
  const lines = [formatTableRow(header, widths)];
  for (const row of truncateRows(rows, widths, CONNECTION_SHRINK)) lines.push(formatTableRow(row, widths));
  return lines.join('\n');
}

// The one column list and order (src/shared/columns.ts): the app's "all columns" export writes the same.
const CSV_CONNECTION_COLUMNS = CONNECTION_COLUMNS;

/** The CLI's CSV of connections as a header and rows (the import streams rows through it in batches). */
export function connectionsCsvTable(connections: readonly Connection[]): { header: string[]; rows: string[][] } {
  const columns = CSV_CONNECTION_COLUMNS;
  return {
    header: columns.map((c) => c.title),
    rows: connections.map((conn) => columns.map((col) => col.text(conn))),
  };
}

function connectionsCsv(connections: readonly Connection[]): string {
  const { header, rows } = connectionsCsvTable(connections);
  return toCsv(header, rows);
}

/** A table's empty cells as '-' (CSV keeps them empty), so a whitespace split counts them (see connectionRows). */
function noBlankCells(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((row) => row.map(cellText));
}

function metricText(route: Route): string {
  const metric = shownRouteMetric(route);
  return metric === null ? '' : String(metric);
}

function routesView(snapshot: Snapshot): { header: string[]; rows: string[][] } {
  return {
    header: ['Destination', 'Gateway', 'Interface', 'Metric', 'Flags', 'Table'],
    rows: snapshot.routes.map((r) => [
      `${r.destination}/${r.prefixLength}`,
      r.gateway ?? 'on-link',
      r.interface,
      metricText(r),
      r.flags,
      r.table ?? '',
    ]),
  };
}

function rate(value: number | undefined, unknown: string): string {
  return value === undefined ? unknown : value.toFixed(0);
}

/**
 * Rates exist from the second refresh on: a single `-e` prints totals, with no empty rate columns. Repeating
 * (`-i 1`), every frame has them, '-' in the first, so the columns stay put between frames.
 */
function interfacesView(snapshot: Snapshot, repeating: boolean, csv: boolean): { header: string[]; rows: string[][] } {
  const withRates = repeating || snapshot.interfaces.some((i) => i.rates !== undefined && i.rates !== null);
  // CSV's numeric columns get an empty cell, not '-', which a spreadsheet or a number parser would refuse.
  const view = allInterfaceColumns(snapshot, repeating && !csv ? NO_VALUE : '');
  if (withRates) return view;
  const keep = view.header.map((h, i) => (h.endsWith('B/s') ? -1 : i)).filter((i) => i >= 0);
  return { header: keep.map((i) => view.header[i] as string), rows: view.rows.map((r) => keep.map((i) => r[i] ?? '')) };
}

function allInterfaceColumns(snapshot: Snapshot, unknownRate: string): { header: string[]; rows: string[][] } {
  return {
    header: [
      'Interface',
      'State',
      'MTU',
      'RX bytes',
      'RX packets',
      'RX errors',
      'RX drops',
      'TX bytes',
      'TX packets',
      'TX errors',
      'TX drops',
      'RX B/s',
      'TX B/s',
      'MAC',
    ],
    rows: snapshot.interfaces.map((i) => [
      i.name,
      i.up === null ? '' : i.up ? 'up' : 'down',
      i.mtu === null ? '' : String(i.mtu),
      String(i.counters.rxBytes),
      String(i.counters.rxPackets),
      String(i.counters.rxErrors),
      String(i.counters.rxDrops),
      String(i.counters.txBytes),
      String(i.counters.txPackets),
      String(i.counters.txErrors),
      String(i.counters.txDrops),
      rate(i.rates?.rxBytesPerSec, unknownRate),
      rate(i.rates?.txBytesPerSec, unknownRate),
      i.mac ?? '',
    ]),
  };
}

function statsRows(stats: ProtocolStats): string[][] {
  const rows: string[][] = [];
  for (const [group, counters] of Object.entries(stats)) {
    for (const [name, value] of Object.entries(counters)) rows.push([group, name, String(value)]);
  }
  return rows;
}

function statsText(stats: ProtocolStats): string {
  const parts: string[] = [];
  for (const [group, counters] of Object.entries(stats)) {
    // Names as read (an imported -s file's own words): printed terminal-safe, as table cells are (table.ts).
    parts.push(`${terminalSafe(group)}:`);
    for (const [name, value] of Object.entries(counters))
      parts.push(`    ${String(value).padStart(14)}  ${terminalSafe(name)}`);
  }
  return parts.join('\n');
}

/** The view each collector's data feeds; a collector not named here feeds them all. */
const COLLECTOR_VIEW: Readonly<Record<string, View>> = {
  connections: 'connections',
  routes: 'routes',
  interfaces: 'interfaces',
  'protocol-stats': 'stats',
  'unix-sockets': 'unix',
};

/**
 * The snapshot's warnings about what these views show: a `-r` says nothing of
 * sockets without an owner (it read no sockets; an import may hold them).
 */
export function viewWarnings(snapshot: Snapshot, views: readonly View[]): string[] {
  const out: string[] = [];
  for (const c of snapshot.collectors) {
    const feeds = COLLECTOR_VIEW[c.name];
    if (feeds !== undefined && !views.includes(feeds)) continue;
    if (c.error) out.push(`${c.name}: ${c.error}`);
    for (const w of c.warnings) out.push(`${c.name}: ${w}`);
  }
  return out;
}

/** What --json prints for the views: the snapshot's metadata plus each view's part. */
export function jsonForViews(
  snapshot: Snapshot,
  views: readonly View[],
  connections: readonly Connection[],
  statsProtocols: readonly StatsProtocol[] | null = null,
  listeningOnly = false,
): object {
  const out: Record<string, unknown> = {
    host: snapshot.host,
    platform: snapshot.platform,
    takenAt: new Date(snapshot.takenAt).toISOString(),
    tookMs: Math.round(snapshot.tookMs * 10) / 10,
    source: snapshot.source,
    warnings: viewWarnings(snapshot, views),
  };
  if (views.includes('connections')) out.socketEngine = socketEngineOf(snapshot);
  for (const view of views) {
    if (view === 'connections') out.connections = connections;
    if (view === 'routes') out.routes = snapshot.routes;
    if (view === 'interfaces') out.interfaces = snapshot.interfaces;
    if (view === 'stats') out.protocolStats = selectStats(snapshot.protocolStats, statsProtocols);
    if (view === 'unix') out.unixSockets = selectUnixSockets(snapshot.unixSockets, { listeningOnly });
    // Windows -x: NetworkDirect endpoints (netstat -x), in place of UNIX sockets.
    if (view === 'unix' && snapshot.networkDirect !== undefined) out.networkDirect = snapshot.networkDirect;
  }
  return out;
}

export function renderView(
  view: View,
  snapshot: Snapshot,
  connections: readonly Connection[],
  options: ViewOptions,
): string {
  const csv = options.format === 'csv';
  switch (view) {
    case 'connections':
      if (csv) return connectionsCsv(connections);
      // Counter columns where rows can have them (tableShowsTraffic: once, by the rows; repeating, by the switches).
      if (tableShowsTraffic(snapshot, connections, options))
        return trafficTable(connections, options.names, options.columns, options.repeating);
      return windowsConnectionTable(snapshot, connections, options);
    case 'routes': {
      const { header, rows } = routesView(snapshot);
      return csv ? toCsv(header, rows) : formatTable(header, noBlankCells(rows));
    }
    case 'interfaces': {
      const { header, rows } = interfacesView(snapshot, options.repeating ?? false, csv);
      return csv ? toCsv(header, rows) : formatTable(header, noBlankCells(rows));
    }
    case 'stats': {
      const stats = selectStats(snapshot.protocolStats, options.statsProtocols ?? null);
      return csv ? toCsv(['Protocol', 'Counter', 'Value'], statsRows(stats)) : statsText(stats);
    }
    case 'unix':
      if (snapshot.networkDirect !== undefined) return renderNetworkDirect(snapshot.networkDirect, csv);
      return renderUnixSockets(
        selectUnixSockets(snapshot.unixSockets, { listeningOnly: options.listeningOnly ?? false }),
        csv,
      );
  }
}

/** The connection table, with Windows netstat's -t / -y columns at its end when they are shown. */
function windowsConnectionTable(snapshot: Snapshot, connections: readonly Connection[], options: ViewOptions): string {
  const rows = connectionRows(connections, options.names);
  const extra = windowsColumns(snapshot, connections, options);
  if (extra === null) return connectionTable(rows, options.columns);
  const withExtra = rows.map((row, i) => [...row, ...extra.cells(connections[i] as Connection)]);
  return connectionTable(withExtra, options.columns, [...CONNECTION_TABLE_HEADER, ...extra.header]);
}

export const VIEW_TITLES: Record<View, string> = {
  connections: 'Active connections',
  routes: 'Routing table',
  interfaces: 'Interface statistics',
  stats: 'Protocol statistics',
  unix: 'Active UNIX domain sockets',
};
