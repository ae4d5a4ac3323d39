/**
 * Test helpers: MIB tables written byte by byte from the documented x64 layouts (netioapi.h, ifdef.h), the
 * way iphlpapi returns them, for tests of what no recorded buffer has (IPv6 routes, counters above 2^32).
 */
import { FORWARD_ROW2_SIZE, IF_ROW2_SIZE, TABLE_HEADER } from './mib-decode';

export function table(rowSize: number, rows: Uint8Array[], declared = rows.length): Uint8Array {
  const out = new Uint8Array(TABLE_HEADER + rows.length * rowSize);
  new DataView(out.buffer).setUint32(0, declared, true);
  rows.forEach((row, i) => out.set(row, TABLE_HEADER + i * rowSize));
  return out;
}

function writeSockaddr(view: DataView, o: number, address: number[], scopeId = 0): void {
  if (address.length === 4) {
    view.setUint16(o, 2, true);
    address.forEach((b, i) => view.setUint8(o + 4 + i, b));
  } else {
    view.setUint16(o, 23, true);
    address.forEach((b, i) => view.setUint8(o + 8 + i, b));
    view.setUint32(o + 24, scopeId, true);
  }
}

export interface ForwardSpec {
  index: number;
  destination: number[];
  prefixLength: number;
  nextHop: number[];
  nextHopScope?: number;
  metric: number;
  protocol?: number;
}

export function forwardRow(spec: ForwardSpec): Uint8Array {
  const bytes = new Uint8Array(FORWARD_ROW2_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(spec.index) << 24n, true);
  view.setUint32(8, spec.index, true);
  writeSockaddr(view, 12, spec.destination);
  view.setUint8(40, spec.prefixLength);
  writeSockaddr(view, 44, spec.nextHop, spec.nextHopScope);
  view.setUint32(84, spec.metric, true);
  view.setUint32(88, spec.protocol ?? 3, true);
  return bytes;
}

export interface IfSpec {
  index: number;
  alias: string;
  description: string;
  mac?: number[];
  mtu?: number;
  type?: number;
  /** InterfaceAndOperStatusFlags byte: 1 hardware, 2 filter. */
  flags?: number;
  operStatus?: number;
  speed?: bigint;
  /** InOctets, InUcastPkts, InNUcastPkts, InDiscards, InErrors; then the same five for Out. */
  counters?: bigint[];
}

export function ifRow(spec: IfSpec): Uint8Array {
  const bytes = new Uint8Array(IF_ROW2_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(spec.index) << 24n, true);
  view.setUint32(8, spec.index, true);
  const writeWide = (o: number, text: string): void => {
    for (let i = 0; i < text.length; i++) view.setUint16(o + i * 2, text.charCodeAt(i), true);
  };
  writeWide(28, spec.alias);
  writeWide(542, spec.description);
  const mac = spec.mac ?? [];
  view.setUint32(1056, mac.length, true);
  bytes.set(mac, 1060);
  view.setUint32(1124, spec.mtu ?? 1500, true);
  view.setUint32(1128, spec.type ?? 6, true);
  view.setUint8(1152, spec.flags ?? 1);
  view.setUint32(1156, spec.operStatus ?? 1, true);
  view.setBigUint64(1192, spec.speed ?? 0n, true);
  view.setBigUint64(1200, spec.speed ?? 0n, true);
  const counters = spec.counters ?? [];
  counters.slice(0, 5).forEach((value, i) => view.setBigUint64(1208 + i * 8, value, true));
  counters.slice(5, 10).forEach((value, i) => view.setBigUint64(1280 + i * 8, value, true));
  return bytes;
}
