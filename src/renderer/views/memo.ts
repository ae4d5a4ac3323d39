/**
 * Memoises an aggregation per snapshot (seq + takenAt + the connection array)
 * and argument, outside React so results survive unmounts and a re-render
 * with the same snapshot costs nothing even with 100k connections.
 */
import type { Snapshot } from '../../shared/model';

type SnapshotIdentity = Pick<Snapshot, 'seq' | 'takenAt' | 'connections'>;

export function memoBySnapshot<A, R>(compute: (snapshot: SnapshotIdentity, arg: A) => R, slots = 4) {
  const entries: { seq: number; takenAt: number; connections: unknown; arg: A; result: R }[] = [];
  return (snapshot: SnapshotIdentity, arg: A): R => {
    const hit = entries.find(
      (e) =>
        e.seq === snapshot.seq &&
        e.takenAt === snapshot.takenAt &&
        // Same tick but a different array (another source) must not hit.
        e.connections === snapshot.connections &&
        Object.is(e.arg, arg),
    );
    if (hit) return hit.result;
    const result = compute(snapshot, arg);
    entries.unshift({ seq: snapshot.seq, takenAt: snapshot.takenAt, connections: snapshot.connections, arg, result });
    if (entries.length > slots) entries.length = slots;
    return result;
  };
}
