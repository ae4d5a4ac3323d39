/**
 * Rows handed over with "no rate yet" whose rates are 0 from the snapshot that holds them on: the connections of an
 * engine that carried a first-seen connection's row object over unchanged (its counters did not move), to be settled
 * when that snapshot is diffed against the previous one (diff.ts).
 *
 * WHY not a copy with rates 0: a first-seen connection's rates go from none to 0 on the next refresh even when
 * nothing about it changed; on the refresh after a cold one that is every connection, and copying them all (row and
 * counters, ~320 bytes each) while the previous snapshot still holds the originals was ~32 MB of the peak memory at
 * 100k sockets (issue 11). The engine keeps the object, and the rates are written into it only where the diff also
 * lists the row as changed: at that moment the previous snapshot is being replaced, and a UI learns the new rates
 * through the diff. A collection that is dropped before its diff (a pause) writes nothing: its rows are still "no
 * rate yet", and the next refresh hands them over again.
 *
 * Pure (no Node): the engine registers here, the diff settles.
 */
import type { Connection } from './model';

interface Pending {
  /**
   * The engine's row list: a snapshot's connections are this list, or a copy of it with rows appended. Weak: the
   * rows of an engine dropped before its snapshot was diffed are not kept alive by this registry.
   */
  rows: WeakRef<readonly Connection[]>;
  /** Indexes in `rows` (ascending) of the rows to settle. */
  at: ArrayLike<number>;
}

/**
 * At most one registration per engine, replaced by its next refresh (the key: an object of its collector that holds
 * no rows, so that an engine dropped before its snapshot was diffed leaves its rows to the GC).
 */
const pending = new Map<object, Pending>();

/**
 * From the snapshot whose connections are `rows` (or start with them), the rows at `at` have rates 0 where they
 * now have none. `owner` is the engine's; an empty `at` withdraws its registration.
 */
export function settleRatesWhenDiffed(owner: object, rows: readonly Connection[], at: ArrayLike<number>): void {
  if (at.length === 0) pending.delete(owner);
  else pending.set(owner, { rows: new WeakRef(rows), at });
}

/**
 * Writes rates 0 into the registered rows of `connections` that still have none, and hands each one's index to
 * `settled`: only for a snapshot whose diff lists those rows as changed (diffSnapshots). Each registration is used
 * once. Returns how many rows it settled.
 */
export function settlePendingRates(connections: readonly Connection[], settled: (index: number) => void): number {
  if (pending.size === 0) return 0;
  let count = 0;
  for (const [owner, entry] of pending) {
    const rows = entry.rows.deref();
    if (rows === undefined) {
      pending.delete(owner);
      continue;
    }
    const at = entry.at;
    const first = at[0] as number;
    // Another engine's rows, or this engine's from a collection that never became a snapshot.
    if (rows !== connections && (first >= connections.length || connections[first] !== rows[first])) continue;
    pending.delete(owner);
    for (let k = 0; k < at.length; k++) {
      const i = at[k] as number;
      const row = connections[i];
      // A row the engine replaced (an owner or id change: a copy) is in both lists, and settled: the same socket.
      if (row === undefined || row !== rows[i] || !hasNoRates(row)) continue;
      const traffic = row.traffic as NonNullable<Connection['traffic']>;
      traffic.sendRate = 0;
      traffic.receiveRate = 0;
      traffic.segmentSendRate = 0;
      traffic.segmentReceiveRate = 0;
      traffic.retransmissionRate = 0;
      settled(i);
      count++;
    }
  }
  return count;
}

/** A row with counters and not one rate yet (first seen). */
export function hasNoRates(row: Connection): boolean {
  const t = row.traffic;
  return (
    t !== undefined &&
    t.sendRate === null &&
    t.receiveRate === null &&
    t.segmentSendRate === null &&
    t.segmentReceiveRate === null &&
    t.retransmissionRate === null
  );
}
