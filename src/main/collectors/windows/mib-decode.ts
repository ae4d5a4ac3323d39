/**
 * Pure decoders for the IP Helper "version 2" tables (netioapi.h), from raw bytes, so that what the OS returned can
 * be recorded and replayed in tests. Every table is `ULONG NumEntries` then, at offset 8 (the rows hold a 64-bit
 * NET_LUID, so they are 8-aligned), NumEntries fixed-size rows. Offsets below are the x64 layouts documented for
 * netioapi.h / ifdef.h (checked against Wine's iphlpapi, whose buffers are in __recorded__/).
 * A decoder never reads past the buffer: rows the bytes do not hold are left out and reported as truncated.
 */
import { ipv4At, ipv6At } from './iphlpapi-decode';

export const TABLE_HEADER = 8;
export const FORWARD_ROW2_SIZE = 104;
export const IPINTERFACE_ROW_SIZE = 168;
export const UNICAST_ROW_SIZE = 80;
export const IF_ROW2_SIZE = 1352;

const AF_INET = 2;
const AF_INET6 = 23;

export interface DecodedRows<T> {
  rows: T[];
  /** The count promised more rows than the bytes hold. */
  truncated: boolean;
  /** Rows left out because an address had an unknown family. */
  skipped: number;
}

export interface SocketAddress {
  family: 4 | 6;
  address: string;
  /** sin6_scope_id (IPv6 only; 0 for IPv4). */
  scopeId: number;
}

/** SOCKADDR_INET (28 bytes): si_family, then SOCKADDR_IN (addr at +4) or SOCKADDR_IN6 (addr at +8, scope at +24). */
export function socketAddressAt(view: DataView, o: number): SocketAddress | null {
  const family = view.getUint16(o, true);
  if (family === AF_INET) return { family: 4, address: ipv4At(view, o + 4), scopeId: 0 };
  if (family === AF_INET6) return { family: 6, address: ipv6At(view, o + 8), scopeId: view.getUint32(o + 24, true) };
  return null;
}

/** Walks the rows the bytes really hold; `decodeRow` returns null for a row it cannot use (counted in skipped). */
function decodeRows<T>(
  bytes: Uint8Array,
  rowSize: number,
  decodeRow: (view: DataView, offset: number) => T | null,
): DecodedRows<T> {
  if (bytes.byteLength < 4) return { rows: [], truncated: bytes.byteLength > 0, skipped: 0 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getUint32(0, true);
  const available = bytes.byteLength < TABLE_HEADER ? 0 : Math.floor((bytes.byteLength - TABLE_HEADER) / rowSize);
  const count = Math.min(declared, available);
  const rows: T[] = [];
  let skipped = 0;
  for (let i = 0; i < count; i++) {
    const row = decodeRow(view, TABLE_HEADER + i * rowSize);
    if (row === null) skipped++;
    else rows.push(row);
  }
  return { rows, truncated: declared > available, skipped };
}

/** NET_LUID as a decimal string (a 64-bit value: kept exact, used only as a join key). */
function luidAt(view: DataView, o: number): string {
  return view.getBigUint64(o, true).toString();
}

/** MIB_IPFORWARD_ROW2. */
export interface ForwardRow {
  luid: string;
  interfaceIndex: number;
  family: 4 | 6;
  destination: string;
  prefixLength: number;
  /** null when the next hop is unspecified (0.0.0.0 or ::): on-link. */
  nextHop: string | null;
  /** The route's own metric; the effective one adds the interface metric. */
  metric: number;
  /** NL_ROUTE_PROTOCOL (MIB_IPPROTO_*): 2 local, 3 netmgmt (static), ... */
  protocol: number;
  loopback: boolean;
}

export function decodeForwardTable(bytes: Uint8Array): DecodedRows<ForwardRow> {
  return decodeRows(bytes, FORWARD_ROW2_SIZE, (view, o) => {
    const destination = socketAddressAt(view, o + 12);
    const nextHop = socketAddressAt(view, o + 44);
    if (destination === null) return null;
    const hop = nextHop === null || nextHop.address === '0.0.0.0' || nextHop.address === '::' ? null : nextHop.address;
    return {
      luid: luidAt(view, o),
      interfaceIndex: view.getUint32(o + 8, true),
      family: destination.family,
      destination: destination.address,
      prefixLength: view.getUint8(o + 40),
      nextHop: hop,
      metric: view.getUint32(o + 84, true),
      protocol: view.getUint32(o + 88, true),
      loopback: view.getUint8(o + 92) !== 0,
    };
  });
}

/** MIB_IPINTERFACE_ROW: what the effective route metric needs. */
export interface IpInterfaceRow {
  family: 4 | 6;
  luid: string;
  interfaceIndex: number;
  metric: number;
  mtu: number;
  connected: boolean;
}

export function decodeIpInterfaceTable(bytes: Uint8Array): DecodedRows<IpInterfaceRow> {
  return decodeRows(bytes, IPINTERFACE_ROW_SIZE, (view, o) => {
    const family = view.getUint16(o, true);
    if (family !== AF_INET && family !== AF_INET6) return null;
    return {
      family: family === AF_INET ? 4 : 6,
      luid: luidAt(view, o + 8),
      interfaceIndex: view.getUint32(o + 16, true),
      metric: view.getUint32(o + 148, true),
      mtu: view.getUint32(o + 152, true),
      connected: view.getUint8(o + 156) !== 0,
    };
  });
}

/** MIB_UNICASTIPADDRESS_ROW: the interface's own addresses (`route print`'s Interface column). */
export interface UnicastRow {
  family: 4 | 6;
  address: string;
  luid: string;
  interfaceIndex: number;
  prefixLength: number;
}

export function decodeUnicastTable(bytes: Uint8Array): DecodedRows<UnicastRow> {
  return decodeRows(bytes, UNICAST_ROW_SIZE, (view, o) => {
    const address = socketAddressAt(view, o);
    if (address === null) return null;
    return {
      family: address.family,
      address: address.address,
      luid: luidAt(view, o + 32),
      interfaceIndex: view.getUint32(o + 40, true),
      prefixLength: view.getUint8(o + 60),
    };
  });
}

/** MIB_IF_ROW2 counters (ULONG64 each, from offset 1208). Numbers: exact up to 2^53 bytes (8 PiB). */
export interface IfCounters {
  inOctets: number;
  inUcastPkts: number;
  inNUcastPkts: number;
  inDiscards: number;
  inErrors: number;
  outOctets: number;
  outUcastPkts: number;
  outNUcastPkts: number;
  outDiscards: number;
  outErrors: number;
}

/** MIB_IF_ROW2. */
export interface IfRow {
  luid: string;
  interfaceIndex: number;
  alias: string;
  description: string;
  /** Colon-separated lowercase hex, null when the interface has no physical address. */
  mac: string | null;
  mtu: number;
  /** IFTYPE (IANA ifType): 6 ethernet, 24 software loopback, 71 wifi, 131 tunnel, ... */
  type: number;
  hardwareInterface: boolean;
  filterInterface: boolean;
  /** IF_OPER_STATUS: 1 up, 2 down, 3 testing, 4 unknown, 5 dormant, 6 not present, 7 lower layer down. */
  operStatus: number;
  /** Bits per second. */
  transmitLinkSpeed: number;
  receiveLinkSpeed: number;
  counters: IfCounters;
}

const utf16 = new TextDecoder('utf-16le');

/** A NUL-terminated WCHAR[chars] field. */
function wideStringAt(bytes: Uint8Array, o: number, chars: number): string {
  const field = bytes.subarray(o, o + chars * 2);
  let end = 0;
  while (end + 1 < field.length && (field[end] !== 0 || field[end + 1] !== 0)) end += 2;
  return utf16.decode(field.subarray(0, end));
}

function u64(view: DataView, o: number): number {
  return Number(view.getBigUint64(o, true));
}

/** IF_MAX_STRING_SIZE + 1 WCHARs. */
const IF_STRING_CHARS = 257;
const IF_MAX_PHYS_ADDRESS_LENGTH = 32;

export function decodeIfTable2(bytes: Uint8Array): DecodedRows<IfRow> {
  return decodeRows(bytes, IF_ROW2_SIZE, (view, o) => {
    const macLength = Math.min(view.getUint32(o + 1056, true), IF_MAX_PHYS_ADDRESS_LENGTH);
    const macBytes = bytes.subarray(o + 1060, o + 1060 + macLength);
    const statusFlags = view.getUint8(o + 1152);
    return {
      luid: luidAt(view, o),
      interfaceIndex: view.getUint32(o + 8, true),
      alias: wideStringAt(bytes, o + 28, IF_STRING_CHARS),
      description: wideStringAt(bytes, o + 542, IF_STRING_CHARS),
      mac: macLength === 0 ? null : Array.from(macBytes, (b) => b.toString(16).padStart(2, '0')).join(':'),
      mtu: view.getUint32(o + 1124, true),
      type: view.getUint32(o + 1128, true),
      // InterfaceAndOperStatusFlags: bit 0 HardwareInterface, bit 1 FilterInterface.
      hardwareInterface: (statusFlags & 1) !== 0,
      filterInterface: (statusFlags & 2) !== 0,
      operStatus: view.getUint32(o + 1156, true),
      transmitLinkSpeed: u64(view, o + 1192),
      receiveLinkSpeed: u64(view, o + 1200),
      counters: {
        inOctets: u64(view, o + 1208),
        inUcastPkts: u64(view, o + 1216),
        inNUcastPkts: u64(view, o + 1224),
        inDiscards: u64(view, o + 1232),
        inErrors: u64(view, o + 1240),
        outOctets: u64(view, o + 1280),
        outUcastPkts: u64(view, o + 1288),
        outNUcastPkts: u64(view, o + 1296),
        outDiscards: u64(view, o + 1304),
        outErrors: u64(view, o + 1312),
      },
    };
  });
}
