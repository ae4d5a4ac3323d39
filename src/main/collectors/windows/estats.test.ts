import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from '../../../shared/model';
import {
  DATA_ROD_SIZE,
  decodeDataRod,
  decodePathRod,
  ESTATS_DATA,
  ESTATS_PATH,
  ipv6Bytes,
  PATH_ROD_SIZE,
  tcpRowBytes,
} from './estats-decode';
import {
  ERROR_ACCESS_DENIED,
  ERROR_NOT_FOUND,
  NEEDS_ADMIN_NOTE,
  RECHECK_EVERY,
  trafficNote,
  WindowsTrafficSampler,
  type EStatsApi,
} from './estats';

/** TCP_ESTATS_DATA_ROD_v0 byte by byte (tcpestats.h), values above 2^32 where they are ULONG64. */
function dataRod(v: { bytesOut: bigint; segsOut: bigint; bytesIn: bigint; segsIn: bigint }): Uint8Array {
  const bytes = new Uint8Array(DATA_ROD_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, v.bytesOut, true); // DataBytesOut
  view.setBigUint64(8, 7n, true); // DataSegsOut (data-carrying only: not what we report)
  view.setBigUint64(16, v.bytesIn, true); // DataBytesIn
  view.setBigUint64(24, 9n, true); // DataSegsIn
  view.setBigUint64(32, v.segsOut, true); // SegsOut
  view.setBigUint64(40, v.segsIn, true); // SegsIn
  view.setUint32(56, 0xdeadbeef, true); // SndUna: noise the decoder must not read
  view.setBigUint64(72, 123n, true); // ThruBytesAcked
  view.setBigUint64(88, 456n, true); // ThruBytesReceived
  return bytes;
}

/** TCP_ESTATS_PATH_ROD_v0: 40 ULONGs; PktsRetrans is the 6th, SmoothedRtt the 28th, RttVar the 29th. */
function pathRod(v: { retrans: number; srtt: number; rttVar: number }): Uint8Array {
  const bytes = new Uint8Array(PATH_ROD_SIZE);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 40; i++) view.setUint32(i * 4, 1000 + i, true);
  view.setUint32(5 * 4, v.retrans, true);
  view.setUint32(27 * 4, v.srtt, true);
  view.setUint32(28 * 4, v.rttVar, true);
  return bytes;
}

const conn = (localPort: number, extra: Partial<Connection> = {}): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.5',
    localPort,
    remoteAddress: '192.0.2.7',
    remotePort: 443,
    state: 'ESTABLISHED',
    ...extra,
  });

describe('EStats structures', () => {
  it('decodes TCP_ESTATS_DATA_ROD_v0 from its documented offsets, beyond 2^32 bytes', () => {
    const rod = dataRod({ bytesOut: 5_000_000_000n, segsOut: 40n, bytesIn: 64n * 1024n * 1024n, segsIn: 50n });
    expect(decodeDataRod(rod)).toEqual({ bytesOut: 5_000_000_000, segmentsOut: 40, bytesIn: 67108864, segmentsIn: 50 });
    expect(decodeDataRod(rod.subarray(0, DATA_ROD_SIZE - 1))).toBeNull();
  });

  it('decodes TCP_ESTATS_PATH_ROD_v0: retransmitted segments, smoothed RTT and its variance in ms', () => {
    expect(decodePathRod(pathRod({ retrans: 3, srtt: 42, rttVar: 7 }))).toEqual({
      retransmittedSegments: 3,
      smoothedRttMs: 42,
      rttVarianceMs: 7,
    });
    expect(decodePathRod(new Uint8Array(PATH_ROD_SIZE - 4))).toBeNull();
  });

  it('writes MIB_TCPROW: state, then addresses and ports in network order', () => {
    const row = tcpRowBytes(conn(50000)) as Uint8Array;
    expect(Array.from(row)).toEqual([5, 0, 0, 0, 10, 0, 0, 5, 0xc3, 0x50, 0, 0, 192, 0, 2, 7, 0x01, 0xbb, 0, 0]);
  });

  it('writes MIB_TCP6ROW with scope ids from the address text', () => {
    const row = tcpRowBytes(
      conn(50000, { family: 6, localAddress: 'fe80::1%12', remoteAddress: '2001:db8::7', state: 'CLOSE_WAIT' }),
    ) as Uint8Array;
    const view = new DataView(row.buffer);
    expect(row.length).toBe(52);
    expect(view.getUint32(0, true)).toBe(8);
    expect(Array.from(row.subarray(4, 20))).toEqual([0xfe, 0x80, ...Array<number>(13).fill(0), 1]);
    expect(view.getUint32(20, true)).toBe(12);
    expect(view.getUint16(24, false)).toBe(50000);
    expect(Array.from(row.subarray(28, 32))).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    expect(view.getUint32(44, true)).toBe(0);
    expect(view.getUint16(48, false)).toBe(443);
    expect(ipv6Bytes('::ffff:1.2.3.4')?.bytes.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(ipv6Bytes('nope')).toBeNull();
    expect(tcpRowBytes(conn(1, { localAddress: '*' }))).toBeNull();
    for (const bad of ['256.0.0.1', '1..2.3', '1.2.3', '1.2.3.4.5', '1.2.3.4 ', '', '1234.1.1.1'])
      expect(tcpRowBytes(conn(1, { localAddress: bad })), bad).toBeNull();
    expect(Array.from(tcpRowBytes(conn(1, { localAddress: '255.0.10.9' }))?.subarray(4, 8) ?? [])).toEqual([
      255, 0, 10, 9,
    ]);
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeDataRod(bytes);
        decodePathRod(bytes);
      }),
    );
  });
});

/** An iphlpapi stand-in: connections by 4-tuple, each with its RODs and whether collection is on. */
class FakeEStats implements EStatsApi {
  readonly enabled = new Set<string>();
  readonly enableCalls: string[] = [];
  constructor(
    private readonly counters: Map<number, { data: Uint8Array; path: Uint8Array }>,
    private readonly elevated: boolean,
  ) {}
  private port(row: Uint8Array): number {
    return new DataView(row.buffer).getUint16(8, false);
  }
  get(row: Uint8Array, _family: 4 | 6, type: number, rodSize: number) {
    const port = this.port(row);
    const entry = this.counters.get(port);
    if (entry === undefined) return { status: ERROR_NOT_FOUND, enabled: false, rod: new Uint8Array(rodSize) };
    const on = this.enabled.has(`${port}:${type}`);
    return {
      status: 0,
      enabled: on,
      rod: on ? (type === ESTATS_DATA ? entry.data : entry.path) : new Uint8Array(rodSize),
    };
  }
  enable(row: Uint8Array, _family: 4 | 6, type: number): number {
    this.enableCalls.push(`${this.port(row)}:${type}`);
    if (!this.elevated) return ERROR_ACCESS_DENIED;
    this.enabled.add(`${this.port(row)}:${type}`);
    return 0;
  }
}

const counters = (bytesOut: bigint, bytesIn: bigint) => ({
  data: dataRod({ bytesOut, segsOut: 10n, bytesIn, segsIn: 20n }),
  path: pathRod({ retrans: 2, srtt: 15, rttVar: 4 }),
});

describe('WindowsTrafficSampler', () => {
  it('elevated: switches collection on once per connection, reads both structures, rates from the second refresh', () => {
    const table = new Map([[50000, counters(1000n, 2000n)]]);
    const api = new FakeEStats(table, true);
    let clock = 0;
    const sampler = new WindowsTrafficSampler(api, () => clock);
    const first = [conn(50000), conn(135, { state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 })];
    expect(sampler.sample(first)).toEqual({ kind: 'collecting' });
    expect(first[0]?.traffic).toMatchObject({
      bytesSent: 1000,
      bytesReceived: 2000,
      segmentsSent: 10,
      segmentsReceived: 20,
    });
    expect(first[0]?.traffic).toMatchObject({ retransmissions: 2, rttMs: 15, rttVarianceMs: 4, sendRate: null });
    expect(first[1]?.traffic).toBeUndefined(); // a listener has no counters: empty, not zero
    expect(api.enableCalls).toEqual([`50000:${ESTATS_DATA}`, `50000:${ESTATS_PATH}`]);

    table.set(50000, counters(3000n, 2500n));
    clock = 2000;
    const second = [conn(50000)];
    sampler.sample(second);
    expect(api.enableCalls).toHaveLength(2);
    expect(second[0]?.traffic?.sendRate).toBe(1000);
    expect(second[0]?.traffic?.receiveRate).toBe(250);
  });

  it('not elevated: asks once, then only reads; the status says an administrator is needed', () => {
    const api = new FakeEStats(
      new Map([
        [50000, counters(1n, 1n)],
        [50001, counters(1n, 1n)],
      ]),
      false,
    );
    const sampler = new WindowsTrafficSampler(api, () => 0);
    const rows = [conn(50000), conn(50001)];
    const state = sampler.sample(rows);
    expect(state).toEqual({ kind: 'needs-admin' });
    expect(trafficNote(state)).toBe(NEEDS_ADMIN_NOTE);
    expect(rows.every((r) => r.traffic === undefined)).toBe(true);
    expect(api.enableCalls).toEqual([`50000:${ESTATS_DATA}`]);
    sampler.sample([conn(50000)]);
    expect(api.enableCalls).toHaveLength(1);
  });

  it('not elevated: a connection found with collection off is looked at again only every RECHECK_EVERY refreshes', () => {
    const api = new FakeEStats(new Map([[50000, counters(10n, 20n)]]), false);
    const gets: number[] = [];
    const get = api.get.bind(api);
    api.get = (row, family, type, size) => {
      gets.push(type);
      return get(row, family, type, size);
    };
    const sampler = new WindowsTrafficSampler(api, () => 0);
    for (let i = 1; i < RECHECK_EVERY; i++) sampler.sample([conn(50000)]);
    expect(gets).toEqual([ESTATS_DATA]);
    // The elevated helper switches it on; the next recheck reads it.
    api.enabled.add(`50000:${ESTATS_DATA}`).add(`50000:${ESTATS_PATH}`);
    const rows = [conn(50000)];
    sampler.sample(rows);
    expect(rows[0]?.traffic?.bytesSent).toBe(10);
  });

  it('not elevated, but switched on earlier by the elevated helper: reads those connections', () => {
    const api = new FakeEStats(new Map([[50000, counters(10n, 20n)]]), false);
    api.enabled.add(`50000:${ESTATS_DATA}`).add(`50000:${ESTATS_PATH}`);
    const rows = [conn(50000)];
    expect(new WindowsTrafficSampler(api, () => 0).sample(rows)).toEqual({ kind: 'collecting' });
    expect(rows[0]?.traffic?.bytesReceived).toBe(20);
  });

  it('explains an unavailable API', () => {
    expect(trafficNote({ kind: 'unavailable', reason: 'this iphlpapi.dll has no TCP extended statistics' })).toBe(
      'per-connection traffic unavailable: this iphlpapi.dll has no TCP extended statistics',
    );
    expect(trafficNote({ kind: 'collecting' })).toBeNull();
  });
});
