/**
 * Reading and writing the columnar message of src/shared/wire-columns.ts by its documented layout (4-byte magic,
 * u32 little-endian header length, the header as UTF-8 JSON, zero padding to 8 bytes, then the typed arrays), so
 * tests can check what the encoder chose and hand the decoder messages no encoder would write.
 */
import { blankConnection, type Connection } from '../../src/shared/model';
import type { ColumnDescription, ColumnsHeader } from '../../src/shared/wire-columns-format';

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** The header of a message and where its body starts. */
export function readHeader(bytes: Uint8Array): { header: ColumnsHeader; bodyStart: number } {
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as ColumnsHeader;
  return { header, bodyStart: align8(8 + length) };
}

/** The description of one field's column (fails the test when the message has none). */
export function columnOf(bytes: Uint8Array, field: string): ColumnDescription {
  const col = readHeader(bytes).header.columns.find((c) => c.f === field);
  if (!col) throw new Error(`no column ${field} in the message`);
  return col;
}

/** A message as the layout says: `magic`, the header's length, the header, zero padding, then `body` as given. */
export function craftMessage(header: unknown, body: ArrayLike<number> = [], magic = 'NSC1', pad = true): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(header));
  const start = pad ? align8(8 + text.length) : 8 + text.length;
  const out = new Uint8Array(start + body.length);
  for (let i = 0; i < 4; i++) out[i] = magic.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, text.length, true);
  out.set(text, 8);
  out.set(body, start);
  return out;
}

/** A well-formed header around `columns` (override any part with `extra`). */
export function header(rows: number, columns: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { envelope: {}, rows, littleEndian: HOST_LITTLE_ENDIAN, columns, ...extra };
}

/** A TCP connection whose fields are all the same from row to row: a test varies only the field it is about. */
export function sameConnection(extra: Record<string, unknown> = {}): Connection {
  return {
    ...blankConnection({
      id: 'c',
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: 8080,
      remoteAddress: '10.0.0.2',
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    ...extra,
  } as Connection;
}

/** Rows alike but for `field`, which takes `values` in turn; `ABSENT_FIELD` means the row lacks it. */
export const ABSENT_FIELD = Symbol('absent field');
export function rowsVarying(field: string, values: readonly unknown[]): Connection[] {
  return values.map((v) => {
    const c = sameConnection() as Connection & Record<string, unknown>;
    if (v === ABSENT_FIELD) Reflect.deleteProperty(c, field);
    else c[field] = v;
    return c;
  });
}

/**
 * Three rows whose numbers need every width: local ports fit a byte, remote ports two, one inode four, queues
 * a double. `more` adds fields, one value a row.
 */
export function mixedWidthRows(more: Record<string, readonly unknown[]> = {}): Connection[] {
  return [0, 1, 2].map((i) =>
    sameConnection({
      localPort: [1, 2, 3][i],
      remotePort: [1000, 2000, 3000][i],
      inode: [70000, 1, 2][i],
      rxQueue: [0.5, 1, 2][i],
      ...Object.fromEntries(Object.entries(more).map(([field, values]) => [field, values[i]])),
    }),
  );
}
