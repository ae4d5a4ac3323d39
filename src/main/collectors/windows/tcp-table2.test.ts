import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from '../../../shared/model';
import { NO_ERROR, type IpHelper, type TableCall } from './iphlpapi';
import { addOffloadStates, applyOffloadStates, decodeTcpTable2, offloadKey, TCP_ROW2_SIZES } from './tcp-table2';

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
  it('names the four offload states of TCP_CONNECTION_OFFLOAD_STATE by their enum values', () => {
    const table = decodeTcpTable2(4, table4([0, 1, 2, 3].map((v) => established(50000 + v, v))));
    expect([...table.states.entries()]).toEqual([
      ['4 10.0.0.1 50000 192.0.2.7 443', 'InHost'],
      ['4 10.0.0.1 50001 192.0.2.7 443', 'Offloading'],
      ['4 10.0.0.1 50002 192.0.2.7 443', 'Offloaded'],
      ['4 10.0.0.1 50003 192.0.2.7 443', 'Uploading'],
    ]);
    expect(table.unknown).toBe(0);
    expect(table.truncated).toBe(false);
  });

  it('counts a value outside the enum (TcpConnectionOffloadStateMax and beyond) instead of naming it', () => {
    const table = decodeTcpTable2(4, table4([established(1, 4), established(2, 0xffffffff), established(3, 2)]));
    expect(table.states.size).toBe(1);
    expect(table.unknown).toBe(2);
  });

  it('reads only the rows the bytes hold when the count promises more', () => {
    const bytes = table4([established(1, 2), established(2, 2)], 5);
    const table = decodeTcpTable2(4, bytes.subarray(0, bytes.length - 3));
    expect(table.states.size).toBe(1);
    expect(table.truncated).toBe(true);
    expect(decodeTcpTable2(4, new Uint8Array(2)).truncated).toBe(true);
    expect(decodeTcpTable2(6, new Uint8Array(0)).states.size).toBe(0);
  });

  it('decodes the IPv6 table Wine 8 returned (see __recorded__/README.md): the test listener and its connection', () => {
    const table = decodeTcpTable2(6, recorded('tcp6table2'));
    expect(table.truncated).toBe(false);
    expect(table.unknown).toBe(0);
    expect(table.states.size).toBeGreaterThanOrEqual(3);
    expect(table.states.get('6 ::1 42725 :: 0')).toBe('InHost');
    expect(table.states.get('6 ::1 45463 ::1 42725')).toBe('InHost');
    expect(table.states.get('6 ::1 42725 ::1 45463')).toBe('InHost');
  });

  it('never throws and never reads past the buffer on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(4 as const, 6 as const), (bytes, family) => {
        const table = decodeTcpTable2(family, bytes);
        expect(table.states.size + table.unknown).toBeLessThanOrEqual(
          Math.floor(bytes.length / TCP_ROW2_SIZES[family]),
        );
      }),
    );
  });
});

const tcp = (localPort: number, extra: Partial<Connection> = {}): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort,
    remoteAddress: '192.0.2.7',
    remotePort: 443,
    state: 'ESTABLISHED',
    ...extra,
  });

describe('offload states joined to the extended table rows', () => {
  it('sets the state of TCP rows by 4-tuple, leaves UDP and unknown rows alone, and ignores IPv6 scope ids', () => {
    const rows = [
      tcp(1),
      tcp(2),
      blankConnection({
        protocol: 'udp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: 1,
        remoteAddress: '*',
        remotePort: 0,
        state: 'NONE',
      }),
      tcp(3, { family: 6, localAddress: 'fe80::1%7', remoteAddress: 'fe80::2%7' }),
    ];
    const states = new Map([
      [offloadKey(rows[0] as Connection), 'Offloaded' as const],
      ['6 fe80::1 3 fe80::2 443', 'InHost' as const],
    ]);
    expect(applyOffloadStates(rows, states)).toBe(1);
    expect(rows.map((r) => r.offloadState)).toEqual(['Offloaded', undefined, undefined, 'InHost']);
  });

  it('reads both families through the size-then-copy loop and warns, without throwing, when a call fails', () => {
    const calls: string[] = [];
    const helper: IpHelper = {
      getTable: () => ({ status: NO_ERROR, bytes: new Uint8Array(4), size: 4 }),
      getTcpTable2(family, size): TableCall {
        calls.push(`${family}:${size > 0 ? 'copy' : 'size'}`);
        if (family === 6) return { status: 87, bytes: new Uint8Array(), size: 0 };
        const bytes = table4([established(1, 3)]);
        return size >= bytes.length
          ? { status: NO_ERROR, bytes, size }
          : { status: 122, bytes: new Uint8Array(), size: bytes.length };
      },
    };
    const rows = [tcp(1)];
    const warnings = addOffloadStates(helper, rows);
    expect(rows[0]?.offloadState).toBe('Uploading');
    expect(calls).toEqual(['4:size', '4:copy', '6:size']);
    expect(warnings).toEqual(['offload state: GetTcp6Table2 failed with error 87']);
  });

  it('leaves the column empty, without a warning, when the DLL has no GetTcpTable2', () => {
    const rows = [tcp(1)];
    const helper: IpHelper = { getTable: () => ({ status: NO_ERROR, bytes: new Uint8Array(4), size: 4 }) };
    expect(addOffloadStates(helper, rows)).toEqual([]);
    expect(rows[0]?.offloadState).toBeUndefined();
  });
});
