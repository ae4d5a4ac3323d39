/**
 * Sort keys of the connection columns, shared by the grid (renderer/grid/sort.ts)
 * and the server, which picks the first screenful of a snapshot in the page's
 * saved sort (wire-head.ts): both must order rows exactly alike. Numeric for
 * ports, PIDs, queues and traffic, address-aware for IPs (10.0.0.9 before
 * 10.0.0.10, IPv4 before IPv6), TCP-lifecycle order for states,
 * case-insensitive text otherwise. Empty values are null and sort last.
 */
import { COLUMN_BY_ID } from './columns';
import { SOCKET_STATES, type Connection } from './model';
import { TRAFFIC_COLUMN_IDS, trafficValue } from './traffic';

export type SortKey = number | string | null;

export const NUMERIC_SORT_KEYS: Readonly<Record<string, (c: Connection) => number | null>> = {
  ...Object.fromEntries(TRAFFIC_COLUMN_IDS.map((id) => [id, (c: Connection) => trafficValue(id, c)])),
  localPort: (c) => c.localPort,
  remotePort: (c) => c.remotePort,
  pid: (c) => c.pid,
  inode: (c) => c.inode,
  rxQueue: (c) => c.rxQueue,
  txQueue: (c) => c.txQueue,
};

// The address keys below do not go through addresses.ts (ipaddr.js): a header click keys every row, and for
// 100k mixed IPv4/IPv6 addresses parseIPv4/parseIPv6 + hex took 750 ms against 87 ms here (Node 20, 1 Dec 2026).
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * The 32-bit value of a dotted IPv4 address (four parts of 1-3 digits, each at most 255), else -1.
 * Parsed by hand: a regex, four padded hex strings and a join cost ~650 ns a row, most of the server's first
 * screenful at 100k rows sorted by address (~90 ms); this ~80 ns (issue 13).
 */
function ipv4Value(addr: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < addr.length; i++) {
    const ch = addr.charCodeAt(i);
    if (ch === 46 /* . */) {
      if (digits === 0 || part > 255) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (ch >= 48 /* 0 */ && ch <= 57 /* 9 */ && digits < 3) {
      part = part * 10 + ch - 48;
      digits++;
    } else return -1;
  }
  if (digits === 0 || dots !== 3 || part > 255) return -1;
  return value * 256 + part;
}

/** The 8 hex digits of a dotted IPv4 address (an IPv6 address's embedded tail), else null. */
function ipv4Key(addr: string): string | null {
  const value = ipv4Value(addr);
  return value < 0 ? null : hex(value, 8);
}

function ipv6Key(addr: string): string | null {
  const zoneAt = addr.indexOf('%');
  const bare = (zoneAt >= 0 ? addr.slice(0, zoneAt) : addr).replace(/^\[|\]$/g, '');
  if (!bare.includes(':')) return null;
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
  let groups = head;
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 0) return null;
    groups = [...head, ...Array<string>(missing).fill('0000'), ...tail];
  }
  if (groups.length !== 8) return null;
  return groups.join('') + (zoneAt >= 0 ? addr.slice(zoneAt).toLowerCase() : '');
}

/** The key of a wildcard or IPv4 address (addressSortKey's numbers), else undefined. */
function quickAddressKey(addr: string): number | undefined {
  if (addr === '*' || addr === '') return 0;
  const v4 = ipv4Value(addr);
  return v4 >= 0 ? 1 + v4 : undefined;
}

/**
 * A key that orders addresses numerically: wildcard (0), IPv4 (1 + its value), then IPv6 and anything else as
 * text ('6' + 32 hex digits, '9' + the text), which sorts after every number (compareSortKeys).
 * WHY numbers for IPv4: a header click keys every row and sorts them, and the diffs of a sorted view compare keys
 * in their binary searches; a number is made without a string (toString(16), padStart and a concatenation per
 * row) and compares without a call into the runtime, and needs no cache per row object (renderer/grid/sort.ts).
 */
export function addressSortKey(addr: string): number | string {
  const quick = quickAddressKey(addr);
  if (quick !== undefined) return quick;
  const v6 = ipv6Key(addr);
  if (v6) return `6${v6}`;
  return `9${addr.toLowerCase()}`;
}

const STATE_RANK = new Map(SOCKET_STATES.map((s, i) => [s, i]));

export interface SortKeyOf {
  keyOf: (c: Connection) => SortKey;
  cheap: boolean;
  quick?: (c: Connection) => SortKey | undefined;
}

/**
 * WHY quick for IPv4 only: an IPv4 key is parsed in ~50 ns, less than a cache lookup per row object (~0.35 us, the
 * WeakMap was ~35 ms of a first click at 100k rows); an IPv6 key takes ~1.5 us (split, regex, 8 groups), 150 ms for
 * 100k rows at every rebuild (a header click, a widened filter) if it were not cached.
 */
function addressKeyOf(addressOf: (c: Connection) => string): SortKeyOf {
  return {
    keyOf: (c) => addressSortKey(addressOf(c)),
    cheap: false,
    quick: (c) => quickAddressKey(addressOf(c)),
  };
}

/**
 * The key function of a column the engine's rows alone can sort by, or null
 * for the renderer's own columns (service, host name), whose text only the
 * page has. `cheap` says whether the key is a field read (else callers may cache it); `quick`, where given, is the
 * key of the rows it is cheap for and undefined for the others, whose key callers may cache.
 */
export function connectionSortKey(columnId: string): SortKeyOf | null {
  const numeric = NUMERIC_SORT_KEYS[columnId];
  if (numeric) return { keyOf: numeric, cheap: true };
  if (columnId === 'localAddress') return addressKeyOf((c) => c.localAddress);
  if (columnId === 'remoteAddress') return addressKeyOf((c) => c.remoteAddress);
  if (columnId === 'state') return { keyOf: (c) => STATE_RANK.get(c.state) ?? 99, cheap: true };
  const col = COLUMN_BY_ID.get(columnId);
  if (col) return { keyOf: (c) => col.text(c).toLowerCase() || null, cheap: false };
  return null;
}

/**
 * The grid's order of two keys: empty (null) keys last in both directions,
 * else ascending (dir 1) or descending (dir -1), numbers before strings (an
 * address column has both); 0 for equal keys (the caller then ranks by
 * arrival order).
 */
export function compareSortKeys(ka: SortKey, kb: SortKey, dir: 1 | -1): number {
  if (ka === kb) return 0;
  if (ka === null) return 1;
  if (kb === null) return -1;
  if (typeof ka !== typeof kb) return (typeof ka === 'number' ? -1 : 1) * dir;
  return (ka < kb ? -1 : 1) * dir;
}
