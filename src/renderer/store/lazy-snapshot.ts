/**
 * The snapshot a diff leaves (used by rows.ts receiveDiff), whose connections list is cut from the store's
 * `rows` only when something reads it. Split from rows.ts: it is its own concern (a snapshot object with a
 * lazy property, and the plain snapshot behind it kept for the next diff's copy).
 */
import { snapshotAfterDiff, type SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { holdsVersion, rowsVersion } from './rows-version';

/**
 * The plain snapshot behind each one lazySnapshot made (its `connections`
 * holds the closed tail too), for snapshotAfterDiff's spread to copy instead.
 */
const plainSnapshots = new WeakMap<Snapshot, Snapshot>();

/** Whether a lazy snapshot can still give its list (cut already, or its rows not yet written over). */
const listHeld = new WeakMap<Snapshot, () => boolean>();

/**
 * Whether `snapshot.connections` can be read: false for a snapshot the store made from a diff whose list was
 * never read and whose rows the store has written a later state into (rows-ring.ts: three diffs later).
 */
export function holdsConnections(snapshot: Snapshot): boolean {
  return listHeld.get(snapshot)?.() ?? true;
}

/**
 * `made`, whose connections are the first `open` of `made.connections`:
 * itself when that is all of them in an array the store never reuses, else a
 * copy whose connections are cut on first read (and kept).
 *
 * WHY on demand: with the grid's view the store's `rows`, nothing on the
 * Connections tab reads the snapshot's list (the status bar counts from the
 * store), so cutting 100k rows from `rows` per refresh only made garbage for
 * the major GC; the views that read it (DoS, States, export, traffic
 * history) get the same array on every read.
 *
 * The store writes a later state's rows into the same array three diffs later (rows-ring.ts): a list first read
 * after that is gone, and reading it throws rather than give another state's rows (holdsConnections says so
 * beforehand). What reads a snapshot reads the current one, or one recorded at most a diff or two before.
 */
function lazySnapshot(made: Snapshot, open: number): Snapshot {
  const all = made.connections;
  const version = rowsVersion(all);
  // An array the store reuses is never handed out as a list, even whole: it will hold another state's rows.
  if (all.length === open && version === 0) return made;
  let connections: Connection[] | null = null;
  const held = (): boolean => connections !== null || holdsVersion(all, version);
  const cut = (): Connection[] => {
    if (!held()) throw new Error(`snapshot ${made.seq}: its connections were read after the store reused its rows`);
    return all.slice(0, open);
  };
  const snapshot: Snapshot = { ...made };
  Object.defineProperty(snapshot, 'connections', {
    enumerable: true,
    configurable: true,
    get: () => (connections ??= cut()),
  });
  plainSnapshots.set(snapshot, made);
  listHeld.set(snapshot, held);
  return snapshot;
}

/**
 * The snapshot after `diff`, whose connections are the first `open` of `rows` (the rest is the closed tail),
 * made from the plain snapshot behind `prev` when lazySnapshot made it.
 */
export function lazySnapshotAfterDiff(prev: Snapshot, diff: SnapshotDiff, rows: Connection[], open: number): Snapshot {
  return lazySnapshot(snapshotAfterDiff(plainSnapshots.get(prev) ?? prev, diff, rows), open);
}
