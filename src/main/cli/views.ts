/**
 * The CLI's views of a snapshot (connections, routes, interfaces, statistics),
 * each as a table, CSV (the shared writer) or JSON.
 */
import { CONNECTION_COLUMNS } from '../../shared/columns';
import { toCsv } from '../../shared/csv';
import { protocolLabel, snapshotWarnings, type Connection, type Snapshot } from '../../shared/model';
import type { OutputFormat, View } from './args';
import { formatTable } from './table';

export interface ViewOptions {
  format: OutputFormat;
  /** Remote host names by address, for -f. */
  names?: ReadonlyMap<string, string | null>;
}

function endpoint(address: string, port: number): string {
  if (address === '*' && port === 0) return '*:*';
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${port === 0 && address !== '*' ? '*' : port}`;
}

export const CONNECTION_TABLE_HEADER = [
  'Proto',
  'Local Address',
  'Foreign Address',
  'State',
  'PID',
  'Program',
  'User',
  'Path',
];

export function connectionRows(
  connections: readonly Connection[],
  names?: ReadonlyMap<string, string | null>,
): string[][] {
  return connections.map((c) => [
    protocolLabel(c),
    endpoint(c.localAddress, c.localPort),
    names?.get(c.remoteAddress)
      ? `${names.get(c.remoteAddress)}:${c.remotePort}`
      : endpoint(c.remoteAddress, c.remotePort),
    c.state === 'NONE' ? '' : c.state,
    c.pid === null ? '-' : String(c.pid),
    c.processName ?? '-',
    c.user ?? '',
    c.exePath ?? '',
  ]);
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

function routesView(snapshot: Snapshot): { header: string[]; rows: string[][] } {
  return {
    header: ['Destination', 'Gateway', 'Interface', 'Metric', 'Flags', 'Table'],
    rows: snapshot.routes.map((r) => [
      `${r.destination}/${r.prefixLength}`,
      r.gateway ?? 'on-link',
      r.interface,
      r.metric === null ? '' : String(r.metric),
      r.flags,
      r.table ?? '',
    ]),
  };
}

function rate(value: number | undefined): string {
  return value === undefined ? '' : value.toFixed(0);
}

function interfacesView(snapshot: Snapshot): { header: string[]; rows: string[][] } {
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
      rate(i.rates?.rxBytesPerSec),
      rate(i.rates?.txBytesPerSec),
      i.mac ?? '',
    ]),
  };
}

function statsRows(snapshot: Snapshot): string[][] {
  const rows: string[][] = [];
  for (const [group, counters] of Object.entries(snapshot.protocolStats)) {
    for (const [name, value] of Object.entries(counters)) rows.push([group, name, String(value)]);
  }
  return rows;
}

function statsText(snapshot: Snapshot): string {
  const parts: string[] = [];
  for (const [group, counters] of Object.entries(snapshot.protocolStats)) {
    parts.push(`${group}:`);
    for (const [name, value] of Object.entries(counters)) parts.push(`    ${String(value).padStart(14)}  ${name}`);
  }
  return parts.join('\n');
}

/** What --json prints for one view: the snapshot's metadata plus that view's part. */
export function jsonForViews(snapshot: Snapshot, views: readonly View[], connections: readonly Connection[]): object {
  const out: Record<string, unknown> = {
    host: snapshot.host,
    platform: snapshot.platform,
    takenAt: new Date(snapshot.takenAt).toISOString(),
    tookMs: Math.round(snapshot.tookMs * 10) / 10,
    source: snapshot.source,
    warnings: snapshotWarnings(snapshot),
  };
  for (const view of views) {
    if (view === 'connections') out.connections = connections;
    if (view === 'routes') out.routes = snapshot.routes;
    if (view === 'interfaces') out.interfaces = snapshot.interfaces;
    if (view === 'stats') out.protocolStats = snapshot.protocolStats;
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
      return formatTable(CONNECTION_TABLE_HEADER, connectionRows(connections, options.names));
    case 'routes': {
      const { header, rows } = routesView(snapshot);
      return csv ? toCsv(header, rows) : formatTable(header, rows);
    }
    case 'interfaces': {
      const { header, rows } = interfacesView(snapshot);
      return csv ? toCsv(header, rows) : formatTable(header, rows);
    }
    case 'stats':
      return csv ? toCsv(['Protocol', 'Counter', 'Value'], statsRows(snapshot)) : statsText(snapshot);
  }
}

export const VIEW_TITLES: Record<View, string> = {
  connections: 'Active connections',
  routes: 'Routing table',
  interfaces: 'Interface statistics',
  stats: 'Protocol statistics',
};
