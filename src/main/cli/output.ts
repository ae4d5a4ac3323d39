/** Prints one snapshot for a show/import command in the chosen format. */
import { csvRow } from '../../shared/csv';
import type { Connection, Family, Snapshot } from '../../shared/model';
import type { OutputFormat, View } from './args';
import { selectConnections, type Selection } from './select';
import { truncateRows } from './fit-width';
import { missingStats, type StatsProtocol } from '../../shared/stats-sections';
import { formatTableRow } from './table';
import { NETWORK_DIRECT_TITLE } from './network-direct-view';
import { emptyTrafficNote } from './traffic-table';
import { selectUnixSockets } from './unix-view';
import {
  CONNECTION_SHRINK,
  CONNECTION_TABLE_HEADER,
  connectionRows,
  connectionsCsvTable,
  connectionWidths,
  jsonForViews,
  renderView,
  viewWarnings,
  VIEW_TITLES,
} from './views';

export interface PrintOptions extends Selection {
  views: View[];
  format: OutputFormat;
  /** Repeating output: JSON becomes one line per refresh. */
  repeating: boolean;
  names?: ReadonlyMap<string, string | null>;
  /** -s sections; null or absent: all. */
  statsProtocols?: readonly StatsProtocol[] | null;
  /** -4 / -6: the routing table keeps these families' routes only; null or absent: all. */
  families?: readonly Family[] | null;
  /** The terminal's width: the connection table is fitted to it (absent when stdout is no terminal, or -W). */
  columns?: number;
  /**
   * Warnings already printed by an earlier refresh (repeating output): each is
   * printed once, keyed by its text without numbers ("20 sockets have no
   * owner" and "3 sockets have no owner" are the same warning).
   */
  seenWarnings?: Set<string>;
  /** Writes text and a line break ('\n'). */
  out: (text: string) => void;
  /**
   * Writes text as it is. When given, JSON is written row by row: one string of a
   * big import's rows would pass V8's string limit (about 512 MB: 'Invalid string length').
   */
  write?: (text: string) => void;
  err: (text: string) => void;
}

/**
 * CSV must end every record, the last one included, with CRLF (as the app's export
 * does). out() adds '\n', so the text given to it ends with the record's '\r'.
 */
/** The row count after a table's title: connections and UNIX sockets (as selected). */
function viewCount(view: View, snapshot: Snapshot, connections: readonly Connection[], options: PrintOptions): string {
  if (view === 'connections') return ` (${connections.length})`;
  if (view === 'unix' && snapshot.networkDirect !== undefined) return ` (${snapshot.networkDirect.length})`;
  if (view === 'unix') return ` (${selectUnixSockets(snapshot.unixSockets, options).length})`;
  return '';
}

function outCsv(options: PrintOptions, csv: string): void {
  options.out(csv.endsWith('\r\n') ? csv.slice(0, -1) : csv);
}

/** -x is NetworkDirect's on Windows (netstat -x), UNIX sockets' elsewhere. */
function viewTitle(view: View, snapshot: Snapshot): string {
  return view === 'unix' && snapshot.networkDirect !== undefined ? NETWORK_DIRECT_TITLE : VIEW_TITLES[view];
}

/** The snapshot with only the routes of the families -4 / -6 chose (as the table, CSV and JSON show them). */
function withFamilyRoutes(snapshot: Snapshot, families: readonly Family[] | null | undefined): Snapshot {
  if (!families) return snapshot;
  return { ...snapshot, routes: snapshot.routes.filter((r) => families.includes(r.family)) };
}

export function printSnapshot(whole: Snapshot, options: PrintOptions): void {
  const snapshot = withFamilyRoutes(whole, options.families);
  const connections = selectConnections(snapshot.connections, options);
  if (options.format === 'json') {
    const json = jsonForViews(
      snapshot,
      options.views,
      connections,
      options.statsProtocols ?? null,
      options.listeningOnly,
    );
    if (options.repeating) options.out(JSON.stringify(json));
    else if (options.write && 'connections' in json) writeJsonInPieces(json, connections, options.write);
    else options.out(JSON.stringify(json, null, 2));
    return;
  }
  for (const view of options.views) {
    const body = renderView(view, snapshot, connections, options);
    if (options.format === 'csv') outCsv(options, body);
    else options.out(`${viewTitle(view, snapshot)}${viewCount(view, snapshot, connections, options)}\n\n${body}\n`);
  }
  printWarnings(snapshot, options);
  // CSV always has the traffic columns: when they are empty, say why (once when repeating).
  const trafficNote = options.format === 'csv' && options.views.includes('connections') && emptyTrafficNote(snapshot);
  if (trafficNote && !options.seenWarnings?.has(trafficNote)) {
    options.seenWarnings?.add(trafficNote);
    options.err(`netscope: ${trafficNote}`);
  }
}

/**
 * The text of JSON.stringify(json, null, 2) plus '\n', written a thousand rows at a
 * time: the connections array is stringified row by row and indented to its depth.
 */
export function writeJsonInPieces(
  json: object,
  connections: readonly Connection[],
  write: (text: string) => void,
): void {
  const marker = '\u0000rows\u0000';
  const text = JSON.stringify({ ...json, connections: marker }, null, 2);
  const markerJson = JSON.stringify(marker);
  const at = text.indexOf(markerJson);
  if (connections.length === 0) {
    write(`${text.slice(0, at)}[]${text.slice(at + markerJson.length)}\n`);
    return;
  }
  write(`${text.slice(0, at)}[\n`);
  const indent = (row: Connection) => `    ${JSON.stringify(row, null, 2).replace(/\n/g, '\n    ')}`;
  for (let start = 0; start < connections.length; start += 1000) {
    const batch = connections.slice(start, start + 1000).map(indent);
    write(`${batch.join(',\n')}${start + 1000 < connections.length ? ',' : ''}\n`);
  }
  write(`  ]${text.slice(at + markerJson.length)}\n`);
}

/**
 * Warnings to stderr keep stdout clean for pipes; JSON carries them inline instead.
 * Only those about the views shown, and when repeating only the first time.
 */
export function printWarnings(
  snapshot: Snapshot,
  options: Pick<PrintOptions, 'err' | 'views' | 'seenWarnings' | 'statsProtocols'>,
): void {
  const notes = viewWarnings(snapshot, options.views).map((w) => `warning: ${w}`);
  const note = missingStatsNote(snapshot, options);
  if (note !== null) notes.push(note);
  for (const note of notes) {
    const key = note.replace(/\d+/g, '#');
    if (options.seenWarnings?.has(key)) continue;
    options.seenWarnings?.add(key);
    options.err(`netscope: ${note}`);
  }
}

/** Says which chosen -s sections this OS does not have; Linux counts TCP and UDP over IPv6 in TCP and UDP. */
function missingStatsNote(snapshot: Snapshot, options: Pick<PrintOptions, 'views' | 'statsProtocols'>): string | null {
  if (!options.views.includes('stats')) return null;
  const chosen = options.statsProtocols ?? null;
  const linux = snapshot.platform === 'linux';
  // -t on Linux asks for TCP and TCPv6: its TCP section is both, so nothing is missing.
  const covered = (p: StatsProtocol) => linux && p.endsWith('v6') && chosen?.includes(p.slice(0, -2) as StatsProtocol);
  const missing = missingStats(snapshot.protocolStats, chosen).filter((p) => !covered(p));
  if (missing.length === 0) return null;
  const why = linux && missing.some((p) => p === 'TCPv6' || p === 'UDPv6');
  return (
    `note: no ${missing.join(', ')} statistics here` +
    (why ? ' (Linux counts TCP and UDP over IPv6 in the TCP and UDP sections)' : '')
  );
}

export interface RowPrinter {
  row(connection: Connection): void;
  /** Prints what is still buffered; returns how many rows were printed (after -p, -l, --filter). */
  end(): number;
}

/** Rows kept before the first table line is printed: their widths set the columns, as netstat's fixed columns. */
export const STREAM_TABLE_BATCH = 10_000;
const SELECT_BATCH = 4096;

/**
 * Prints connections as they stream in from a big import, so the rows of a 200 MB
 * file never sit in memory together. Only for the connections table or CSV; null
 * for anything else (JSON, several views), which print from a whole snapshot.
 * Up to STREAM_TABLE_BATCH rows the output is exactly printSnapshot()'s; past it,
 * the table's column widths come from the first batch (a longer cell pushes its
 * line out, as in netstat) and the title carries no count (it is printed to stderr).
 */
export function connectionRowPrinter(options: PrintOptions): RowPrinter | null {
  if (options.format === 'json' || options.views.length !== 1 || options.views[0] !== 'connections') return null;
  const csv = options.format === 'csv';
  let incoming: Connection[] = [];
  /** Selected rows waiting for the first table batch to fill (table output only). */
  let held: string[][] = [];
  let widths: number[] | null = null;
  let printed = 0;

  const emitTable = (rows: string[][]): void => {
    if (rows.length === 0) return;
    const w = widths as number[];
    const cut = options.columns === undefined ? rows : truncateRows(rows, w, CONNECTION_SHRINK);
    options.out(cut.map((r) => formatTableRow(r, w)).join('\n'));
  };
  const flushIncoming = (): void => {
    const selected = selectConnections(incoming, options);
    incoming = [];
    printed += selected.length;
    if (selected.length === 0) return;
    if (csv) {
      const { header, rows } = connectionsCsvTable(selected);
      const lines = printed === selected.length ? [csvRow(header)] : [];
      for (const r of rows) lines.push(csvRow(r));
      outCsv(options, `${lines.join('\r\n')}\r\n`);
      return;
    }
    const rows = connectionRows(selected, options.names);
    if (widths !== null) return emitTable(rows);
    for (const r of rows) held.push(r);
    if (held.length < STREAM_TABLE_BATCH) return;
    widths = connectionWidths(held, options.columns);
    options.out(`${VIEW_TITLES.connections}\n\n${formatTableRow(CONNECTION_TABLE_HEADER, widths)}`);
    emitTable(held);
    held = [];
  };

  return {
    row(connection) {
      incoming.push(connection);
      if (incoming.length >= SELECT_BATCH) flushIncoming();
    },
    end() {
      flushIncoming();
      if (csv) {
        if (printed === 0) outCsv(options, `${csvRow(connectionsCsvTable([]).header)}\r\n`);
      } else if (widths === null) {
        // Everything fit in one batch: the same output as printSnapshot().
        const w = connectionWidths(held, options.columns);
        widths = w;
        const cut = options.columns === undefined ? held : truncateRows(held, w, CONNECTION_SHRINK);
        const body = [formatTableRow(CONNECTION_TABLE_HEADER, w), ...cut.map((r) => formatTableRow(r, w))];
        options.out(`${VIEW_TITLES.connections} (${printed})\n\n${body.join('\n')}\n`);
      } else {
        options.out('');
        options.err(`netscope: ${printed} connections`);
      }
      return printed;
    },
  };
}
