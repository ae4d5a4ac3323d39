/**
 * The IP Helper "version 2" table calls (GetIpForwardTable2, GetIpInterfaceTable, GetUnicastIpAddressTable,
 * GetIfTable2) through koffi. Each returns a table the OS allocated; we copy its bytes (NumEntries tells how many)
 * and free it with FreeMibTable at once, so the pure decoders in mib-decode.ts work on plain bytes.
 * WHY a copy through koffi.decode and not koffi.view: Electron forbids external ArrayBuffers.
 */
import { FORWARD_ROW2_SIZE, IF_ROW2_SIZE, IPINTERFACE_ROW_SIZE, TABLE_HEADER, UNICAST_ROW_SIZE } from './mib-decode';

export type MibTableName = 'forward' | 'ipInterface' | 'unicast' | 'ifTable';

export interface MibTables {
  /** The table's bytes; throws (with the function's name and Win32 error) when the call fails. */
  read(table: MibTableName): Uint8Array;
}

const AF_UNSPEC = 0;

const DEFINITIONS: Record<MibTableName, { signature: string; rowSize: number; takesFamily: boolean }> = {
  forward: {
    signature: 'uint32 __stdcall GetIpForwardTable2(uint16 Family, _Out_ void **Table)',
    rowSize: FORWARD_ROW2_SIZE,
    takesFamily: true,
  },
  ipInterface: {
    signature: 'uint32 __stdcall GetIpInterfaceTable(uint16 Family, _Out_ void **Table)',
    rowSize: IPINTERFACE_ROW_SIZE,
    takesFamily: true,
  },
  unicast: {
    signature: 'uint32 __stdcall GetUnicastIpAddressTable(uint16 Family, _Out_ void **Table)',
    rowSize: UNICAST_ROW_SIZE,
    takesFamily: true,
  },
  ifTable: {
    signature: 'uint32 __stdcall GetIfTable2(_Out_ void **Table)',
    rowSize: IF_ROW2_SIZE,
    takesFamily: false,
  },
};

/** Enough for any real table (a full BGP table is ~1M routes = 104 MB); a larger count is a corrupt answer. */
const MAX_ROWS = 4_000_000;

// koffi's function objects take and return loosely typed values; these are the shapes we call them with.
type TableFunction = (...args: unknown[]) => number;
type FreeFunction = (table: unknown) => void;

export async function loadMibTables(): Promise<MibTables> {
  if (process.platform !== 'win32') throw new Error('the IP Helper API exists only on Windows');
  const imported = await import('koffi');
  const koffi = 'load' in imported ? imported : (imported as { default: typeof imported }).default;
  const lib = koffi.load('iphlpapi.dll');
  const free = lib.func('void __stdcall FreeMibTable(void *Memory)') as FreeFunction;
  const functions = new Map<MibTableName, TableFunction>();
  const functionName = (table: MibTableName): string => /(\w+)\(/.exec(DEFINITIONS[table].signature)?.[1] ?? table;

  return {
    read(table) {
      const definition = DEFINITIONS[table];
      let fn = functions.get(table);
      if (fn === undefined) {
        fn = lib.func(definition.signature) as TableFunction;
        functions.set(table, fn);
      }
      const out: unknown[] = [null];
      const status = definition.takesFamily ? fn(AF_UNSPEC, out) : fn(out);
      if (status !== 0) throw new Error(`${functionName(table)} failed with error ${status}`);
      const pointer = out[0];
      try {
        const count = koffi.decode(pointer, 'uint32_t') as number;
        if (count > MAX_ROWS) throw new Error(`${functionName(table)} returned ${count} rows: not believable`);
        const length = TABLE_HEADER + count * definition.rowSize;
        return koffi.decode(pointer, koffi.array('uint8_t', length, 'Typed')) as Uint8Array;
      } finally {
        free(pointer);
      }
    },
  };
}
