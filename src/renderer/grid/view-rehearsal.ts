/**
 * A rehearsal of the per-diff path (the store's receiveDiff and a view's sync, sorted as the grid is) on a
 * throwaway copy of a few thousand of the page's own rows, run in idle time when the grid gets a new view (the
 * first snapshot, a sort, the TIME_WAIT switch), so that the next real diffs find that code compiled.
 *
 * WHY: a diff comes every second or two, so its code is called once per diff and V8 tiers it up only after many
 * diffs. Traced in Chromium at 100k rows sorted by remote address (issue 13), the first 3-7 diffs after a header
 * click ran 15-34 ms of JavaScript against 9-11 ms later, with V8's budget interrupts and its concurrent compile
 * jobs (which take one of the machine's two cores) inside the diff: those first diffs were the p95. Here that work
 * happens after the click's frame, on a small copy, where nobody waits for it.
 *
 * The rows are the page's own objects (their hidden classes are the ones the real diffs meet), the changed ones
 * copied as JSON, as a diff brings them. Nothing here touches the store, the grid's views or the screen: the
 * state and the views are made here and dropped after the last round.
 */
import type { SnapshotDiff } from '../../shared/diff';
import { emptySnapshot, type Connection } from '../../shared/model';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from '../store/rows';
import type { FilteredViews } from './filtered-view';

/** Below this many rows a diff is cheap whatever tier its code runs in: no rehearsal. */
export const REHEARSAL_MIN_ROWS = 5000;
/** Rows of the throwaway snapshot. */
const SAMPLE = 4000;
/** Rows a rehearsed diff closes, opens and changes, each (3% of the sample in all: a busy refresh). */
const EACH = 40;
/**
 * Rehearsed diffs. WHY this many: V8 tiers a function up by the bytecode it has run, and a rehearsed diff moves
 * about a sixth of the rows a 1% diff at 100k does; the first 3-7 real diffs after a click were the slow ones.
 */
export const REHEARSAL_ROUNDS = 80;

export interface Rehearsal {
  /** Runs the next rehearsed diff; false when there is none left (or the rows were too few to rehearse). */
  step(): boolean;
}

/** The RowsInput of a state, as useViewRows hands it to the views. */
function syncWith(views: FilteredViews, state: RowsState): void {
  const rows = views.sync({ rows: state.rows, change: state.change, ordOf: state.ordOf, ords: state.ords }, '');
  // As the grid's layout effect does once it has rendered them (view-index.ts Screen).
  views.shown(rows);
}

/**
 * A rehearsal over `rows` (the store's rows, in arrival order) through `views`, a fresh FilteredViews made like
 * the grid's (same sort, same TIME_WAIT switch). Its first step builds the throwaway view.
 */
export function createRehearsal(
  rows: readonly Connection[],
  views: FilteredViews,
  rounds: number = REHEARSAL_ROUNDS,
): Rehearsal {
  // The rows the rehearsal opens come from this pool, in turn, after the sample's: the open rows are always
  // SAMPLE consecutive rows of it (the oldest close) and the last diff's closed ones the EACH before them, so a row
  // opened again has left long before.
  const need = SAMPLE + 2 * EACH;
  const pool: Connection[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < rows.length && pool.length < need + rounds * EACH; i++) {
    const c = rows[i] as Connection;
    if (ids.has(c.id)) continue;
    ids.add(c.id);
    pool.push(c);
  }
  if (rows.length < REHEARSAL_MIN_ROWS || pool.length < need) return { step: () => false };
  let state: RowsState | null = null;
  // Dropped after the last round (with the state and the pool), so a rehearsal held until the grid's view next
  // changes keeps no throwaway rows alive.
  let target: FilteredViews | null = views;
  let seq = 1;
  let round = 0;
  let nextAdded = SAMPLE;
  return {
    step() {
      if (round >= rounds || target === null) return false;
      if (state === null) {
        state = withIndex(receiveSnapshot(EMPTY_ROWS, emptySnapshot({ seq, connections: pool.slice(0, SAMPLE) })));
        syncWith(target, state);
        return true;
      }
      const open = state.rows.length - state.closed.length;
      // The oldest rows close (the top of arrival order, as on a busy server), rows spread over the rest change.
      const removed: string[] = [];
      for (let i = 0; i < EACH; i++) removed.push((state.rows[i] as Connection).id);
      const changed: Connection[] = [];
      const stride = Math.floor((open - EACH) / EACH);
      for (let i = 0; i < EACH; i++) {
        const c = state.rows[EACH + i * stride] as Connection;
        changed.push(JSON.parse(JSON.stringify(c)) as Connection);
      }
      const added: Connection[] = [];
      for (let i = 0; i < EACH; i++) added.push(pool[(nextAdded + i) % pool.length] as Connection);
      nextAdded += EACH;
      const diff: SnapshotDiff = {
        seq: seq + 1,
        baseSeq: seq,
        takenAt: 0,
        tookMs: 0,
        added,
        removed,
        changed,
        collectors: [],
      };
      seq++;
      state = receiveDiff(state, diff);
      syncWith(target, state);
      round++;
      if (round < rounds) return true;
      state = null;
      target = null;
      pool.length = 0;
      return false;
    },
  };
}
