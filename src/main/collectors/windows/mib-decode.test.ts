import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FORWARD_ROW2_SIZE,
  IF_ROW2_SIZE,
  IPINTERFACE_ROW_SIZE,
  UNICAST_ROW_SIZE,
  decodeForwardTable,
  decodeIfTable2,
  decodeIpInterfaceTable,
  decodeUnicastTable,
} from './mib-decode';
import { forwardRow, ifRow, table } from './mib-test-builders';

const recorded = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(path.join(__dirname, '__recorded__', 'wine-8.0', `${name}.bin`)));

describe('MIB decoders on tables recorded from Wine 8 (see __recorded__/README.md)', () => {
  it('GetIpForwardTable2: the default route and the on-link subnet of eth0 (ifIndex 4)', () => {
    const decoded = decodeForwardTable(recorded('forward2'));
    expect(decoded).toMatchObject({ truncated: false, skipped: 0 });
    expect(decoded.rows.map((r) => [r.family, r.destination, r.prefixLength, r.nextHop, r.interfaceIndex])).toEqual([
      [4, '0.0.0.0', 0, '192.0.2.1', 4],
      [4, '192.0.2.0', 24, null, 4],
    ]);
    expect(decoded.rows.map((r) => r.protocol)).toEqual([3, 2]); // netmgmt (static), local
  });

  it('GetUnicastIpAddressTable: v4 and v6 addresses, prefix lengths, link-local scope', () => {
    const decoded = decodeUnicastTable(recorded('unicast'));
    expect(decoded.rows.map((r) => [r.address, r.prefixLength, r.interfaceIndex])).toEqual([
      ['127.0.0.1', 8, 1],
      ['192.0.2.2', 24, 4],
      ['::1', 128, 1],
      ['fd00::2', 64, 4],
      ['fe80::fc:ff:fe00:1', 64, 4],
    ]);
  });

  it('GetIfTable2: alias, MAC, MTU, type, status flags and 64-bit counters', () => {
    const rows = decodeIfTable2(recorded('iftable2')).rows;
    expect(rows.map((r) => [r.interfaceIndex, r.alias, r.description, r.mac, r.mtu, r.type, r.operStatus])).toEqual([
      [1, 'lo', 'lo', null, 65536, 24, 1],
      [2, 'ifb0', 'ifb0', '5a:88:bc:f5:fe:51', 1500, 6, 2],
      [3, 'ifb1', 'ifb1', 'c6:f5:54:89:03:82', 1500, 6, 2],
      [4, 'eth0', 'eth0', '02:fc:00:00:00:01', 1400, 6, 1],
    ]);
    expect(rows[3]?.hardwareInterface).toBe(true);
    expect(rows[3]?.counters).toMatchObject({
      inOctets: 536919449,
      inUcastPkts: 13601,
      outOctets: 1331119,
      outUcastPkts: 9402,
    });
    expect(rows[0]?.counters.inOctets).toBe(106504476);
  });
});

describe('MIB decoders on tables written from the documented layouts', () => {
  it('IPv6 routes: prefix, link-local next hop, metric', () => {
    const bytes = table(FORWARD_ROW2_SIZE, [
      forwardRow({
        index: 7,
        destination: [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(12).fill(0)],
        prefixLength: 32,
        nextHop: [0xfe, 0x80, ...new Array<number>(13).fill(0), 1],
        nextHopScope: 7,
        metric: 256,
      }),
      forwardRow({
        index: 7,
        destination: new Array<number>(16).fill(0),
        prefixLength: 0,
        nextHop: new Array<number>(16).fill(0),
        metric: 0,
      }),
    ]);
    expect(decodeForwardTable(bytes).rows).toMatchObject([
      { family: 6, destination: '2001:db8::', prefixLength: 32, nextHop: 'fe80::1', metric: 256, interfaceIndex: 7 },
      { family: 6, destination: '::', prefixLength: 0, nextHop: null },
    ]);
  });

  it('counters above 2^32 (a busy 10G adapter), Unicode alias, filter flag', () => {
    const big = [2n ** 40n + 3n, 5_000_000_000n, 2n ** 33n, 7n, 9n, 2n ** 35n, 4_294_967_297n, 1n, 0n, 2n];
    const rows = decodeIfTable2(
      table(IF_ROW2_SIZE, [
        ifRow({
          index: 12,
          alias: 'Ethernet 2 — Büro',
          description: 'Intel(R) Ethernet Controller X550',
          mac: [0, 0x1b, 0x21, 0xaa, 0xbb, 0xcc],
          flags: 3,
          speed: 10_000_000_000n,
          counters: big,
        }),
      ]),
    ).rows;
    expect(rows[0]).toMatchObject({
      alias: 'Ethernet 2 — Büro',
      description: 'Intel(R) Ethernet Controller X550',
      mac: '00:1b:21:aa:bb:cc',
      hardwareInterface: true,
      filterInterface: true,
      transmitLinkSpeed: 10_000_000_000,
      counters: {
        inOctets: 2 ** 40 + 3,
        inUcastPkts: 5_000_000_000,
        inNUcastPkts: 2 ** 33,
        inDiscards: 7,
        inErrors: 9,
        outOctets: 2 ** 35,
        outUcastPkts: 4_294_967_297,
        outNUcastPkts: 1,
        outDiscards: 0,
        outErrors: 2,
      },
    });
  });

  it('MIB_IPINTERFACE_ROW (GetIpInterfaceTable, which Wine lacks): family, index, metric, MTU, connected', () => {
    const rowFor = (family: number, index: number, metric: number): Uint8Array => {
      const bytes = new Uint8Array(IPINTERFACE_ROW_SIZE);
      const view = new DataView(bytes.buffer);
      view.setUint16(0, family, true);
      view.setBigUint64(8, BigInt(index) << 24n, true);
      view.setUint32(16, index, true);
      view.setUint32(148, metric, true); // Metric
      view.setUint32(152, 1500, true); // NlMtu
      view.setUint8(156, 1); // Connected
      return bytes;
    };
    expect(decodeIpInterfaceTable(table(IPINTERFACE_ROW_SIZE, [rowFor(2, 12, 25), rowFor(23, 12, 75)])).rows).toEqual([
      { family: 4, luid: String(12n << 24n), interfaceIndex: 12, metric: 25, mtu: 1500, connected: true },
      { family: 6, luid: String(12n << 24n), interfaceIndex: 12, metric: 75, mtu: 1500, connected: true },
    ]);
  });

  it('reads only the rows the bytes hold, and skips rows with an unknown address family', () => {
    const row = forwardRow({ index: 1, destination: [10, 0, 0, 0], prefixLength: 8, nextHop: [0, 0, 0, 0], metric: 5 });
    const unknownFamily = new Uint8Array(FORWARD_ROW2_SIZE);
    const decoded = decodeForwardTable(table(FORWARD_ROW2_SIZE, [row, unknownFamily], 3));
    expect(decoded).toMatchObject({ truncated: true, skipped: 1 });
    expect(decoded.rows).toHaveLength(1);
    expect(decodeIfTable2(new Uint8Array(0))).toEqual({ rows: [], truncated: false, skipped: 0 });
    expect(decodeIfTable2(new Uint8Array([1, 0, 0]))).toMatchObject({ rows: [], truncated: true });
  });
});

describe('MIB decoders on random bytes', () => {
  const decoders = [
    ['forward', decodeForwardTable, FORWARD_ROW2_SIZE],
    ['ipinterface', decodeIpInterfaceTable, IPINTERFACE_ROW_SIZE],
    ['unicast', decodeUnicastTable, UNICAST_ROW_SIZE],
    ['iftable2', decodeIfTable2, IF_ROW2_SIZE],
  ] as const;

  // A plausible row count in the header, then random bytes: what a corrupt or racing answer could look like.
  const tableBytes = (rowSize: number) =>
    fc.tuple(fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: rowSize * 4 + 16 })).map(([count, body]) => {
      const bytes = new Uint8Array(8 + body.length);
      new DataView(bytes.buffer).setUint32(0, count, true);
      bytes.set(body, 8);
      return bytes;
    });

  for (const [name, decode, rowSize] of decoders) {
    it(`${name}: never throws, and reads nothing outside the bytes it was given`, () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.uint8Array({ maxLength: 64 }), tableBytes(rowSize)),
          fc.uint8Array({ minLength: 1, maxLength: 2048 }),
          (bytes, around) => {
            const alone = decode(bytes);
            // The same bytes inside a larger buffer full of other data: a decoder that read past its window
            // (or before it) would see different bytes and answer differently.
            const host = new Uint8Array(around.length * 2 + bytes.length);
            host.set(around, 0);
            host.set(bytes, around.length);
            host.set(around, around.length + bytes.length);
            expect(decode(host.subarray(around.length, around.length + bytes.length))).toEqual(alone);
            expect(alone.rows.length).toBeLessThanOrEqual(Math.max(0, Math.floor((bytes.length - 8) / rowSize)));
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});
