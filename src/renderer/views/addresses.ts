/**
 * Address arithmetic for aggregation and route lookup: v4-mapped unwrapping,
 * "not connected" detection, subnet keys (/24, /64) and prefix matching.
 * IPv6 is handled as a bigint so prefixes of any length are exact.
 */
import { formatIpv6Groups } from '../../shared/ipv6';
import type { Family } from '../../shared/model';

const V4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

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

/** True for the wildcard remote of listening and unconnected sockets. */
export function isUnspecifiedAddress(address: string): boolean {
  const a = bareAddress(address);
  if (a === '' || a === '*' || a === '0.0.0.0') return true;
  // '::', '0::0', '0:0:0:0:0:0:0:0': only zeros and colons (cheaper than parsing, hot with 100k sockets).
  return a.includes(':') && /^[0:]+$/.test(a) && parseIPv6(a) === 0n;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIPv4(address: string): number | null {
  const m = IPV4.exec(address);
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** 128-bit value of an IPv6 address ('::', embedded IPv4 tails, zones ignored); null if malformed. */
export function parseIPv6(address: string): bigint | null {
  let a = bareAddress(address).toLowerCase();
  if (!a.includes(':')) return null;
  const tailMatch = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  let tail: number[] = [];
  if (tailMatch?.[1]) {
    const v4 = parseIPv4(tailMatch[1]);
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    a = a.slice(0, -tailMatch[1].length);
    if (a.endsWith(':') && !a.endsWith('::')) a = a.slice(0, -1);
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const parseHalf = (half: string | undefined): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    for (const g of half.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseHalf(halves[0]);
  const rest = parseHalf(halves[1]);
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tail.length;
  let all: number[];
  if (halves.length === 1) {
    if (explicit !== 8) return null;
    all = head.concat(tail);
  } else {
    if (explicit > 7) return null;
    all = head.concat(new Array<number>(8 - explicit).fill(0), rest, tail);
  }
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
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
