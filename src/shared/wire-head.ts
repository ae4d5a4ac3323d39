/**
 * A snapshot's first screenful, sent before the rest of it (the "head").
 *
 * At 100k rows the whole snapshot takes a few hundred ms to encode, send and
 * decode; the page can show its first screen long before. A page says on
 * connect which view it will show first (its saved sort, filter and
 * TIME_WAIT switch, and how many rows fit), in the WebSocket URL's query
 * (`?head=...`: no secret, the token stays in the subprotocol). The server
 * answers with the first rows of exactly that view, the number of rows the
 * view holds and the status bar's counts, as a small JSON push on channel
 * `head`, then sends the whole snapshot as before. The page shows the head
 * only while it has no snapshot and only while its view is still the one
 * asked for; anything else waits for the whole snapshot.
 *
 * The order is the grid's: sort key (shared/sort-keys.ts), ties and the
 * unsorted view in arrival order (the snapshot's own order). Columns only the
 * page can sort by (service, host name) get no head.
 */
import { countConnections } from './connection-counts';
import { compileFilter, type ConnectionPredicate } from './filter';
import { OWNERLESS_MEANINGS, type Connection, type OwnerlessMeaning, type Snapshot } from './model';
import { ownerlessMeaningOf } from './ownerless';
import { compareSortKeys, connectionSortKey, type SortKey } from './sort-keys';
import { packConnections, packedRowsError, unpackConnections, type PackedConnections } from './wire';

/** The URL query parameter that carries the request. */
export const HEAD_PARAM = 'head';
/** More rows than any screen shows; a request for more is refused (it would be a second snapshot). */
export const MAX_HEAD_ROWS = 500;
/** A saved filter longer than this gets no head (the query would be unwieldy). */
export const MAX_HEAD_FILTER = 1000;
const MAX_COLUMN_ID = 64;

/** The view a page will show first: what the grid filters and sorts by. */
export interface HeadView {
  sort: { column: string; desc: boolean } | null;
  /** The applied filter text (shared/filter.ts language); '' for none. */
  filter: string;
  hideTimeWait: boolean;
}

export interface HeadRequest extends HeadView {
  /** How many rows to send: the first screenful with some to spare. */
  rows: number;
}

/** The first rows of a view of one snapshot, with what the status bar needs about the whole of it. */
export interface SnapshotHead {
  /** The snapshot it was cut from: the whole one follows with this seq. */
  seq: number;
  view: HeadView;
  /** Rows in the snapshot. */
  total: number;
  /** Rows the view holds (total, unless filtered). */
  matched: number;
  /** countConnections over the whole snapshot, as [key, count] pairs. */
  byProtocol: [string, number][];
  byState: [string, number][];
  /** The first `rows` rows of the view, in its order. */
  rows: Connection[];
  /**
   * What a row without an owner means in the snapshot (shared/ownerless.ts), so the first screen marks those rows
   * as the app's grid will; absent where the source names no owners, or from a server older than this field.
   */
  ownerless?: OwnerlessMeaning;
}

/** The predicate of a view, exactly as the grid builds it (the typed filter, and TIME_WAIT hidden). */
export function viewPredicate(filter: string, hideTimeWait: boolean): ConnectionPredicate | null {
  const typed = compileFilter(filter);
  if (!hideTimeWait) return typed;
  return typed ? (c) => c.state !== 'TIME_WAIT' && typed(c) : (c) => c.state !== 'TIME_WAIT';
}

/** Whether two views show the same rows in the same order. */
export function sameView(a: HeadView, b: HeadView): boolean {
  return (
    a.filter === b.filter &&
    a.hideTimeWait === b.hideTimeWait &&
    (a.sort === null
      ? b.sort === null
      : b.sort !== null && a.sort.column === b.sort.column && a.sort.desc === b.sort.desc)
  );
}

export function encodeHeadRequest(request: HeadRequest): string {
  const { sort, filter, hideTimeWait, rows } = request;
  return JSON.stringify({ sort, filter, hideTimeWait, rows });
}

/** The request in a query parameter's value, or null for anything else (a head is an optimisation: never an error). */
export function parseHeadRequest(text: string | null): HeadRequest | null {
  if (text === null || text.length > MAX_HEAD_FILTER + 200) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (typeof r.filter !== 'string' || r.filter.length > MAX_HEAD_FILTER) return null;
  if (typeof r.hideTimeWait !== 'boolean') return null;
  if (!Number.isInteger(r.rows) || (r.rows as number) < 1 || (r.rows as number) > MAX_HEAD_ROWS) return null;
  let sort: HeadView['sort'] = null;
  if (r.sort !== null) {
    const s = r.sort as Record<string, unknown> | undefined;
    if (typeof s !== 'object' || typeof s.column !== 'string' || typeof s.desc !== 'boolean') return null;
    if (s.column.length === 0 || s.column.length > MAX_COLUMN_ID) return null;
    sort = { column: s.column, desc: s.desc };
  }
  return { sort, filter: r.filter, hideTimeWait: r.hideTimeWait, rows: r.rows as number };
}

/**
 * The first `want` rows of a view of `connections`, and how many rows the view
 * holds; null when the server cannot order by the view's column. One pass
 * keeps the best `want` rows seen so far, sorted: a row costs its key and,
 * unless it beats the worst kept, one comparison.
 */
export function selectHead(
  connections: readonly Connection[],
  view: HeadView,
  want: number,
): { rows: Connection[]; matched: number } | null {
  const key = view.sort ? connectionSortKey(view.sort.column) : null;
  if (view.sort && !key) return null;
  const predicate = viewPredicate(view.filter, view.hideTimeWait);
  const keyOf = key?.keyOf;
  const dir: 1 | -1 = view.sort?.desc ? -1 : 1;
  const kept: { c: Connection; key: SortKey; at: number }[] = [];
  let matched = 0;
  const before = (a: { key: SortKey; at: number }, b: { key: SortKey; at: number }): boolean =>
    (compareSortKeys(a.key, b.key, dir) || a.at - b.at) < 0;
  for (let at = 0; at < connections.length; at++) {
    const c = connections[at] as Connection;
    if (predicate && !predicate(c)) continue;
    matched++;
    if (!keyOf) {
      // Arrival order: the first rows that match are the head.
      if (kept.length < want) kept.push({ c, key: null, at });
      continue;
    }
    const entry = { c, key: keyOf(c), at };
    const worst = kept[kept.length - 1];
    if (kept.length === want && worst !== undefined && !before(entry, worst)) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(kept[mid] as { key: SortKey; at: number }, entry)) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, entry);
    if (kept.length > want) kept.pop();
  }
  return { rows: kept.map((e) => e.c), matched };
}

/** The head of a snapshot for a request, or null when the server cannot order by its column. */
export function snapshotHead(snapshot: Snapshot, request: HeadRequest): SnapshotHead | null {
  const view: HeadView = { sort: request.sort, filter: request.filter, hideTimeWait: request.hideTimeWait };
  const picked = selectHead(snapshot.connections, view, request.rows);
  if (!picked) return null;
  const counts = countConnections(snapshot.connections);
  const ownerless = ownerlessMeaningOf(snapshot);
  return {
    seq: snapshot.seq,
    view,
    total: snapshot.connections.length,
    matched: picked.matched,
    byProtocol: [...counts.byProtocol],
    byState: [...counts.byState],
    rows: picked.rows,
    ...(ownerless ? { ownerless } : {}),
  };
}

/** The push message of a head; its rows packed as the JSON protocol packs a snapshot's (shared/wire.ts). */
export function headMessage(head: SnapshotHead): string {
  const { rows, ...rest } = head;
  return JSON.stringify({ type: 'push', channel: 'head', payload: { ...rest, packed: packConnections(rows) } });
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function countPairs(v: unknown): [string, number][] | null {
  if (!Array.isArray(v)) return null;
  for (const p of v) if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || !isCount(p[1])) return null;
  return v as [string, number][];
}

function isPacked(v: unknown): v is PackedConnections {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (!Array.isArray(p.fields) || !Array.isArray(p.dicts) || !Array.isArray(p.columns)) return false;
  return p.fields.length === p.columns.length && p.dicts.length === p.columns.length && p.columns.every(Array.isArray);
}

/** A head push's payload read back, or null for anything malformed (the page then waits for the snapshot). */
export function readHead(payload: unknown): SnapshotHead | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const view = p.view as Record<string, unknown> | null;
  if (typeof view !== 'object' || view === null) return null;
  const request = parseHeadRequest(JSON.stringify({ ...view, rows: 1 }));
  const byProtocol = countPairs(p.byProtocol);
  const byState = countPairs(p.byState);
  if (!request || !byProtocol || !byState || !isPacked(p.packed)) return null;
  if (!isCount(p.seq) || !isCount(p.total) || !isCount(p.matched) || p.matched > p.total) return null;
  // Its rows as a snapshot's are judged (a malformed table, a required field of the wrong kind): refused whole.
  if (packedRowsError(p.packed) !== null) return null;
  const rows = unpackConnections(p.packed);
  if (rows.length > Math.min(MAX_HEAD_ROWS, p.matched)) return null;
  if (!rows.every((r) => typeof r.id === 'string')) return null;
  const { sort, filter, hideTimeWait } = request;
  // A meaning this build does not know (a newer server's) is left out, not the head: the rows just go unmarked.
  const ownerless = OWNERLESS_MEANINGS.find((m) => m === p.ownerless);
  return {
    seq: p.seq,
    view: { sort, filter, hideTimeWait },
    total: p.total,
    matched: p.matched,
    byProtocol,
    byState,
    rows,
    ...(ownerless ? { ownerless } : {}),
  };
}
