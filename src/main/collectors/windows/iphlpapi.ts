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
  /** GetTcpTable2 (4) / GetTcp6Table2 (6), the same way; absent where the DLL lacks them. */
  getTcpTable2?(family: 4 | 6, size: number): TableCall;
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
  return decodeTable(
    kind,
    callGrowing((size) => helper.getTable(kind, size), tableFunction(kind), maxTries),
  );
}

/** The size-query-then-copy loop of every "table into my buffer" IP Helper call; the table's bytes. */
export function callGrowing(call: (size: number) => TableCall, name: string, maxTries = 5): Uint8Array {
  let size = 0;
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const result = call(size);
    if (result.status === NO_ERROR) return result.bytes;
    if (result.status !== ERROR_INSUFFICIENT_BUFFER) throw new Error(`${name} failed with error ${result.status}`);
    size = Math.max(result.size, size) + 16 * 1024;
  }
  throw new Error(`${name}: the table kept growing (${maxTries} tries)`);
}

function tableFunction(kind: TableKind): string {
  return kind.startsWith('tcp') ? 'GetExtendedTcpTable' : 'GetExtendedUdpTable';
}

/**
 * The four socket tables. `readTcp`, when given, reads a TCP family another way (GetTcpTable2, which adds the
 * offload state: tcp-table2.ts); it returns null when that failed, and the extended table is read instead.
 */
export function readAllTables(
  helper: IpHelper,
  readTcp?: (family: 4 | 6) => { connections: Connection[]; truncated: boolean } | null,
): { connections: Connection[]; warnings: string[] } {
  const connections: Connection[] = [];
  const warnings: string[] = [];
  for (const kind of TABLE_KINDS) {
    const family = kind.endsWith('6') ? 6 : 4;
    const table = (kind.startsWith('tcp') ? readTcp?.(family) : null) ?? readTable(helper, kind);
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
  const table2 = {
    4: optionalFunction(lib, 'GetTcpTable2'),
    6: optionalFunction(lib, 'GetTcp6Table2'),
  };
  const getTcpTable2 = (family: 4 | 6, size: number): TableCall => {
    const fn = table2[family];
    if (fn === null) throw new Error(`iphlpapi.dll has no ${family === 4 ? 'GetTcpTable2' : 'GetTcp6Table2'}`);
    const buffer = size > 0 ? new Uint8Array(size) : null;
    const sizeRef = [size];
    const status = fn(buffer, sizeRef, 0);
    return { status, bytes: buffer ?? new Uint8Array(), size: sizeRef[0] ?? 0 };
  };
  return {
    ...(table2[4] !== null && table2[6] !== null ? { getTcpTable2 } : {}),
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

type Table2Function = (table: Uint8Array | null, size: number[], order: number) => number;

/** GetTcpTable2 / GetTcp6Table2 (Vista and later; Wine has them): null where the DLL does not export one. */
function optionalFunction(lib: { func(signature: string): unknown }, name: string): Table2Function | null {
  try {
    return lib.func(
      `uint32 __stdcall ${name}(_Out_ uint8_t *TcpTable, _Inout_ uint32_t *SizePointer, int Order)`,
    ) as Table2Function;
  } catch {
    return null;
  }
}
