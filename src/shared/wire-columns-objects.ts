/**
 * Object columns of the columnar format (wire-columns.ts): a field whose values are plain objects of numbers and
 * nulls (Connection.traffic: 12 counters and rates) as a number column per key, instead of JSON values in the header.
 *
 * WHY: with counters on every row (the Linux netlink engine), traffic as JSON was 253 of the 314 bytes a row of a
 * 100k-row snapshot (28.5 MiB; bench/results/renderer-talkers.md on s41-A), and the page's JSON.parse of it most of
 * the snapshot handler's 0.3-0.46 s. As number columns a counter is 1 to 8 bytes (a tag byte more where some object
 * has null or lacks it), a rate that is null in every row costs nothing, and the page reads typed arrays.
 *
 * Anything else goes as JSON as before (objectColumn gives null): a value that is not a plain object, null or absent
 * (arrays, class instances), a key's value that is not a number or null (text, a nested object), a key named
 * `__proto__`, objects whose keys do not follow one order (each object is rebuilt with its keys in the column's
 * order, so a row keeps its key order; a key first seen in a later object takes its place in that order), more than MAX_KEYS keys, or keys mostly absent (a column per key would then
 * cost more than the JSON). A key whose value is undefined is a key the object lacks, as in JSON.
 */
import type { NumberType, ObjectColumn } from './wire-columns-format';
import { smallestIndexType, type Part } from './wire-columns-builders';

/** More keys than any object of counters has: such a field is not counters, and goes as JSON. */
export const MAX_KEYS = 64;
/** Rows read per step of objectColumn: a few ms of work. */
const CHUNK_ROWS = 16_384;

/** An object literal's (or JSON.parse's) prototype: arrays, dates, maps and class instances are not plain. */
function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** One key's values over the rows that have an object: numbers, with tags 0 = the number, 1 = null, 2 = absent. */
interface KeyValues {
  numbers: Float64Array;
  tags: Uint8Array;
}

/** The column of one key over `m` objects: one value for all, or numbers as narrow as they allow. */
function keyColumn(key: string, values: KeyValues, m: number, parts: Part[]): ObjectColumn['keys'][number] {
  const { numbers, tags } = values;
  let gaps = false;
  let nulls = 0;
  let max = 0;
  let wide = false;
  let same = true;
  const first = numbers[0] as number;
  for (let r = 0; r < m; r++) {
    const tag = tags[r] as number;
    if (tag !== 0) {
      gaps = true;
      if (tag === 1) nulls++;
      continue;
    }
    const v = numbers[r] as number;
    if (v !== first) same = false;
    if (v > max) max = v;
    if (!wide && (v >>> 0 !== v || Object.is(v, -0))) wide = true;
  }
  if (nulls === m) return { f: key, k: 'c', value: null };
  // NaN is never `same` (NaN !== NaN) and -0 is `wide`: both go as doubles, which keep them.
  if (!gaps && same && !wide) return { f: key, k: 'c', value: first };
  const t: NumberType = wide ? 'f64' : smallestIndexType(max);
  const exact = numbers.subarray(0, m);
  const narrow =
    t === 'f64'
      ? exact
      : t === 'u32'
        ? Uint32Array.from(exact)
        : t === 'u16'
          ? Uint16Array.from(exact)
          : Uint8Array.from(exact);
  const col: ObjectColumn['keys'][number] = { f: key, k: 'n', t, o: 0 };
  parts.push({ bytes: new Uint8Array(narrow.buffer, narrow.byteOffset, narrow.byteLength), place: (o) => (col.o = o) });
  if (gaps) parts.push({ bytes: tags.subarray(0, m), place: (o) => (col.tags = o) });
  return col;
}

/**
 * The object column of these values (plain objects of numbers and nulls, null, or undefined for a row that lacks
 * the field), in steps of CHUNK_ROWS rows; null when they are not such objects (the field then goes as JSON). Each
 * object is read once, all its keys in one step: one the diff writes rates into meanwhile (pending-rates.ts) is sent
 * as it was before that or after, never half of each.
 */
export function* objectColumn(
  values: readonly unknown[],
  field: string,
  parts: Part[],
): Generator<void, ObjectColumn | null, void> {
  const n = values.length;
  const rowTags = new Uint8Array(n);
  let rowGaps = false;
  const keys: string[] = [];
  const keyAt = new Map<string, number>();
  const byKey: KeyValues[] = [];
  /** Objects read so far (the index of the next one in each key's values), and keys present in them. */
  let m = 0;
  let present = 0;
  for (let from = 0; from < n; from += CHUNK_ROWS) {
    const to = Math.min(n, from + CHUNK_ROWS);
    for (let r = from; r < to; r++) {
      const v = values[r];
      if (v === undefined || v === null) {
        rowTags[r] = v === null ? 1 : 2;
        rowGaps = true;
        continue;
      }
      if (typeof v !== 'object' || !isPlainObject(v)) return null;
      const o = v as Record<string, unknown>;
      /** The position in `keys` after the last key read of this object: the keys it skipped are absent from it. */
      let next = 0;
      // WHY for-in: over objects of one shape V8 reads its cached key list and each o[k] by its field index.
      // Nothing enumerable is inherited by a plain object (as wire-columns-split.ts counts keys).
      for (const k in o) {
        let i = keys[next] === k ? next : keyAt.get(k);
        if (i === undefined) {
          if (k === '__proto__' || keys.length === MAX_KEYS) return null;
          // A new key goes right after this object's previous one: the objects before lack it, so any place suits
          // them, and this object's next keys are all further on.
          i = next;
          keys.splice(i, 0, k);
          for (let after = i; after < keys.length; after++) keyAt.set(keys[after] as string, after);
          const tags = new Uint8Array(n);
          tags.fill(2, 0, m);
          byKey.splice(i, 0, { numbers: new Float64Array(n), tags });
        } else if (i < next) return null; // keys in another order than an earlier object's
        const at = byKey[i] as KeyValues;
        for (; next < i; next++) (byKey[next] as KeyValues).tags[m] = 2;
        next = i + 1;
        const x = o[k];
        if (typeof x === 'number') at.numbers[m] = x;
        else if (x === null) at.tags[m] = 1;
        else if (x === undefined) at.tags[m] = 2;
        else return null;
        if (x !== undefined) present++;
      }
      for (; next < keys.length; next++) (byKey[next] as KeyValues).tags[m] = 2;
      m++;
    }
    if (to < n) yield;
  }
  // Mostly absent keys (objects of several kinds in one field): a column per key costs more than the JSON.
  if (present * 4 < m * keys.length) return null;
  const col: ObjectColumn = { f: field, k: 'o', keys: [] };
  if (rowGaps) parts.push({ bytes: rowTags, place: (o) => (col.tags = o) });
  keys.forEach((key, i) => col.keys.push(keyColumn(key, byKey[i] as KeyValues, m, parts)));
  return col;
}
