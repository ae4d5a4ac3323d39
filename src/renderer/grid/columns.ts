/**
 * The grid's columns: the shared CONNECTION_COLUMNS (same ids, text and order
 * as the CLI and CSV) plus one computed here: the remote host's name.
 */
import { COLUMN_BY_ID } from '../../shared/columns';
import type { Connection } from '../../shared/model';
import { ALL_GRID_COLUMN_IDS } from '../store/prefs';

export interface GridColumn {
  id: string;
  title: string;
  size: number;
  /** Addresses and paths read better in monospace; numbers align right. */
  kind: 'text' | 'mono' | 'number';
}

const SIZES: Record<string, [number, GridColumn['kind']]> = {
  proto: [58, 'text'],
  localAddress: [150, 'mono'],
  localPort: [96, 'number'],
  remoteAddress: [150, 'mono'],
  remotePort: [108, 'number'],
  state: [104, 'text'],
  service: [96, 'text'],
  fqdn: [200, 'text'],
  pid: [64, 'number'],
  process: [140, 'text'],
  path: [240, 'mono'],
  user: [96, 'text'],
  commandLine: [300, 'mono'],
  components: [140, 'text'],
  inode: [80, 'number'],
  rxQueue: [70, 'number'],
  txQueue: [70, 'number'],
};

const EXTRA_TITLES: Record<string, string> = { fqdn: 'Remote Host' };

export const GRID_COLUMNS: readonly GridColumn[] = ALL_GRID_COLUMN_IDS.map((id) => {
  const [size, kind] = SIZES[id] ?? [120, 'text'];
  return { id, title: COLUMN_BY_ID.get(id)?.title ?? EXTRA_TITLES[id] ?? id, size, kind };
});

export const GRID_COLUMN_BY_ID: ReadonlyMap<string, GridColumn> = new Map(GRID_COLUMNS.map((c) => [c.id, c]));

/** Host names by address (the store's fqdn slice). */
export type HostNames = ReadonlyMap<string, string | null>;

/** The text of the renderer-only columns (also what sorting uses for them). */
export function extraText(columnId: string, c: Connection, hostNames: HostNames): string {
  if (columnId === 'fqdn') return hostNames.get(c.remoteAddress) ?? '';
  return '';
}

/** A cell's text as the grid shows it (and the CSV export writes it). */
export function cellText(columnId: string, c: Connection, hostNames: HostNames): string {
  const shared = COLUMN_BY_ID.get(columnId);
  return shared ? shared.text(c) : extraText(columnId, c, hostNames);
}
