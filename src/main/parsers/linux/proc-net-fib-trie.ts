/**
 * /proc/net/fib_trie: the IPv4 routing tables as the kernel's trie, which,
 * unlike /proc/net/route, includes the local table (this host's addresses,
 * 127.0.0.0/8, broadcast addresses) and names each route's type. Used to
 * complete /proc/net/route so a route lookup answers as `ip route get` does.
 *
 *   Local:
 *     +-- 127.0.0.0/8 2 0 2
 *        |-- 127.0.0.1
 *           /32 host LOCAL
 *
 * The file names no device; a local-table route's device is inferred from the
 * main table (the on-link route that holds the address; lo for 127.0.0.0/8).
 * With no policy rules the kernel merges the tables and prints every route
 * under both headings; the route types tell them apart.
 */
import type { Route, RouteType } from '../../../shared/model';
import { prefixContains } from '../../../shared/addresses';

export interface FibTrieEntry {
  /** 'local', 'main', or the table's number ('Id 100:'). */
  table: string;
  destination: string;
  prefixLength: number;
  type: RouteType;
}

const TYPES: Record<string, RouteType> = {
  UNICAST: 'unicast',
  LOCAL: 'local',
  BROADCAST: 'broadcast',
  ANYCAST: 'anycast',
  MULTICAST: 'multicast',
  BLACKHOLE: 'blackhole',
  UNREACHABLE: 'unreachable',
  PROHIBIT: 'prohibit',
  THROW: 'throw',
  NAT: 'nat',
};
/** Types that live in the local table. */
const LOCAL_TYPES: ReadonlySet<RouteType> = new Set<RouteType>(['local', 'broadcast', 'anycast', 'multicast']);

const TABLE_HEADING = /^(Local|Main|Id (\d+)):$/;
const LEAF = /^\s*\|-- (\d{1,3}(?:\.\d{1,3}){3})$/;
const PREFIX = /^\s*\/(\d{1,2}) \S+ ([A-Z]+)/;

/** Every route the trie lists, with its table and type; lines it does not know are ignored. */
export function parseFibTrie(text: string): FibTrieEntry[] {
  const out: FibTrieEntry[] = [];
  let table: string | null = null;
  let leaf: string | null = null;
  for (const line of text.split('\n')) {
    const heading = TABLE_HEADING.exec(line.trim());
    if (heading) {
      table = heading[2] ?? (heading[1] === 'Local' ? 'local' : 'main');
      leaf = null;
      continue;
    }
    const l = LEAF.exec(line);
    if (l) {
      leaf = l[1] ?? null;
      continue;
    }
    const p = PREFIX.exec(line);
    const type = p ? TYPES[p[2] ?? ''] : undefined;
    if (!p || !type || table === null || leaf === null) continue;
    const prefixLength = Number(p[1]);
    if (prefixLength > 32) continue;
    out.push({ table, destination: leaf, prefixLength, type });
  }
  return out;
}

/** The device of a local-table route: lo for loopback, else the main table's on-link route holding it. */
function inferDevice(destination: string, main: readonly Route[]): string {
  if (destination.startsWith('127.')) return 'lo';
  let best: Route | null = null;
  for (const r of main) {
    // Only an on-link route names the device: not one through a gateway, nor an unreachable or prohibit route,
    // which /proc/net/route shows on device '*'.
    const onLink = r.gateway === null && r.interface !== '' && r.interface !== '*';
    if (!onLink || !prefixContains(4, r.destination, r.prefixLength, destination)) continue;
    if (!best || r.prefixLength > best.prefixLength) best = r;
  }
  return best?.interface ?? '';
}

/**
 * /proc/net/route's IPv4 routes completed from the trie: the local table's
 * routes added, and each on-link route the trie calls something other than
 * unicast (blackhole, unreachable, prohibit, throw) given that type.
 */
export function withFibTrie(ipv4: readonly Route[], fibTrieText: string): Route[] {
  const entries = parseFibTrie(fibTrieText);
  const mainTypes = new Map<string, RouteType>();
  const local = new Map<string, FibTrieEntry>();
  for (const e of entries) {
    const key = `${e.destination}/${e.prefixLength}`;
    if (LOCAL_TYPES.has(e.type)) local.set(key, e);
    else if (e.table === 'main') mainTypes.set(key, e.type);
  }
  const out = ipv4.map((r) => {
    // /proc/net/route flags unreachable and prohibit '!' but shows a blackhole as a plain up route.
    const type = mainTypes.get(`${r.destination}/${r.prefixLength}`);
    return type && type !== 'unicast' && r.gateway === null ? { ...r, type } : r;
  });
  for (const e of local.values()) {
    out.push({
      family: 4,
      destination: e.destination,
      prefixLength: e.prefixLength,
      gateway: null,
      interface: inferDevice(e.destination, ipv4),
      metric: 0,
      flags: e.prefixLength === 32 ? 'UH' : 'U',
      table: 'local',
      type: e.type,
    });
  }
  return out;
}
