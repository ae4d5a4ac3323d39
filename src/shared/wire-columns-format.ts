/**
 * The columnar message's format (wire-columns.ts writes it, wire-columns-decode.ts reads it): its magic, the
 * column descriptions in its header, and the error a malformed one raises. Split out of wire-columns.ts so that
 * the reader and the helpers depend on the format, not on the encoder.
 *
 * Layout: a 4-byte magic, a 4-byte little-endian header length, the header
 * (UTF-8 JSON: the caller's envelope, the rest of the snapshot, the column
 * descriptions and their JSON parts), zero padding to 8 bytes, then the typed
 * arrays, each 8-byte aligned, in the writer's byte order (said in the
 * header; a reader of the other order swaps).
 */
export const COLUMNS_MAGIC = 'NSC1';

export type NumberType = 'u8' | 'u16' | 'u32' | 'f64';
export type IndexType = Exclude<NumberType, 'f64'>;

/** Numbers: tags (when some row has no number) say 0 = the value, 1 = null, 2 = absent. */
export interface NumberColumn {
  f: string;
  k: 'n';
  t: NumberType;
  o: number;
  tags?: number;
}
/** Repeated values: index 0 = absent, i = table[i - 1]. */
export interface TableColumn {
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
export interface TextColumn {
  f: string;
  k: 's';
  t: IndexType;
  o: number;
  text: number;
  bytes: number;
  tags?: number;
}
/** One value for every row (or every row lacks the field): no bytes per row at all. */
export interface ConstantColumn {
  f: string;
  k: 'c';
  value: unknown;
  absent?: true;
}
/** JSON values, row by row; rows lacking the field are listed in `absent` (their value is null). */
export interface JsonColumn {
  f: string;
  k: 'j';
  values: unknown[];
  absent?: number[];
}
/**
 * Plain objects of numbers (traffic counters): a column per key (wire-columns-objects.ts). `tags` (when some row has
 * no object) say per row 0 = an object, 1 = null, 2 = absent. Each key's column holds a value only for the rows with
 * an object, in row order: numbers whose tags say 1 = null, 2 = the object lacks the key; or one number or null for
 * every object. Each object is rebuilt with its keys in this list's order.
 */
export interface ObjectColumn {
  f: string;
  k: 'o';
  tags?: number;
  keys: (NumberColumn | (ConstantColumn & { value: number | null; absent?: never }))[];
}
export type ColumnDescription = NumberColumn | TableColumn | TextColumn | ConstantColumn | JsonColumn | ObjectColumn;

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

/** Whether these bytes start like a columnar message (cheap; decodeColumns checks the rest). */
export function isColumnsMessage(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 4; i++) if (bytes[i] !== COLUMNS_MAGIC.charCodeAt(i)) return false;
  return true;
}
