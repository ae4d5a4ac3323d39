/**
 * The routing table from IP Helper, as `route print` shows it but without parsing localized text:
 * GetIpForwardTable2 (IPv4 and IPv6 in one call) joined with GetIpInterfaceTable for the effective metric
 * (route metric + interface metric, the figure `route print` prints), GetIfTable2 for the interface's name and
 * GetUnicastIpAddressTable for its address (`route print`'s Interface column); persistent routes (`route -p`)
 * come from the registry key `route print` reads and are marked. Pure: tables in, routes out.
 */
import type { Route } from '../../../shared/model';
import type { ForwardRow, IfRow, IpInterfaceRow, UnicastRow } from './mib-decode';

/** The registry key of IPv4 persistent routes; each value's NAME is `destination,mask,gateway,metric`. */
export const PERSISTENT_ROUTES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes';

export interface PersistentRoute {
  destination: string;
  prefixLength: number;
  /** null for 0.0.0.0 (on-link). */
  gateway: string | null;
  metric: number | null;
}

/** Mask to prefix length; null when the mask is not contiguous ones then zeros. */
export function maskToPrefixLength(mask: string): number | null {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const PERSISTENT_VALUE = new RegExp(`^\\s+(${IPV4}),(${IPV4}),(${IPV4}),(-?\\d+)\\s+REG_\\w+`);

/** `reg query <PERSISTENT_ROUTES_KEY>` output (value names only matter; reg.exe's words are not read). */
export function parsePersistentRoutes(text: string): PersistentRoute[] {
  const routes: PersistentRoute[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = PERSISTENT_VALUE.exec(line);
    if (!match) continue;
    const [, destination = '', mask = '', gateway = '', metric = ''] = match;
    const prefixLength = maskToPrefixLength(mask);
    if (prefixLength === null) continue;
    const metricValue = Number(metric);
    routes.push({
      destination,
      prefixLength,
      gateway: gateway === '0.0.0.0' ? null : gateway,
      // -1 (and 0 on older systems) mean "automatic" in the registry: no fixed metric.
      metric: metricValue > 0 ? metricValue : null,
    });
  }
  return routes;
}

export interface RouteTables {
  forward: readonly ForwardRow[];
  /** null when GetIpInterfaceTable failed (Wine does not implement it): metrics are the routes' own then. */
  ipInterfaces: readonly IpInterfaceRow[] | null;
  unicast: readonly UnicastRow[] | null;
  interfaces: readonly IfRow[] | null;
  persistent: readonly PersistentRoute[];
}

function routeFlags(gateway: string | null, prefixLength: number, family: 4 | 6, active: boolean): string {
  // The letters route-print.ts gives (U up, S stored but not active, G gateway, H host), so both sources read alike.
  let flags = active ? 'U' : 'S';
  if (gateway !== null) flags += 'G';
  if (prefixLength === (family === 4 ? 32 : 128)) flags += 'H';
  return flags;
}

const keyOf = (family: number, index: number): string => `${family}/${index}`;
const persistentKey = (destination: string, prefixLength: number, gateway: string | null): string =>
  `${destination}/${prefixLength} ${gateway ?? 'on-link'}`;

export function routesFromTables(tables: RouteTables): Route[] {
  const interfaceMetric = new Map<string, number>();
  for (const row of tables.ipInterfaces ?? []) interfaceMetric.set(keyOf(row.family, row.interfaceIndex), row.metric);
  const names = new Map<number, string>();
  for (const row of tables.interfaces ?? []) names.set(row.interfaceIndex, row.alias);
  const addresses = new Map<string, string>();
  for (const row of tables.unicast ?? []) {
    const key = keyOf(row.family, row.interfaceIndex);
    if (!addresses.has(key)) addresses.set(key, row.address);
  }
  const persistent = new Map(
    tables.persistent.map((p) => [persistentKey(p.destination, p.prefixLength, p.gateway), p]),
  );

  const routes: Route[] = [];
  for (const row of tables.forward) {
    const key = keyOf(row.family, row.interfaceIndex);
    const stored = row.family === 4 ? persistentKey(row.destination, row.prefixLength, row.nextHop) : null;
    const isPersistent = stored !== null && persistent.delete(stored);
    const route: Route = {
      family: row.family,
      destination: row.destination,
      prefixLength: row.prefixLength,
      gateway: row.nextHop,
      interface: names.get(row.interfaceIndex) ?? String(row.interfaceIndex),
      metric: row.metric + (interfaceMetric.get(key) ?? 0),
      flags: routeFlags(row.nextHop, row.prefixLength, row.family, true),
      table: null,
    };
    const address = addresses.get(key);
    if (address !== undefined) route.interfaceAddress = address;
    if (isPersistent) route.persistent = true;
    routes.push(route);
  }
  // Stored routes that are not in the active table (their gateway is unreachable now), as `route print` lists them.
  for (const p of persistent.values()) {
    routes.push({
      family: 4,
      destination: p.destination,
      prefixLength: p.prefixLength,
      gateway: p.gateway,
      interface: '',
      metric: p.metric,
      flags: routeFlags(p.gateway, p.prefixLength, 4, false),
      table: null,
      persistent: true,
    });
  }
  return routes;
}
