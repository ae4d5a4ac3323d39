/** Routes: /proc/net/route (IPv4 main table) and /proc/net/ipv6_route. */
import { endianness } from 'node:os';
import type { Route } from '../../../shared/model';
import { parseProcNetIpv6Route, parseProcNetRoute } from '../../parsers/linux/proc-net-route';
import type { Collected, Collector } from '../types';
import { readTextOrNull, type ResolvedLinuxOptions } from './proc-fs';

export function createRoutesCollector(options: ResolvedLinuxOptions): Collector<Route[]> {
  return {
    name: 'routes',
    async collect(): Promise<Collected<Route[]>> {
      const warnings: string[] = [];
      const routes: Route[] = [];
      const v4 = readTextOrNull(`${options.procRoot}/net/route`);
      if (v4 !== null) {
        const result = parseProcNetRoute(v4, { endianness: endianness() === 'LE' ? 'le' : 'be' });
        routes.push(...(result.data.routes ?? []));
        if (result.skipped.length > 0) warnings.push(`${result.skipped.length} unreadable lines in /proc/net/route`);
      } else {
        warnings.push('/proc/net/route is missing: no IPv4 routes');
      }
      // Absent when IPv6 is disabled: not worth a warning.
      const v6 = readTextOrNull(`${options.procRoot}/net/ipv6_route`);
      if (v6 !== null) {
        const result = parseProcNetIpv6Route(v6);
        routes.push(...(result.data.routes ?? []));
        if (result.skipped.length > 0)
          warnings.push(`${result.skipped.length} unreadable lines in /proc/net/ipv6_route`);
      }
      return { data: routes, warnings };
    },
  };
}
