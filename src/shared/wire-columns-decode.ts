/**
 * Reads what wire-columns.ts writes: checks the message before trusting any
 * offset in it (a garbled or hostile message is a WireFormatError, never an
 * out-of-range read or a half-built snapshot), reads each column into a list
 * of values, then builds the row objects.
 */
import type { ColumnDescription, ColumnsHeader, ObjectColumn } from './wire-columns-format';
import { COLUMNS_MAGIC, WireFormatError } from './wire-columns-format';
import { REQUIRED_FIELDS, type RequiredField } from './wire-columns-split';
import { textValues } from './wire-columns-text';
import {
  fitsFieldOf,
  isRequiredField,
  kindOf,
  noteDropped,
  nullMeansAbsent,
  type DroppedFields,
} from './validate-rows';

const BYTES = { u8: 1, u16: 2, u32: 4, f64: 8 } as const;
type NumberType = keyof typeof BYTES;
type Numbers = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** More rows than any table a machine holds: a header claiming more is garbage, not a reason to allocate. */
const MAX_ROWS = 50_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseHeader(bytes: Uint8Array): { header: ColumnsHeader; bodyStart: number } {
  if (bytes.length < 8) throw new WireFormatError('shorter than its 8-byte preamble');
  for (let i = 0; i < 4; i++)
    if (bytes[i] !== COLUMNS_MAGIC.charCodeAt(i)) throw new WireFormatError(`no ${COLUMNS_MAGIC} magic`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + length > bytes.length) throw new WireFormatError('header longer than the message');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  } catch {
    throw new WireFormatError('header is not JSON');
  }
  if (
    !isRecord(header) ||
    !isRecord(header.envelope) ||
    typeof header.rows !== 'number' ||
    !Number.isInteger(header.rows) ||
    header.rows < 0 ||
    header.rows > MAX_ROWS ||
    typeof header.littleEndian !== 'boolean' ||
    !Array.isArray(header.columns)
  )
    throw new WireFormatError('header lacks envelope, rows, littleEndian or columns');
  return { header: header as unknown as ColumnsHeader, bodyStart: (8 + length + 7) & ~7 };
}

/**
 * A place or length in a message: a whole number from 0. Module-level: an arrow made in textAt (a call per text
 * column of every diff) was compiled again by V8 after each major GC (bench/diff-deopt-probe.mjs).
 */
const isPlace = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A view of `count` numbers of type `t` at body offset `o`, bounds-checked; byte-swapped from the other order. */
function numbersAt(
  bytes: Uint8Array,
  bodyStart: number,
  o: unknown,
  t: unknown,
  count: number,
  littleEndian: boolean,
): Numbers {
  // Own keys only: `in` also accepted 'constructor', 'toString'... (inherited), which then failed with a RangeError.
  if (typeof t !== 'string' || !Object.hasOwn(BYTES, t)) throw new WireFormatError(`unknown number type ${String(t)}`);
  const size = BYTES[t as NumberType];
  if (!isPlace(o) || o % 8 !== 0) throw new WireFormatError('a column offset is not an aligned position');
  const start = bodyStart + o;
  if (start + size * count > bytes.length) throw new WireFormatError('a column runs past the end');
  let src = bytes.subarray(start, start + size * count);
  if (littleEndian !== LITTLE_ENDIAN && size > 1) {
    src = src.slice();
    for (let i = 0; i < src.length; i += size) src.subarray(i, i + size).reverse();
  }
  // A copy when the message is not 8-byte aligned in its buffer (typed views need aligned offsets).
  const buffer = (bytes.byteOffset + start) % size === 0 && src.buffer === bytes.buffer ? src : src.slice();
  const at = buffer.byteOffset;
  if (t === 'u8') return new Uint8Array(buffer.buffer, at, count);
  if (t === 'u16') return new Uint16Array(buffer.buffer, at, count);
  if (t === 'u32') return new Uint32Array(buffer.buffer, at, count);
  return new Float64Array(buffer.buffer, at, count);
}

type Rows = Record<string, unknown>[];

/** The UTF-8 run of a text column, bounds-checked. */
function textAt(bytes: Uint8Array, bodyStart: number, o: unknown, length: unknown, field: string): Uint8Array {
  // The same words as a number column's (numbersAt): a cut message names no column.
  if (!isPlace(o) || !isPlace(length)) throw new WireFormatError(`text of ${field} has no place`);
  if (bodyStart + o + length > bytes.length) throw new WireFormatError('a column runs past the end');
  return bytes.subarray(bodyStart + o, bodyStart + o + length);
}

/** Marks a row that lacks the field (distinct from null, which is a value). */
const ABSENT: unknown = Symbol('absent');

function numberValues(field: string, values: Numbers, tags: Uint8Array | null): unknown[] {
  const n = values.length;
  // Sized up front (push() growing 100k-long arrays was a good part of decoding).
  const out = new Array<unknown>(n);
  if (!tags) {
    for (let r = 0; r < n; r++) out[r] = values[r];
    return out;
  }
  for (let r = 0; r < n; r++) {
    const tag = tags[r];
    if (tag === 0) out[r] = values[r];
    else if (tag === 1) out[r] = null;
    else if (tag === 2) out[r] = ABSENT;
    else throw new WireFormatError(`bad tag ${String(tag)} in ${field}`);
  }
  return out;
}

function tableValues(field: string, index: Numbers, table: unknown[]): unknown[] {
  const out = new Array<unknown>(index.length);
  for (let r = 0; r < index.length; r++) {
    const i = index[r] as number;
    if (i > table.length) throw new WireFormatError(`index past the table of ${field}`);
    out[r] = i === 0 ? ABSENT : table[i - 1];
  }
  return out;
}

function jsonValues(field: string, values: unknown[], absent: unknown, n: number): unknown[] {
  if (values.length !== n) throw new WireFormatError(`${field} has ${values.length} values for ${n} rows`);
  if (absent === undefined) return values;
  if (!Array.isArray(absent)) throw new WireFormatError(`absent rows of ${field} are not a list`);
  const out = values.slice();
  for (const r of absent) {
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new WireFormatError(`absent row ${String(r)} of ${field}`);
    out[r as number] = ABSENT;
  }
  return out;
}

/** One key of an object column, read: its numbers and tags, or one value for every object. */
type KeyReader = { numbers: Numbers; tags: Uint8Array | null } | { value: number | null };

/**
 * The objects of an object column (wire-columns-objects.ts), each with its keys in the column's key order: per row
 * an object, null or ABSENT (the row tags), each key's values over the rows with an object.
 */
function objectValues(col: ObjectColumn, bytes: Uint8Array, bodyStart: number, le: boolean, n: number): unknown[] {
  const field = col.f;
  if (!Array.isArray(col.keys)) throw new WireFormatError(`object column ${field} has no keys`);
  const rowTags = col.tags === undefined ? null : (numbersAt(bytes, bodyStart, col.tags, 'u8', n, le) as Uint8Array);
  /** How many rows have an object: each key has a value for each of them. */
  let m = n;
  if (rowTags) {
    m = 0;
    for (let r = 0; r < n; r++) {
      const tag = rowTags[r] as number;
      if (tag === 0) m++;
      else if (tag > 2) throw new WireFormatError(`bad tag ${tag} in ${field}`);
    }
  }
  const names: string[] = [];
  const readers: KeyReader[] = [];
  for (const key of col.keys as unknown[]) {
    if (!isRecord(key) || typeof key.f !== 'string') throw new WireFormatError(`a key of ${field} without a name`);
    const name = key.f;
    // A key never reaches an object's prototype, and a key given twice is no key list a writer makes.
    if (name === '__proto__' || names.includes(name)) throw new WireFormatError(`key ${name} of ${field} refused`);
    if (key.k === 'n') {
      const tags = key.tags === undefined ? null : (numbersAt(bytes, bodyStart, key.tags, 'u8', m, le) as Uint8Array);
      readers.push({ numbers: numbersAt(bytes, bodyStart, key.o, key.t, m, le), tags });
    } else if (key.k === 'c' && key.absent === undefined && (key.value === null || typeof key.value === 'number'))
      readers.push({ value: key.value });
    else throw new WireFormatError(`key ${name} of ${field} is malformed`);
    names.push(name);
  }
  // WHY a template: an object made by copying one with every key (null, so no value changes a field's kind) and
  // then written key by key gets its shape at once; adding each key to {} made 12 shape transitions an object.
  const template: Record<string, unknown> = {};
  for (const name of names) template[name] = null;
  const scratch = new Array<unknown>(readers.length);
  const out = new Array<unknown>(n);
  let j = 0;
  for (let r = 0; r < n; r++) {
    const tag = rowTags ? rowTags[r] : 0;
    if (tag !== 0) {
      out[r] = tag === 1 ? null : ABSENT;
      continue;
    }
    let whole = true;
    for (let k = 0; k < readers.length; k++) {
      const reader = readers[k] as KeyReader;
      if ('value' in reader) {
        scratch[k] = reader.value;
        continue;
      }
      const t = reader.tags ? (reader.tags[j] as number) : 0;
      if (t === 0) scratch[k] = reader.numbers[j];
      else if (t === 1) scratch[k] = null;
      else if (t === 2) {
        scratch[k] = ABSENT;
        whole = false;
      } else throw new WireFormatError(`bad tag ${t} in ${field}.${names[k] as string}`);
    }
    const o: Record<string, unknown> = whole ? { ...template } : {};
    for (let k = 0; k < readers.length; k++) if (scratch[k] !== ABSENT) o[names[k] as string] = scratch[k];
    out[r] = o;
    j++;
  }
  return out;
}

/** One value per row (ABSENT where the row lacks the field). */
function columnValues(col: ColumnDescription, bytes: Uint8Array, bodyStart: number, le: boolean, n: number): unknown[] {
  if (col.k === 'n') {
    const values = numbersAt(bytes, bodyStart, col.o, col.t, n, le);
    const tags = col.tags === undefined ? null : (numbersAt(bytes, bodyStart, col.tags, 'u8', n, le) as Uint8Array);
    return numberValues(col.f, values, tags);
  }
  if (col.k === 't') {
    if ((col.t as string) === 'f64' || !Array.isArray(col.table))
      throw new WireFormatError(`table column ${col.f} is malformed`);
    return tableValues(col.f, numbersAt(bytes, bodyStart, col.o, col.t, n, le), col.table);
  }
  if (col.k === 's') {
    if ((col.t as string) === 'f64') throw new WireFormatError(`text column ${col.f} is malformed`);
    const lengths = numbersAt(bytes, bodyStart, col.o, col.t, n, le);
    const tags = col.tags === undefined ? null : (numbersAt(bytes, bodyStart, col.tags, 'u8', n, le) as Uint8Array);
    return textValues(col.f, lengths, tags, textAt(bytes, bodyStart, col.text, col.bytes, col.f), ABSENT);
  }
  if (col.k === 'c') return new Array<unknown>(n).fill(col.absent === true ? ABSENT : col.value);
  if (col.k === 'o') return objectValues(col, bytes, bodyStart, le, n);
  if (col.k === 'j') {
    if (!Array.isArray(col.values)) throw new WireFormatError(`json column ${col.f} has no values`);
    return jsonValues(col.f, col.values, col.absent, n);
  }
  throw new WireFormatError(`column ${String((col as { f: unknown }).f)} of unknown kind`);
}

/**
 * Rows with every Connection field, made by one object literal: V8 then gives
 * all of them one shape with the fields stored inline, as JSON.parse does. A
 * loop storing each field by name was about twice as slow at 100k rows.
 * Optional and unknown fields are added after, to the rows that have them.
 */
function literalRows(c: Record<RequiredField, unknown[]>, n: number): Record<string, unknown>[] {
  const { id, protocol, family, localAddress, localPort, remoteAddress, remotePort, state, pid } = c;
  const { processName, exePath, commandLine, user, uid, inode, rxQueue, txQueue } = c;
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < n; r++) {
    const row: Record<RequiredField, unknown> = {
      id: id[r],
      protocol: protocol[r],
      family: family[r],
      localAddress: localAddress[r],
      localPort: localPort[r],
      remoteAddress: remoteAddress[r],
      remotePort: remotePort[r],
      state: state[r],
      pid: pid[r],
      processName: processName[r],
      exePath: exePath[r],
      commandLine: commandLine[r],
      user: user[r],
      uid: uid[r],
      inode: inode[r],
      rxQueue: rxQueue[r],
      txQueue: txQueue[r],
    };
    rows.push(row);
  }
  return rows;
}

/*
 * WHY plain loops and module-level functions here, not names.forEach / .map / .every with arrow functions: an
 * arrow function is a new closure per call, and the page's V8 log (bench/diff-deopt-probe.mjs, sorted by Receive
 * Rate with counters) showed those closures' optimized code made again after each major GC (every ~5 diffs at
 * 100k rows), TurboFan and on-stack replacement for the loop over the rows, on the pool threads the diff then
 * waits behind (see byPlace in view-splice.ts for the same finding).
 */
function buildRows(names: readonly string[], columns: readonly unknown[][], n: number): Record<string, unknown>[] {
  const required: Partial<Record<RequiredField, unknown[]>> = {};
  let fast = true;
  for (const f of REQUIRED_FIELDS) {
    // The last column of a name, as for the other fields (each written over the one before it).
    const values = columns[names.lastIndexOf(f)];
    if (values && !values.includes(ABSENT)) required[f] = values;
    else fast = false;
  }
  const rows = fast ? literalRows(required as Record<RequiredField, unknown[]>, n) : emptyRows(n);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (fast && (REQUIRED_FIELDS as readonly string[]).includes(name)) continue;
    addField(rows, name, columns[i] as unknown[], n);
  }
  return rows;
}

/** Sets `name` on the rows that have a value for it. */
function addField(rows: Record<string, unknown>[], name: string, values: unknown[], n: number): void {
  // A null in a field that has no null is a peer's "absent" (validate-rows.ts): the views read it as a value.
  const skip = nullMeansAbsent(name) ? null : ABSENT;
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (v !== ABSENT && v !== skip) (rows[r] as Record<string, unknown>)[name] = v;
  }
}

function emptyRows(n: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < n; r++) rows.push({});
  return rows;
}

/**
 * The values of a column a peer may send in its field (validate-rows.ts), judged by the column's kind where that
 * says it (a number or text column holds numbers or text, and null where tagged; a table its entries; a constant its
 * one value; an object column objects of its keys' kinds), else value by value. WHY by kind: 17 required columns of 100k rows each, looked at value by value,
 * would cost the first paint for nothing when every value came from this build's encoder.
 */
function samplesOf(col: ColumnDescription, values: unknown[]): unknown[] {
  const tagged = (v: unknown): unknown[] => ('tags' in col && col.tags !== undefined ? [v, null] : [v]);
  if (col.k === 'n') return tagged(0);
  if (col.k === 's') return tagged('');
  if (col.k === 't') return col.table;
  if (col.k === 'c') return col.absent === true ? [] : [col.value];
  if (col.k === 'o') return objectSamples(col);
  return values;
}

/**
 * What an object column can hold, for a field that judges each key by its kind (as validate-rows.ts judges traffic's
 * counters): an object with every key a number (or its one value), null where rows are tagged, and where a key is
 * tagged that object with the key null, and without it.
 */
function objectSamples(col: ObjectColumn): unknown[] {
  const every: Record<string, unknown> = {};
  for (const key of col.keys) every[key.f] = key.k === 'c' ? key.value : 0;
  const out: unknown[] = [every];
  if (col.tags !== undefined) out.push(null);
  for (const key of col.keys) {
    if (key.k !== 'n' || key.tags === undefined) continue;
    const { [key.f]: _, ...without } = every;
    out.push({ ...every, [key.f]: null }, without);
  }
  return out;
}

/**
 * Makes a column fit its field: an optional field's value of the wrong kind becomes ABSENT (counted in `dropped`); a
 * required field's refuses the message (a WireFormatError naming the row and the field), as for plain rows.
 */
function fitColumn(col: ColumnDescription, values: unknown[], dropped: DroppedFields | undefined): void {
  const field = col.f;
  const fitsField = fitsFieldOf(field);
  if (allFit(samplesOf(col, values), fitsField)) return;
  const required = isRequiredField(field);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === ABSENT || fitsField(v)) continue;
    const where = `row ${r}: ${field} is not ${kindOf(field)}`;
    if (required) throw new WireFormatError(where);
    values[r] = ABSENT;
    noteDropped(dropped, () => where);
  }
}

/** Whether every value is ABSENT or fits its field (a loop, not every() with a closure: see buildRows). */
function allFit(values: readonly unknown[], fitsField: (v: unknown) => boolean): boolean {
  for (const v of values) if (v !== ABSENT && !fitsField(v)) return false;
  return true;
}

/**
 * The envelope and the rows of a message encodeColumns wrote. Throws WireFormatError on anything else, and on a
 * required field of the wrong kind; an optional field of the wrong kind is left out of its row (counted in `dropped`).
 */
export function decodeColumns(
  bytes: Uint8Array,
  dropped?: DroppedFields,
): { envelope: Record<string, unknown>; rows: Rows } {
  const { header, bodyStart } = parseHeader(bytes);
  const n = header.rows;
  const names: string[] = [];
  const columns: unknown[][] = [];
  for (const col of header.columns as unknown[]) {
    if (!isRecord(col) || typeof col.f !== 'string') throw new WireFormatError('a column without a field name');
    // A field name never reaches an object's prototype.
    if (col.f === '__proto__') throw new WireFormatError('a column named __proto__');
    names.push(col.f);
    const values = columnValues(col as unknown as ColumnDescription, bytes, bodyStart, header.littleEndian, n);
    fitColumn(col as unknown as ColumnDescription, values, dropped);
    columns.push(values);
  }
  const rows = buildRows(names, columns, n);
  return { envelope: header.envelope, rows };
}
