/**
 * /proc/net/route (IPv4, main table only) and /proc/net/ipv6_route (every
 * table the kernel dumps there, local included) -> Route[].
 */
import type { Route } from '../../../shared/model';
import type { ParseResult } from '../format';
import { decodeHexAddress, hexToAddressBytes, hostEndianness, type Endianness } from './hex-address';

// include/uapi/linux/route.h and ipv6_route.h
const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;
const RTF_HOST = 0x4;
const RTF_REINSTATE = 0x8;
const RTF_DYNAMIC = 0x10;
const RTF_MODIFIED = 0x20;
const RTF_REJECT = 0x200;
const RTF_DEFAULT = 0x10000;
const RTF_ALLONLINK = 0x20000;
const RTF_ADDRCONF = 0x40000;
const RTF_NONEXTHOP = 0x200000;
const RTF_EXPIRES = 0x400000;
const RTF_CACHE = 0x1000000;
// IPv6 only (include/uapi/linux/ipv6_route.h): the local table's own-address and anycast routes.
const RTF_ANYCAST = 0x100000;
const RTF_LOCAL = 0x80000000;

/** Letters in the order net-tools' `route -n` prints them. */
export function ipv4RouteFlags(flags: number): string {
  let out = '';
  if (flags & RTF_UP) out += 'U';
  if (flags & RTF_GATEWAY) out += 'G';
  if (flags & RTF_REJECT) out += '!';
  if (flags & RTF_HOST) out += 'H';
  if (flags & RTF_REINSTATE) out += 'R';
  if (flags & RTF_DYNAMIC) out += 'D';
  if (flags & RTF_MODIFIED) out += 'M';
  return out;
}

/** Letters in the order net-tools' `route -6n` prints them (e.g. '!n' for the unreachable defaults). */
export function ipv6RouteFlags(flags: number): string {
  let out = '';
  if (flags & RTF_UP) out += 'U';
  if (flags & RTF_REJECT) out += '!';
  if (flags & RTF_GATEWAY) out += 'G';
  if (flags & RTF_HOST) out += 'H';
  if (flags & RTF_DEFAULT) out += 'D';
  if (flags & RTF_ADDRCONF) out += 'A';
  if (flags & RTF_CACHE) out += 'C';
  if (flags & RTF_ALLONLINK) out += 'a';
  if (flags & RTF_EXPIRES) out += 'e';
  if (flags & RTF_MODIFIED) out += 'm';
  if (flags & RTF_NONEXTHOP) out += 'n';
  return out;
}

const HEX8 = /^[0-9A-Fa-f]{8}$/;
const HEX32 = /^[0-9A-Fa-f]{32}$/;
const DECIMAL = /^-?\d+$/;

/** The prefix length of a netmask, or -1 when its bits are not contiguous. */
function prefixLengthOfMask(bytes: Uint8Array): number {
  let bits = 0;
  let ended = false;
  for (const byte of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = (byte >> bit) & 1;
      if (set && ended) return -1;
      if (set) bits++;
      else ended = true;
    }
  }
  return bits;
}

/** Guesses the byte order of saved /proc/net/route text from its masks (00FFFFFF is /24 little-endian, FFFFFF00 big-endian). */
export function guessRouteEndianness(text: string): Endianness {
  let le = 0;
  let be = 0;
  for (const line of text.split('\n')) {
    const mask = line.trim().split(/\s+/)[7];
    if (!mask || !HEX8.test(mask)) continue;
    const l = hexToAddressBytes(mask, 0, 8, 'le');
    const b = hexToAddressBytes(mask, 0, 8, 'be');
    if (l && prefixLengthOfMask(l) >= 0) le++;
    if (b && prefixLengthOfMask(b) >= 0) be++;
  }
  return be > le ? 'be' : 'le';
}

export function parseProcNetRoute(text: string, options: { endianness?: Endianness } = {}): ParseResult {
  const endianness = options.endianness ?? hostEndianness();
  const routes: Route[] = [];
  const skipped: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('Iface')) continue;
    // A missing column reads '' and fails its pattern below. The line is trimmed and not empty: iface is a word.
    const [iface = '', destination = '', gateway = '', flags = '', , , metric = '', mask = ''] = line.split(/\s+/);
    if (
      !HEX8.test(destination) ||
      !HEX8.test(gateway) ||
      !HEX8.test(mask) ||
      !/^[0-9A-Fa-f]{1,8}$/.test(flags) ||
      !DECIMAL.test(metric)
    ) {
      skipped.push(line);
      continue;
    }
    const maskBytes = hexToAddressBytes(mask, 0, 8, endianness);
    const prefixLength = maskBytes ? prefixLengthOfMask(maskBytes) : -1;
    const destinationText = decodeHexAddress(destination, endianness);
    const gatewayText = decodeHexAddress(gateway, endianness);
    if (prefixLength < 0 || destinationText === null || gatewayText === null) {
      skipped.push(line);
      continue;
    }
    routes.push({
      family: 4,
      destination: destinationText,
      prefixLength,
      gateway: gatewayText === '0.0.0.0' ? null : gatewayText,
      interface: iface,
      // The kernel keeps the metric as a u32 but prints it with %d: 4294967295 reads -1. Unsigned, as in ipv6_route.
      metric: Number(metric) >>> 0,
      flags: ipv4RouteFlags(parseInt(flags, 16)),
      // /proc/net/route only ever shows the main table (254).
      table: 'main',
      // Unreachable, prohibit and blackhole all read as RTF_REJECT here.
      type: parseInt(flags, 16) & RTF_REJECT ? 'reject' : 'unicast',
    });
  }
  return { data: { routes }, skipped, warnings: [] };
}

/**
 * The type and table of an IPv6 route. The file mixes every table without
 * naming them; the kernel puts a host's own addresses (RTF_LOCAL), its anycast
 * addresses (RTF_ANYCAST) and ff00::/8 multicast in table local, the rest (as
 * far as this file can tell: a policy-routing table looks the same) in main.
 * RTF_REJECT covers unreachable, prohibit, blackhole and throw alike; the
 * kernel's own "nothing matched" entry (::/0 on lo, metric 0xffffffff) is
 * unreachable.
 */
function ipv6RouteKind(
  flags: number,
  destination: string,
  prefixLength: number,
  metric: number,
): Pick<Route, 'type' | 'table'> {
  if (flags & RTF_LOCAL) return { type: 'local', table: 'local' };
  if (flags & RTF_ANYCAST) return { type: 'anycast', table: 'local' };
  if (flags & RTF_REJECT) {
    // The null entry is no table's route (`ip -6 route show table all` does not list it; it is what a lookup that
    // matched nothing answers): no table, which route-lookup.ts ranks where main is.
    const nullEntry = prefixLength === 0 && metric === 0xffffffff;
    return nullEntry ? { type: 'unreachable', table: null } : { type: 'reject', table: 'main' };
  }
  if (prefixLength >= 8 && destination.toLowerCase().startsWith('ff')) return { type: 'multicast', table: 'local' };
  return { type: 'unicast', table: 'main' };
}

/**
 * dest dest_len src src_len next_hop metric refcnt use flags device, all hex.
 * Addresses here are printed byte by byte (%pi6), so they need no swapping.
 */
export function parseProcNetIpv6Route(text: string): ParseResult {
  const routes: Route[] = [];
  const skipped: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const f = line.split(/\s+/);
    const [destination, destinationLength, , , nextHop, metricHex, , , flagsHex, device] = f;
    if (f.length !== 10 || !destination || !destinationLength || !nextHop || !metricHex || !flagsHex || !device) {
      skipped.push(line);
      continue;
    }
    if (
      !HEX32.test(destination) ||
      !HEX32.test(nextHop) ||
      !/^[0-9A-Fa-f]{2}$/.test(destinationLength) ||
      !HEX8.test(metricHex) ||
      !HEX8.test(flagsHex)
    ) {
      skipped.push(line);
      continue;
    }
    const prefixLength = parseInt(destinationLength, 16);
    const gateway = decodeHexAddress(nextHop, 'be');
    const destinationText = decodeHexAddress(destination, 'be');
    if (prefixLength > 128 || gateway === null || destinationText === null) {
      skipped.push(line);
      continue;
    }
    // Unsigned, as the kernel keeps it (u32): the unreachable entries' 0xffffffff is the largest metric, not -1.
    const metric = parseInt(metricHex, 16);
    const flags = parseInt(flagsHex, 16);
    routes.push({
      family: 6,
      destination: destinationText,
      prefixLength,
      gateway: gateway === '::' ? null : gateway,
      interface: device,
      metric,
      flags: ipv6RouteFlags(flags),
      ...ipv6RouteKind(flags, destinationText, prefixLength, metric),
    });
  }
  return { data: { routes }, skipped, warnings: [] };
}
