/**
 * Windows `route print` in any display language. Section titles are translated
 * ('IPv4 Table de routage', 'Itinéraires actifs :'), and so is 'On-link' in some
 * languages ('Auf Verbindung'), so rows are recognised by their shape:
 *   IPv4 active:     dest mask gateway-or-words interface metric
 *   IPv4 persistent: dest mask gateway metric-or-words ('Default', 'Par défaut')
 *   IPv6:            ifIndex metric dest/prefix [gateway]  (gateway may wrap to the next line)
 * IPv6 persistent rows look like active ones: a '====' rule after IPv6 rows starts them.
 * Persistent routes are returned with table 'persistent'.
 */
import type { Family, Route } from '../../../shared/model';
import type { ParseResult } from '../format';
import { isIpv4, maskToPrefix, splitLines, tokens } from './common';

const V6_PREFIX = /^([0-9a-fA-F:.]*:[0-9a-fA-F:.]*(?:%\w+)?)\/(\d{1,3})$/;
/** ' 12...00 0c 29 76 c8 d0 ......Intel(R) PRO/1000' or '  1...........Software Loopback Interface 1'. */
const INTERFACE_LIST_LINE = /^\s*(\d+)\s*\.\.\.(.*)$/;
const MAC_PREFIX = /^((?:[0-9a-fA-F]{2}[ -]){5,}[0-9a-fA-F]{2}[ -]?)/;

export function parseRoutePrint(text: string): ParseResult {
  const routes: Route[] = [];
  const skipped: string[] = [];
  const interfaceNames = new Map<string, string>();
  const lines = splitLines(typeof text === 'string' ? text : '');
  let sawV6Rows = false;
  let v6Persistent = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string; // i < lines.length
    if (/^\s*={10,}\s*$/.test(line)) {
      if (sawV6Rows) v6Persistent = true;
      continue;
    }
    const ifLine = INTERFACE_LIST_LINE.exec(line);
    if (ifLine && ifLine[1] && ifLine[2] !== undefined) {
      const name = ifLine[2]
        .replace(MAC_PREFIX, '')
        .replace(/^[.\s]+/, '')
        .trim();
      if (name.length > 0) interfaceNames.set(ifLine[1], name);
      continue;
    }
    const parts = tokens(line);
    const v4 = parseV4Row(parts);
    if (v4) {
      routes.push(v4);
      continue;
    }
    const v6Prefix = V6_PREFIX.exec(parts[2] ?? '');
    if (v6Prefix && /^\d+$/.test(parts[0] as string) && /^\d+$/.test(parts[1] as string)) {
      let gatewayText = parts.slice(3).join(' ');
      if (gatewayText.length === 0) {
        // The destination was too wide: the gateway is alone on the next line.
        const next = lines[i + 1] ?? '';
        if (tokens(next).length > 0 && !/^\s*\d+\s+\d+\s/.test(next)) {
          gatewayText = next.trim();
          i++;
        }
      }
      const v6 = parseV6Row(parts, v6Prefix, gatewayText, interfaceNames, v6Persistent);
      if (v6) {
        routes.push(v6);
        sawV6Rows = true;
      } else skipped.push(line);
      continue;
    }
    if (looksLikeBrokenRow(parts)) skipped.push(line);
  }
  return { data: { routes }, skipped, warnings: [] };
}

function flagsFor(gateway: string | null, prefixLength: number, family: Family, persistent: boolean): string {
  let flags = persistent ? 'S' : 'U';
  if (gateway) flags += 'G';
  if (prefixLength === (family === 4 ? 32 : 128)) flags += 'H';
  return flags;
}

function parseV4Row(parts: string[]): Route | null {
  if (parts.length < 4) return null;
  // Four words or more from here on, so each index below is a word.
  const [dest, mask, gateway] = parts as [string, string, string, ...string[]];
  if (!isIpv4(dest)) return null;
  // null for anything but a contiguous dotted mask.
  const prefixLength = maskToPrefix(mask);
  if (prefixLength === null) return null;
  const last = parts[parts.length - 1] as string;
  const beforeLast = parts[parts.length - 2] as string;
  if (parts.length >= 5 && isIpv4(beforeLast) && /^\d+$/.test(last)) {
    // Active: whatever sits between mask and interface is the gateway, or a (translated) 'On-link'.
    const gatewayWords = parts.slice(2, -2);
    const gateway = gatewayWords.length === 1 && isIpv4(gatewayWords[0] as string) ? (gatewayWords[0] as string) : null;
    return {
      family: 4,
      destination: dest,
      prefixLength,
      gateway,
      interface: beforeLast,
      metric: Number(last),
      flags: flagsFor(gateway, prefixLength, 4, false),
      table: null,
    };
  }
  // Persistent rows have 4 columns, 5 when the metric is two words ('Par défaut'); more is another OS's table.
  const metricWords = parts.slice(3);
  if (!isIpv4(gateway) || parts.length > 5 || (parts.length === 5 && metricWords.some((w) => /\d/.test(w))))
    return null;
  // One word: the metric if digits; two words ('Par défaut') have no digit, so no number either.
  const metricText = metricWords[0] as string;
  const gw = gateway === '0.0.0.0' ? null : gateway;
  return {
    family: 4,
    destination: dest,
    prefixLength,
    gateway: gw,
    interface: '',
    metric: /^\d+$/.test(metricText) ? Number(metricText) : null,
    flags: flagsFor(gw, prefixLength, 4, true),
    table: 'persistent',
  };
}

function parseV6Row(
  parts: string[],
  prefix: RegExpExecArray,
  gatewayText: string,
  names: Map<string, string>,
  persistent: boolean,
): Route | null {
  // V6_PREFIX matched: both groups are there, the address with at least its colon.
  const destination = prefix[1] as string;
  const prefixLength = Number(prefix[2]);
  if (prefixLength > 128) return null;
  const ifIndex = parts[0] as string;
  // Anything that is not an address ('On-link', 'Auf Verbindung', ...) means directly connected.
  const gateway = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%\w+)?$/.test(gatewayText) ? gatewayText : null;
  return {
    family: 6,
    destination,
    prefixLength,
    gateway,
    interface: names.get(ifIndex) ?? ifIndex,
    metric: Number(parts[1]),
    flags: flagsFor(gateway, prefixLength, 6, persistent),
    table: persistent ? 'persistent' : null,
  };
}

/** A row that starts like a route (an address) but did not parse is worth reporting. */
function looksLikeBrokenRow(parts: string[]): boolean {
  const first = parts[0] as string;
  return parts.length >= 3 && (isIpv4(first) || V6_PREFIX.test(first));
}

/** Interface list, route rows and the '====' rules that only route print draws. */
export function detectRoutePrint(text: string): number {
  const lines = splitLines((typeof text === 'string' ? text : '').slice(0, 20_000)).slice(0, 120);
  const rules = lines.filter((l) => /^\s*={20,}\s*$/.test(l)).length;
  const rows = lines.filter((l) => {
    const parts = tokens(l);
    // An active IPv4 row (five words, six with a two-word on-link: 'Auf Verbindung') or an IPv6 row.
    return parseV4Row(parts)?.table === null || /^\s*\d+\s+\d+\s+\S*:\S*\/\d+/.test(l);
  }).length;
  // `route print 10.*` that matches nothing prints its rules and interface list, and 'None' (localized) for the
  // routes: an empty table, not an unknown file. Interface list lines (' 12...00 1c 42 da 01 6a ......Adapter')
  // and the rules are route print's own.
  if (rows === 0) return rules >= 2 && lines.some((l) => INTERFACE_LIST_LINE.test(l)) ? 0.9 : 0;
  // Only route print draws '====' rules; rows alone (a pasted excerpt) are a weaker sign.
  return rules >= 2 ? 0.95 : rows >= 3 ? 0.5 : 0.2;
}
