/**
 * The store's rows arrays, reused. A diff's rows are written into the array the store made three states before
 * (replaying the diffs since, then this one, in place) instead of into a new array each diff.
 *
 * WHY: at 100k rows a new rows array is a 0.4 MB large object, which V8 maps fresh from the kernel: on this
 * 2-core virtual machine ~100 page faults (~12 us each) on the page's main thread per diff, about 1.9 ms of a
 * diff's ~18 ms of main-thread work (a Chromium CPU profile's `bySplice`; bench/diff-fault-probe.mjs counts the
 * faults), and 0.4 MB a diff promoted to the old generation, 40% of what fills it between major GCs (the page's
 * pool threads mark for ~50 ms at each, the slowest diffs' competition for the two cores). Replaying a diff on an
 * array is a few native splices (memmove) and pushes: ~0.03 ms at 100k rows in Node.
 *
 * WHY three arrays: a state's rows stay as they were for the next two diffs, so what reads the state before the
 * current one (the grid's view index applying the next change on its base, the filter texts carried from the
 * previous rows) reads it unchanged even a diff late. Which content an array holds is its version
 * (rows-version.ts): readers that keep an array past a diff compare versions, not identity.
 */
import type { Connection } from '../../shared/model';
import { isOnScreen, rowsVersion, stampRows } from './rows-version';

/** A row a diff changes, at its position in the previous snapshot's connections. */
export interface Replacement {
  at: number;
  row: Connection;
}

/** Arrays in the ring: a state's rows are written over on the third diff after it. */
export const RING_SIZE = 3;

/** Runs of dropped positions up to which rows are moved by splice() rather than compacted by a JS loop. */
export const NATIVE_RUNS = 8;

/**
 * One diff's change to the rows: keep the first `n` (the open rows), swap `replace` in (positions before any
 * drop), drop the positions in `drop` (ascending), append `added`, then the new closed tail `closed`.
 */
export interface RowsEdit {
  n: number;
  drop: readonly number[];
  replace: readonly Replacement[];
  added: readonly Connection[];
  closed: readonly Connection[];
}

/** How many runs of consecutive positions `drop` (ascending) holds, counting no further than `limit + 1`. */
export function runsOf(drop: readonly number[], limit: number): number {
  let runs = 0;
  for (let i = 0; i < drop.length && runs <= limit; i++)
    if (i === 0 || (drop[i] as number) !== (drop[i - 1] as number) + 1) runs++;
  return runs;
}

/** Writes each replacement at its place (positions before any drop). Indexed loops: see receiveDiff (rows.ts). */
export function writeReplacements(rows: Connection[], replace: readonly Replacement[]): void {
  for (let i = 0; i < replace.length; i++) {
    const r = replace[i] as Replacement;
    rows[r.at] = r.row;
  }
}

/** Splices out each run of `drop` (ascending), last first so earlier positions stay put: a native memmove each. */
export function spliceDropRuns(rows: Connection[], drop: readonly number[]): void {
  let end = drop.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && (drop[start - 1] as number) === (drop[start] as number) - 1) start--;
    rows.splice(drop[start] as number, end - start);
    end = start;
  }
}

/**
 * `edit` done to `rows` in place (the rows it was made for, closed tail included); returns `rows`.
 * A few runs of drops are spliced out (native memmove, fast in any of V8's tiers); scattered drops, where each
 * splice would move the whole tail again, are compacted in one pass.
 */
export function applyEdit(rows: Connection[], edit: RowsEdit): Connection[] {
  const { n, drop } = edit;
  // WHY length, not splice: a small cut keeps the array's capacity (V8 trims only below half), so the pushes
  // below write into room the array already has.
  rows.length = n;
  writeReplacements(rows, edit.replace);
  if (runsOf(drop, NATIVE_RUNS) <= NATIVE_RUNS) spliceDropRuns(rows, drop);
  else if (drop.length > 0) {
    let out = drop[0] as number;
    let next = 0;
    for (let from = out; from < n; from++) {
      if (next < drop.length && drop[next] === from) next++;
      else rows[out++] = rows[from] as Connection;
    }
    rows.length = out;
  }
  for (let i = 0; i < edit.added.length; i++) rows.push(edit.added[i] as Connection);
  for (let i = 0; i < edit.closed.length; i++) rows.push(edit.closed[i] as Connection);
  return rows;
}

/** One diff's edit, from the rows of version `from` to those of version `to`. */
interface Step {
  from: number;
  to: number;
  edit: RowsEdit;
}

/** The arrays one chain of diffs writes its rows into (kept with the store's id index: a whole snapshot starts anew). */
export interface RowsRing {
  /** The store's rows arrays, oldest content first. */
  arrays: Connection[][];
  /** The last RING_SIZE diffs' edits, oldest first. */
  steps: Step[];
}

export const emptyRing = (): RowsRing => ({ arrays: [], steps: [] });

/**
 * An array of the ring holding the same rows as `current`, to write the next state's rows into; null while the
 * ring is filling, or when its edits do not lead from its oldest array to `current` (the caller then makes a new
 * array, and the ring starts again from it). `currentVersion`: what `current` holds (its rowsVersion, which the
 * caller has read).
 */
export function takeSpare(ring: RowsRing, current: readonly Connection[], currentVersion: number): Connection[] | null {
  if (ring.arrays.length < RING_SIZE) return null;
  const oldest = ring.arrays[0] as Connection[];
  // Only an older array of the same chain is written over, never the current rows.
  if (currentVersion === 0 || oldest === current) return null;
  ring.arrays.shift();
  // The grid still shows it (no render since three diffs): it leaves the ring, and a new array takes its place.
  if (isOnScreen(oldest)) return null;
  let version = rowsVersion(oldest);
  for (const step of ring.steps) {
    if (step.from !== version) continue;
    applyEdit(oldest, step.edit);
    version = step.to;
  }
  if (version !== currentVersion) {
    // Not the chain that made `current`: it is dropped (stamped anew: what it held is gone), and a fresh array
    // starts the ring again.
    stampRows(oldest);
    ring.arrays.length = 0;
    ring.steps.length = 0;
    return null;
  }
  return oldest;
}

/** Records `rows`, the rows `edit` made from those of version `from`, as the ring's newest array; returns theirs. */
export function keepRows(ring: RowsRing, from: number, rows: Connection[], edit: RowsEdit): number {
  const to = stampRows(rows);
  if (!ring.arrays.includes(rows)) ring.arrays.push(rows);
  if (ring.arrays.length > RING_SIZE) ring.arrays.shift();
  if (from !== 0) {
    ring.steps.push({ from, to, edit });
    if (ring.steps.length > RING_SIZE) ring.steps.shift();
  }
  return to;
}
