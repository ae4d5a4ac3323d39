/**
 * Which content a rows array the store reuses holds (store/rows-ring.ts), and which array the grid shows. The store
 * writes a later state's rows into an array it made a few diffs before, so an array alone no longer names one
 * state's rows: the pair (array, version) does. Arrays the store never reuses (a whole snapshot's own list, a
 * view's arrays, tests' arrays) have no stamp: version 0, which never changes.
 */
import type { Connection } from '../../shared/model';

const versions = new WeakMap<readonly Connection[], number>();
let next = 1;

/** Marks `rows` as holding new content (a state's rows just written into it); returns its version. */
export function stampRows(rows: readonly Connection[]): number {
  const version = next++;
  versions.set(rows, version);
  return version;
}

/** The version of the content `rows` holds now: 0 for an array the store never reuses. */
export function rowsVersion(rows: readonly Connection[]): number {
  return versions.get(rows) ?? 0;
}

/** Whether `rows` still holds the content it had at `version` (always, for an array the store never reuses). */
export function holdsVersion(rows: readonly Connection[], version: number): boolean {
  return rowsVersion(rows) === version;
}

/** The rows array the grid rendered last (grid/filtered-view.ts shown(), once committed). */
let onScreen: readonly Connection[] | null = null;

/**
 * Says which array the grid shows. WHY: React may render once after several diffs (a busy page), and until then
 * the rows on screen are the ones its events and its next render start from: the store never writes into them.
 */
export function showRows(rows: readonly Connection[]): void {
  onScreen = rows;
}

export function isOnScreen(rows: readonly Connection[]): boolean {
  return rows === onScreen;
}
