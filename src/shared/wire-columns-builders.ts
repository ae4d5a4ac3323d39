/**
 * Turning one field's values (a value per row) into a column of the columnar message: the survey that picks the
 * column kind, and one builder per kind (numbers, a table of repeated values, a text run, JSON values). Split out
 * of wire-columns.ts, which runs them field by field and lays the message out (its format: wire-columns-format.ts).
 */
import type { IndexType, JsonColumn, NumberColumn, NumberType, TableColumn, TextColumn } from './wire-columns-format';
import { textRunInSteps } from './wire-columns-text';

/** A field gets a table when a sample of its rows has at most this share of distinct values. */
const TABLE_MAX_SHARE = 0.25;
const SAMPLE_ROWS = 2000;
const MAX: Record<IndexType, number> = { u8: 0xff, u16: 0xffff, u32: 0xffffffff };

/** A typed array to write into the body; `place` records where it went in its column's description. */
export interface Part {
  bytes: Uint8Array;
  place: (offset: number) => void;
}

export const align8 = (n: number): number => (n + 7) & ~7;

/** The narrowest unsigned integer holding 0..max: a table's index, or a column of 32-bit counts. */
export function smallestIndexType(max: number): IndexType {
  return max <= MAX.u8 ? 'u8' : max <= MAX.u16 ? 'u16' : 'u32';
}

function typedArray(t: NumberType, n: number): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  if (t === 'u8') return new Uint8Array(n);
  if (t === 'u16') return new Uint16Array(n);
  if (t === 'u32') return new Uint32Array(n);
  return new Float64Array(n);
}

/** What a field holds across the rows, in one pass: decides its column kind. */
export interface Survey {
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

export function survey(values: readonly unknown[]): Survey {
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

export function numberColumn(
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

export function fewDistinct(values: readonly unknown[]): boolean {
  const n = values.length;
  const step = Math.max(1, Math.floor(n / SAMPLE_ROWS));
  const seen = new Set<unknown>();
  for (let r = 0; r < n; r += step) seen.add(tableKey(values[r]));
  return seen.size <= Math.max(1, Math.ceil(n / step) * TABLE_MAX_SHARE);
}

export function tableColumn(values: readonly unknown[], field: string, parts: Part[]): TableColumn | null {
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
export function* textColumn(
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

export function jsonColumn(values: readonly unknown[], field: string): JsonColumn {
  const out: unknown[] = [];
  const absent: number[] = [];
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === undefined) absent.push(r);
    out.push(v ?? null);
  }
  return absent.length ? { f: field, k: 'j', values: out, absent } : { f: field, k: 'j', values: out };
}
