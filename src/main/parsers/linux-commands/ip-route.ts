/**
 * iproute2 routes: `ip route` / `ip -6 route` / `ip route show table all` text,
 * and `ip -j route` JSON. Both come down to the same keyword record.
 */
import type { Family, Route, RouteType } from '../../../shared/model';
import type { ParseResult } from '../format';
import { splitLines, toInt } from './socket-text';

/** Route types that ip prints before the destination ('local 127.0.0.1 dev lo ...'). */
const ROUTE_TYPES = new Set([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'anycast',
  'unreachable',
  'blackhole',
  'prohibit',
  'throw',
  'nat',
]);
const REJECT_TYPES = new Set(['unreachable', 'blackhole', 'prohibit', 'throw']);

interface RouteFields {
  type: string;
  dst: string;
  gateway: string | null;
  /** The next hop's family where ip names it (`via inet6 ADDR`, JSON `via: {family, host}`), else null. */
  viaFamily: Family | null;
  dev: string | null;
  metric: number | null;
  table: string | null;
}

function familyOf(fields: RouteFields): Family {
  if (fields.dst.includes(':')) return 6;
  if (fields.dst.includes('.')) return 4;
  // 'default': the next hop tells. ip names the next hop's family (RTA_VIA) only when it differs from the
  // route's, as for an IPv4 route via an IPv6 next hop (RFC 5549).
  if (fields.viaFamily !== null) return fields.viaFamily === 6 ? 4 : 6;
  return (fields.gateway ?? '').includes(':') ? 6 : 4;
}

/** 'inet' -> 4, 'inet6' -> 6 (iproute2's family names), else null. */
function familyFromName(name: string | undefined): Family | null {
  return name === 'inet6' ? 6 : name === 'inet' ? 4 : null;
}

function toRoute(fields: RouteFields): Route | null {
  const family = familyOf(fields);
  let destination = fields.dst;
  let prefixLength: number | null = family === 6 ? 128 : 32;
  if (destination === 'default') {
    destination = family === 6 ? '::' : '0.0.0.0';
    prefixLength = 0;
  } else {
    const slash = destination.indexOf('/');
    if (slash >= 0) {
      prefixLength = toInt(destination.slice(slash + 1));
      destination = destination.slice(0, slash);
    }
  }
  if (prefixLength === null || prefixLength > (family === 6 ? 128 : 32) || destination === '') return null;
  let flags = REJECT_TYPES.has(fields.type) ? '!' : 'U';
  if (fields.gateway) flags += 'G';
  if (prefixLength === (family === 6 ? 128 : 32)) flags += 'H';
  return {
    family,
    destination,
    prefixLength,
    gateway: fields.gateway,
    interface: fields.dev ?? '',
    metric: fields.metric,
    flags,
    table: fields.table ?? 'main',
    // ROUTE_TYPES is RouteType's words less 'reject'; JSON may carry anything else.
    ...(ROUTE_TYPES.has(fields.type) ? { type: fields.type as RouteType } : {}),
  };
}

function parseTextLine(line: string): RouteFields | null {
  const tokens = line.trim().split(/\s+/);
  let i = 0;
  let type = 'unicast';
  if (ROUTE_TYPES.has(tokens[0] ?? '')) type = tokens[i++] ?? type;
  const dst = tokens[i++];
  if (dst === undefined || !/^(default|[0-9a-fA-F:.]+(\/\d+)?)$/.test(dst)) return null;
  const fields: RouteFields = { type, dst, gateway: null, viaFamily: null, dev: null, metric: null, table: null };
  for (; i < tokens.length; i++) {
    const key = tokens[i];
    const value = tokens[i + 1];
    const viaFamily = key === 'via' ? familyFromName(value) : null;
    if (viaFamily !== null && tokens[i + 2] !== undefined) {
      // 'via inet6 fe80::1': the family, then the address.
      fields.viaFamily = viaFamily;
      fields.gateway = tokens[i + 2] ?? null;
      i++;
    } else if (key === 'via' && value !== undefined) fields.gateway = value;
    else if (key === 'dev' && value !== undefined) fields.dev = value;
    else if ((key === 'metric' || key === 'preference') && value !== undefined) fields.metric = toInt(value);
    else if (key === 'table' && value !== undefined) fields.table = value;
    else continue;
    i++;
  }
  return fields;
}

export function parseIpRoute(text: string): ParseResult {
  const routes: Route[] = [];
  const skipped: string[] = [];
  let last: RouteFields | null = null;
  for (const raw of splitLines(text)) {
    if (raw.trim() === '') continue;
    if (/^\s/.test(raw)) {
      // Continuation: 'nexthop via X dev Y weight 1' of a multipath route, or cache details.
      const hop = /nexthop\s+via\s+(?:(inet6?)\s+)?(\S+)\s+dev\s+(\S+)/.exec(raw);
      if (hop && last && !last.gateway) {
        last.viaFamily = familyFromName(hop[1]);
        last.gateway = hop[2] ?? null;
        last.dev = hop[3] ?? null;
        const fixed = toRoute(last);
        if (fixed) routes[routes.length - 1] = fixed;
      }
      continue;
    }
    const fields = parseTextLine(raw);
    const route = fields ? toRoute(fields) : null;
    if (route && fields) {
      routes.push(route);
      last = fields;
    } else {
      skipped.push(raw);
      last = null;
    }
  }
  return { data: { routes }, skipped, warnings: [] };
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function parseIpRouteJson(text: string): ParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { data: { routes: [] }, skipped: [], warnings: [`not valid JSON: ${(error as Error).message}`] };
  }
  if (!Array.isArray(parsed)) {
    return { data: { routes: [] }, skipped: [], warnings: ['expected a JSON array of routes'] };
  }
  const routes: Route[] = [];
  const skipped: string[] = [];
  for (const item of parsed as unknown[]) {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : null;
    const dst = record ? str(record.dst) : null;
    const metric = record?.metric;
    // A next hop of the other family comes as "via": {"family": "inet6", "host": "fe80::1"}.
    const via = typeof record?.via === 'object' && record.via !== null ? (record.via as Record<string, unknown>) : null;
    const route =
      record && dst
        ? toRoute({
            type: str(record.type) ?? 'unicast',
            dst,
            gateway: str(record.gateway) ?? (via ? str(via.host) : null),
            viaFamily: via ? familyFromName(str(via.family) ?? undefined) : null,
            dev: str(record.dev),
            metric: typeof metric === 'number' && Number.isFinite(metric) ? metric : null,
            table: str(record.table) ?? (typeof record.table === 'number' ? String(record.table) : null),
          })
        : null;
    if (route) routes.push(route);
    else skipped.push(JSON.stringify(item));
  }
  return { data: { routes }, skipped, warnings: [] };
}
