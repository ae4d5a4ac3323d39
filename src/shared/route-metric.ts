/**
 * The metric a user is shown for a route, in the Routes view and `netscope -rn` alike.
 *
 * WHY not always route.metric: the kernel's IPv6 "nothing matched" entry (::/0 on lo, a reject route, metric
 * 0xffffffff) is in no table. `ip -6 route show table all` does not list it; net-tools (`route -6n`,
 * `netstat -6rn`) print its u32 metric with %d, as -1. Its metric is no preference anyone set, only what makes it
 * lose every lookup, so the data keeps it (route-lookup.ts ranks by it) and a user is shown none ('-'); an import
 * of a saved `route -6n` reads its -1 back as 0xffffffff (parsers/linux-commands/route.ts), so it is shown alike.
 * 4294967295 read as a real, very large metric.
 */
import type { Route } from './model';
import { isRejectRoute } from './route-lookup';

const NULL_ENTRY_METRIC = 0xffffffff;

/** The kernel's IPv6 null entry as /proc/net/ipv6_route gives it (the parser gives it no table). */
export function isKernelNullRoute(route: Route): boolean {
  return (
    route.family === 6 &&
    route.prefixLength === 0 &&
    route.metric === NULL_ENTRY_METRIC &&
    route.table === null &&
    isRejectRoute(route)
  );
}

/** The metric to show, or null for none. */
export function shownRouteMetric(route: Route): number | null {
  return isKernelNullRoute(route) ? null : route.metric;
}
