/**
 * IP address text in one place: validation (the API's resolveHost argument),
 * parsing to numbers, v4-mapped unwrapping, "not connected" detection, subnet
 * keys (/24, /64) and prefix matching. Text is parsed by ipaddr.js (it runs in
 * Node and the browser); IPv6 arithmetic is on a bigint, so prefixes of any
 * length are exact. RFC 5952 output comes from ipv6.ts's formatter, which the
 * parsers' hot paths call with groups they decoded themselves.
 */
import ipaddr from 'ipaddr.js';
import { formatIpv6Groups } from './ipv6';
import type { Family } from './model';

/** Longer text is no address (and is not worth parsing). */
const MAX_ADDRESS_LENGTH = 100;
/** Interface names as zone ids: "fe80::1%eth0", "%br-lan", "%eth0.5", Windows' "%12". */
const ZONE = /^[A-Za-z0-9_.-]{1,64}$/;
const V4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
/** "::a.b.c.d", the deprecated IPv4-compatible form, which ipaddr.js reads as v4-mapped. */
const V4_COMPATIBLE = /^::\d{1,3}(?:\.\d{1,3}){3}$/;

/** Dotted quad, each part 0..255 in decimal without leading zeros (so no octal ambiguity): 15 characters at most. */
export function isIPv4(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

/** RFC 4291 text with an optional zone id ("fe80::1%eth0", as netstat prints link-local peers). */
export function isIPv6(s: string): boolean {
  if (s.length > MAX_ADDRESS_LENGTH) return false;
  const zone = s.indexOf('%');
  if (zone !== -1 && !ZONE.test(s.slice(zone + 1))) return false;
  const bare = zone === -1 ? s : s.slice(0, zone);
  // parseIPv6Text asks ipaddr.js, then counts the groups: "1:2:3:4:5:6:7:1.2.3.4" is 9 of them.
  return parseIPv6Text(bare) !== null;
}

export function isIpLiteral(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** Drops brackets and a zone id ("[fe80::1%eth0]" -> "fe80::1"). */
export function bareAddress(address: string): string {
  let a = address.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  return zone >= 0 ? a.slice(0, zone) : a;
}

/**
 * The address as aggregation sees it: '::ffff:1.2.3.4' is the IPv4 peer 1.2.3.4
 * (a dual-stack socket accepting an IPv4 client), IPv6 lower-cased.
 */
export function canonicalAddress(address: string): string {
  const a = bareAddress(address);
  const mapped = V4_MAPPED.exec(a);
  if (mapped?.[1] && parseIPv4(mapped[1]) !== null) return mapped[1];
  if (!a.includes(':')) return a;
  const lower = a.toLowerCase();
  if (!lower.includes('ffff')) return lower; // fast path: cannot be v4-mapped
  // Spelled-out forms ('0:0:0:0:0:ffff:102:304') are the same mapped peer.
  const v6 = parseIPv6(a);
  if (v6 !== null && v6 >> 32n === 0xffffn) return formatIPv4(Number(v6 & 0xffffffffn));
  return lower;
}

/** True for this machine's loopback: 127.0.0.0/8 (also v4-mapped) and ::1 in any spelling. */
export function isLoopbackAddress(address: string): boolean {
  const a = canonicalAddress(address);
  if (a.startsWith('127.')) return parseIPv4(a) !== null;
  return a.includes(':') && parseIPv6(a) === 1n;
}

/** True for the wildcard remote of listening and unconnected sockets. */
export function isUnspecifiedAddress(address: string): boolean {
  const a = bareAddress(address);
  if (a === '' || a === '*' || a === '0.0.0.0') return true;
  // '::', '0::0', '0:0:0:0:0:0:0:0': only zeros and colons (cheaper than parsing, hot with 100k sockets).
  return a.includes(':') && /^[0:]+$/.test(a) && parseIPv6(a) === 0n;
}

export function parseIPv4(address: string): number | null {
  if (!isIPv4(address)) return null;
  const [a, b, c, d] = ipaddr.IPv4.parse(address).octets as [number, number, number, number];
  return ((a * 256 + b) * 256 + c) * 256 + d;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function parseIPv6Text(bare: string): bigint | null {
  if (!bare.includes(':') || !ipaddr.IPv6.isValid(bare)) return null;
  const parts = ipaddr.IPv6.parse(bare).parts.slice();
  if (parts.length !== 8 || parts.some((g) => g > 0xffff)) return null;
  if (V4_COMPATIBLE.test(bare)) parts[5] = 0;
  let value = 0n;
  for (const g of parts) value = (value << 16n) | BigInt(g);
  return value;
}

/** 128-bit value of an IPv6 address ('::', embedded IPv4 tails, brackets and zones ignored); null if malformed. */
export function parseIPv6(address: string): bigint | null {
  const bare = bareAddress(address);
  return bare.length > MAX_ADDRESS_LENGTH ? null : parseIPv6Text(bare);
}

/** RFC 5952 text, by the shared formatter (v4-mapped values print as ::ffff:a.b.c.d). */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  return formatIpv6Groups(groups);
}

export function addressFamily(address: string): Family | null {
  const a = canonicalAddress(address);
  if (parseIPv4(a) !== null) return 4;
  if (parseIPv6(a) !== null) return 6;
  return null;
}

/**
 * The subnet an address belongs to, as "a.b.c.0/24" or "2001:db8::/64".
 * Unparseable text (a host name from imported output) is its own group.
 */
export function subnetKey(address: string, v4Prefix = 24, v6Prefix = 64): string {
  const a = canonicalAddress(address);
  const v4 = parseIPv4(a);
  if (v4 !== null) {
    const size = 2 ** (32 - v4Prefix);
    return `${formatIPv4(Math.floor(v4 / size) * size)}/${v4Prefix}`;
  }
  const v6 = parseIPv6(a);
  if (v6 !== null) {
    const hostBits = BigInt(128 - v6Prefix);
    return `${formatIPv6((v6 >> hostBits) << hostBits)}/${v6Prefix}`;
  }
  return a;
}

/** Whether address lies in destination/prefixLength of the given family. */
export function prefixContains(family: Family, destination: string, prefixLength: number, address: string): boolean {
  if (family === 4) {
    const net = parseIPv4(destination);
    const ip = parseIPv4(canonicalAddress(address));
    if (net === null || ip === null || prefixLength < 0 || prefixLength > 32) return false;
    const size = 2 ** (32 - prefixLength);
    return Math.floor(net / size) === Math.floor(ip / size);
  }
  const net = parseIPv6(destination);
  const ip = parseIPv6(address);
  if (net === null || ip === null || prefixLength < 0 || prefixLength > 128) return false;
  const hostBits = BigInt(128 - prefixLength);
  return net >> hostBits === ip >> hostBits;
}
