/**
 * Connections as one binary message: a column per field instead of 100k JSON
 * objects. Numbers travel in typed arrays (ports, PIDs, inodes, queues: 1, 2
 * or 4 bytes a row, 8 only for what is not a 32-bit count), repeated text
 * (state, protocol, process, path, user, local address) as an index into a
 * table of its distinct values, mostly distinct text (ids, remote addresses)
 * as one UTF-8 run with each row's length (wire-columns-text.ts), plain
 * objects of numbers (traffic counters) as a number column per key
 * (wire-columns-objects.ts), and anything else (fields this file has never
 * heard of) as JSON values in the header. At 100k rows this is ~4x fewer
 * bytes than the packed JSON table it replaces, and both ends skip most of
 * the JSON work: the server writes numbers into arrays, the page reads them.
 *
 * The columns follow the model's field list (connection-fields.ts) first, then
 * any other own field a row has, so a field added to Connection, an optional
 * one (components, traffic) or an unexpected one always arrives: a row that
 * lacks a field still lacks it after the trip (`'traffic' in c` is kept). As in
 * JSON, a field whose value is `undefined` is a field the row lacks.
 *
 * This file writes the message; its format (layout, magic, column descriptions,
 * WireFormatError) is wire-columns-format.ts, and the code that turns one
 * field's values into a column is wire-columns-builders.ts.
 */
import type { Connection } from './model';
import { COLUMNS_MAGIC, type ColumnDescription, type NumberType } from './wire-columns-format';
import {
  align8,
  fewDistinct,
  jsonColumn,
  numberColumn,
  smallestIndexType,
  survey,
  tableColumn,
  textColumn,
  type Part,
} from './wire-columns-builders';
import { objectColumn } from './wire-columns-objects';
import { splitColumnsInSteps } from './wire-columns-split';
import { runToEnd } from './run-steps';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
 * engine never does to a snapshot it published. Objects inside rows (traffic counters) are read when their column
 * is made (or, when they go as JSON, when the header is written): rates the next refresh's diff settles in place
 * (pending-rates.ts) may show already, and that diff sends the same values.
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
    else if (col === null && s && !s.numeric) col = yield* objectColumn(values, field, parts);
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
