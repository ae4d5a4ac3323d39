/**
 * Routing table helpers: default route detection, the route the kernel would
 * pick for an address (longest prefix, then lowest metric), per-interface counts.
 */
import type { Family, Route } from '../../shared/model';
import { addressFamily, canonicalAddress, prefixContains } from './addresses';

export function isDefaultRoute(route: Route): boolean {
  return route.prefixLength === 0;
}

/** Routes in tables that answer ordinary lookups (Linux 'local' and 'main'; every table elsewhere). */
function inLookupTables(route: Route): boolean {
  return route.table === null || ['main', 'local', '254', '255', 'default'].includes(route.table);
}

/** Unreachable/blackhole/prohibit routes as Linux flags them ('!'), which a lookup must still honour. */
export function isRejectRoute(route: Route): boolean {
  return route.flags.includes('!');
}

/**
 * The route used to reach address: longest matching prefix in the lookup
 * tables, ties broken by the lowest metric (null metric counts as 0).
 */
export function lookupRoute(routes: readonly Route[], address: string): Route | null {
  const family = addressFamily(address);
  if (family === null) return null;
  const target = canonicalAddress(address);
  let best: Route | null = null;
  for (const r of routes) {
    if (r.family !== family || !inLookupTables(r)) continue;
    if (!prefixContains(family, r.destination, r.prefixLength, target)) continue;
    if (
      !best ||
      r.prefixLength > best.prefixLength ||
      (r.prefixLength === best.prefixLength && (r.metric ?? 0) < (best.metric ?? 0))
    ) {
      best = r;
    }
  }
  return best;
}

/** The default route in use per family: the lowest metric among the defaults of the lookup tables. */
export function activeDefaultRoutes(routes: readonly Route[]): Map<Family, Route> {
  const out = new Map<Family, Route>();
  for (const r of routes) {
    if (!isDefaultRoute(r) || !inLookupTables(r) || isRejectRoute(r)) continue;
    const current = out.get(r.family);
    if (!current || (r.metric ?? 0) < (current.metric ?? 0)) out.set(r.family, r);
  }
  return out;
}

export function routeMatchesText(route: Route, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [
    route.destination,
    `${route.destination}/${route.prefixLength}`,
    route.gateway ?? 'on-link',
    route.interface,
    route.flags,
    route.table ?? '',
  ].some((field) => field.toLowerCase().includes(q));
}
