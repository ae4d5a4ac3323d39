/**
 * The route the kernel picks for an address, as `ip route get` answers:
 * the tables in the order of Linux's default policy rules (local, then main,
 * then default; elsewhere the one table), in each the longest matching
 * prefix, then the lowest metric. A reject route (unreachable, prohibit,
 * blackhole) that wins is the answer, as in the kernel: the address is
 * unreachable; a 'throw' route sends the lookup on to the next table. The
 * kernel's own IPv6 "nothing matched" entry (::/0 on lo, metric 0xffffffff)
 * wins only when nothing else matches, since its metric is the largest.
 */
import { addressFamily, canonicalAddress, prefixContains } from './addresses';
import type { Family, Route, RouteType } from './model';

/** Tables consulted by ordinary lookups, in rule order (names and numbers: 255 local, 254 main, 253 default). */
const LOOKUP_TABLES: readonly (readonly string[])[] = [
  ['local', '255'],
  ['main', '254'],
  ['default', '253'],
];

const REJECT_TYPES: ReadonlySet<RouteType> = new Set<RouteType>([
  'unreachable',
  'prohibit',
  'blackhole',
  'reject',
  'throw',
]);

/** The rule position of a route's table, or -1 for a table no default rule consults (policy routing). */
function tableRank(route: Route): number {
  const table = route.table;
  // No table (Windows, macOS, an import without one): the one table there is.
  if (table === null) return 1;
  return LOOKUP_TABLES.findIndex((names) => names.includes(table));
}

/** Unreachable, prohibit, blackhole or throw: by type where the source says it, else by the '!' flag. */
export function isRejectRoute(route: Route): boolean {
  return route.type !== undefined ? REJECT_TYPES.has(route.type) : route.flags.includes('!');
}

/** A default route: 0.0.0.0/0 or ::/0 that forwards (not the kernel's unreachable entries). */
export function isDefaultRoute(route: Route): boolean {
  return route.prefixLength === 0 && !isRejectRoute(route);
}

const metricOf = (r: Route): number => r.metric ?? 0;

/** The route used to reach address, or null when no route matches (or the address is not one). */
export function lookupRoute(routes: readonly Route[], address: string): Route | null {
  const family = addressFamily(address);
  if (family === null) return null;
  const target = canonicalAddress(address);
  const bestPerTable: (Route | null)[] = LOOKUP_TABLES.map(() => null);
  for (const r of routes) {
    if (r.family !== family) continue;
    const rank = tableRank(r);
    if (rank < 0) continue;
    if (!prefixContains(family, r.destination, r.prefixLength, target)) continue;
    const best = bestPerTable[rank] ?? null;
    if (
      !best ||
      r.prefixLength > best.prefixLength ||
      (r.prefixLength === best.prefixLength && metricOf(r) < metricOf(best))
    ) {
      bestPerTable[rank] = r;
    }
  }
  for (const best of bestPerTable) {
    if (best && best.type !== 'throw') return best;
  }
  return null;
}

/** The default route in use per family: the lowest metric among the forwarding defaults of the lookup tables. */
export function activeDefaultRoutes(routes: readonly Route[]): Map<Family, Route> {
  const out = new Map<Family, Route>();
  for (const r of routes) {
    if (!isDefaultRoute(r) || tableRank(r) < 0) continue;
    const current = out.get(r.family);
    if (!current || metricOf(r) < metricOf(current)) out.set(r.family, r);
  }
  return out;
}

/** The lookup's answer in `ip route get`'s words: "via fd00::1 dev eth0 metric 1024", "local dev lo", "unreachable". */
export function describeLookup(route: Route | null): string {
  if (!route) return 'no route (network unreachable)';
  if (isRejectRoute(route)) {
    // No type: /proc/net/ipv6_route's '!' flag, which does not say which kind.
    const kind = route.type ?? 'reject';
    return `${kind} (${route.destination}/${route.prefixLength}): the kernel refuses to send there`;
  }
  const parts: string[] = [];
  if (route.type && route.type !== 'unicast') parts.push(route.type);
  parts.push(`${route.destination}/${route.prefixLength}`);
  parts.push(route.gateway ? `via ${route.gateway}` : 'on-link');
  if (route.interface) parts.push(`dev ${route.interface}`);
  if (route.table && route.table !== 'main') parts.push(`table ${route.table}`);
  if (route.metric !== null) parts.push(`metric ${route.metric}`);
  return parts.join(' ');
}
