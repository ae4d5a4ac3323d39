/**
 * The pure core of the store: a snapshot plus the TCPView-style row marks,
 * advanced by snapshots and diffs. O(n) per diff at most; unchanged
 * connections keep their objects, and `rows` is the snapshot's own array when
 * nothing is closing, so memoized views downstream stay cheap.
 */
import { applyDiff, diffSnapshots, type SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';

/** new = added by the last refresh (green), changed = its state changed (yellow), closed = gone, shown once more (red). */
export type RowMark = 'new' | 'changed' | 'closed';

export interface RowsState {
  snapshot: Snapshot | null;
  /** The grid's rows: the snapshot's connections, then the closed ones being shown one last time. */
  rows: Connection[];
  closed: Connection[];
  marks: ReadonlyMap<string, RowMark>;
}

export const EMPTY_ROWS: RowsState = { snapshot: null, rows: [], closed: [], marks: new Map() };

function withClosed(connections: Connection[], closed: Connection[]): Connection[] {
  return closed.length === 0 ? connections : connections.concat(closed);
}

/** Marks from one refresh: what it added, removed and changed the state of. */
function marksFor(
  before: readonly Connection[],
  added: readonly Connection[],
  removed: readonly string[],
  changed: readonly Connection[],
): { marks: Map<string, RowMark>; closed: Connection[] } {
  const marks = new Map<string, RowMark>();
  const closed: Connection[] = [];
  let oldById: Map<string, Connection> | null = null;
  if (changed.length > 0) {
    oldById = new Map();
    for (const c of before) oldById.set(c.id, c);
  }
  if (removed.length > 0) {
    const gone = new Set(removed);
    for (const c of before) if (gone.has(c.id)) closed.push(c);
    for (const c of closed) marks.set(c.id, 'closed');
  }
  for (const c of changed) {
    const old = oldById?.get(c.id);
    // Only a state change is worth a colour; a PID resolved later is not.
    if (old && old.state !== c.state) marks.set(c.id, 'changed');
  }
  for (const c of added) marks.set(c.id, 'new');
  return { marks, closed };
}

/** Whether a fresh snapshot continues what is on screen (so marks between them mean something). */
function continues(prev: Snapshot, next: Snapshot): boolean {
  return prev.source.kind === 'live' && next.source.kind === 'live' && prev.host === next.host && next.seq > prev.seq;
}

/** A whole snapshot: first load, resync, or an import. A resync of the same live view keeps marking changes. */
export function receiveSnapshot(state: RowsState, snapshot: Snapshot): RowsState {
  const prev = state.snapshot;
  if (prev && continues(prev, snapshot)) {
    const d = diffSnapshots(prev, snapshot);
    const { marks, closed } = marksFor(prev.connections, d.added, d.removed, d.changed);
    return { snapshot, rows: withClosed(snapshot.connections, closed), closed, marks };
  }
  return { snapshot, rows: snapshot.connections, closed: [], marks: new Map() };
}

/**
 * One diff. Throws DiffGapError (from applyDiff) when it does not apply to the
 * snapshot held; returns the state unchanged for a diff already applied.
 */
export function receiveDiff(state: RowsState, diff: SnapshotDiff): RowsState {
  const prev = state.snapshot;
  if (!prev) return state;
  if (diff.seq <= prev.seq) return state;
  const snapshot = applyDiff(prev, diff);
  const { marks, closed } = marksFor(prev.connections, diff.added, diff.removed, diff.changed);
  return { snapshot, rows: withClosed(snapshot.connections, closed), closed, marks };
}
