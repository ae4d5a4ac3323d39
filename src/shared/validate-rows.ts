/**
 * What a peer may send in a row: the other end of the JSON and binary protocols (a server, a remote agent) may be
 * an older or foreign build. One rule on every wire path (plain JSON rows here, the packed table in wire.ts, the
 * binary columns in wire-columns-decode.ts):
 * - a null in an optional field whose type has no null means "absent" (an old packed encoder sent a present-undefined
 *   `traffic` as null, session 25; Top talkers then read null.bytesSent), dropped silently;
 * - an optional field of the wrong kind (`traffic: 5`, a counter `rttMs: "x"`) is deleted from the row, the row kept,
 *   and counted, with the first one said: WHY not refused as before (session 26) — a refused diff costs a whole
 *   snapshot resync, and a peer that keeps sending one such field cost one every refresh;
 * - a required field of the wrong kind (`id: 5`, `localPort: "22"`) refuses the rows: the views key, sort and draw by
 *   them, and a row without them is no row.
 * An absent (undefined) field is not judged here: the contract's shape is the sender's.
 */
import type { Connection } from './model';

/** The optional fields whose type has no null: the compiler keeps the list below complete and exact. */
type NullMeansAbsentField = {
  [K in keyof Connection]-?: object extends Pick<Connection, K> ? (null extends Connection[K] ? never : K) : never;
}[keyof Connection];
type OptionalField = { [K in keyof Connection]-?: object extends Pick<Connection, K> ? K : never }[keyof Connection];
type RequiredField = Exclude<keyof Connection, OptionalField>;

/** What a value must be, said as the message says it. */
interface Kind {
  is: (v: unknown) => boolean;
  kind: string;
}

const isText = (v: unknown): boolean => typeof v === 'string';
const isNumber = (v: unknown): boolean => typeof v === 'number';
const text: Kind = { is: isText, kind: 'text' };
const number: Kind = { is: isNumber, kind: 'a number' };
const textOrNull: Kind = { is: (v) => v === null || isText(v), kind: 'text or null' };
const numberOrNull: Kind = { is: (v) => v === null || isNumber(v), kind: 'a number or null' };

/** ConnectionTraffic's counters: the two byte counts always numbers, the others numbers or null (not counted). */
const BYTE_COUNTS = ['bytesSent', 'bytesReceived'] as const;
const OTHER_COUNTERS = [
  'segmentsSent',
  'segmentsReceived',
  'retransmissions',
  'rttMs',
  'rttVarianceMs',
  'sendRate',
  'receiveRate',
  'segmentSendRate',
  'segmentReceiveRate',
  'retransmissionRate',
] as const;

/**
 * Counters whose every known counter is a number (or null where it may be) or left out: an older build sends fewer
 * counters, a newer more (not judged). WHY the counters too: the grid, the filter (`rtt>100ms`) and Top talkers
 * compute with them, and a text there sorts and sums as text.
 */
function isTraffic(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const t = v as Record<string, unknown>;
  for (const k of BYTE_COUNTS) if (t[k] !== undefined && !isNumber(t[k])) return false;
  for (const k of OTHER_COUNTERS) if (t[k] !== undefined && t[k] !== null && !isNumber(t[k])) return false;
  return true;
}

const OPTIONAL: Record<OptionalField, Kind> = {
  components: { is: (v) => Array.isArray(v) && v.every(isText), kind: 'a list of names' },
  traffic: { is: isTraffic, kind: 'an object of counters' },
  offloadState: text,
  template: text,
  unixType: text,
  peerInode: numberOrNull,
};
const OPTIONAL_NAMES = Object.keys(OPTIONAL) as OptionalField[];
const NULL_MEANS_ABSENT: Record<NullMeansAbsentField, true> = {
  components: true,
  traffic: true,
  offloadState: true,
  template: true,
  unixType: true,
};

const REQUIRED: Record<RequiredField, Kind> = {
  id: text,
  protocol: text,
  family: number,
  localAddress: text,
  localPort: number,
  remoteAddress: text,
  remotePort: number,
  state: text,
  pid: numberOrNull,
  processName: textOrNull,
  exePath: textOrNull,
  commandLine: textOrNull,
  user: textOrNull,
  uid: numberOrNull,
  inode: numberOrNull,
  rxQueue: numberOrNull,
  txQueue: numberOrNull,
};
const REQUIRED_NAMES = Object.keys(REQUIRED) as RequiredField[];

/** Whether a null in this field of a row means the row lacks it (a decoder then leaves it out). */
export function nullMeansAbsent(field: string): boolean {
  return Object.hasOwn(NULL_MEANS_ABSENT, field);
}

/**
 * Whether a value may stand in `field` as a peer sent it: undefined, a field this build does not know, a null that
 * means absent (dropped apart), or a value of the field's kind. The field's kind is looked up once (WHY: the decoders
 * ask for every entry of a 100k-row column), and each known field's judge is made once per page: a new closure per
 * decoded message had its optimized code made again after each major GC (see buildRows in wire-columns-decode.ts).
 */
export function fitsFieldOf(field: string): (v: unknown) => boolean {
  const kind = Object.hasOwn(REQUIRED, field)
    ? REQUIRED[field as RequiredField]
    : Object.hasOwn(OPTIONAL, field)
      ? OPTIONAL[field as OptionalField]
      : null;
  // A field this build does not know is not kept: a peer chooses those names, so they would grow the map.
  if (kind === null) return fitsAnything;
  let fits = fieldJudges.get(field);
  if (fits === undefined) {
    const nullAbsent = nullMeansAbsent(field);
    fits = (v) => v === undefined || kind.is(v) || (v === null && nullAbsent);
    fieldJudges.set(field, fits);
  }
  return fits;
}

const fitsAnything = (): boolean => true;
/** fitsFieldOf's judges by known field (at most one per field of REQUIRED and OPTIONAL). */
const fieldJudges = new Map<string, (v: unknown) => boolean>();

/** Whether a field of the wrong kind refuses the rows (a required one) rather than being left out of its row. */
export function isRequiredField(field: string): boolean {
  return Object.hasOwn(REQUIRED, field);
}

/** What a field must be, for messages ('text', 'an object of counters'...); '' for a field this build does not know. */
export function kindOf(field: string): string {
  if (Object.hasOwn(REQUIRED, field)) return REQUIRED[field as RequiredField].kind;
  return Object.hasOwn(OPTIONAL, field) ? OPTIONAL[field as OptionalField].kind : '';
}

/** The optional fields of the wrong kind a reader left out of their rows: how many, and the first, said. */
export interface DroppedFields {
  count: number;
  first: string | null;
}

export function noFieldsDropped(): DroppedFields {
  return { count: 0, first: null };
}

/** Counts one left-out field; `where` says it ('row 3 (tcp ...): traffic is not an object of counters'). */
export function noteDropped(dropped: DroppedFields | undefined, where: () => string): void {
  if (dropped === undefined) return;
  if (dropped.count === 0) dropped.first = where();
  dropped.count++;
}

/** For a status or a log after "<the peer> sent ", or null when nothing was left out. */
export function droppedMessage(dropped: DroppedFields): string | null {
  if (dropped.count === 0) return null;
  const fields = dropped.count === 1 ? 'a field' : `${dropped.count} fields`;
  return `${fields} of the wrong kind, left out of their rows (first: ${dropped.first ?? '?'})`;
}

/** What is wrong with a row's field, for a message. WHY a function, not a closure per row: 100k rows a snapshot. */
function rowFieldMessage(r: number, fields: Record<string, unknown>, field: string, kind: string): string {
  return `row ${r} (${String(fields.id)}): ${field} is not ${kind}`;
}

/**
 * Plain JSON rows from a peer (a diff's added and changed rows, a snapshot sent unpacked), made fit for the views
 * in place: a null where a field has no null is deleted, and so is an optional field of the wrong kind (counted in
 * `dropped` when given). Returns null when the rows may be shown, else what is wrong with the first row that may not
 * (not an object, or a required field of the wrong kind); rows before it may have been changed.
 */
export function readInboundRows(rows: unknown, dropped?: DroppedFields): string | null {
  if (!Array.isArray(rows)) return 'rows are not a list';
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (typeof row !== 'object' || row === null) return `row ${r} is not an object`;
    const fields = row as Record<string, unknown>;
    for (const field of REQUIRED_NAMES) {
      const v = fields[field];
      if (v !== undefined && !REQUIRED[field].is(v)) return rowFieldMessage(r, fields, field, REQUIRED[field].kind);
    }
    for (const field of OPTIONAL_NAMES) {
      const v = fields[field];
      if (v === undefined || OPTIONAL[field].is(v)) continue;
      Reflect.deleteProperty(fields, field);
      if (v !== null || !nullMeansAbsent(field))
        noteDropped(dropped, () => rowFieldMessage(r, fields, field, OPTIONAL[field].kind));
    }
  }
  return null;
}

/**
 * What is wrong with a plain JSON diff's added and changed rows (readInboundRows on each list it has), or null. One
 * reading for every peer's diff: the page's (ws-inbound.ts) and the desktop's remote agent's (agent-inbound.ts).
 */
export function diffRowsError(diff: Record<string, unknown>, dropped?: DroppedFields): string | null {
  const rows = (list: unknown): string | null => (list === undefined ? null : readInboundRows(list, dropped));
  return rows(diff.added) ?? rows(diff.changed);
}
