/**
 * The grid's default column order, and how an order saved before it changed is
 * brought to it (prefs.ts migratePrefs, version 3).
 *
 * WHY the owner and the traffic columns come right after the connection's own
 * columns: until version 3 the grid used netstat's order (the CLI's and the
 * CSV's, shared/columns.ts), where the traffic columns come last, after Path.
 * At 1280 or 1400 px the byte and rate columns were then past the right edge,
 * so a TCPView or nethogs user had to scroll sideways to see who uses the
 * bandwidth. Now a row reads: the connection (protocol, addresses, ports,
 * state), who owns it (PID, process), what it moves (rates, bytes, RTT,
 * retransmissions), then the rest (service, host name, user, path...). With
 * the default columns and the four traffic columns shown when counters first
 * arrive, Received ends at 1260 px (column-order.test.ts checks it).
 */
import { CONNECTION_COLUMNS } from '../../shared/columns';
import { isTrafficColumnId, TRAFFIC_COLUMN_IDS } from '../../shared/traffic';

/** Grid columns beyond the shared ones: the remote host's name, which only the renderer looks up. */
export const EXTRA_COLUMN_IDS = ['fqdn'] as const;

/** The order before version 3: the shared order (netstat's), with the remote host's name after the service. */
export const NETSTAT_GRID_ORDER: readonly string[] = (() => {
  const ids = CONNECTION_COLUMNS.map((c) => c.id);
  const at = ids.indexOf('service') + 1;
  return [...ids.slice(0, at), ...EXTRA_COLUMN_IDS, ...ids.slice(at)];
})();

/** The columns that follow the connection's own ones, in this order (rates first: what moves now). */
const OWNER_IDS = ['pid', 'process'];
const TRAFFIC_ORDER = ['sendRate', 'receiveRate', 'bytesSent', 'bytesReceived', 'rtt', 'retransmissions'];
/** The last of the connection's own columns: the owner and traffic columns come after it. */
const CONNECTION_END = 'state';

/** Every grid column, in the default order (see the file's comment). */
export const GRID_COLUMN_ORDER: readonly string[] = (() => {
  const traffic = [...TRAFFIC_ORDER, ...TRAFFIC_COLUMN_IDS.filter((id) => !TRAFFIC_ORDER.includes(id))];
  const moved = new Set([...OWNER_IDS, ...traffic]);
  const rest = NETSTAT_GRID_ORDER.filter((id) => !moved.has(id));
  const at = rest.indexOf(CONNECTION_END) + 1;
  return [...rest.slice(0, at), ...OWNER_IDS, ...traffic, ...rest.slice(at)];
})();

/**
 * A column order saved before version 3, in today's layout where the user did not choose otherwise. First it is
 * completed as the versions before did (known columns once each, then the ones it lacks in the old order), then:
 * - never reordered (its columns other than the traffic ones in the old default order): today's default;
 * - reordered, but the traffic columns still after all others, where every earlier version put them: those move,
 *   in today's order, to right after the user's owner columns (the later of PID and Process);
 * - a traffic column moved by the user: the order is kept as saved.
 */
export function migrateColumnOrder(stored: readonly unknown[]): string[] {
  const known = [...new Set(stored)].filter((id): id is string => NETSTAT_GRID_ORDER.includes(id as string));
  const saved = [...known, ...NETSTAT_GRID_ORDER.filter((id) => !known.includes(id))];
  const traffic = new Set<string>(saved.filter(isTrafficColumnId));
  const others = saved.filter((id) => !isTrafficColumnId(id));
  if (saved.findIndex(isTrafficColumnId) < others.length) return saved;
  const oldOthers = NETSTAT_GRID_ORDER.filter((id) => !isTrafficColumnId(id));
  if (others.every((id, i) => id === oldOthers[i])) return [...GRID_COLUMN_ORDER];
  const at = Math.max(others.indexOf('pid'), others.indexOf('process')) + 1;
  const inTodaysOrder = GRID_COLUMN_ORDER.filter((id) => traffic.has(id));
  return [...others.slice(0, at), ...inTodaysOrder, ...others.slice(at)];
}
