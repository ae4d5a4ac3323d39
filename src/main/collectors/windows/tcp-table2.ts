/**
 * GetTcpTable2 / GetTcp6Table2: the TCP tables with each connection's offload state (what `netstat -t` prints),
 * decoded from raw bytes so tests replay recorded or hand-built buffers. Layouts (tcpmib.h; DWORDs little endian,
 * addresses and ports in network byte order):
 *   MIB_TCPTABLE2   dwNumEntries, rows of 28: state, localAddr, localPort, remoteAddr, remotePort, pid, offloadState
 *   MIB_TCP6TABLE2  dwNumEntries, rows of 60: localAddr[16], localScope, localPort, remoteAddr[16], remoteScope,
 *                   remotePort, state, pid, offloadState
 * The rows are joined to GetExtendedTcpTable's by their 4-tuple (offloadKey), not used as the connection list:
 * Wine fills no owner PID in them, and the extended table stays the one source of rows on every Windows.
 */
import { TCP_OFFLOAD_STATES, type Connection, type TcpOffloadState } from '../../../shared/model';
import { callGrowing, type IpHelper } from './iphlpapi';
import { ipv4At, ipv6At } from './iphlpapi-decode';

export const TCP_ROW2_SIZES = { 4: 28, 6: 60 } as const;

/** The 4-tuple as both tables write it (scope ids left out: the extended table's text carries them differently). */
export function offloadKey(
  c: Pick<Connection, 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>,
): string {
  const bare = (address: string): string => address.replace(/%.*$/, '');
  return `${c.family} ${bare(c.localAddress)} ${c.localPort} ${bare(c.remoteAddress)} ${c.remotePort}`;
}

export interface OffloadTable {
  /** offloadKey -> state; a value outside the enum is left out (and counted). */
  states: Map<string, TcpOffloadState>;
  unknown: number;
  truncated: boolean;
}

export function offloadStateName(value: number): TcpOffloadState | null {
  return TCP_OFFLOAD_STATES[value] ?? null;
}

export function decodeTcpTable2(family: 4 | 6, bytes: Uint8Array): OffloadTable {
  const states = new Map<string, TcpOffloadState>();
  if (bytes.byteLength < 4) return { states, unknown: 0, truncated: bytes.byteLength > 0 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rowSize = TCP_ROW2_SIZES[family];
  const declared = view.getUint32(0, true);
  const count = Math.min(declared, Math.floor((bytes.byteLength - 4) / rowSize));
  let unknown = 0;
  for (let i = 0; i < count; i++) {
    const o = 4 + i * rowSize;
    const row =
      family === 4
        ? {
            family,
            localAddress: ipv4At(view, o + 4),
            localPort: view.getUint16(o + 8, false),
            remoteAddress: ipv4At(view, o + 12),
            remotePort: view.getUint16(o + 16, false),
            offload: view.getUint32(o + 24, true),
          }
        : {
            family,
            localAddress: ipv6At(view, o),
            localPort: view.getUint16(o + 20, false),
            remoteAddress: ipv6At(view, o + 24),
            remotePort: view.getUint16(o + 44, false),
            offload: view.getUint32(o + 56, true),
          };
    const state = offloadStateName(row.offload);
    if (state === null) unknown++;
    else states.set(offloadKey(row), state);
  }
  return { states, unknown, truncated: declared > count };
}

/** Sets offloadState on the TCP rows the tables name; returns how many TCP rows had none (closed in between). */
export function applyOffloadStates(
  connections: readonly Connection[],
  states: ReadonlyMap<string, TcpOffloadState>,
): number {
  let missing = 0;
  for (const c of connections) {
    if (c.protocol !== 'tcp') continue;
    const state = states.get(offloadKey(c));
    if (state === undefined) missing++;
    else c.offloadState = state;
  }
  return missing;
}

/**
 * Reads both offload tables and sets each TCP row's offloadState. Never throws: a failing call leaves the rows as
 * they are with a warning (the offload state is a column, not the listing).
 */
export function addOffloadStates(helper: IpHelper, connections: readonly Connection[]): string[] {
  const getTable2 = helper.getTcpTable2?.bind(helper);
  // Every Windows since Vista has both calls; a helper without them (a test's, an old Wine) just gives no column.
  if (getTable2 === undefined) return [];
  const warnings: string[] = [];
  const states = new Map<string, TcpOffloadState>();
  for (const family of [4, 6] as const) {
    const name = family === 4 ? 'GetTcpTable2' : 'GetTcp6Table2';
    try {
      const table = decodeTcpTable2(
        family,
        callGrowing((size) => getTable2(family, size), name),
      );
      for (const [key, state] of table.states) states.set(key, state);
      if (table.unknown > 0) warnings.push(`offload state: ${table.unknown} ${name} rows had a value outside the enum`);
    } catch (error) {
      warnings.push(`offload state: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  applyOffloadStates(connections, states);
  return warnings;
}
