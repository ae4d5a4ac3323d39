/**
 * Connections as one binary message: a column per field instead of 100k JSON
 * objects. Numbers travel in typed arrays (ports, PIDs, inodes, queues: 1, 2
 * or 4 bytes a row, 8 only for what is not a 32-bit count), repeated text
 * (state, protocol, process, path, user, local address) as an index into a
 * table of its distinct values, mostly distinct text (ids, remote addresses)
 * as one UTF-8 run with each row's length (wire-columns-text.ts), and what is
 * not a plain value (traffic objects, fields this file has never heard of) as
 * JSON values in the header. At 100k rows this is ~4x fewer
 * bytes than the packed JSON table it replaces, and both ends skip most of
 * the JSON work: the server writes numbers into arrays, the page reads them.
 *
 * The columns follow the model's field list (connection-fields.ts) first, then
 * any other own field a row has, so a field added to Connection, an optional
 * one (components, traffic) or an unexpected one always arrives: a row that
 * lacks a field still lacks it after the trip (`'traffic' in c` is kept). As in
 * JSON, a field whose value is `undefined` is a field the row lacks.
 *
 * Layout: a 4-byte magic, a 4-byte little-endian header length, the header
 * (UTF-8 JSON: the caller's envelope, the rest of the snapshot, the column
 * descriptions and their JSON parts), zero padding to 8 bytes, then the typed
 * arrays, each 8-byte aligned, in the writer's byte order (said in the
 * header; a reader of the other order swaps).
 */
import type { Connection } from './model';
import { splitColumnsInSteps } from './wire-columns-split';
import { textRunInSteps } from './wire-columns-text';
import { runToEnd } from './run-steps';

export const COLUMNS_MAGIC = 'NSC1';

type NumberType = 'u8' | 'u16' | 'u32' | 'f64';
type IndexType = Exclude<NumberType, 'f64'>;

/** Numbers: tags (when some row has no number) say 0 = the value, 1 = null, 2 = absent. */
interface NumberColumn {
  f: string;
  k: 'n';
  t: NumberType;
  o: number;
  tags?: number;
}
/** Repeated values: index 0 = absent, i = table[i - 1]. */
interface TableColumn {
  f: string;
  k: 't';
  t: IndexType;
  o: number;
  table: unknown[];
}
/**
 * Text (or null, or absent: `tags` as for numbers): each row's length in UTF-16 code units (`t` at `o`), and
 * every row's text joined, as UTF-8, `bytes` long at `text` (wire-columns-text.ts).
 */
interface TextColumn {
  f: string;
  k: 's';
  t: IndexType;
  o: number;
  text: number;
  bytes: number;
  tags?: number;
}
/** One value for every row (or every row lacks the field): no bytes per row at all. */
interface ConstantColumn {
  f: string;
  k: 'c';
  value: unknown;
  absent?: true;
}
/** JSON values, row by row; rows lacking the field are listed in `absent` (their value is null). */
interface JsonColumn {
  f: string;
  k: 'j';
  values: unknown[];
  absent?: number[];
}
export type ColumnDescription = NumberColumn | TableColumn | TextColumn | ConstantColumn | JsonColumn;

export interface ColumnsHeader {
  /** What the sender wraps the connections in (message type, id, the snapshot's other fields...). */
  envelope: Record<string, unknown>;
  rows: number;
  littleEndian: boolean;
  columns: ColumnDescription[];
}

export class WireFormatError extends Error {
  constructor(message: string) {
    super(`malformed columnar message: ${message}`);
    this.name = 'WireFormatError';
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** A field gets a table when a sample of its rows has at most this share of distinct values. */
const TABLE_MAX_SHARE = 0.25;
const SAMPLE_ROWS = 2000;
const MAX: Record<IndexType, number> = { u8: 0xff, u16: 0xffff, u32: 0xffffffff };

/** A typed array to write into the body; `place` records where it went in its column's description. */
interface Part {
  bytes: Uint8Array;
  place: (offset: number) => void;
}

const align8 = (n: number): number => (n + 7) & ~7;

/** The narrowest unsigned integer holding 0..max: a table's index, or a column of 32-bit counts. */
function smallestIndexType(max: number): IndexType {
  return max <= MAX.u8 ? 'u8' : max <= MAX.u16 ? 'u16' : 'u32';
}

function typedArray(t: NumberType, n: number): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  if (t === 'u8') return new Uint8Array(n);
  if (t === 'u16') return new Uint16Array(n);
  if (t === 'u32') return new Uint32Array(n);
  return new Float64Array(n);
}

/** What a field holds across the rows, in one pass: decides its column kind. */
interface Survey {
  /** Every row has this same primitive value (or every row lacks the field: `value` undefined). */
  constant: boolean;
  /** Every value is a number, null or absent. */
  numeric: boolean;
  /** Every value is a string, null or absent. */
  textual: boolean;
  max: number;
  /** Some number is not a 32-bit count (negative, fractional, NaN, -0, 2^32 and up): doubles then. */
  wide: boolean;
  /** Some row has null or lacks the field. */
  gaps: boolean;
}

function survey(values: readonly unknown[]): Survey {
  const first = values[0];
  let constant = (typeof first !== 'object' || first === null) && !Object.is(first, -0);
  let numeric = true;
  let textual = true;
  let max = 0;
  let wide = false;
  let gaps = false;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (constant && v !== first) constant = false;
    if (v === null || v === undefined) gaps = true;
    else if (typeof v === 'number') {
      textual = false;
      if (v > max) max = v;
      if (!wide && (v >>> 0 !== v || Object.is(v, -0))) wide = true;
    } else {
      numeric = false;
      if (typeof v !== 'string') textual = false;
    }
    if (!numeric && !textual && !constant) break;
  }
  return { constant, numeric, textual, max, wide, gaps };
}

function numberColumn(
  values: readonly unknown[],
  field: string,
  t: NumberType,
  gaps: boolean,
  parts: Part[],
): NumberColumn {
  const n = values.length;
  const numbers = typedArray(t, n);
  const tags = gaps ? new Uint8Array(n) : null;
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (typeof v === 'number') numbers[r] = v;
    else if (tags) tags[r] = v === undefined ? 2 : 1;
  }
  const col: NumberColumn = { f: field, k: 'n', t, o: 0 };
  parts.push({ bytes: new Uint8Array(numbers.buffer), place: (o) => (col.o = o) });
  if (tags) parts.push({ bytes: tags, place: (o) => (col.tags = o) });
  return col;
}

/**
 * The key a value is tabled under: an object by its JSON after a NUL, text as itself, but text that starts with a
 * NUL gets one more (else the text `\u0000["x"]` and the array ["x"] shared an entry, and the text came back an array).
 */
function tableKey(v: unknown): unknown {
  if (typeof v === 'object' && v !== null) return `\u0000${JSON.stringify(v)}`;
  return typeof v === 'string' && v.startsWith('\u0000') ? `\u0000${v}` : v;
}

function fewDistinct(values: readonly unknown[]): boolean {
  const n = values.length;
  const step = Math.max(1, Math.floor(n / SAMPLE_ROWS));
  const seen = new Set<unknown>();
  for (let r = 0; r < n; r += step) seen.add(tableKey(values[r]));
  return seen.size <= Math.max(1, Math.ceil(n / step) * TABLE_MAX_SHARE);
}

function tableColumn(values: readonly unknown[], field: string, parts: Part[]): TableColumn | null {
  const n = values.length;
  const index = new Uint32Array(n);
  const table: unknown[] = [];
  const found = new Map<unknown, number>();
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (v === undefined) continue; // 0: absent
    const key = tableKey(v);
    let i = found.get(key);
    if (i === undefined) {
      table.push(v ?? null);
      i = table.length;
      found.set(key, i);
      // The sample misjudged it: mostly distinct after all, and cheaper inline.
      if (table.length > n * TABLE_MAX_SHARE + SAMPLE_ROWS) return null;
    }
    index[r] = i;
  }
  const t = smallestIndexType(table.length);
  const narrow = t === 'u32' ? index : t === 'u16' ? Uint16Array.from(index) : Uint8Array.from(index);
  const col: TableColumn = { f: field, k: 't', t, o: 0, table };
  parts.push({ bytes: new Uint8Array(narrow.buffer), place: (o) => (col.o = o) });
  return col;
}

/** A text column, in steps (the run is joined and encoded a chunk of rows at a time). */
function* textColumn(
  values: readonly unknown[],
  field: string,
  gaps: boolean,
  parts: Part[],
): Generator<void, TextColumn | null, void> {
  const run = yield* textRunInSteps(values, gaps);
  if (run === null) return null;
  const t = smallestIndexType(run.longest);
  const lengths =
    t === 'u32' ? run.lengths : t === 'u16' ? Uint16Array.from(run.lengths) : Uint8Array.from(run.lengths);
  const col: TextColumn = { f: field, k: 's', t, o: 0, text: 0, bytes: run.utf8.length };
  parts.push({ bytes: new Uint8Array(lengths.buffer), place: (o) => (col.o = o) });
  if (run.tags) parts.push({ bytes: run.tags, place: (o) => (col.tags = o) });
  parts.push({ bytes: run.utf8, place: (o) => (col.text = o) });
  return col;
}

function jsonColumn(values: readonly unknown[], field: string): JsonColumn {
  const out: unknown[] = [];
  const absent: number[] = [];
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === undefined) absent.push(r);
    out.push(v ?? null);
  }
  return absent.length ? { f: field, k: 'j', values: out, absent } : { f: field, k: 'j', values: out };
}

/** Connections (and the caller's envelope) as one binary message. */
export function encodeColumns(connections: readonly Connection[], envelope: Record<string, unknown>): Uint8Array {
  return runToEnd(encodeColumnsInSteps(connections, envelope));
}

/**
 * encodeColumns one column at a time: the generator yields after reading the rows and after each column, and
 * returns the message. WHY: at 100k rows a whole encode is ~65 ms of CPU, which a server encoding a joining page's
 * snapshot on its event loop made every other socket and the engine's next refresh wait for; its caller runs the
 * steps in slices between other work (serve/snapshot-encoder.ts).
 *
 * The envelope is read (as its JSON) before the first yield, the rows' fields a chunk of rows per step
 * (wire-columns-split.ts): the caller must not write the row list or the rows' own fields meanwhile, as the
 * engine never does to a snapshot it published. Objects inside rows (traffic counters) are read when the header
 * is written: rates the next refresh's diff settles in place (pending-rates.ts) may show already, and that diff
 * sends the same values.
 */
export function* encodeColumnsInSteps(
  connections: readonly Connection[],
  envelope: Record<string, unknown>,
): Generator<void, Uint8Array, void> {
  const envelopeJson = JSON.stringify(envelope);
  const rows = connections.length;
  const split = yield* splitColumnsInSteps(connections);
  yield;
  const parts: Part[] = [];
  const columns: ColumnDescription[] = [];
  for (const [field, values] of split) {
    const s = values.length > 0 ? survey(values) : null;
    let col: ColumnDescription | null = null;
    if (s?.constant) {
      const value = values[0];
      col = value === undefined ? { f: field, k: 'c', value: null, absent: true } : { f: field, k: 'c', value };
    } else if (s?.numeric) {
      const t: NumberType = s.wide ? 'f64' : smallestIndexType(s.max);
      col = numberColumn(values, field, t, s.gaps, parts);
    } else if (s && fewDistinct(values)) {
      col = tableColumn(values, field, parts);
    }
    if (col === null && s?.textual) col = yield* textColumn(values, field, s.gaps, parts);
    columns.push(col ?? jsonColumn(values, field));
    yield;
  }
  // Every typed array starts 8-byte aligned, so the reader views it in place.
  let bodyLength = 0;
  for (const p of parts) {
    p.place(bodyLength);
    bodyLength = align8(bodyLength + p.bytes.length);
  }
  // The ColumnsHeader, in its field order, with the envelope's JSON as read at the start.
  const headerJson = `{"envelope":${envelopeJson},"rows":${rows},"littleEndian":${LITTLE_ENDIAN},"columns":${JSON.stringify(columns)}}`;
  const headerBytes = new TextEncoder().encode(headerJson);
  const bodyStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(bodyStart + bodyLength);
  for (let i = 0; i < 4; i++) out[i] = COLUMNS_MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let offset = bodyStart;
  for (const p of parts) {
    out.set(p.bytes, offset);
    offset = align8(offset + p.bytes.length);
  }
  return out;
}

/** Whether these bytes start like a columnar message (cheap; decodeColumns checks the rest). */
export function isColumnsMessage(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 4; i++) if (bytes[i] !== COLUMNS_MAGIC.charCodeAt(i)) return false;
  return true;
}
