/**
 * The socket tables from iphlpapi.dll (GetExtendedTcpTable / GetExtendedUdpTable
 * with the owner PID), as TCPView and CurrPorts read them: no process to spawn,
 * milliseconds per tick. The FFI sits behind IpHelper so tests inject results;
 * koffi is loaded lazily, so nothing native is touched on Linux or macOS.
 */
import type { Connection } from '../../../shared/model';
import { decodeTable, type TableKind } from './iphlpapi-decode';

export const NO_ERROR = 0;
export const ERROR_INSUFFICIENT_BUFFER = 122;

export interface TableCall {
  status: number;
  /** The table bytes when status is NO_ERROR. */
  bytes: Uint8Array;
  /** The size the OS asked for (pdwSize after the call). */
  size: number;
}

export interface IpHelper {
  /** One call with a buffer of `size` bytes (0 asks only for the size). */
  getTable(kind: TableKind, size: number): TableCall;
}

export const TABLE_KINDS: readonly TableKind[] = ['tcp4', 'tcp6', 'udp4', 'udp6'];

/**
 * Size query, then copy; sockets open between the two calls make the table grow
 * (ERROR_INSUFFICIENT_BUFFER again), so ask again with the new size plus slack.
 */
export function readTable(
  helper: IpHelper,
  kind: TableKind,
  maxTries = 5,
): { connections: Connection[]; truncated: boolean } {
  let size = 0;
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const call = helper.getTable(kind, size);
    if (call.status === NO_ERROR) return decodeTable(kind, call.bytes);
    if (call.status !== ERROR_INSUFFICIENT_BUFFER)
      throw new Error(`${tableFunction(kind)} failed with error ${call.status}`);
    size = Math.max(call.size, size) + 16 * 1024;
  }
  throw new Error(`${tableFunction(kind)}: the table kept growing (${maxTries} tries)`);
}

function tableFunction(kind: TableKind): string {
  return kind.startsWith('tcp') ? 'GetExtendedTcpTable' : 'GetExtendedUdpTable';
}

export function readAllTables(helper: IpHelper): { connections: Connection[]; warnings: string[] } {
  const connections: Connection[] = [];
  const warnings: string[] = [];
  for (const kind of TABLE_KINDS) {
    const table = readTable(helper, kind);
    // A loop, not push(...rows): spreading 120k+ rows into a call overflows the stack.
    for (const connection of table.connections) connections.push(connection);
    if (table.truncated) warnings.push(`${kind} table was shorter than its row count said: read what was there`);
  }
  return { connections, warnings };
}

const AF_INET = 2;
const AF_INET6 = 23;
const TCP_TABLE_OWNER_PID_ALL = 5;
const UDP_TABLE_OWNER_PID = 1;

type NativeTableFunction = (
  table: Uint8Array | null,
  size: number[],
  order: number,
  af: number,
  tableClass: number,
  reserved: number,
) => number;

/** Loads koffi and iphlpapi.dll on first use; rejects on non-Windows or when koffi is missing. */
export async function loadIpHelper(): Promise<IpHelper> {
  if (process.platform !== 'win32') throw new Error('the IP Helper API exists only on Windows');
  const imported = await import('koffi');
  const koffi = 'load' in imported ? imported : (imported as { default: typeof imported }).default;
  const lib = koffi.load('iphlpapi.dll');
  const tcp = lib.func(
    'uint32 __stdcall GetExtendedTcpTable(_Out_ uint8_t *pTcpTable, _Inout_ uint32_t *pdwSize, int bOrder, uint32_t ulAf, int TableClass, uint32_t Reserved)',
  ) as NativeTableFunction;
  const udp = lib.func(
    'uint32 __stdcall GetExtendedUdpTable(_Out_ uint8_t *pUdpTable, _Inout_ uint32_t *pdwSize, int bOrder, uint32_t ulAf, int TableClass, uint32_t Reserved)',
  ) as NativeTableFunction;
  return {
    getTable(kind, size) {
      const buffer = size > 0 ? new Uint8Array(size) : null;
      const sizeRef = [size];
      const af = kind.endsWith('6') ? AF_INET6 : AF_INET;
      const status = kind.startsWith('tcp')
        ? tcp(buffer, sizeRef, 0, af, TCP_TABLE_OWNER_PID_ALL, 0)
        : udp(buffer, sizeRef, 0, af, UDP_TABLE_OWNER_PID, 0);
      return { status, bytes: buffer ?? new Uint8Array(), size: sizeRef[0] ?? 0 };
    },
  };
}
