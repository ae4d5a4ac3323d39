import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankConnection } from '../../../shared/model';
import { NO_ERROR, readAllTables, type IpHelper, type TableCall } from './iphlpapi';
import { decodeTcpTable2Rows, offloadKey, readTcpTable2, TCP_ROW2_SIZES } from './tcp-table2';

const recorded = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(path.join(__dirname, '__recorded__', 'wine-8.0', `${name}.bin`)));

interface Row4 {
  state: number;
  local: number[];
  localPort: number;
  remote: number[];
  remotePort: number;
  pid: number;
  offload: number;
}

/** MIB_TCPTABLE2 byte by byte (tcpmib.h): count, then 28-byte rows, ports in network order. */
function table4(rows: Row4[], declared = rows.length): Uint8Array {
  const bytes = new Uint8Array(4 + rows.length * TCP_ROW2_SIZES[4]);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, declared, true);
  rows.forEach((r, i) => {
    const o = 4 + i * TCP_ROW2_SIZES[4];
    view.setUint32(o, r.state, true);
    bytes.set(r.local, o + 4);
    view.setUint16(o + 8, r.localPort, false);
    bytes.set(r.remote, o + 12);
    view.setUint16(o + 16, r.remotePort, false);
    view.setUint32(o + 20, r.pid, true);
    view.setUint32(o + 24, r.offload, true);
  });
  return bytes;
}

const established = (localPort: number, offload: number): Row4 => ({
  state: 5,
  local: [10, 0, 0, 1],
  localPort,
  remote: [192, 0, 2, 7],
  remotePort: 443,
  pid: 4242,
  offload,
});

describe('GetTcpTable2 / GetTcp6Table2 decoding', () => {
  it('gives the same rows as the extended table, with the four offload states of TCP_CONNECTION_OFFLOAD_STATE', () => {
    const table = decodeTcpTable2Rows(4, table4([0, 1, 2, 3].map((v) => established(50000 + v, v))));
    expect(table.truncated).toBe(false);
    expect(table.connections.map((c) => [c.localPort, c.offloadState])).toEqual([
      [50000, 'InHost'],
      [50001, 'Offloading'],
      [50002, 'Offloaded'],
      [50003, 'Uploading'],
    ]);
    expect(table.connections[0]).toEqual(
      blankConnection({
        protocol: 'tcp',
        family: 4,
        state: 'ESTABLISHED',
        localAddress: '10.0.0.1',
        localPort: 50000,
        remoteAddress: '192.0.2.7',
        remotePort: 443,
        pid: 4242,
        offloadState: 'InHost',
      }),
    );
  });

  it('leaves out a value outside the enum (TcpConnectionOffloadStateMax and beyond), keeping the row', () => {
    const table = decodeTcpTable2Rows(4, table4([established(1, 4), established(2, 0xffffffff), established(3, 2)]));
    expect(table.connections.map((c) => c.offloadState)).toEqual([undefined, undefined, 'Offloaded']);
  });

  it('reads only the rows the bytes hold when the count promises more', () => {
    const bytes = table4([established(1, 2), established(2, 2)], 5);
    const table = decodeTcpTable2Rows(4, bytes.subarray(0, bytes.length - 3));
    expect(table.connections).toHaveLength(1);
    expect(table.truncated).toBe(true);
    expect(decodeTcpTable2Rows(4, new Uint8Array(2)).truncated).toBe(true);
    expect(decodeTcpTable2Rows(6, new Uint8Array(0)).connections).toEqual([]);
  });

  it('decodes the IPv6 table Wine 8 returned (see __recorded__/README.md): the test listener and its connection', () => {
    const table = decodeTcpTable2Rows(6, recorded('tcp6table2'));
    expect(table.truncated).toBe(false);
    const keys = new Map(table.connections.map((c) => [offloadKey(c), c]));
    expect(keys.get('6 ::1 42725 :: 0')).toMatchObject({ state: 'LISTEN', offloadState: 'InHost', pid: 0 });
    expect(keys.get('6 ::1 45463 ::1 42725')).toMatchObject({ state: 'ESTABLISHED', offloadState: 'InHost' });
    expect(keys.get('6 ::1 42725 ::1 45463')).toMatchObject({ state: 'ESTABLISHED', offloadState: 'InHost' });
  });

  it('never throws and never reads past the buffer on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(4 as const, 6 as const), (bytes, family) => {
        const table = decodeTcpTable2Rows(family, bytes);
        expect(table.connections.length).toBeLessThanOrEqual(Math.floor(bytes.length / TCP_ROW2_SIZES[family]));
      }),
    );
  });
});

const empty = { status: NO_ERROR, bytes: new Uint8Array(4), size: 4 };

describe('the TCP rows through GetTcpTable2', () => {
  it('replace the extended table for TCP, through the size-then-copy loop; a failing family falls back', () => {
    const calls: string[] = [];
    const helper: IpHelper = {
      getTable: (kind) => {
        calls.push(`extended ${kind}`);
        return empty;
      },
      getTcpTable2(family, size): TableCall {
        calls.push(`table2 ${family}:${size > 0 ? 'copy' : 'size'}`);
        if (family === 6) return { status: 87, bytes: new Uint8Array(), size: 0 };
        const bytes = table4([established(1, 3)]);
        return size >= bytes.length
          ? { status: NO_ERROR, bytes, size }
          : { status: 122, bytes: new Uint8Array(), size: bytes.length };
      },
    };
    const warnings: string[] = [];
    const tables = readAllTables(helper, (family) => readTcpTable2(helper, family, warnings));
    expect(tables.connections.map((c) => c.offloadState)).toEqual(['Uploading']);
    expect(calls).toEqual([
      'table2 4:size',
      'table2 4:copy',
      'table2 6:size',
      'extended tcp6',
      'extended udp4',
      'extended udp6',
    ]);
    expect(warnings).toEqual(['GetTcp6Table2 failed with error 87: read without the offload state']);
  });

  it('are not tried where the DLL has no GetTcpTable2 (the extended table is read, no warning)', () => {
    const warnings: string[] = [];
    const helper: IpHelper = { getTable: () => empty };
    expect(readTcpTable2(helper, 4, warnings)).toBeNull();
    expect(warnings).toEqual([]);
  });
});

describe('offloadKey', () => {
  it('leaves IPv6 scope ids out', () => {
    const row = blankConnection({
      protocol: 'tcp',
      family: 6,
      localAddress: 'fe80::1%7',
      localPort: 3,
      remoteAddress: 'fe80::2%7',
      remotePort: 443,
      state: 'ESTABLISHED',
    });
    expect(offloadKey(row)).toBe('6 fe80::1 3 fe80::2 443');
  });
});
