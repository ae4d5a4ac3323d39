/**
 * The columnar format's size rules, read back from the header the encoder writes: a number column is as wide as
 * its largest value needs (1, 2 or 4 bytes, 8 only for what is not a 32-bit count), repeated values go through a
 * table indexed by the narrowest integer that holds it, one value in every row costs no bytes, mostly distinct
 * text travels as one UTF-8 run with each row's length, other mostly distinct values as JSON, and every typed
 * array starts 8-byte aligned. Each case also round-trips exactly
 * (toStrictEqual: a field the row lacked is still lacking, not undefined).
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from './model';
import { encodeColumns } from './wire-columns';
import { isColumnsMessage, WireFormatError } from './wire-columns-format';
import { decodeColumns } from './wire-columns-decode';
import { REQUIRED_FIELDS } from './wire-columns-split';
import {
  ABSENT_FIELD,
  HOST_LITTLE_ENDIAN,
  columnOf,
  mixedWidthRows,
  readHeader,
  rowsVarying,
  sameConnection,
} from '../../test/helpers/wire-message';

const align8 = (n: number): number => Math.ceil(n / 8) * 8;
const encode = (rows: readonly Connection[]): Uint8Array => encodeColumns(rows, {});
const expectRoundTrip = (rows: readonly Connection[], bytes = encode(rows)): void =>
  expect(decodeColumns(bytes).rows).toStrictEqual(rows);
/** The body's length: the message after its header and padding. */
const bodyLength = (bytes: Uint8Array): number => bytes.length - readHeader(bytes).bodyStart;

describe('a number column is as wide as its largest value needs', () => {
  it.each([
    [1, 'u8', 1],
    [255, 'u8', 1],
    [256, 'u16', 2],
    [65535, 'u16', 2],
    [65536, 'u32', 4],
    [2 ** 32 - 1, 'u32', 4],
    [2 ** 32, 'f64', 8],
    [2 ** 53 - 1, 'f64', 8],
    [-1, 'f64', 8],
    [0.5, 'f64', 8],
    [Number.NaN, 'f64', 8],
    [Number.POSITIVE_INFINITY, 'f64', 8],
  ])('largest value %d: %s, %d bytes a row', (max, t, width) => {
    const rows = rowsVarying('inode', [0, max, 1]);
    const bytes = encode(rows);
    expect(columnOf(bytes, 'inode')).toStrictEqual({ f: 'inode', k: 'n', t, o: 0 });
    // Every other field is the same in each row, so this column is the whole body.
    expect(bodyLength(bytes)).toBe(align8(3 * width));
    expectRoundTrip(rows, bytes);
  });

  it('keeps -0 (as a double), even when every row has it', () => {
    for (const values of [
      [1, -0],
      [-0, -0],
    ]) {
      const rows = rowsVarying('rxQueue', values);
      const bytes = encode(rows);
      expect(columnOf(bytes, 'rxQueue')).toMatchObject({ k: 'n', t: 'f64' });
      const back = decodeColumns(bytes).rows;
      expect(Object.is(back[1]?.rxQueue, -0)).toBe(true);
      expect(Object.is(back[0]?.rxQueue, values[0])).toBe(true);
    }
  });

  it('0 is an ordinary count: a column of 0 and 5 is one byte a row', () => {
    expect(columnOf(encode(rowsVarying('txQueue', [0, 5, 0])), 'txQueue')).toStrictEqual({
      f: 'txQueue',
      k: 'n',
      t: 'u8',
      o: 0,
    });
  });

  it('adds a tag byte a row only when some row has null or lacks the field: 1 = null, 2 = absent', () => {
    const rows = rowsVarying('pid', [5, null, ABSENT_FIELD, 300]);
    const bytes = encode(rows);
    expect(columnOf(bytes, 'pid')).toStrictEqual({ f: 'pid', k: 'n', t: 'u16', o: 0, tags: 8 });
    const { bodyStart } = readHeader(bytes);
    expect([...bytes.subarray(bodyStart + 8, bodyStart + 12)]).toEqual([0, 1, 2, 0]);
    expect(bytes.length).toBe(bodyStart + 16);
    const back = decodeColumns(bytes).rows;
    expect(back[1]?.pid).toBeNull();
    expect('pid' in (back[2] as object)).toBe(false);
    expectRoundTrip(rows, bytes);
  });

  it('a text among the numbers makes the field a table or JSON, never a number column', () => {
    const rows = rowsVarying('uid', [1, 'one', 1, 1, 1, 1, 1, 1]);
    expect(columnOf(encode(rows), 'uid')).toMatchObject({ k: 't', table: [1, 'one'] });
    // uid is a number or null: the reader refuses the text (validate-rows.ts), naming the row.
    expect(() => decodeColumns(encode(rows))).toThrow('row 1: uid is not a number or null');
  });
});

describe('a value in every row costs no bytes', () => {
  it('sends one value for the field, or says every row lacks it', () => {
    const rows = [1, 2, 3].map(() => sameConnection({ traffic: undefined, pid: null, inode: 0 }));
    const bytes = encode(rows);
    expect(columnOf(bytes, 'state')).toStrictEqual({ f: 'state', k: 'c', value: 'ESTABLISHED' });
    expect(columnOf(bytes, 'pid')).toStrictEqual({ f: 'pid', k: 'c', value: null });
    expect(columnOf(bytes, 'inode')).toStrictEqual({ f: 'inode', k: 'c', value: 0 });
    // A field that is there but undefined is, as in JSON, a field the row lacks.
    expect(columnOf(bytes, 'traffic')).toStrictEqual({ f: 'traffic', k: 'c', value: null, absent: true });
    expect(bodyLength(bytes)).toBe(0);
    const back = decodeColumns(bytes).rows;
    expect(back).toHaveLength(3);
    for (const row of back) {
      expect('traffic' in row).toBe(false);
      expect(row).toStrictEqual(sameConnection({ pid: null, inode: 0 }));
    }
  });

  it('an object is never sent as one value (equal objects are tabled by content instead)', () => {
    const rows = [0, 1, 2].map(() => sameConnection({ components: ['Dnscache'] }));
    const bytes = encode(rows);
    expect(columnOf(bytes, 'components')).toStrictEqual({
      f: 'components',
      k: 't',
      t: 'u8',
      o: 0,
      table: [['Dnscache']],
    });
    expectRoundTrip(rows, bytes);
  });

  it('a single row sends every plain field as one value and an object through a one-entry table', () => {
    const rows = [sameConnection({ traffic: { bytesSent: 1, bytesReceived: 2 } })];
    const bytes = encode(rows);
    for (const f of REQUIRED_FIELDS) expect(columnOf(bytes, f).k, f).toBe('c');
    expect(columnOf(bytes, 'traffic')).toMatchObject({ k: 't', table: [{ bytesSent: 1, bytesReceived: 2 }] });
    expectRoundTrip(rows, bytes);
  });
});

describe('repeated values go through a table, mostly distinct text as a run, other values as JSON', () => {
  /** A text column's description: lengths at 0 (`t`), the UTF-8 run after them. */
  const textColumn = (f: string, t: string, texts: readonly string[], width = 1) => ({
    f,
    k: 's',
    t,
    o: 0,
    text: align8(texts.length * width),
    bytes: new TextEncoder().encode(texts.join('')).length,
  });
  const users = (n: number, distinct: number): Connection[] =>
    Array.from({ length: n }, (_, i) => sameConnection({ user: `u${i % distinct}` }));

  it('tables a field with at most a quarter of distinct values, in first-seen order; one more is a text run', () => {
    const bytes = encode(users(100, 25));
    expect(columnOf(bytes, 'user')).toStrictEqual({
      f: 'user',
      k: 't',
      t: 'u8',
      o: 0,
      table: Array.from({ length: 25 }, (_, i) => `u${i}`),
    });
    expect(bodyLength(bytes)).toBe(align8(100));
    const text = encode(users(100, 26));
    const texts = users(100, 26).map((c) => c.user as string);
    expect(columnOf(text, 'user')).toStrictEqual(textColumn('user', 'u8', texts));
    expect(bodyLength(text)).toBe(align8(100) + align8(texts.join('').length));
    expectRoundTrip(users(100, 26), text);
  });

  it('indexes a table of up to 255 values by a byte, of 256 and more by 2 bytes', () => {
    const u8 = encode(users(1020, 255));
    expect(columnOf(u8, 'user')).toMatchObject({ k: 't', t: 'u8' });
    expect(bodyLength(u8)).toBe(align8(1020));
    const u16 = users(1024, 256);
    const bytes = encode(u16);
    expect(columnOf(bytes, 'user')).toMatchObject({ k: 't', t: 'u16' });
    expect(bodyLength(bytes)).toBe(1024 * 2);
    expectRoundTrip(u16, bytes);
  });

  it('tables empty, non-ASCII and null values, index 0 meaning the row lacks the field', () => {
    const names = ['', '名前', 'ü', null, ABSENT_FIELD, 'sshd', '', '名前', null, ABSENT_FIELD, 'ü', 'sshd'];
    const rows = [...names, ...names, ...names].map((v): Connection => {
      const c = sameConnection() as unknown as Record<string, unknown>;
      if (v !== ABSENT_FIELD) c.note = v;
      return c as unknown as Connection;
    });
    const bytes = encode(rows);
    expect(columnOf(bytes, 'note')).toStrictEqual({
      f: 'note',
      k: 't',
      t: 'u8',
      o: 0,
      table: ['', '名前', 'ü', null, 'sshd'],
    });
    const { bodyStart } = readHeader(bytes);
    expect([...bytes.subarray(bodyStart, bodyStart + 12)]).toEqual([1, 2, 3, 4, 0, 5, 1, 2, 4, 0, 3, 5]);
    expectRoundTrip(rows, bytes);
  });

  it('tables equal arrays from different rows as one entry, different ones apart', () => {
    const rows = Array.from({ length: 8 }, (_, i) =>
      sameConnection({ components: i % 2 ? ['RpcSs', 'Dnscache'] : ['RpcSs'] }),
    );
    const bytes = encode(rows);
    expect(columnOf(bytes, 'components')).toMatchObject({ k: 't', table: [['RpcSs'], ['RpcSs', 'Dnscache']] });
    expectRoundTrip(rows, bytes);
  });

  it('never tables a text as the object its characters spell (keys of objects start with a NUL)', () => {
    const rows = rowsVarying('extraField', [
      ...[['x'], '\u0000["x"]', ['x'], '\u0000', ['x'], ['x']],
      ...[['x'], '\u0000["x"]', ['x'], ['x'], ['x'], ['x']],
    ]);
    const bytes = encode(rows);
    expect(columnOf(bytes, 'extraField')).toMatchObject({ k: 't', table: [['x'], '\u0000["x"]', '\u0000'] });
    expectRoundTrip(rows, bytes);
  });

  it('tables a number, null and an array apart from the text that spells them', () => {
    const values = [1, '1', null, 'null', ['x'], '["x"]'];
    const rows = rowsVarying('extraField', [...values, ...values, ...values, ...values]);
    const bytes = encode(rows);
    expect(columnOf(bytes, 'extraField')).toMatchObject({ k: 't', table: values });
    expectRoundTrip(rows, bytes);
  });

  const withField = (values: readonly unknown[]): Connection[] =>
    values.map((v) => {
      const c = sameConnection() as Connection & Record<string, unknown>;
      if (v !== ABSENT_FIELD) c.commandLineHash = v;
      return c;
    });

  it('sends mostly distinct values that are not all text as JSON, listing the rows that lack the field', () => {
    const rows = withField(['a', 2, ABSENT_FIELD, 'd', '', ['名']]);
    const bytes = encode(rows);
    expect(columnOf(bytes, 'commandLineHash')).toStrictEqual({
      f: 'commandLineHash',
      k: 'j',
      values: ['a', 2, null, 'd', '', ['名']],
      absent: [2],
    });
    expectRoundTrip(rows, bytes);
  });

  it('sends mostly distinct text as a run, tagging the rows with null and the rows that lack the field', () => {
    const rows = withField(['a', 'bb', ABSENT_FIELD, null, '', '名前', '😀x']);
    const bytes = encode(rows);
    // Lengths in UTF-16 code units (the emoji is two), the run in UTF-8 (3 bytes a kanji, 4 the emoji).
    expect(columnOf(bytes, 'commandLineHash')).toStrictEqual({
      f: 'commandLineHash',
      k: 's',
      t: 'u8',
      o: 0,
      tags: 8,
      text: 16,
      bytes: 1 + 2 + 6 + 5,
    });
    expectRoundTrip(rows, bytes);
    const ports = Array.from({ length: 6 }, (_, i) => sameConnection({ id: `c${i}` }));
    expect(columnOf(encode(ports), 'id')).toStrictEqual(
      textColumn(
        'id',
        'u8',
        ports.map((c) => c.id),
      ),
    );
    expectRoundTrip(ports);
  });

  it('sends text with a lone surrogate as JSON, which keeps it exactly (UTF-8 cannot)', () => {
    const rows = withField(['a', '\ud800', 'b\udc00c', '\ud83d\ude00']);
    const bytes = encode(rows);
    expect(columnOf(bytes, 'commandLineHash')).toMatchObject({ k: 'j' });
    expectRoundTrip(rows, bytes);
    // Paired, the same code units are well-formed text: a run.
    expect(columnOf(encode(withField(['a', 'b', '\ud83d\ude00', 'c'])), 'commandLineHash').k).toBe('s');
  });

  it('indexes lengths of up to 255 code units by a byte, longer ones by 2 or 4 bytes', () => {
    for (const [length, t, width] of [
      [255, 'u8', 1],
      [256, 'u16', 2],
      [65536, 'u32', 4],
    ] as const) {
      const texts = ['a', 'b', 'x'.repeat(length), 'c'];
      const rows = withField(texts);
      expect(columnOf(encode(rows), 'commandLineHash')).toStrictEqual(textColumn('commandLineHash', t, texts, width));
      expectRoundTrip(rows);
    }
  });

  it('judges a big field by a sample of every step-th row (5000 rows: every 2nd)', () => {
    // 1000 names: the sampled even rows hold 500 of them, at most a quarter of the 2500 sampled: a table.
    const tabled = users(5000, 1000);
    const bytes = encode(tabled);
    expect(columnOf(bytes, 'user')).toMatchObject({ k: 't', t: 'u16' });
    expect((columnOf(bytes, 'user') as { table: unknown[] }).table).toHaveLength(1000);
    expectRoundTrip(tabled, bytes);
    // 1500 names: 750 in the sample, more than a quarter: a text run.
    expect(columnOf(encode(users(5000, 1500)), 'user').k).toBe('s');
  });

  it('gives up a table the sample misjudged once it outgrows a quarter of the rows plus 2000 entries', () => {
    // 6000 rows, every 3rd sampled: the sampled rows all say "same", the others are all different (4000 values).
    const rows = Array.from({ length: 6000 }, (_, i) => sameConnection({ user: i % 3 ? `u${i}` : 'same' }));
    const bytes = encode(rows);
    expect(columnOf(bytes, 'user').k).toBe('s');
    expectRoundTrip(rows, bytes);
    // Exactly 6000 / 4 + 2000 = 3500 entries ("same" and 3499 others) is still a table.
    let other = 0;
    const atLimit = Array.from({ length: 6000 }, (_, i) =>
      sameConnection({ user: i % 3 ? `u${other++ % 3499}` : 'same' }),
    );
    const limit = encode(atLimit);
    expect(columnOf(limit, 'user')).toMatchObject({ k: 't', t: 'u16' });
    expect((columnOf(limit, 'user') as { table: unknown[] }).table).toHaveLength(3500);
    // 600 values in 6000 rows: a table (600 is far below 6000 / 4 + 2000).
    const kept = users(6000, 600);
    expect(columnOf(encode(kept), 'user')).toMatchObject({ k: 't', t: 'u16' });
  });
});

describe('message layout', () => {
  it('magic, header length, header, zero padding, then 8-byte aligned arrays one after the other', () => {
    const rows = mixedWidthRows({ txQueue: [null, 1, 2] });
    const bytes = encode(rows);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('NSC1');
    const { header, bodyStart } = readHeader(bytes);
    const headerEnd = 8 + new DataView(bytes.buffer).getUint32(4, true);
    expect(bodyStart % 8).toBe(0);
    expect([...bytes.subarray(headerEnd, bodyStart)].every((b) => b === 0)).toBe(true);
    expect(header.littleEndian).toBe(HOST_LITTLE_ENDIAN);
    expect(header.rows).toBe(3);
    const at = (f: string): unknown => columnOf(bytes, f);
    // localPort 3 bytes -> 8, remotePort 6 -> 8, inode 12 -> 16, rxQueue 24, txQueue 3 (+ 3 tag bytes).
    expect(at('localPort')).toStrictEqual({ f: 'localPort', k: 'n', t: 'u8', o: 0 });
    expect(at('remotePort')).toStrictEqual({ f: 'remotePort', k: 'n', t: 'u16', o: 8 });
    expect(at('inode')).toStrictEqual({ f: 'inode', k: 'n', t: 'u32', o: 16 });
    expect(at('rxQueue')).toStrictEqual({ f: 'rxQueue', k: 'n', t: 'f64', o: 32 });
    expect(at('txQueue')).toStrictEqual({ f: 'txQueue', k: 'n', t: 'u8', o: 56, tags: 64 });
    expect(bytes.length).toBe(bodyStart + 72);
    expectRoundTrip(rows, bytes);
  });

  it('with no rows: the envelope, every field listed with no values, no body', () => {
    const bytes = encodeColumns([], { seq: 9, host: 'h' });
    const { header, bodyStart } = readHeader(bytes);
    expect(header).toStrictEqual({
      envelope: { seq: 9, host: 'h' },
      rows: 0,
      littleEndian: HOST_LITTLE_ENDIAN,
      columns: REQUIRED_FIELDS.map((f) => ({ f, k: 'j', values: [] })),
    });
    expect(bytes.length).toBe(bodyStart);
  });
});

describe('isColumnsMessage', () => {
  const message = encode(rowsVarying('pid', [1, 2]));

  it('accepts a message and any 8 bytes starting with the magic; refuses shorter or other magic', () => {
    expect(isColumnsMessage(message)).toBe(true);
    expect(isColumnsMessage(new TextEncoder().encode('NSC1\0\0\0\0'))).toBe(true);
    expect(isColumnsMessage(new TextEncoder().encode('NSC1\0\0\0'))).toBe(false);
    expect(isColumnsMessage(new Uint8Array(0))).toBe(false);
    for (const other of ['XSC1', 'NXC1', 'NSX1', 'NSC2', 'NSF1']) {
      const bytes = message.slice();
      bytes.set(new TextEncoder().encode(other));
      expect(isColumnsMessage(bytes), other).toBe(false);
    }
  });
});

describe('WireFormatError', () => {
  it('is named and says the message is malformed', () => {
    const e = new WireFormatError('why');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('WireFormatError');
    expect(e.message).toBe('malformed columnar message: why');
  });
});
