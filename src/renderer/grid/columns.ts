/**
 * The grid's columns: the shared CONNECTION_COLUMNS (same ids, text and order
 * as the CLI and CSV) plus one computed here: the remote host's name. The
 * traffic columns show formatted values and short titles here (traffic-columns.ts);
 * the CSV export keeps the shared plain numbers (cellText).
 */
import { COLUMN_BY_ID } from '../../shared/columns';
import type { Connection, OwnerlessMeaning } from '../../shared/model';
import { ownerlessCell } from '../../shared/ownerless';
import { ALL_GRID_COLUMN_IDS } from '../store/prefs';
import { isTrafficColumnId } from '../../shared/traffic';
import { visibleText } from '../../shared/visible-text';
import { TRAFFIC_TITLES, trafficCellText } from './traffic-cells';

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
  bytesSent: [90, 'number'],
  bytesReceived: [90, 'number'],
  sendRate: [100, 'number'],
  receiveRate: [110, 'number'],
  rtt: [80, 'number'],
  retransmissions: [80, 'number'],
};

const EXTRA_TITLES: Record<string, string> = { fqdn: 'Remote Host', ...TRAFFIC_TITLES };

export const GRID_COLUMNS: readonly GridColumn[] = ALL_GRID_COLUMN_IDS.map((id) => {
  const [size, kind] = SIZES[id] ?? [120, 'text'];
  return { id, title: EXTRA_TITLES[id] ?? COLUMN_BY_ID.get(id)?.title ?? id, size, kind };
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

/**
 * A grid cell's class: its kind, `clip` where its text may not fit (cell-fit.ts), `ownerless` for an owner's mark.
 * The grid's rows (row-painter.ts) and the page's first screen (boot/first-screen.ts) class their cells through it,
 * so the first screen looks as the app's first frame.
 */
export function cellClassName(kind: GridColumn['kind'], clip: boolean, ownerless: boolean): string {
  let className = `cell ${kind}`;
  if (clip) className += ' clip';
  if (ownerless) className += ' ownerless';
  return className;
}

/**
 * The mark of a Program cell whose socket has no owner, with why (shared/ownerless.ts); null for every other cell.
 * The grid's rows (row-painter.ts) and the page's first screen (boot/first-screen.ts) mark the same cells through it.
 */
export function ownerMarkOf(
  columnId: string,
  c: Connection,
  ownerless: OwnerlessMeaning | null,
): { text: string; why: string } | null {
  return columnId === 'process' ? ownerlessCell(c, ownerless) : null;
}

/**
 * A cell as the grid shows it: cellText with the characters that would not
 * show as themselves escaped (a name's bidi override reordered what the cell
 * showed: shared/visible-text.ts), except the traffic columns, which are
 * formatted ('1.2 MB', '350 kB/s') and, where the engine reads no counters,
 * say why (`absentReason`). Sorting, the filter and the CSV export read the
 * data as it is (cellText).
 */
export function gridCellText(
  columnId: string,
  c: Connection,
  hostNames: HostNames,
  absentReason: string | null,
): string {
  return isTrafficColumnId(columnId)
    ? trafficCellText(columnId, c, absentReason)
    : visibleText(cellText(columnId, c, hostNames));
}
