/**
 * BSD/macOS `netstat -rn` (and -r, -rnl): 'Internet:' and 'Internet6:' tables.
 * Destinations are written short ('default', '127', '10.0.1/24', '169.254',
 * 'fe80::%utun0/64'); they are normalized to address + prefix length.
 */
import type { Family, Route } from '../../../shared/model';
import type { ParseResult } from '../format';
import { splitLines, toInt } from '../linux-commands/socket-text';

/** '127' -> 127.0.0.0/8, '10.0.1/24' -> 10.0.1.0/24, '192.168.1.5' -> /32, 'default' -> 0.0.0.0/0. */
export function normalizeV4Destination(text: string): { destination: string; prefixLength: number } | null {
  if (text === 'default') return { destination: '0.0.0.0', prefixLength: 0 };
  const [addr = '', prefixText] = text.split('/');
  const octets = addr.split('.');
  if (!/^\d{1,3}(\.\d{1,3}){0,3}$/.test(addr)) {
    // A resolved host name ('localhost', 'kbrazil-mac.local'): a host route.
    return /^[\w.-]+$/.test(addr) && prefixText === undefined ? { destination: addr, prefixLength: 32 } : null;
  }
  if (octets.some((o) => Number(o) > 255)) return null;
  const prefixLength = prefixText === undefined ? octets.length * 8 : toInt(prefixText);
  if (prefixLength === null || prefixLength > 32) return null;
  while (octets.length < 4) octets.push('0');
  return { destination: octets.join('.'), prefixLength };
}

export function normalizeV6Destination(text: string): { destination: string; prefixLength: number } | null {
  if (text === 'default') return { destination: '::', prefixLength: 0 };
  const [addr = '', prefixText] = text.split('/');
  const prefixLength = prefixText === undefined ? 128 : toInt(prefixText);
  if (prefixLength === null || prefixLength > 128 || addr === '') return null;
  // The zone ('%utun0') repeats the interface column: the address is what is left.
  return { destination: addr.replace(/%.*$/, ''), prefixLength };
}

/** 'link#14' and MAC addresses (ARP-style host routes) mean directly reachable: no gateway. */
function gatewayOf(text: string): string | null {
  if (/^link#\d+$/.test(text) || /^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(text)) return null;
  return text;
}

export function parseBsdRoutes(text: string): ParseResult {
  const routes: Route[] = [];
  const skipped: string[] = [];
  let family: Family | null = null;
  let columns: string[] = [];
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line === 'Routing tables') continue;
    if (line === 'Internet:' || line === 'Internet6:') {
      family = line === 'Internet6:' ? 6 : 4;
      columns = [];
      continue;
    }
    if (line.startsWith('Destination ')) {
      columns = line.split(/\s+/);
      continue;
    }
    // Before a header, columns is empty: no Netif column, so the row is skipped.
    const route = parseRow(line.split(/\s+/), columns, family);
    if (route) routes.push(route);
    else skipped.push(raw);
  }
  return { data: { routes }, skipped, warnings: [] };
}

function parseRow(tokens: string[], columns: string[], section: Family | null): Route | null {
  const netifAt = columns.indexOf('Netif');
  if (netifAt < 0 || tokens.length < netifAt + 1) return null;
  const destText = tokens[0] ?? '';
  const family: Family = section ?? (destText.includes(':') ? 6 : 4);
  const dest = family === 6 ? normalizeV6Destination(destText) : normalizeV4Destination(destText);
  if (!dest) return null;
  const flagsAt = columns.indexOf('Flags');
  return {
    family,
    destination: dest.destination,
    prefixLength: dest.prefixLength,
    gateway: gatewayOf(tokens[1] ?? ''),
    interface: tokens[netifAt] ?? '',
    metric: null,
    flags: flagsAt >= 0 ? (tokens[flagsAt] ?? '') : '',
    table: null,
  };
}
