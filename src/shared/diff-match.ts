/**
 * Pairs the rows of two snapshots by id, in O(n) with a small constant when
 * rows were inserted, removed or moved anywhere (issue 13).
 *
 * WHY a walk and not a Map of every id: the kernel lists sockets in a stable
 * order, so after any churn both lists are mostly the same runs of rows, only
 * shifted. A two-pointer walk compares ids in place; where they differ, the two
 * rows are parked in small "pending" Maps and the walk goes on. A pointer whose
 * row is found among the other side's pending rows advances alone, which is
 * what brings the walk back in step after a block of rows was removed or
 * inserted: a block of d rows costs O(d) Map operations, not O(n). Before this,
 * closing the oldest 1% of 100k rows shifted every position and the whole list
 * went through a 100k-entry Map (~100-270 ms per refresh on the server). A list
 * shuffled as a whole still parks every row: no worse than that Map.
 *
 * Ids are unique within a snapshot (model.assignConnectionIds); with unique ids
 * the result pairs every id present on both sides, each row at most once.
 */

/** What became of a row of `newer`. */
export const ROW_ADDED = 0;
export const ROW_SAME = 1;
export const ROW_CHANGED = 2;

export interface RowMatch {
  /** Per row of `newer`: ROW_ADDED (no row of `older` has its id), ROW_SAME or ROW_CHANGED (per `same`). */
  status: Uint8Array;
  /** Per row of `older`: 1 when a row of `newer` has its id, 0 when it is gone. */
  kept: Uint8Array;
  /**
   * How many rows went through the pending Maps instead of pairing in place:
   * 0 when nothing moved, about twice the churn otherwise. Shown by the bench,
   * and the tests hold it to the churn (a walk that never resynchronises would
   * still pair rows right, only slowly).
   */
  parked: number;
}

interface WithId {
  id: string;
}

/**
 * `same` is called once for every pair, right when it is found, so each row
 * is read from memory once (at 100k rows the two lists are tens of MB).
 */
export function matchRowsById<T extends WithId>(
  older: readonly T[],
  newer: readonly T[],
  same: (a: T, b: T) => boolean,
): RowMatch {
  const m = older.length;
  const k = newer.length;
  const status = new Uint8Array(k);
  const kept = new Uint8Array(m);
  // Created on the first mismatch: an unchanged list never allocates them.
  let pendingOlder: Map<string, number> | null = null;
  let pendingNewer: Map<string, number> | null = null;
  let parked = 0;
  let i = 0;
  let j = 0;
  while (i < m && j < k) {
    const a = older[i] as T;
    const b = newer[j] as T;
    // The same object in both (an engine hands an unchanged row back as it is) pairs without its id being read, so
    // an idle refresh does not touch ~2k rows that have left the CPU's caches since the last one (issue 11).
    if (a === b || a.id === b.id) {
      kept[i] = 1;
      status[j] = same(a, b) ? ROW_SAME : ROW_CHANGED;
      i++;
      j++;
      continue;
    }
    const o = a.id;
    const n = b.id;
    pendingOlder ??= new Map();
    pendingNewer ??= new Map();
    // This older row was already seen further up in newer (the rows above it there were inserted,
    // or it moved up): pair it and advance only i, so the walk comes back in step.
    const seenInNewer = pendingNewer.get(o);
    if (seenInNewer !== undefined) {
      pendingNewer.delete(o);
      pairRows(older, newer, same, i, seenInNewer, kept, status);
      i++;
      continue;
    }
    // The same the other way round (rows above it in older were removed, or it moved down).
    const seenInOlder = pendingOlder.get(n);
    if (seenInOlder !== undefined) {
      pendingOlder.delete(n);
      pairRows(older, newer, same, seenInOlder, j, kept, status);
      j++;
      continue;
    }
    // Neither seen yet: park both; whichever side the other row is on finds it later.
    pendingOlder.set(o, i);
    pendingNewer.set(n, j);
    parked += 2;
    i++;
    j++;
  }
  // One list ran out: the rest of the other pairs only with parked rows (none parked: nothing to pair).
  if (pendingNewer !== null)
    for (; i < m; i++) {
      const id = (older[i] as T).id;
      const at = pendingNewer.get(id);
      if (at === undefined) continue;
      pendingNewer.delete(id);
      pairRows(older, newer, same, i, at, kept, status);
    }
  if (pendingOlder !== null)
    for (; j < k; j++) {
      const id = (newer[j] as T).id;
      const at = pendingOlder.get(id);
      if (at === undefined) continue;
      pendingOlder.delete(id);
      pairRows(older, newer, same, at, j, kept, status);
    }
  return { status, kept, parked };
}

/** A pair found through a parked row. */
function pairRows<T>(
  older: readonly T[],
  newer: readonly T[],
  same: (a: T, b: T) => boolean,
  at: number,
  to: number,
  kept: Uint8Array,
  status: Uint8Array,
): void {
  kept[at] = 1;
  status[to] = same(older[at] as T, newer[to] as T) ? ROW_SAME : ROW_CHANGED;
}
