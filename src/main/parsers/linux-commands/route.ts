/**
 * net-tools routing tables: `route -n`, `route`, `route -ee`, `route -6`,
 * `netstat -r[n][e]`. Columns are found by the header names because the
 * options change them (Metric Ref Use vs MSS Window irtt, both with -ee).
 */
import type { Route } from '../../../shared/model';
import type { ParseResult } from '../format';
import { splitLines, toInt } from './socket-text';

/** Prefix length of a dotted netmask ('255.255.255.0' -> 24), or null when not contiguous. */
export function maskToPrefix(mask: string): number | null {
  const parts = mask.split('.');
  if (parts.length !== 4) return null;
  let bits = 0;
  let ended = false;
  for (const part of parts) {
    const n = toInt(part);
    if (n === null || n > 255) return null;
    for (let b = 7; b >= 0; b--) {
      const set = (n >> b) & 1;
      if (set && ended) return null;
      if (set) bits++;
      else ended = true;
    }
  }
  return bits;
}

/**
 * A route's metric as net-tools prints it: the kernel's u32, printed with %d, so 0xffffffff (the IPv6 null entry's
 * metric in /proc/net/ipv6_route) reads '-1' and anything from 2^31 up is negative. WHY back to the u32 and not
 * null: the saved table then reads as the live one does (/proc), so route-lookup ranks the null entry last (metric
 * null counts as 0 there and made it beat the default route) and shared/route-metric.ts hides it alike.
 */
export function routeMetric(token: string | undefined): number | null {
  if (token === undefined || !/^-\d{1,10}$/.test(token)) return toInt(token);
  const n = Number(token);
  // '-0' is no %d output: the u32 0, not 2^32.
  return n < 0 && n >= -0x80000000 ? n + 0x100000000 : n === 0 ? 0 : null;
}

function headerColumns(line: string): string[] {
  return line.replace('Next Hop', 'NextHop').split(/\s+/);
}

function onLinkGateway(gateway: string): boolean {
  // IPv6 gateways arrive without their brackets ('[::]' -> '::').
  return gateway === '0.0.0.0' || gateway === '*' || gateway === '::';
}

export function parseLinuxRoute(text: string): ParseResult {
  const routes: Route[] = [];
  const skipped: string[] = [];
  let columns: string[] = [];
  let family: 4 | 6 = 4;
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^Kernel IP(v6)? routing table/.test(line)) {
      family = line.includes('IPv6') ? 6 : 4;
      continue;
    }
    if (line.startsWith('Destination ')) {
      columns = headerColumns(line);
      continue;
    }
    if (columns.length === 0) continue;
    const route = family === 6 ? parseV6Row(line, columns) : parseV4Row(line, columns);
    if (route) routes.push(route);
    else skipped.push(raw);
  }
  return { data: { routes }, skipped, warnings: [] };
}

function cell(tokens: string[], columns: string[], ...names: string[]): string | undefined {
  for (const name of names) {
    const i = columns.indexOf(name);
    if (i >= 0) return tokens[i];
  }
  return undefined;
}

function parseV4Row(line: string, columns: string[]): Route | null {
  const tokens = line.split(/\s+/);
  if (tokens.length < columns.length) return null;
  const destination = cell(tokens, columns, 'Destination') ?? '';
  const gateway = cell(tokens, columns, 'Gateway') ?? '';
  const prefixLength = maskToPrefix(cell(tokens, columns, 'Genmask') ?? '');
  const iface = cell(tokens, columns, 'Iface');
  if (prefixLength === null || iface === undefined) return null;
  return {
    family: 4,
    destination: destination === 'default' ? '0.0.0.0' : destination,
    prefixLength,
    gateway: onLinkGateway(gateway) ? null : gateway,
    interface: iface,
    metric: routeMetric(cell(tokens, columns, 'Metric')),
    flags: cell(tokens, columns, 'Flags') ?? '',
    table: null,
  };
}

function parseV6Row(line: string, columns: string[]): Route | null {
  const tokens = line.split(/\s+/);
  if (tokens.length < columns.length) return null;
  const target = cell(tokens, columns, 'Destination') ?? '';
  const slash = target.lastIndexOf('/');
  const prefixLength = slash > 0 ? toInt(target.slice(slash + 1)) : 128;
  const iface = cell(tokens, columns, 'If', 'Iface');
  if (prefixLength === null || prefixLength > 128 || iface === undefined) return null;
  const destination = (slash > 0 ? target.slice(0, slash) : target).replace(/^\[(.*)\]$/, '$1');
  const gateway = (cell(tokens, columns, 'NextHop', 'Gateway') ?? '').replace(/^\[(.*)\]$/, '$1');
  return {
    family: 6,
    destination,
    prefixLength,
    gateway: onLinkGateway(gateway) || gateway === '' ? null : gateway,
    interface: iface,
    metric: routeMetric(cell(tokens, columns, 'Met', 'Metric')),
    flags: cell(tokens, columns, 'Flag', 'Flags') ?? '',
    table: null,
  };
}
