/** The binary columnar format: exact round trips of any connections, and a clear error for anything else. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blankConnection, type Connection, type ConnectionTraffic } from './model';
import { arbRequiredRow } from './wire-rows.fixtures';
import { encodeColumns } from './wire-columns';
import { isColumnsMessage, WireFormatError } from './wire-columns-format';
import { decodeColumns } from './wire-columns-decode';
import { columnOf } from '../../test/helpers/wire-message';

const U32_MAX = 2 ** 32 - 1;
/** Counters at the edges a 32-bit column must keep exact, and numbers it cannot hold (sent as doubles). */
const arbCount = fc.oneof(
  fc.constantFrom(0, 1, 255, 256, 65535, 65536, U32_MAX),
  fc.nat(),
  fc.constantFrom(U32_MAX + 1, 2 ** 53 - 1, -1, 0.5),
);
const arbAddress = fc.oneof(
  fc.constantFrom('', '*', '0.0.0.0', '::', '::1', 'fe80::1%eth0', '2001:db8::ffff:1.2.3.4', '[::1]'),
  fc.ipV4(),
  fc.ipV6(),
  fc.string(),
);
const arbOwnerText = fc.oneof(fc.constantFrom('', 'sshd', '名前', 'a\u0000b', '\ud800'), fc.string());
/** Rates and RTTs: fractional, 0, or large. Objects that go as JSON (a table of few) have no -0: mapped to 0. */
const arbFraction = fc.oneof(
  fc.constantFrom(0, 0.5, 1234.5678, 0.1 + 0.2),
  fc.double({ min: 0, max: 1e12, noNaN: true }).map((v) => (v === 0 ? 0 : v)),
);
/** Counters as the engines send them: every counter but the byte counts may be null or left out (an older build). */
const arbTraffic = fc.record(
  {
    bytesSent: arbCount,
    bytesReceived: arbCount,
    segmentsSent: fc.option(arbCount),
    segmentsReceived: fc.option(arbCount),
    retransmissions: fc.option(arbCount),
    rttMs: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v))),
    rttVarianceMs: fc.option(arbFraction),
    sendRate: fc.option(arbFraction),
    receiveRate: fc.option(arbFraction),
    segmentSendRate: fc.option(arbFraction),
    segmentReceiveRate: fc.option(arbFraction),
    retransmissionRate: fc.option(arbFraction),
  },
  // Plain objects, as the engines and JSON.parse make them (fast-check's default has no prototype).
  { requiredKeys: ['bytesSent', 'bytesReceived'], noNullPrototype: true },
);

/** Every counter, null: what an object the arbitrary left counters out of has under them. */
const NO_COUNTERS: ConnectionTraffic = {
  bytesSent: 0,
  bytesReceived: 0,
  segmentsSent: null,
  segmentsReceived: null,
  retransmissions: null,
  rttMs: null,
  rttVarianceMs: null,
  sendRate: null,
  receiveRate: null,
  segmentSendRate: null,
  segmentReceiveRate: null,
  retransmissionRate: null,
};

const arbConnection: fc.Arbitrary<Connection> = fc
  .tuple(
    arbRequiredRow({
      id: fc.string(),
      protocols: ['tcp', 'udp', 'raw'],
      localAddress: arbAddress,
      remoteAddress: arbAddress,
      count: arbCount,
      processName: arbOwnerText,
      exePath: arbOwnerText,
      commandLine: arbOwnerText,
      user: arbOwnerText,
    }),
    fc.record({
      components: fc.option(fc.array(fc.constantFrom('Dnscache', 'LanmanServer', '')), { nil: undefined }),
      traffic: fc.option(arbTraffic, { nil: undefined }),
      /** A field the format has never heard of (a newer engine's): it must arrive too. */
      extra: fc.option(
        fc.oneof(
          fc.string(),
          arbCount,
          fc.constant(null),
          // An object of numbers this build does not know: its nulls stay nulls.
          fc.record({ a: fc.option(arbCount), b: fc.option(arbFraction) }, { requiredKeys: [], noNullPrototype: true }),
        ),
        { nil: undefined },
      ),
    }),
  )
  .map(([required, optional]) => ({ ...required, ...optional }))
  .map((r) => {
    const { extra, ...fields } = r;
    const c = blankConnection(fields as unknown as Parameters<typeof blankConnection>[0]) as Connection &
      Record<string, unknown>;
    if (r.components === undefined) delete c.components;
    if (r.traffic === undefined) delete c.traffic;
    if (extra !== undefined) c.futureField = extra;
    return c;
  });

const roundTrip = (cs: readonly Connection[]): Record<string, unknown>[] => decodeColumns(encodeColumns(cs, {})).rows;

describe('columnar connections', () => {
  it('round-trip any connections exactly, keeping absent fields absent', () => {
    fc.assert(
      fc.property(fc.array(arbConnection, { maxLength: 80 }), (cs) => {
        const back = roundTrip(cs);
        expect(back).toEqual(cs);
        back.forEach((c, i) => {
          const sent = cs[i] as unknown as Record<string, unknown>;
          expect(Object.keys(c).sort()).toEqual(Object.keys(sent).sort());
        });
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips rows with their own counters as object columns, and the rows without counters', () => {
    const arbRows = fc.array(fc.tuple(arbConnection, fc.boolean()), { minLength: 8, maxLength: 80 });
    fc.assert(
      fc.property(arbRows, fc.boolean(), (pairs, allCounters) => {
        // Each row's counters its own (by its bytesSent), so that they are never tabled; some rows have none. With
        // allCounters every object has every counter (null where the arbitrary left one out), as an engine sends
        // them; else every 4th object lacks those (an older build's, as validate-rows.ts allows).
        const cs = pairs.map(([c, has], i) => {
          const row = { ...c } as Connection;
          const own = c.traffic ?? { bytesSent: 0, bytesReceived: 0 };
          const every = allCounters || i % 4 !== 0;
          if (has) row.traffic = { ...(every ? NO_COUNTERS : {}), ...own, bytesSent: 1e6 + i } as ConnectionTraffic;
          else delete row.traffic;
          return row;
        });
        fc.pre(cs.filter((c) => c.traffic !== undefined).length >= cs.length / 2);
        const bytes = encodeColumns(cs, {});
        // Objects lacking keys may go as JSON instead: keys mostly absent, or first seen in an order that a later
        // object contradicts (wire-columns-objects.ts).
        if (allCounters) expect(columnOf(bytes, 'traffic').k).toBe('o');
        const back = decodeColumns(bytes).rows;
        expect(back).toStrictEqual(cs);
        back.forEach((c, i) => expect('traffic' in c).toBe(cs[i]?.traffic !== undefined));
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips the same value in every row, a value in some rows only, and mostly distinct values', () => {
    const many = (n: number, f: (i: number) => Partial<Connection>): Connection[] =>
      Array.from({ length: n }, (_, i) => ({
        ...blankConnection({
          protocol: 'tcp',
          family: 6,
          localAddress: '::',
          localPort: i,
          remoteAddress: `2001:db8::${i.toString(16)}`,
          remotePort: 443,
          state: 'ESTABLISHED',
        }),
        id: `c${i}`,
        ...f(i),
      }));
    const cases = [
      many(5000, () => ({ pid: U32_MAX, inode: 0 })),
      many(5000, (i) => ({ processName: i % 3 ? `p${i % 7}` : null, uid: i === 17 ? 0 : null })),
      many(5000, (i) => ({ exePath: `/bin/${i}`, rxQueue: i * 1000 })),
      many(3000, (i) => (i === 2999 ? { components: [] } : {})),
    ];
    for (const cs of cases) expect(roundTrip(cs)).toEqual(cs);
  });

  it('carries the envelope and nothing at all', () => {
    const bytes = encodeColumns([], { seq: 3, host: 'h', nested: { a: [1] } });
    expect(isColumnsMessage(bytes)).toBe(true);
    expect(decodeColumns(bytes)).toEqual({ envelope: { seq: 3, host: 'h', nested: { a: [1] } }, rows: [] });
  });

  it('reads a message that does not start on an 8-byte boundary of its buffer', () => {
    const cs = [
      blankConnection({
        protocol: 'tcp',
        family: 4,
        localAddress: 'a',
        localPort: 1,
        remoteAddress: 'b',
        remotePort: 2,
        state: 'LISTEN',
        pid: 70000,
      }),
    ];
    const bytes = encodeColumns(cs, {});
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeColumns(shifted.subarray(3)).rows).toEqual(cs);
  });
});

describe('malformed columnar messages', () => {
  const sample = encodeColumns(
    Array.from({ length: 40 }, (_, i) =>
      blankConnection({
        id: `c${i}`,
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: i * 1000,
        remoteAddress: `10.0.0.${i}`,
        remotePort: 80,
        state: i % 2 ? 'LISTEN' : 'ESTABLISHED',
        pid: i % 3 ? i : null,
        processName: `p${i % 4}`,
        // Mostly distinct and not text: JSON values.
        components: [`s${i}`],
        // Counters: an object column, its keys' tags where some object has null or lacks the key.
        traffic: {
          bytesSent: i * 300,
          bytesReceived: i,
          ...(i % 3 ? { rttMs: i % 2 ? 1.5 * i : null } : {}),
          sendRate: i % 5 ? 0 : null,
        } as ConnectionTraffic,
      }),
    ),
    {},
  );

  /** A copy of `sample` with its header replaced. */
  const withHeader = (edit: (h: Record<string, unknown>) => unknown): Uint8Array => {
    const length = new DataView(sample.buffer).getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(sample.subarray(8, 8 + length))) as Record<string, unknown>;
    const text = new TextEncoder().encode(JSON.stringify(edit(header)));
    const bodyStart = (8 + length + 7) & ~7;
    const body = sample.subarray(bodyStart);
    const start = (8 + text.length + 7) & ~7;
    const out = new Uint8Array(start + body.length);
    out.set(sample.subarray(0, 4));
    new DataView(out.buffer).setUint32(4, text.length, true);
    out.set(text, 8);
    out.set(body, start);
    return out;
  };
  const columns = (h: Record<string, unknown>): Record<string, unknown>[] => h.columns as Record<string, unknown>[];
  const firstOfKind = (h: Record<string, unknown>, k: string): Record<string, unknown> => {
    const c = columns(h).find((x) => x.k === k);
    if (!c) throw new Error(`no ${k} column in the sample`);
    return c;
  };

  /** Key `i` of the sample's object column (traffic). */
  const objectKey = (h: Record<string, unknown>, i: number): Record<string, unknown> => {
    const key = (firstOfKind(h, 'o').keys as Record<string, unknown>[])[i];
    if (!key) throw new Error(`no key ${i} in the sample's object column`);
    return key;
  };

  it('names the problem for each kind of damage', () => {
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['bad magic', Uint8Array.from([1, 2, 3, 4, 0, 0, 0, 0])],
      ['truncated', sample.subarray(0, sample.length - 9)],
      ['header too long', sample.subarray(0, 20)],
      ['not JSON', withHeader(() => 'x').map((b, i) => (i === 8 ? 0x7b : b))],
      ['no columns', withHeader((h) => ({ ...h, columns: 1 }))],
      ['huge row count', withHeader((h) => ({ ...h, rows: 1e12 }))],
      ['offset past the end', withHeader((h) => ((firstOfKind(h, 'n').o = 1 << 20), h))],
      ['misaligned offset', withHeader((h) => ((firstOfKind(h, 'n').o = 3), h))],
      ['unknown number type', withHeader((h) => ((firstOfKind(h, 'n').t = 'i64'), h))],
      ['unknown kind', withHeader((h) => ((firstOfKind(h, 'n').k = 'q'), h))],
      ['table too short', withHeader((h) => ((firstOfKind(h, 't').table = []), h))],
      ['json values too few', withHeader((h) => ((firstOfKind(h, 'j').values = []), h))],
      ['absent row out of range', withHeader((h) => ((firstOfKind(h, 'j').absent = [99]), h))],
      ['text past the end', withHeader((h) => ((firstOfKind(h, 's').bytes = 1 << 20), h))],
      ['text without a place', withHeader((h) => ((firstOfKind(h, 's').text = -8), h))],
      ['text shorter than its lengths', withHeader((h) => ((firstOfKind(h, 's').bytes = 3), h))],
      ['text longer than its lengths', withHeader((h) => ((firstOfKind(h, 's').t = 'u16'), h))],
      ['text lengths of doubles', withHeader((h) => ((firstOfKind(h, 's').t = 'f64'), h))],
      ['text not UTF-8', withHeader((h) => ((firstOfKind(h, 's').text = firstOfKind(h, 'n').o), h))],
      ['a __proto__ field', withHeader((h) => ((firstOfKind(h, 'n').f = '__proto__'), h))],
      ['object keys no list', withHeader((h) => ((firstOfKind(h, 'o').keys = 1), h))],
      ['object key past the end', withHeader((h) => ((objectKey(h, 0).o = 1 << 20), h))],
      ['object row tags past the end', withHeader((h) => ((firstOfKind(h, 'o').tags = 1 << 20), h))],
      ['object key __proto__', withHeader((h) => ((objectKey(h, 1).f = '__proto__'), h))],
    ];
    for (const [what, bytes] of cases) {
      expect(() => decodeColumns(bytes), what).toThrow(WireFormatError);
    }
  });

  it('never fails with anything but WireFormatError, whatever bytes are changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat({ max: sample.length - 1 }), value: fc.nat({ max: 255 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const bytes = sample.slice();
          for (const e of edits) bytes[e.at] = e.value;
          try {
            decodeColumns(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(WireFormatError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
