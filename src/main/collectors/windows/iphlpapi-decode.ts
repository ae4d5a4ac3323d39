/**
 * Decodes the tables GetExtendedTcpTable / GetExtendedUdpTable fill, from raw
 * bytes, so tests can feed buffers they build. Layouts (all DWORDs little endian,
 * addresses and ports in network byte order):
 *   MIB_TCPTABLE_OWNER_PID   dwNumEntries, rows of 24: state, localAddr, localPort, remoteAddr, remotePort, pid
 *   MIB_TCP6TABLE_OWNER_PID  dwNumEntries, rows of 56: localAddr[16], localScope, localPort,
 *                            remoteAddr[16], remoteScope, remotePort, state, pid
 *   MIB_UDPTABLE_OWNER_PID   dwNumEntries, rows of 12: localAddr, localPort, pid
 *   MIB_UDP6TABLE_OWNER_PID  dwNumEntries, rows of 28: localAddr[16], localScope, localPort, pid
 */
import { formatIpv6Groups } from '../../../shared/ipv6';
import { blankConnection, type Connection } from '../../../shared/model';
import { mibTcpState } from '../../parsers/windows/common';

export type TableKind = 'tcp4' | 'tcp6' | 'udp4' | 'udp6';

export const ROW_SIZES: Readonly<Record<TableKind, number>> = { tcp4: 24, tcp6: 56, udp4: 12, udp6: 28 };

export interface DecodedTable {
  connections: Connection[];
  /** Set when the count promised more rows than the bytes hold. */
  truncated: boolean;
}

export function ipv4At(view: DataView, offset: number): string {
  return [0, 1, 2, 3].map((i) => view.getUint8(offset + i)).join('.');
}

/** RFC 5952 text (the shared formatter), from 16 bytes in network order. */
export function ipv6At(view: DataView, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(view.getUint16(offset + i * 2, false));
  return formatIpv6Groups(groups);
}

/** The port sits in the low 16 bits of a DWORD, in network byte order: the first two bytes, big endian. */
function portAt(view: DataView, offset: number): number {
  return view.getUint16(offset, false);
}

export function withScope(address: string, scope: number): string {
  // Scope ids only mean something on link-local addresses; Windows prints them the same way.
  return scope !== 0 && /^fe[89ab]/i.test(address) ? `${address}%${scope}` : address;
}

export function decodeTable(kind: TableKind, bytes: Uint8Array): DecodedTable {
  if (bytes.byteLength < 4) return { connections: [], truncated: bytes.byteLength > 0 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getUint32(0, true);
  const rowSize = ROW_SIZES[kind];
  const available = Math.floor((bytes.byteLength - 4) / rowSize);
  const count = Math.min(declared, available);
  const connections: Connection[] = [];
  for (let i = 0; i < count; i++) connections.push(decodeRow(kind, view, 4 + i * rowSize));
  return { connections, truncated: declared > available };
}

function decodeRow(kind: TableKind, view: DataView, o: number): Connection {
  switch (kind) {
    case 'tcp4':
      return blankConnection({
        protocol: 'tcp',
        family: 4,
        state: mibTcpState(view.getUint32(o, true)),
        localAddress: ipv4At(view, o + 4),
        localPort: portAt(view, o + 8),
        remoteAddress: ipv4At(view, o + 12),
        remotePort: portAt(view, o + 16),
        pid: view.getUint32(o + 20, true),
      });
    case 'tcp6':
      return blankConnection({
        protocol: 'tcp',
        family: 6,
        localAddress: withScope(ipv6At(view, o), view.getUint32(o + 16, true)),
        localPort: portAt(view, o + 20),
        remoteAddress: withScope(ipv6At(view, o + 24), view.getUint32(o + 40, true)),
        remotePort: portAt(view, o + 44),
        state: mibTcpState(view.getUint32(o + 48, true)),
        pid: view.getUint32(o + 52, true),
      });
    case 'udp4':
      return blankConnection({
        protocol: 'udp',
        family: 4,
        state: 'NONE',
        localAddress: ipv4At(view, o),
        localPort: portAt(view, o + 4),
        remoteAddress: '*',
        remotePort: 0,
        pid: view.getUint32(o + 8, true),
      });
    case 'udp6':
      return blankConnection({
        protocol: 'udp',
        family: 6,
        state: 'NONE',
        localAddress: withScope(ipv6At(view, o), view.getUint32(o + 16, true)),
        localPort: portAt(view, o + 20),
        remoteAddress: '*',
        remotePort: 0,
        pid: view.getUint32(o + 24, true),
      });
  }
}
