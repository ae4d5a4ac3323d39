/**
 * The decoder against messages no encoder writes: every check before an offset is trusted names what is wrong
 * (a WireFormatError with its own message, never a wrong row, a RangeError or a read outside the message), the
 * other byte order is swapped, and null, absent and present stay apart.
 */
import { describe, expect, it } from 'vitest';
import { encodeColumns } from './wire-columns';
import { WireFormatError } from './wire-columns-format';
import { decodeColumns } from './wire-columns-decode';
import { REQUIRED_FIELDS } from './wire-columns-split';
import { noFieldsDropped } from './validate-rows';
import {
  craftMessage,
  header,
  HOST_LITTLE_ENDIAN,
  mixedWidthRows,
  rowsVarying,
  sameConnection,
} from '../../test/helpers/wire-message';

const PREFIX = 'malformed columnar message: ';
/** decodeColumns must throw a WireFormatError saying exactly `why`. */
const expectRefused = (bytes: Uint8Array, why: string): void => {
  let thrown: unknown;
  try {
    decodeColumns(bytes);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, why).toBeInstanceOf(WireFormatError);
  expect((thrown as Error).message).toBe(PREFIX + why);
};
const constant = (f: string, value: unknown): Record<string, unknown> => ({ f, k: 'c', value });
/** Every required field as one value for all rows, so a test adds only the column it is about. */
const requiredConstants = (except: readonly string[] = []): Record<string, unknown>[] =>
  REQUIRED_FIELDS.filter((f) => !except.includes(f)).map((f) =>
    constant(f, (sameConnection() as unknown as Record<string, unknown>)[f]),
  );
const decodeRows = (bytes: Uint8Array): Record<string, unknown>[] => decodeColumns(bytes).rows;

describe('the preamble and the header', () => {
  it('refuses fewer than 8 bytes, another magic, a header past the end, a header that is not JSON', () => {
    const full = craftMessage(header(0, []));
    for (let n = 0; n < 8; n++) expectRefused(full.subarray(0, n), 'shorter than its 8-byte preamble');
    // Exactly the preamble with an empty header: past the length check, the header "" is no JSON.
    expectRefused(new TextEncoder().encode('NSC1\0\0\0\0'), 'header is not JSON');
    for (const magic of ['XSC1', 'NXC1', 'NSX1', 'NSC2', 'NSF1'])
      expectRefused(craftMessage(header(0, []), [], magic), 'no NSC1 magic');
    const tooLong = full.slice();
    new DataView(tooLong.buffer).setUint32(4, full.length - 7, true);
    expectRefused(tooLong, 'header longer than the message');
    const garbled = full.slice();
    garbled[8] = 0x7d;
    expectRefused(garbled, 'header is not JSON');
  });

  it('reads a header that ends the message exactly (no rows, no padding)', () => {
    const bytes = craftMessage(header(0, [], { envelope: { seq: 4 } }), [], 'NSC1', false);
    expect(decodeColumns(bytes)).toStrictEqual({ envelope: { seq: 4 }, rows: [] });
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'header'],
    ['no envelope', { rows: 0, littleEndian: true, columns: [] }],
    ['an array envelope', header(0, [], { envelope: [] })],
    ['a null envelope', header(0, [], { envelope: null })],
    ['a number envelope', header(0, [], { envelope: 5 })],
    ['a text row count', header(0, [], { rows: '1' })],
    ['a fractional row count', header(0, [], { rows: 1.5 })],
    ['a negative row count', header(0, [], { rows: -1 })],
    ['more rows than any machine holds', header(0, [], { rows: 50_000_001 })],
    ['a text byte order', header(0, [], { littleEndian: 'yes' })],
    ['no byte order', { envelope: {}, rows: 0, columns: [] }],
    ['columns that are no list', header(0, [], { columns: {} })],
  ])('refuses a header with %s', (_, h) => {
    expectRefused(craftMessage(h), 'header lacks envelope, rows, littleEndian or columns');
  });

  it('accepts 50 million rows (then finds the column that would run past the end)', () => {
    const bytes = craftMessage(header(50_000_000, [{ f: 'pid', k: 'n', t: 'u8', o: 0 }]), [1, 2, 3]);
    expectRefused(bytes, 'a column runs past the end');
  });

  it('refuses a column that is not an object with a field name, and a field named __proto__', () => {
    for (const col of [null, 5, 'pid', [], {}, { f: 5, k: 'c', value: 1 }])
      expectRefused(craftMessage(header(1, [col])), 'a column without a field name');
    expectRefused(craftMessage(header(1, [constant('__proto__', { polluted: true })])), 'a column named __proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a column of unknown kind, naming it', () => {
    expectRefused(craftMessage(header(1, [{ f: 'pid', k: 'q', values: [1] }])), 'column pid of unknown kind');
  });
});

describe('number columns', () => {
  const numbers = (col: Record<string, unknown>, body: number[], rows = 2): Uint8Array =>
    craftMessage(header(rows, [...requiredConstants(['pid']), { f: 'pid', k: 'n', ...col }]), body);

  it('refuses an unknown number type, including the names every object inherits', () => {
    const body = Array.from({ length: 16 }, (_, i) => i + 1);
    for (const t of ['i64', 5, null, 'constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expectRefused(numbers({ t, o: 0 }, body), `unknown number type ${String(t)}`);
  });

  it('refuses an offset that is not a non-negative multiple of 8', () => {
    const body = Array.from({ length: 32 }, (_, i) => i);
    for (const o of ['0', '16', null, [8], 3, 1.5, -8, -16, Number.NaN])
      expectRefused(numbers({ t: 'u8', o }, body), 'a column offset is not an aligned position');
    expect(decodeRows(numbers({ t: 'u8', o: 16 }, body)).map((r) => r.pid)).toEqual([16, 17]);
  });

  it('refuses a column one byte past the end, reads one that ends the message exactly', () => {
    expectRefused(numbers({ t: 'u16', o: 0 }, [1, 0, 2, 0, 3], 3), 'a column runs past the end');
    expect(decodeRows(numbers({ t: 'u16', o: 0 }, [1, 0, 2, 0, 3, 0], 3)).map((r) => r.pid)).toEqual([1, 2, 3]);
    expectRefused(numbers({ t: 'u32', o: 8 }, new Array(15).fill(0)), 'a column runs past the end');
    expectRefused(numbers({ t: 'u8', o: 0, tags: 8 }, [1, 2, 0, 0, 0, 0, 0, 0, 0]), 'a column runs past the end');
  });

  it('tags: 0 the number, 1 null, 2 the row lacks the field; anything else is refused', () => {
    const rows = decodeRows(numbers({ t: 'u8', o: 0, tags: 8 }, [7, 8, 9, 0, 0, 0, 0, 0, 0, 1, 2], 3));
    expect(rows.map((r) => r.pid)).toEqual([7, null, undefined]);
    expect(rows.map((r) => 'pid' in r)).toEqual([true, true, false]);
    expectRefused(numbers({ t: 'u8', o: 0, tags: 8 }, [7, 8, 0, 0, 0, 0, 0, 0, 0, 3]), 'bad tag 3 in pid');
  });

  it('swaps numbers written in the other byte order, without changing the message', () => {
    const other = !HOST_LITTLE_ENDIAN;
    const cols = [
      { f: 'localPort', k: 'n', t: 'u16', o: 0 },
      { f: 'inode', k: 'n', t: 'u32', o: 8 },
      { f: 'rxQueue', k: 'n', t: 'f64', o: 16 },
      { f: 'uid', k: 'n', t: 'u8', o: 32 },
    ];
    // Written big-endian when this machine is little-endian (and the other way round).
    const f64 = (v: number): number[] => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v, other);
      return [...b];
    };
    const be16 = (v: number): number[] => (other ? [v & 255, v >> 8] : [v >> 8, v & 255]);
    const be32 = (v: number): number[] => {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, v, other);
      return [...b];
    };
    const body = [
      ...be16(0x0102),
      ...be16(0xff00),
      0,
      0,
      0,
      0,
      ...be32(0x01020304),
      ...be32(70000),
      ...f64(1.5),
      ...f64(-2.25),
      7,
      9,
    ];
    const bytes = craftMessage(
      header(2, [...requiredConstants(['localPort', 'inode', 'rxQueue', 'uid']), ...cols], { littleEndian: other }),
      body,
    );
    const copy = bytes.slice();
    const rows = decodeRows(bytes);
    expect(rows.map((r) => [r.localPort, r.inode, r.rxQueue, r.uid])).toEqual([
      [0x0102, 0x01020304, 1.5, 7],
      [0xff00, 70000, -2.25, 9],
    ]);
    expect(bytes).toEqual(copy);
    expect(decodeRows(bytes)).toStrictEqual(rows);
  });

  it('reads a message wherever it starts in its buffer', () => {
    const rows = mixedWidthRows({ pid: [null, 1, 2], user: ['root', 'root', 'daemon'] });
    const bytes = encodeColumns(rows, {});
    for (let shift = 1; shift < 8; shift++) {
      const buffer = new Uint8Array(bytes.length + shift);
      buffer.set(bytes, shift);
      expect(decodeRows(buffer.subarray(shift)), `shift ${shift}`).toStrictEqual(rows);
    }
  });
});

describe('table, constant and JSON columns', () => {
  const users = (col: Record<string, unknown>, body: number[], rows = 3): Uint8Array =>
    craftMessage(header(rows, [...requiredConstants(['user']), { f: 'user', k: 't', ...col }]), body);

  it('index 0 means the row lacks the field, i the table entry i; past the table is refused', () => {
    const rows = decodeRows(users({ t: 'u8', o: 0, table: ['root', null] }, [2, 0, 1]));
    expect(rows.map((r) => r.user)).toEqual([null, undefined, 'root']);
    expect(rows.map((r) => 'user' in r)).toEqual([true, false, true]);
    expectRefused(users({ t: 'u8', o: 0, table: ['root', null] }, [2, 3, 1]), 'index past the table of user');
  });

  it('refuses a table indexed by doubles or with no table', () => {
    expectRefused(users({ t: 'f64', o: 0, table: ['a'] }, new Array(24).fill(0)), 'table column user is malformed');
    expectRefused(users({ t: 'u8', o: 0, table: 'a' }, [0, 0, 0]), 'table column user is malformed');
    expectRefused(users({ t: 'u8', o: 0 }, [0, 0, 0]), 'table column user is malformed');
  });

  it('a constant column fills every row, or none when it says absent', () => {
    const bytes = craftMessage(
      header(2, [
        ...requiredConstants(),
        constant('template', 'Internet'),
        { ...constant('offloadState', null), absent: true },
      ]),
    );
    const rows = decodeRows(bytes);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.template).toBe('Internet');
      expect('offloadState' in row).toBe(false);
    }
  });

  it('JSON columns: one value a row, listed rows lack the field; a wrong count or row is refused', () => {
    const json = (col: Record<string, unknown>): Uint8Array =>
      craftMessage(header(2, [...requiredConstants(), { f: 'template', k: 'j', ...col }]));
    const rows = decodeRows(json({ values: ['a', null], absent: [1] }));
    expect(rows.map((r) => 'template' in r)).toEqual([true, false]);
    expect(rows[0]?.template).toBe('a');
    // template has no null (validate-rows.ts): a peer's null there is "absent"; peerInode's null is a value.
    expect(decodeRows(json({ values: [null, 'b'] })).map((r) => 'template' in r)).toEqual([false, true]);
    const peer = craftMessage(header(2, [...requiredConstants(), { f: 'peerInode', k: 'j', values: [null, 5] }]));
    expect(decodeRows(peer).map((r) => r.peerInode)).toEqual([null, 5]);
    expectRefused(json({ values: ['a'] }), 'template has 1 values for 2 rows');
    expectRefused(json({ values: 'ab' }), 'json column template has no values');
    expectRefused(json({ values: ['a', 'b'], absent: 1 }), 'absent rows of template are not a list');
    for (const r of [2, -1, 0.5, '0', null])
      expectRefused(json({ values: ['a', 'b'], absent: [r] }), `absent row ${String(r)} of template`);
  });
});

describe('object columns', () => {
  const objects = (col: Record<string, unknown>, body: number[], rows = 3, field = 'futureCounters'): Uint8Array =>
    craftMessage(header(rows, [...requiredConstants(), { f: field, k: 'o', ...col }]), body);
  /** Row tags at 0 (row 1 lacks the field: 2 of 3 rows have an object), key `a`'s bytes at 8, `b` one null for all. */
  const tagged = (a: Record<string, unknown>, body = [5, 6]): Uint8Array =>
    objects(
      {
        tags: 0,
        keys: [
          { f: 'a', k: 'n', t: 'u8', o: 8, ...a },
          { f: 'b', k: 'c', value: null },
        ],
      },
      [0, 2, 0, 0, 0, 0, 0, 0, ...body],
    );

  it('row tags: 0 an object, 1 null, 2 the row lacks the field; each key has a value for each object only', () => {
    const rows = decodeRows(tagged({}));
    expect(rows.map((r) => r.futureCounters)).toStrictEqual([{ a: 5, b: null }, undefined, { a: 6, b: null }]);
    expect(rows.map((r) => 'futureCounters' in r)).toEqual([true, false, true]);
    const nulls = objects({ tags: 0, keys: [{ f: 'a', k: 'c', value: 7 }] }, [1, 0, 0]);
    expect(decodeRows(nulls).map((r) => r.futureCounters)).toStrictEqual([null, { a: 7 }, { a: 7 }]);
    expectRefused(objects({ tags: 0, keys: [] }, [0, 3, 0]), 'bad tag 3 in futureCounters');
  });

  it('key tags: 0 the number, 1 null, 2 the object lacks the key; anything else is refused', () => {
    const keyed = (keyTags: number[]): Uint8Array =>
      objects({ keys: [{ f: 'a', k: 'n', t: 'u8', o: 0, tags: 8 }] }, [1, 2, 3, 0, 0, 0, 0, 0, ...keyTags]);
    const rows = decodeRows(keyed([0, 1, 2]));
    expect(rows.map((r) => r.futureCounters)).toStrictEqual([{ a: 1 }, { a: null }, {}]);
    expectRefused(keyed([0, 3, 0]), 'bad tag 3 in futureCounters.a');
  });

  it('refuses keys that are no list, a key without a name, a key named __proto__ or given twice', () => {
    for (const keys of [undefined, 'a', { a: 1 }])
      expectRefused(objects({ keys }, []), 'object column futureCounters has no keys');
    for (const key of [null, 'a', [], { k: 'c', value: 1 }, { f: 5, k: 'c', value: 1 }])
      expectRefused(objects({ keys: [key] }, []), 'a key of futureCounters without a name');
    const one = { f: 'a', k: 'c', value: 1 };
    expectRefused(objects({ keys: [{ ...one, f: '__proto__' }] }, []), 'key __proto__ of futureCounters refused');
    expectRefused(objects({ keys: [one, one] }, []), 'key a of futureCounters refused');
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it('refuses a key of another kind, or one value that is not a number or null', () => {
    for (const key of [
      { k: 'q' },
      { k: 't', t: 'u8', o: 0, table: [1] },
      { k: 'j', values: [1, 2, 3] },
      { k: 'o', keys: [] },
      { k: 'c', value: 'x' },
      { k: 'c', value: { nested: 1 } },
      { k: 'c', value: [1] },
      { k: 'c' },
      { k: 'c', value: null, absent: true },
    ])
      expectRefused(objects({ keys: [{ f: 'a', ...key }] }, [0, 0, 0]), 'key a of futureCounters is malformed');
  });

  it("checks a key column's type, offset and length as a number column's, over the rows with an object", () => {
    expectRefused(tagged({ t: 'i64' }), 'unknown number type i64');
    expectRefused(tagged({ o: 3 }), 'a column offset is not an aligned position');
    expectRefused(tagged({ t: 'u16' }, [5, 0, 6]), 'a column runs past the end');
    expect(decodeRows(tagged({ t: 'u16' }, [5, 0, 6, 0])).map((r) => r.futureCounters)).toHaveLength(3);
    expectRefused(tagged({ tags: 16 }), 'a column runs past the end');
    expectRefused(objects({ tags: 8, keys: [] }, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'a column runs past the end');
  });

  it('judges traffic as a JSON column is judged: a byte count that is null leaves traffic out of its rows', () => {
    const traffic = (keys: unknown[]): Uint8Array => objects({ keys }, [1, 2, 3, 0, 0, 0, 0, 0, 0, 1, 0], 3, 'traffic');
    const nullable = { f: 'rttMs', k: 'n', t: 'u8', o: 0, tags: 8 };
    expect(decodeRows(traffic([nullable])).map((r) => r.traffic)).toStrictEqual([
      { rttMs: 1 },
      { rttMs: null },
      { rttMs: 3 },
    ]);
    const dropped = noFieldsDropped();
    const rows = decodeColumns(traffic([{ ...nullable, f: 'bytesSent' }]), dropped).rows;
    expect(rows.map((r) => 'traffic' in r)).toEqual([true, false, true]);
    expect(dropped).toStrictEqual({ count: 1, first: 'row 1: traffic is not an object of counters' });
    const none = noFieldsDropped();
    const noBytes = decodeColumns(traffic([{ f: 'bytesReceived', k: 'c', value: null }]), none).rows;
    expect(noBytes.map((r) => 'traffic' in r)).toEqual([false, false, false]);
    expect(none.count).toBe(3);
  });
});

describe('rows', () => {
  it('a row lacking a required field lacks it after the trip, and there are as many rows as the header says', () => {
    const cols = [
      ...requiredConstants(['pid']),
      { f: 'pid', k: 'n', t: 'u8', o: 0, tags: 8 },
      constant('template', 'x'),
    ];
    const rows = decodeRows(craftMessage(header(2, cols), [5, 0, 0, 0, 0, 0, 0, 0, 0, 2]));
    expect(rows).toStrictEqual([
      { ...sameConnection({ pid: 5 }), template: 'x' },
      { ...Object.fromEntries(Object.entries(sameConnection()).filter(([k]) => k !== 'pid')), template: 'x' },
    ]);
  });

  it('a message without some required field (an older sender) gives rows without it', () => {
    const rows = decodeRows(craftMessage(header(2, requiredConstants(['commandLine', 'rxQueue']))));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(REQUIRED_FIELDS.filter((f) => f !== 'commandLine' && f !== 'rxQueue'));
    }
  });

  it('every row has the model fields in the model order, whatever order the columns came in, then the others', () => {
    const cols = [constant('template', 'x'), ...requiredConstants().reverse()];
    for (const row of decodeRows(craftMessage(header(3, cols)))) {
      expect(Object.keys(row)).toEqual([...REQUIRED_FIELDS, 'template']);
    }
    const encoded = encodeColumns(rowsVarying('pid', [1, 2, 3]), {});
    for (const row of decodeRows(encoded)) expect(Object.keys(row)).toEqual(REQUIRED_FIELDS);
  });

  it('a field given by two columns takes the last one, required or not (no encoder writes that)', () => {
    const cols = [...requiredConstants(), constant('template', 'x'), constant('pid', 9), constant('template', 'y')];
    expect(decodeRows(craftMessage(header(2, cols)))).toStrictEqual([
      { ...sameConnection({ pid: 9 }), template: 'y' },
      { ...sameConnection({ pid: 9 }), template: 'y' },
    ]);
  });
});
