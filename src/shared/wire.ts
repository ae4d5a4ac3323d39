/**
 * The browser mode's WebSocket protocol: NetScopeApi calls as JSON messages.
 * The page and its assets are public (they hold no secret); the token opens
 * only the socket at `/ws`, carried as a WebSocket subprotocol
 * (`netscope.token.<T>`, next to `netscope.v1`, which the server selects so
 * the token is never echoed). No cookie: cookies ignore ports, so one would
 * reach every other service on 127.0.0.1. Every message is validated on
 * arrival (see validate.ts).
 */
import type { ApiResult } from './api';
import type { InvokeMethod } from './channels';
import type { Connection, Snapshot } from './model';
import type { PushMessage } from './push';
import { fitSnapshotSourceOf } from './snapshot-source';
import {
  fitsFieldOf,
  isRequiredField,
  kindOf,
  noteDropped,
  nullMeansAbsent,
  type DroppedFields,
} from './validate-rows';
import { splitColumns } from './wire-columns-split';

export const WS_PATH = '/ws';
/** The printed URL carries the token in its fragment (`/#token=T`), which browsers never send to a server. */
export const TOKEN_PARAM = 'token';
/** The protocol the server selects; the client offers it with the token protocol. */
export const WS_PROTOCOL = 'netscope.v1';
export const TOKEN_PROTOCOL_PREFIX = 'netscope.token.';
/** Close code (RFC 6455 "try again later") for a server at its client or buffer limit; the reason says which. */
export const CLOSE_TRY_AGAIN_LATER = 1013;

export interface InvokeMessage {
  type: 'invoke';
  /** Chosen by the client, echoed in the result. */
  id: number;
  method: InvokeMethod;
  args: unknown[];
}

export type ServerMessage =
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | ({ type: 'push' } & PushMessage)
  | { type: 'push'; channel: 'snapshot'; payload: PackedSnapshot };

/**
 * Full snapshots travel with their connections as a table (PackedSnapshot)
 * instead of 100k JSON objects: at 100k rows the object form is ~35 MB, and
 * the page's first paint was mostly spent serializing, sending, decoding and
 * parsing it. A table names each field once, and a field whose values repeat
 * (state, process, path, user, local address...) sends each value once plus
 * small indexes. Only the WebSocket does this (Electron's IPC passes objects
 * by structured clone); diffs stay plain JSON here, being ~1% of the rows
 * (`netscope.v5` pages get them as binary columns: wire-diff-frame.ts). The
 * client unpacks before anything else sees the snapshot, so NetScopeApi is
 * unchanged.
 */
export interface PackedConnections {
  /** Field names, in the order of `columns`. */
  fields: string[];
  /**
   * Per field: its distinct values when the column holds indexes into them,
   * else null (values inline). Index -1 means the row lacks the field (an
   * optional one, like components).
   */
  dicts: (unknown[] | null)[];
  /** Column-major: columns[field][row]. Building and reading columns is faster than rows of mixed values. */
  columns: unknown[][];
}

export type PackedSnapshot = Omit<Snapshot, 'connections'> & { connections: []; packed: PackedConnections };

/** A field gets a table of distinct values when a sample of rows has at most this share of distinct values. */
const DICT_MAX_SHARE = 0.25;
const SAMPLE_ROWS = 2000;

function dictKey(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? `\u0000${JSON.stringify(v)}` : v;
}

/**
 * One field's values (a value per row, undefined where the row lacks the field or holds undefined) as a column.
 * WHY undefined is absent whatever the row's keys say: JSON drops a field whose value is undefined, and the
 * receivers read an optional field as undefined-or-value. Sent as null, a row class's present `traffic: undefined`
 * made Top talkers read null.bytesSent (session 25). Takes `values` over when it keeps them inline (splitColumns
 * made them for this table alone).
 */
function packColumn(values: unknown[]): { dict: unknown[] | null; column: unknown[] } {
  const n = values.length;
  const sample = new Set<unknown>();
  const step = Math.max(1, Math.floor(n / SAMPLE_ROWS));
  let numeric = false;
  for (let r = 0; r < n; r += step) {
    const v = values[r];
    if (typeof v === 'number') numeric = true;
    sample.add(dictKey(v));
  }
  // An inline column cannot say "absent" (its -1 would be a value): a column with a gap gets a table.
  const absent = values.includes(undefined);
  // Numbers are about as short as an index, so a table would only cost time.
  const distinct = sample.size > Math.max(1, Math.ceil(n / step) * DICT_MAX_SHARE);
  if (!absent && (numeric || distinct)) return { dict: null, column: values as unknown[] };
  const column = new Array<unknown>(n);
  if (distinct) {
    // Mostly distinct values with gaps (counters on the rows that have them): a table of the values in row order,
    // unshared. WHY: sharing keyed each object by its JSON, most of packing 100k rows with counters; any reader
    // of the format takes a table whose entries repeat.
    const dict: unknown[] = [];
    for (let r = 0; r < n; r++) {
      const v = values[r];
      if (v === undefined) column[r] = -1;
      else column[r] = dict.push(v) - 1;
    }
    return { dict, column };
  }
  const dict: unknown[] = [];
  const at = new Map<unknown, number>();
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (v === undefined) {
      column[r] = -1;
      continue;
    }
    const key = dictKey(v);
    let i = at.get(key);
    if (i === undefined) {
      i = dict.length;
      dict.push(v);
      at.set(key, i);
    }
    column[r] = i;
  }
  return { dict, column };
}

/**
 * The rows as a table. The fields and their values come from splitColumns (wire-columns-split.ts, the columnar
 * encoder's pass): each model field read by name, and every other key of every row that has more keys than the
 * model requires; the model's fields first, in its order. WHY not the rows' own key lists here as before: a row was read only when its key count differed
 * from the row before, so a field only rows of the same count had (traffic after unixType, template after
 * components) was left out of the table; and reading `row[field]` field by field was the slow generic lookup.
 */
export function packConnections(connections: readonly Connection[]): PackedConnections {
  const fields: string[] = [];
  const dicts: (unknown[] | null)[] = [];
  const columns: unknown[][] = [];
  if (connections.length === 0) return { fields, dicts, columns };
  for (const [field, values] of splitColumns(connections)) {
    const p = packColumn(values);
    // No row has a value (rows of odd shapes lacking a model field, or a field undefined everywhere): as in JSON.
    if (p.dict !== null && p.dict.length === 0) continue;
    fields.push(field);
    dicts.push(p.dict);
    columns.push(p.column);
  }
  return { fields, dicts, columns };
}

type Row = Record<string, unknown>;

/**
 * Whether a column's cell is an index into its table: an integer from 0 to the table's length. WHY: a peer's
 * 'constructor' would read Array's constructor off the table's prototype, and 1.5 or 99 a present-undefined field.
 */
function isTableIndex(v: unknown, table: readonly unknown[]): v is number {
  return typeof v === 'number' && v >= 0 && v < table.length && Math.floor(v) === v;
}

/**
 * A column with what a peer may not put in its field made "absent" (validate-rows.ts: a null where the field has no
 * null, silently; an optional field's value of the wrong kind, counted in `dropped`): a table entry that does not fit
 * becomes index -1, an inline column with a value that does not fit becomes a table of its values. WHY here: an older
 * encoder sent a present-undefined `traffic` as null, and the views read it as an object. A column that fits (all of
 * them, from this build's encoder) costs one look at each table entry, or at each inline value.
 * A required field of the wrong kind is not refused here (unpackSnapshot has no way to say it): packedRowsError
 * judges those first, where the snapshot can be refused (ws-inbound.ts, remote-backend.ts).
 */
function withoutUnfit(
  field: string,
  dict: unknown[] | null,
  column: unknown[],
  dropped: DroppedFields | undefined,
): { dict: unknown[] | null; column: unknown[] } {
  // A null where the field has no null is left out silently (an older encoder's "absent"); nothing else is.
  const fits = fitsFieldOf(field);
  const nullAbsent = nullMeansAbsent(field);
  const keeps = (v: unknown): boolean => !(v === null && nullAbsent) && fits(v);
  const table = dict ?? column;
  if (table.every(keeps)) return { dict, column };
  const indexes = dict === null ? column.map((_, i) => i) : column;
  const out = indexes.map((i, r) => {
    if (i === -1) return -1;
    const v = table[i as number];
    if (keeps(v)) return i;
    if (v !== null) noteDropped(dropped, () => `row ${r}: ${field} is not ${kindOf(field)}`);
    return -1;
  });
  return { dict: table, column: out };
}

/**
 * The rows of a table. A field the peer filled with what it may not send there arrives absent (withoutUnfit); the
 * optional fields of the wrong kind are counted in `dropped` when given.
 */
export function unpackConnections(packed: PackedConnections, dropped?: DroppedFields): Connection[] {
  const { fields } = packed;
  const dicts = packed.dicts.slice();
  const columns = packed.columns.slice();
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    if (isRequiredField(field) || !Array.isArray(columns[i])) continue;
    const clean = withoutUnfit(field, dicts[i] ?? null, columns[i] as unknown[], dropped);
    dicts[i] = clean.dict;
    columns[i] = clean.column;
  }
  const n = columns[0]?.length ?? 0;
  // WHY: `c['__proto__'] = v` would set the row's prototype, so a peer could give every row an inherited field
  // (traffic: null) that the null pass above never sees; the binary decoder refuses that name too.
  const kept = fields.flatMap((f, i) => (f === '__proto__' ? [] : [i]));
  const out = new Array<Connection>(n);
  for (let r = 0; r < n; r++) {
    const c: Row = {};
    for (const i of kept) {
      const dict = dicts[i];
      const v = (columns[i] as unknown[])[r];
      if (!dict) c[fields[i] as string] = v;
      // Anything but an index into the table arrives absent.
      else if (isTableIndex(v, dict)) c[fields[i] as string] = dict[v];
    }
    out[r] = c as unknown as Connection;
  }
  return out;
}

/**
 * What is wrong with a table's required fields (validate-rows.ts: a required field of the wrong kind refuses the
 * rows, as readInboundRows refuses plain rows and the binary decoder its frame), or null when nothing is. Only
 * the values rows use are judged: a table entry no row points at, or an index outside the table (the field absent,
 * which unpackConnections leaves out), is not. Called before unpackSnapshot by whoever can refuse the snapshot.
 * WHY apart from unpackConnections: unpacking cannot refuse (its callers take a Snapshot); this can, at the cost of
 * one look at each table entry and, where an entry does not fit, one pass over its column.
 */
export function packedRowsError(packed: PackedConnections): string | null {
  const shape = tableShapeError(packed);
  if (shape !== null) return shape;
  const { fields } = packed;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    // The shape is checked above: every column a list, every table a list or null.
    const column = packed.columns[i] as unknown[];
    if (!isRequiredField(field)) continue;
    const fits = fitsFieldOf(field);
    const dict = packed.dicts[i];
    const unfit = (v: unknown): boolean => v !== undefined && !fits(v);
    if (!dict) {
      const r = column.findIndex(unfit);
      if (r >= 0) return packedFieldMessage(packed, r, field);
      continue;
    }
    if (!dict.some(unfit)) continue;
    // Same reading as unpackConnections: only an index into the table is a value.
    const r = column.findIndex((v) => isTableIndex(v, dict) && unfit(dict[v]));
    if (r >= 0) return packedFieldMessage(packed, r, field);
  }
  return null;
}

/**
 * What is wrong with the table's shape, or null: a name, a column (a list) and a table (a list or null) per field.
 * WHY: isPackedSnapshot checks only that the three lists exist, and a peer's `dicts: [{}]` threw in the readers
 * (`dict.some is not a function`), leaving a call unanswered (review, session 28).
 */
function tableShapeError(packed: PackedConnections): string | null {
  const { fields, dicts, columns } = packed;
  if (dicts.length !== fields.length || columns.length !== fields.length)
    return 'the table has lists of unequal length';
  for (let i = 0; i < fields.length; i++) {
    const dict: unknown = dicts[i];
    if (typeof fields[i] !== 'string' || !Array.isArray(columns[i]) || (dict !== null && !Array.isArray(dict)))
      return `the table's column ${i} is malformed`;
  }
  return null;
}

/** As readInboundRows says it: 'row 3 (tcp-...): localPort is not a number'. */
function packedFieldMessage(packed: PackedConnections, r: number, field: string): string {
  const at = packed.fields.indexOf('id');
  const dict = at >= 0 ? packed.dicts[at] : null;
  const cell = at >= 0 ? (packed.columns[at] as unknown[] | undefined)?.[r] : undefined;
  const id = dict ? (isTableIndex(cell, dict) ? dict[cell] : undefined) : cell;
  return `row ${r} (${String(id)}): ${field} is not ${kindOf(field)}`;
}

export function packSnapshot(snapshot: Snapshot): PackedSnapshot {
  return { ...snapshot, connections: [], packed: packConnections(snapshot.connections) };
}

export function isPackedSnapshot(v: unknown): v is PackedSnapshot {
  if (typeof v !== 'object' || v === null || !('packed' in v)) return false;
  const p = (v as { packed: unknown }).packed;
  return (
    typeof p === 'object' &&
    p !== null &&
    Array.isArray((p as PackedConnections).fields) &&
    Array.isArray((p as PackedConnections).dicts) &&
    Array.isArray((p as PackedConnections).columns)
  );
}

/**
 * `dropped` counts the optional fields of the wrong kind left out of their rows (validate-rows.ts), when given.
 * Required fields are not judged here: packedRowsError does that first, where the snapshot can be refused.
 */
export function unpackSnapshot(packed: PackedSnapshot, dropped?: DroppedFields): Snapshot {
  const { packed: table, ...rest } = packed;
  return fitSnapshotSourceOf({ ...rest, connections: unpackConnections(table, dropped) });
}
