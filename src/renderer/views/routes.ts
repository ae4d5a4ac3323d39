/**
 * Routing table helpers for the view: text matching. Default routes and the
 * lookup (what the kernel would pick) live in src/shared/route-lookup.ts,
 * where the engine's tests check them against `ip route get`.
 */
import type { Route } from '../../shared/model';

export {
  activeDefaultRoutes,
  describeLookup,
  isDefaultRoute,
  isRejectRoute,
  lookupRoute,
} from '../../shared/route-lookup';

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
    route.type ?? '',
  ].some((field) => field.toLowerCase().includes(q));
}
