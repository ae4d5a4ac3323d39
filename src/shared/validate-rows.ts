/**
 * What a peer may send in a row's optional fields: the other end of the JSON and binary protocols (a server, a
 * remote agent) may be an older or foreign build. Readers of an optional field (Top talkers, the traffic columns,
 * the filter) take it as absent-or-value; a null there from a peer (an old packed encoder sent a present-undefined
 * `traffic` as null, session 25) made them read null.bytesSent on every snapshot. So a null in a field whose type
 * has no null means "absent", and the decoders (wire.ts unpackConnections, wire-columns-decode.ts) and the plain
 * JSON rows of a diff (readInboundRows) drop it. A value of the wrong kind (counters that are not an object) is
 * refused with a message that names the row and the field: the views could not show it anyway.
 */
import type { Connection } from './model';

/** The optional fields whose type has no null: the compiler keeps the list below complete and exact. */
type NullMeansAbsentField = {
  [K in keyof Connection]-?: object extends Pick<Connection, K> ? (null extends Connection[K] ? never : K) : never;
}[keyof Connection];

/** Per field: what a value must be, said as the error says it. */
const FIELDS: Record<NullMeansAbsentField, { is: (v: unknown) => boolean; kind: string }> = {
  components: { is: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), kind: 'a list of names' },
  traffic: { is: (v) => typeof v === 'object' && v !== null && !Array.isArray(v), kind: 'an object of counters' },
  offloadState: { is: (v) => typeof v === 'string', kind: 'text' },
  template: { is: (v) => typeof v === 'string', kind: 'text' },
  unixType: { is: (v) => typeof v === 'string', kind: 'text' },
};
const FIELD_NAMES = Object.keys(FIELDS) as NullMeansAbsentField[];

/** Whether a null in this field of a row means the row lacks it (a decoder then leaves it out). */
export function nullMeansAbsent(field: string): boolean {
  return Object.hasOwn(FIELDS, field);
}

/**
 * Plain JSON rows from a peer (a diff's added and changed rows, a snapshot sent unpacked), made fit for the views
 * in place: a null in a field that has no null is deleted. Returns null when every row is fine, else what is wrong
 * with the first row that is not (then the rows must not be shown).
 */
export function readInboundRows(rows: unknown): string | null {
  if (!Array.isArray(rows)) return 'rows are not a list';
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (typeof row !== 'object' || row === null) return `row ${r} is not an object`;
    const fields = row as Record<string, unknown>;
    for (const field of FIELD_NAMES) {
      const v = fields[field];
      if (v === undefined) continue;
      if (v === null) Reflect.deleteProperty(fields, field);
      else if (!FIELDS[field].is(v)) return `row ${r} (${String(fields.id)}): ${field} is not ${FIELDS[field].kind}`;
    }
  }
  return null;
}
