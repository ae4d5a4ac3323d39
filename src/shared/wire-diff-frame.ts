/**
 * Diffs as binary frames (protocol `netscope.v5`, wire-frame.ts): the rows a diff adds and changes in one columnar
 * message (wire-columns.ts), added first, with the rest of the diff (seq, baseSeq, removed ids, routes, collectors,
 * ...) as its envelope and the count of added rows there as `addedRows`.
 *
 * WHY: with traffic counters on every row (the default Linux engine) a 1% diff at 100k rows changes ~2,300 rows,
 * each carrying a ~250-character traffic object: 1.2 MiB of JSON per refresh, whose parsing, checking and garbage
 * cost the page 10-40 ms a diff on every tab (session 41's profiles). As columns, repeated text goes once per diff
 * and counters as numbers, and the decoder checks each column by its kind instead of every value.
 */
import type { SnapshotDiff } from './diff';
import type { Connection } from './model';
import { encodeColumns } from './wire-columns';
import { WireFormatError } from './wire-columns-format';

/** The envelope field that says how many of the message's rows are the diff's `added` (the rest are `changed`). */
const ADDED_ROWS = 'addedRows';

/** A diff's rows and the rest of it as one columnar message (its frame: wire-frame.ts diffFrame). */
export function encodeDiffColumns(diff: SnapshotDiff): Uint8Array {
  const { added, changed, ...rest } = diff;
  const rows = changed.length === 0 ? added : added.length === 0 ? changed : added.concat(changed);
  return encodeColumns(rows, { ...rest, [ADDED_ROWS]: added.length });
}

const isWholeNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Whether every entry is a string. WHY a loop, not every() with an arrow function: a closure per diff had its
 * optimized code made again after each major GC (see buildRows in wire-columns-decode.ts).
 */
function allStrings(list: readonly unknown[]): boolean {
  for (const v of list) if (typeof v !== 'string') return false;
  return true;
}

/**
 * The diff a decoded message carries (its envelope and rows, as wire-columns-decode.ts read and fitted them). Throws
 * WireFormatError where the envelope is not a diff's: no seq or baseSeq, removed not a list of ids, or an added-rows
 * count that does not fit the rows. The other parts (routes, interfaces, statistics, collectors) are passed on as the
 * JSON protocol passes them.
 */
export function diffOfColumns(envelope: Record<string, unknown>, rows: Record<string, unknown>[]): SnapshotDiff {
  const { [ADDED_ROWS]: addedRows, ...rest } = envelope;
  if (!isWholeNumber(addedRows) || addedRows < 0 || addedRows > rows.length)
    throw new WireFormatError(`a diff's ${ADDED_ROWS} is not a count of its ${rows.length} rows`);
  if (!isWholeNumber(rest.seq) || !isWholeNumber(rest.baseSeq))
    throw new WireFormatError('a diff without a whole-number seq and baseSeq');
  const removed = rest.removed;
  if (!Array.isArray(removed) || !allStrings(removed))
    throw new WireFormatError("a diff's removed is not a list of ids");
  const connections = rows as unknown as Connection[];
  return {
    ...(rest as unknown as Omit<SnapshotDiff, 'added' | 'changed'>),
    added: connections.slice(0, addedRows),
    changed: connections.slice(addedRows),
  };
}
