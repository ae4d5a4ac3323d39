/**
 * The connection columns: one list, in one order, for the grid, the CLI's CSV
 * and the app's CSV export ("all columns"), so a column has the same id, title,
 * text and place everywhere. The order is netstat's, then what it lacks:
 * ...State, Service, PID, Process, User, Path, Command Line, ...
 */
import { protocolLabel, type Connection } from './model';
import { connectionService } from './services';
import { unixTypeLabel } from './unix-socket';
import { trafficRawText } from './traffic';

export interface ConnectionColumn<Id extends string = ColumnId> {
  id: Id;
  title: string;
  /** The cell as text (CSV, CLI, filter matching). */
  text(c: Connection): string;
}

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** The remote of a listening or unconnected socket: no peer, which netstat writes as `*`. */
const NO_PEER = new Set(['', '*', '0.0.0.0', '::']);

export function hasNoPeer(c: Pick<Connection, 'remoteAddress'>): boolean {
  return NO_PEER.has(c.remoteAddress);
}

const COLUMNS = [
  { id: 'proto', title: 'Proto', text: (c) => protocolLabel(c) },
  { id: 'localAddress', title: 'Local Address', text: (c) => c.localAddress },
  { id: 'localPort', title: 'Local Port', text: (c) => (c.protocol === 'unix' ? '' : str(c.localPort)) },
  { id: 'remoteAddress', title: 'Remote Address', text: (c) => (hasNoPeer(c) ? '*' : c.remoteAddress) },
  {
    id: 'remotePort',
    title: 'Remote Port',
    // A UNIX socket has no ports (its peer, where known, is in Peer Inode).
    text: (c) => (c.protocol === 'unix' ? '' : hasNoPeer(c) && c.remotePort === 0 ? '*' : str(c.remotePort)),
  },
  { id: 'state', title: 'State', text: (c) => (c.state === 'NONE' ? '' : c.state) },
  { id: 'service', title: 'Service', text: (c) => connectionService(c) },
  { id: 'pid', title: 'PID', text: (c) => str(c.pid) },
  { id: 'process', title: 'Process', text: (c) => str(c.processName) },
  { id: 'user', title: 'User', text: (c) => str(c.user) },
  { id: 'path', title: 'Path', text: (c) => str(c.exePath) },
  { id: 'commandLine', title: 'Command Line', text: (c) => str(c.commandLine) },
  { id: 'components', title: 'Components', text: (c) => (c.components ?? []).join(' ') },
  { id: 'inode', title: 'Inode', text: (c) => str(c.inode) },
  { id: 'rxQueue', title: 'Recv-Q', text: (c) => str(c.rxQueue) },
  { id: 'txQueue', title: 'Send-Q', text: (c) => str(c.txQueue) },
  // UNIX domain socket rows only (protocol 'unix'): empty for inet sockets.
  { id: 'unixType', title: 'Socket Type', text: (c) => (c.unixType ? unixTypeLabel(c.unixType) : '') },
  { id: 'peerInode', title: 'Peer Inode', text: (c) => str(c.peerInode) },
  { id: 'offloadState', title: 'Offload State', text: (c) => str(c.offloadState) },
  { id: 'template', title: 'Template', text: (c) => str(c.template) },
  // Traffic (Connection.traffic): plain numbers here (CSV, CLI); the grid formats them (traffic.ts).
  { id: 'bytesSent', title: 'Sent (B)', text: (c) => trafficRawText('bytesSent', c) },
  { id: 'bytesReceived', title: 'Received (B)', text: (c) => trafficRawText('bytesReceived', c) },
  { id: 'sendRate', title: 'Send Rate (B/s)', text: (c) => trafficRawText('sendRate', c) },
  { id: 'receiveRate', title: 'Receive Rate (B/s)', text: (c) => trafficRawText('receiveRate', c) },
  { id: 'rtt', title: 'RTT (ms)', text: (c) => trafficRawText('rtt', c) },
  { id: 'retransmissions', title: 'Retransmissions', text: (c) => trafficRawText('retransmissions', c) },
] as const satisfies readonly ConnectionColumn<string>[];

/** The ids of the connection columns: a union, so a misspelt id in a column list fails tsc. */
export type ColumnId = (typeof COLUMNS)[number]['id'];

export const CONNECTION_COLUMNS: readonly ConnectionColumn[] = COLUMNS;
export const COLUMN_IDS: readonly ColumnId[] = COLUMNS.map((c) => c.id);

export const COLUMN_BY_ID: ReadonlyMap<string, ConnectionColumn> = new Map(CONNECTION_COLUMNS.map((c) => [c.id, c]));

export function isColumnId(id: unknown): id is ColumnId {
  return typeof id === 'string' && COLUMN_BY_ID.has(id);
}
