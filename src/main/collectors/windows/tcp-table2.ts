/**
 * GetTcpTable2 / GetTcp6Table2: the TCP tables with each connection's offload state (what `netstat -t` prints),
 * decoded from raw bytes so tests replay recorded or hand-built buffers. Layouts (tcpmib.h; DWORDs little endian,
 * addresses and ports in network byte order):
 *   MIB_TCPTABLE2   dwNumEntries, rows of 28: state, localAddr, localPort, remoteAddr, remotePort, pid, offloadState
 *   MIB_TCP6TABLE2  dwNumEntries, rows of 60: localAddr[16], localScope, localPort, remoteAddr[16], remoteScope,
 *                   remotePort, state, pid, offloadState
 * They replace GetExtendedTcpTable's owner-PID rows for TCP (the same fields, plus the offload state): one call, no
 * join. Where a call fails the extended table is read for that family (no offload state). Under Wine the owner PID
 * is 0 in both tables alike.
 */
import { blankConnection, TCP_OFFLOAD_STATES, type Connection, type TcpOffloadState } from '../../../shared/model';
import { mibTcpState } from '../../parsers/windows/common';
import { callGrowing, type IpHelper } from './iphlpapi';
import { ipv6At, withScope } from './iphlpapi-decode';

export const TCP_ROW2_SIZES = { 4: 28, 6: 60 } as const;

/** A TCP connection's 4-tuple as text, scope ids left out (netstat -any's templates are joined by it). */
export function offloadKey(
  c: Pick<Connection, 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>,
): string {
  return `${c.family} ${bare(c.localAddress)} ${c.localPort} ${bare(c.remoteAddress)} ${c.remotePort}`;
}

/** The address without its %scope (an indexOf, not a regex: this runs twice per TCP row per refresh). */
function bare(address: string): string {
  const percent = address.indexOf('%');
  return percent < 0 ? address : address.slice(0, percent);
}

function dotted(view: DataView, o: number): string {
  return `${view.getUint8(o)}.${view.getUint8(o + 1)}.${view.getUint8(o + 2)}.${view.getUint8(o + 3)}`;
}

export function offloadStateName(value: number): TcpOffloadState | null {
  return TCP_OFFLOAD_STATES[value] ?? null;
}

/**
 * GetTcpTable2 / GetTcp6Table2 as the TCP rows themselves: the same rows as GetExtendedTcpTable's owner-PID table
 * (state, endpoints, owning PID) plus the offload state, in one call, so the offload column costs no second
 * table and no join. Layouts in the header comment; rows the bytes do not hold are left out (truncated).
 */
export function decodeTcpTable2Rows(
  family: 4 | 6,
  bytes: Uint8Array,
): { connections: Connection[]; truncated: boolean } {
  if (bytes.byteLength < 4) return { connections: [], truncated: bytes.byteLength > 0 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rowSize = TCP_ROW2_SIZES[family];
  const declared = view.getUint32(0, true);
  const count = Math.min(declared, Math.floor((bytes.byteLength - 4) / rowSize));
  const connections: Connection[] = [];
  for (let i = 0; i < count; i++) {
    const o = 4 + i * rowSize;
    const row =
      family === 4
        ? blankConnection({
            protocol: 'tcp',
            family: 4,
            state: mibTcpState(view.getUint32(o, true)),
            localAddress: dotted(view, o + 4),
            localPort: view.getUint16(o + 8, false),
            remoteAddress: dotted(view, o + 12),
            remotePort: view.getUint16(o + 16, false),
            pid: view.getUint32(o + 20, true),
          })
        : blankConnection({
            protocol: 'tcp',
            family: 6,
            localAddress: withScope(ipv6At(view, o), view.getUint32(o + 16, true)),
            localPort: view.getUint16(o + 20, false),
            remoteAddress: withScope(ipv6At(view, o + 24), view.getUint32(o + 40, true)),
            remotePort: view.getUint16(o + 44, false),
            state: mibTcpState(view.getUint32(o + 48, true)),
            pid: view.getUint32(o + 52, true),
          });
    const offload = offloadStateName(view.getUint32(o + (family === 4 ? 24 : 56), true));
    if (offload !== null) row.offloadState = offload;
    connections.push(row);
  }
  return { connections, truncated: declared > count };
}

/** One TCP family through GetTcpTable2 / GetTcp6Table2; null (with a warning) when the call failed. */
export function readTcpTable2(
  helper: IpHelper,
  family: 4 | 6,
  warnings: string[],
): { connections: Connection[]; truncated: boolean } | null {
  const getTable2 = helper.getTcpTable2?.bind(helper);
  if (getTable2 === undefined) return null;
  const name = family === 4 ? 'GetTcpTable2' : 'GetTcp6Table2';
  try {
    return decodeTcpTable2Rows(
      family,
      callGrowing((size) => getTable2(family, size), name),
    );
  } catch (error) {
    warnings.push(`${error instanceof Error ? error.message : String(error)}: read without the offload state`);
    return null;
  }
}
