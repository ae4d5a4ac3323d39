/**
 * Sorting for the grid: numeric for ports, PIDs and queues, address-aware for
 * IPs (10.0.0.9 before 10.0.0.10, IPv4 before IPv6), TCP-lifecycle order for
 * states, case-insensitive text otherwise. Keys are computed once per row
 * (decorate-sort-undecorate) because comparing 100k rows recomputes nothing.
 */
import type { Connection } from '../../shared/model';
// The keys themselves are shared with the server, which picks a snapshot's first screenful in this order.
import { connectionSortKey, type SortKey } from '../../shared/sort-keys';
import { keyOrder } from './key-order';

/** Text of the renderer-only columns (service, fqdn), supplied by the grid. */
export type ExtraText = (columnId: string, c: Connection) => string;

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

/** `cache: false` for keys of rows seen once (a diff's), which would only grow the cache. */
export function sortKeyFor(columnId: string, extraText: ExtraText, cache = true): (c: Connection) => SortKey {
  const shared = connectionSortKey(columnId);
  // Renderer columns are not cached: host names arrive over time.
  if (!shared) return (c) => extraText(columnId, c).toLowerCase() || null;
  if (shared.cheap || !cache) return shared.keyOf;
  const slow = cached(columnId, shared.keyOf);
  const quick = shared.quick;
  // The rows whose key is cheaper to make than to look up (IPv4 addresses) skip the cache.
  return quick ? (c) => quick(c) ?? slow(c) : slow;
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
  const keys = rows.map(sortKeyFor(columnId, extraText));
  const order = keyOrder(keys, desc);
  const out = new Array<Connection>(order.length);
  for (let n = 0; n < order.length; n++) out[n] = rows[order[n] as number] as Connection;
  return out;
}
