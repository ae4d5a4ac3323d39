/**
 * Object columns (wire-columns-objects.ts): plain objects of numbers and nulls (traffic counters) travel as a number
 * column per key, read back from the header the encoder writes, and come back as the same objects: a row without
 * the field still lacks it, a key absent from an object stays absent, null stays null, counters and fractional rates
 * exactly. Anything else in such a field goes as JSON values, as before.
 */
import { describe, expect, it } from 'vitest';
import type { Connection, ConnectionTraffic } from './model';
import { encodeColumns } from './wire-columns';
import type { ObjectColumn } from './wire-columns-format';
import { decodeColumns } from './wire-columns-decode';
import { MAX_KEYS } from './wire-columns-objects';
import { ABSENT_FIELD, columnOf, readHeader, rowsVarying, sameConnection } from '../../test/helpers/wire-message';

const U32_MAX = 2 ** 32 - 1;
const encode = (rows: readonly Connection[]): Uint8Array => encodeColumns(rows, {});
const decode = (bytes: Uint8Array): Record<string, unknown>[] => decodeColumns(bytes).rows;
const expectRoundTrip = (rows: readonly Connection[], bytes = encode(rows)): void =>
  expect(decode(bytes)).toStrictEqual(rows);

/** Counters as the netlink engine gives them, row `i`'s own (distinct per row: never tabled). */
function counters(i: number, more: Partial<ConnectionTraffic> = {}): ConnectionTraffic {
  return {
    bytesSent: i * 1000,
    bytesReceived: i * 7000 + 3,
    segmentsSent: i + 2,
    segmentsReceived: i + 1,
    retransmissions: i % 3,
    rttMs: 1 + i / 4,
    rttVarianceMs: 0.25 + i / 16,
    sendRate: 0,
    receiveRate: 0,
    segmentSendRate: null,
    segmentReceiveRate: null,
    retransmissionRate: null,
    ...more,
  };
}

const keysOf = (bytes: Uint8Array, field = 'traffic'): ObjectColumn['keys'] =>
  (columnOf(bytes, field) as ObjectColumn).keys;
const keyOf = (bytes: Uint8Array, key: string, field = 'traffic'): ObjectColumn['keys'][number] | undefined =>
  keysOf(bytes, field).find((k) => k.f === key);

describe('plain objects of numbers go as a number column per key', () => {
  it('traffic on some rows: row tags, a column per counter as narrow as it allows, one value where all agree', () => {
    const rows = rowsVarying('traffic', [
      counters(1, { bytesSent: U32_MAX, sendRate: 1234.5678 }),
      ABSENT_FIELD,
      counters(2, { bytesReceived: 0 }),
      counters(3, { receiveRate: 0.1 }),
    ]);
    const bytes = encode(rows);
    const col = columnOf(bytes, 'traffic') as ObjectColumn;
    expect(col).toMatchObject({ f: 'traffic', k: 'o' });
    expect(col.tags).toBeTypeOf('number');
    expect(col.keys.map((k) => k.f)).toEqual(Object.keys(counters(0)));
    expect(keyOf(bytes, 'bytesSent')).toStrictEqual({ f: 'bytesSent', k: 'n', t: 'u32', o: expect.any(Number) });
    expect(keyOf(bytes, 'segmentsSent')).toMatchObject({ k: 'n', t: 'u8' });
    expect(keyOf(bytes, 'sendRate')).toMatchObject({ k: 'n', t: 'f64' });
    expect(keyOf(bytes, 'segmentSendRate')).toStrictEqual({ f: 'segmentSendRate', k: 'c', value: null });
    expect(keyOf(bytes, 'segmentReceiveRate')).toStrictEqual({ f: 'segmentReceiveRate', k: 'c', value: null });
    // The header holds no counter: only key names and places.
    expect(JSON.stringify(readHeader(bytes).header)).not.toContain('1234.5678');
    const back = decode(bytes);
    expect(back).toStrictEqual(rows);
    expect('traffic' in (back[1] as object)).toBe(false);
    expect((back[0]?.traffic as ConnectionTraffic).bytesSent).toBe(U32_MAX);
    expect((back[0]?.traffic as ConnectionTraffic).sendRate).toBe(1234.5678);
    expect(Object.keys(back[2]?.traffic as object)).toEqual(Object.keys(counters(0)));
  });

  it('a key absent from some objects stays absent, null stays null, and each object keeps its key order', () => {
    const { rttMs: _rtt, ...noRtt } = counters(2);
    const rows = rowsVarying('traffic', [
      counters(1, { rttMs: null }),
      noRtt,
      { bytesSent: 5, bytesReceived: 6 },
      counters(4, { rttMs: 0 }),
    ]);
    const bytes = encode(rows);
    expect(keyOf(bytes, 'rttMs')).toMatchObject({ k: 'n', t: 'u8', tags: expect.any(Number) });
    const back = decode(bytes);
    expect(back).toStrictEqual(rows);
    expect((back[0]?.traffic as ConnectionTraffic).rttMs).toBeNull();
    expect('rttMs' in (back[1]?.traffic as object)).toBe(false);
    expect(Object.keys(back[1]?.traffic as object)).toEqual(Object.keys(noRtt));
    expect(back[2]?.traffic).toStrictEqual({ bytesSent: 5, bytesReceived: 6 });
  });

  it('keeps 0, 2^32-1, 2^53-1, -0, NaN, infinities and fractions exactly', () => {
    const values = [0, U32_MAX, 2 ** 53 - 1, -0, Number.NaN, Number.POSITIVE_INFINITY, -1.5, 0.1 + 0.2];
    const rows = rowsVarying(
      'traffic',
      values.map((v, i) => counters(i, { bytesSent: v, rttMs: values[(i + 1) % values.length] as number })),
    );
    const back = decode(encode(rows));
    values.forEach((v, i) => {
      expect(Object.is((back[i]?.traffic as ConnectionTraffic).bytesSent, v), `row ${i}`).toBe(true);
      expect(Object.is((back[i]?.traffic as ConnectionTraffic).rttMs, values[(i + 1) % values.length])).toBe(true);
    });
  });

  it('a key undefined in an object is a key it lacks, as in JSON', () => {
    const rows = rowsVarying('traffic', [counters(1, { rttMs: undefined as unknown as null }), counters(2)]);
    const back = decode(encode(rows));
    expect('rttMs' in (back[0]?.traffic as object)).toBe(false);
    expect((back[1]?.traffic as ConnectionTraffic).rttMs).toBe(1.5);
  });

  it('a field this build does not know: objects of numbers, and null rows that stay null', () => {
    const rows = rowsVarying('futureCounters', [{ a: 1, b: null }, null, ABSENT_FIELD, { a: 2.5 }, {}]);
    const bytes = encode(rows);
    expect(columnOf(bytes, 'futureCounters')).toMatchObject({ k: 'o' });
    expectRoundTrip(rows, bytes);
  });

  it('a traffic of null (a peer meaning absent) comes back absent, as from a JSON column', () => {
    const rows = rowsVarying('traffic', [counters(1), null, counters(2), counters(3)]);
    const back = decode(encode(rows));
    expect(back.map((r) => 'traffic' in r)).toEqual([true, false, true, true]);
  });

  it('costs a row with counters 29 bytes, not their JSON (fails on the base: 247 bytes a row there)', () => {
    // 1000 rows, each its own counters: as JSON values this was ~250 bytes a row of header.
    const rows = Array.from({ length: 1000 }, (_, i) => sameConnection({ traffic: counters(i) }));
    const plain = Array.from({ length: 1000 }, () => sameConnection());
    const bytes = encode(rows);
    expect(columnOf(bytes, 'traffic').k).toBe('o');
    // 4 + 4 + 2 + 2 + 1 bytes of counts, 8 + 8 of RTTs, rates 0 or null: one value each for all rows (29).
    expect((bytes.length - encode(plain).length) / rows.length).toBeLessThan(32);
    expectRoundTrip(rows, bytes);
  });
});

describe('anything else in such a field goes as JSON values, as before', () => {
  /** The kind of column the field goes as; its rows come back as from JSON (a date as its text...). */
  const kindOf = (values: readonly unknown[], field = 'traffic'): string => {
    const rows = rowsVarying(field, values);
    const bytes = encode(rows);
    expect(decode(bytes)).toStrictEqual(JSON.parse(JSON.stringify(rows)));
    return columnOf(bytes, field).k;
  };

  it('an object with a text, a nested object, an array or a boolean in it', () => {
    for (const odd of ['x', { nested: 1 }, [1, 2], true])
      expect(
        kindOf([counters(1), counters(2), { ...counters(3), rttMs: odd }, counters(4)], 'futureCounters'),
        String(odd),
      ).toBe('j');
  });

  it('values that are no plain object: arrays, dates, class instances, text', () => {
    class Counters {
      bytesSent = 1;
    }
    for (const odd of [[1, 2], new Date(0), new Counters(), 'x'])
      expect(kindOf([counters(1), counters(2), odd, counters(3)], 'futureCounters'), String(odd)).toBe('j');
  });

  it('a key named __proto__ (as JSON.parse makes it), which never reaches a prototype', () => {
    const odd = JSON.parse('{"__proto__":{"polluted":1},"bytesSent":1}') as Record<string, unknown>;
    expect(kindOf([counters(1), odd, counters(2)], 'futureCounters')).toBe('j');
    const numeric = JSON.parse('{"bytesSent":1,"__proto__":5}') as Record<string, unknown>;
    expect(kindOf([counters(1), numeric, counters(2)], 'futureCounters')).toBe('j');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('objects whose keys do not follow one order', () => {
    expect(kindOf([{ a: 1, b: 2 }, { b: 3, a: 4 }, { a: 5 }], 'futureCounters')).toBe('j');
    expect(
      kindOf(
        [
          { a: 1, b: 2 },
          { b: 3, c: 4 },
          { c: 5, a: 6 },
        ],
        'futureCounters',
      ),
    ).toBe('j');
    // Keys first seen in later objects take their place in one order: at the end, the start or in the middle.
    const rows = rowsVarying('futureCounters', [{ b: 1 }, { b: 2, d: 3 }, { a: 4, b: 5 }, { b: 6, c: 7, d: 8 }]);
    const bytes = encode(rows);
    expect(keysOf(bytes, 'futureCounters').map((k) => k.f)).toEqual(['a', 'b', 'c', 'd']);
    const back = decode(bytes);
    expect(back).toStrictEqual(rows);
    back.forEach((r, i) =>
      expect(Object.keys(r.futureCounters as object)).toEqual(
        Object.keys((rows[i] as unknown as Record<string, object>).futureCounters as object),
      ),
    );
  });

  it(`more than ${MAX_KEYS} keys, or keys mostly absent`, () => {
    const many = (i: number): Record<string, number> =>
      Object.fromEntries(Array.from({ length: MAX_KEYS + 1 }, (_, k) => [`k${k}`, i + k]));
    expect(kindOf([many(1), many(2), many(3)], 'futureCounters')).toBe('j');
    const exactly = (i: number): Record<string, number> =>
      Object.fromEntries(Array.from({ length: MAX_KEYS }, (_, k) => [`k${k}`, i + k]));
    expect(kindOf([exactly(1), exactly(2), exactly(3)], 'futureCounters')).toBe('o');
    // Five objects of one key each out of five: a fifth of the cells present.
    expect(kindOf([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }, { e: 5 }], 'futureCounters')).toBe('j');
  });
});
