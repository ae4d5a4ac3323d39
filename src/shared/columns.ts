/**
 * The connection columns: one list for the grid, the CLI table and CSV export,
 * so a column has the same id, title and text everywhere.
 */
import { protocolLabel, type Connection } from './model';

export interface ConnectionColumn<Id extends string = ColumnId> {
  id: Id;
  title: string;
  /** The cell as text (CSV, CLI, filter matching). */
  text(c: Connection): string;
}

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

const COLUMNS = [
  { id: 'proto', title: 'Proto', text: (c) => protocolLabel(c) },
  { id: 'localAddress', title: 'Local Address', text: (c) => c.localAddress },
  { id: 'localPort', title: 'Local Port', text: (c) => str(c.localPort) },
  { id: 'remoteAddress', title: 'Remote Address', text: (c) => c.remoteAddress },
  { id: 'remotePort', title: 'Remote Port', text: (c) => str(c.remotePort) },
  { id: 'state', title: 'State', text: (c) => (c.state === 'NONE' ? '' : c.state) },
  { id: 'pid', title: 'PID', text: (c) => str(c.pid) },
  { id: 'process', title: 'Process', text: (c) => str(c.processName) },
  { id: 'path', title: 'Path', text: (c) => str(c.exePath) },
  { id: 'user', title: 'User', text: (c) => str(c.user) },
  { id: 'commandLine', title: 'Command Line', text: (c) => str(c.commandLine) },
  { id: 'components', title: 'Components', text: (c) => (c.components ?? []).join(' ') },
  { id: 'inode', title: 'Inode', text: (c) => str(c.inode) },
  { id: 'rxQueue', title: 'Recv-Q', text: (c) => str(c.rxQueue) },
  { id: 'txQueue', title: 'Send-Q', text: (c) => str(c.txQueue) },
] as const satisfies readonly ConnectionColumn<string>[];

/** The ids of the connection columns: a union, so a misspelt id in a column list fails tsc. */
export type ColumnId = (typeof COLUMNS)[number]['id'];

export const CONNECTION_COLUMNS: readonly ConnectionColumn[] = COLUMNS;
export const COLUMN_IDS: readonly ColumnId[] = COLUMNS.map((c) => c.id);

export const COLUMN_BY_ID: ReadonlyMap<string, ConnectionColumn> = new Map(CONNECTION_COLUMNS.map((c) => [c.id, c]));

export function isColumnId(id: unknown): id is ColumnId {
  return typeof id === 'string' && COLUMN_BY_ID.has(id);
}
