/**
 * The TCPView-style row marks of one refresh (used by rows.ts): which rows it added (green), changed the state
 * of (yellow) and closed (red, shown once more), and whether a fresh snapshot continues the one on screen so
 * that marks between them mean something. Split from rows.ts, whose fast diff path sets the same marks from
 * its id index; this is the O(n) way, for whole snapshots and the diffs the index cannot follow.
 */
import type { Connection, Snapshot } from '../../shared/model';
import type { RowMark } from './rows';

/** Marks from one refresh: what it added, removed and changed the state of. */
export function marksFor(
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
export function continues(prev: Snapshot, next: Snapshot): boolean {
  return prev.source.kind === 'live' && next.source.kind === 'live' && prev.host === next.host && next.seq > prev.seq;
}
