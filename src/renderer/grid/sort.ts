/**
 * Sorting for the grid: numeric for ports, PIDs and queues, address-aware for
 * IPs (10.0.0.9 before 10.0.0.10, IPv4 before IPv6), TCP-lifecycle order for
 * states, case-insensitive text otherwise. Keys are computed once per row
 * (decorate-sort-undecorate) because comparing 100k rows recomputes nothing.
 */
import { COLUMN_BY_ID } from '../../shared/columns';
import { SOCKET_STATES, type Connection } from '../../shared/model';
import { TRAFFIC_SORT_KEYS } from './traffic-columns';

const NUMERIC: Record<string, (c: Connection) => number | null> = {
  ...TRAFFIC_SORT_KEYS,
  localPort: (c) => c.localPort,
  remotePort: (c) => c.remotePort,
  pid: (c) => c.pid,
  inode: (c) => c.inode,
  rxQueue: (c) => c.rxQueue,
  txQueue: (c) => c.txQueue,
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function ipv4Key(addr: string): string | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.map((p) => hex(p, 2)).join('');
}

function ipv6Key(addr: string): string | null {
  const zoneAt = addr.indexOf('%');
  const bare = (zoneAt >= 0 ? addr.slice(0, zoneAt) : addr).replace(/^\[|\]$/g, '');
  if (!bare.includes(':')) return null;
  let groups: string[] = [];
  const halves = bare.split('::');
  if (halves.length > 2) return null;
  const expand = (s: string): string[] | null => {
    if (s === '') return [];
    const out: string[] = [];
    for (const g of s.split(':')) {
      const v4 = ipv4Key(g);
      if (v4) out.push(v4.slice(0, 4), v4.slice(4));
      else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(g.toLowerCase().padStart(4, '0'));
      else return null;
    }
    return out;
  };
  const head = expand(halves[0] ?? '');
  const tail = halves.length === 2 ? expand(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 0) return null;
    groups = [...head, ...Array<string>(missing).fill('0000'), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  return groups.join('') + (zoneAt >= 0 ? addr.slice(zoneAt).toLowerCase() : '');
}

/** A string key that orders addresses numerically: wildcard, IPv4, IPv6, then anything else as text. */
export function addressSortKey(addr: string): string {
  if (addr === '*' || addr === '') return '0';
  const v4 = ipv4Key(addr);
  if (v4) return `4${v4}`;
  const v6 = ipv6Key(addr);
  if (v6) return `6${v6}`;
  return `9${addr.toLowerCase()}`;
}

const STATE_RANK = new Map(SOCKET_STATES.map((s, i) => [s, i]));

/** Text of the renderer-only columns (service, fqdn), supplied by the grid. */
export type ExtraText = (columnId: string, c: Connection) => string;

type SortKey = number | string | null;

// Keys of the costlier columns, cached per connection object: unchanged
// connections keep their object across refreshes, so re-sorting after a diff
// computes keys only for the rows that are new or changed.
const keyCaches = new Map<string, WeakMap<Connection, SortKey>>();

function cached(columnId: string, keyOf: (c: Connection) => SortKey): (c: Connection) => SortKey {
  let cache = keyCaches.get(columnId);
  if (!cache) keyCaches.set(columnId, (cache = new WeakMap()));
  const map = cache;
  return (c) => {
    let k = map.get(c);
    if (k === undefined) map.set(c, (k = keyOf(c)));
    return k;
  };
}

export function sortKeyFor(columnId: string, extraText: ExtraText): (c: Connection) => SortKey {
  const numeric = NUMERIC[columnId];
  if (numeric) return numeric;
  if (columnId === 'localAddress') return cached(columnId, (c) => addressSortKey(c.localAddress));
  if (columnId === 'remoteAddress') return cached(columnId, (c) => addressSortKey(c.remoteAddress));
  if (columnId === 'state') return (c) => STATE_RANK.get(c.state) ?? 99;
  const col = COLUMN_BY_ID.get(columnId);
  if (col) return cached(columnId, (c) => col.text(c).toLowerCase() || null);
  // Renderer columns are not cached: host names arrive over time.
  return (c) => extraText(columnId, c).toLowerCase() || null;
}

/**
 * A sorted copy. Empty values (null, '') go last in both directions, since
 * they are never what a sort is looking for; ties keep the input order.
 */
export function sortConnections(
  rows: readonly Connection[],
  columnId: string,
  desc: boolean,
  extraText: ExtraText,
): Connection[] {
  const keyOf = sortKeyFor(columnId, extraText);
  const keys = rows.map(keyOf);
  const order = rows.map((_, i) => i);
  const dir = desc ? -1 : 1;
  order.sort((a, b) => {
    const ka = keys[a] ?? null;
    const kb = keys[b] ?? null;
    if (ka === kb) return a - b;
    if (ka === null) return 1;
    if (kb === null) return -1;
    return (ka < kb ? -1 : 1) * dir;
  });
  return order.map((i) => rows[i] as Connection);
}
