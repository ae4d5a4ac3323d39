/**
 * The snapshot a diff leaves (used by rows.ts receiveDiff), whose connections list is cut from the store's
 * `rows` only when something reads it. Split from rows.ts: it is its own concern (a snapshot object with a
 * lazy property, and the plain snapshot behind it kept for the next diff's copy).
 */
import { snapshotAfterDiff, type SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';

/**
 * The plain snapshot behind each one lazySnapshot made (its `connections`
 * holds the closed tail too), for snapshotAfterDiff's spread to copy instead.
 */
const plainSnapshots = new WeakMap<Snapshot, Snapshot>();

/**
 * `made`, whose connections are the first `open` of `made.connections`:
 * itself when that is all of them, else a copy whose connections are cut on
 * first read (and kept).
 *
 * WHY on demand: with the grid's view the store's `rows`, nothing on the
 * Connections tab reads the snapshot's list (the status bar counts from the
 * store), so cutting 100k rows from `rows` per refresh only made garbage for
 * the major GC; the views that read it (DoS, States, export, traffic
 * history) get the same array on every read.
 */
function lazySnapshot(made: Snapshot, open: number): Snapshot {
  const all = made.connections;
  if (all.length === open) return made;
  let connections: Connection[] | null = null;
  const snapshot: Snapshot = { ...made };
  Object.defineProperty(snapshot, 'connections', {
    enumerable: true,
    configurable: true,
    get: () => (connections ??= all.slice(0, open)),
  });
  plainSnapshots.set(snapshot, made);
  return snapshot;
}

/**
 * The snapshot after `diff`, whose connections are the first `open` of `rows` (the rest is the closed tail),
 * made from the plain snapshot behind `prev` when lazySnapshot made it.
 */
export function lazySnapshotAfterDiff(prev: Snapshot, diff: SnapshotDiff, rows: Connection[], open: number): Snapshot {
  return lazySnapshot(snapshotAfterDiff(plainSnapshots.get(prev) ?? prev, diff, rows), open);
}
