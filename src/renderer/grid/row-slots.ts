/**
 * Stable slots (row elements) for the grid's on-screen rows, which the row painter (row-painter.ts) keeps its row
 * elements by. Keeping rows by connection id would drop the element of every row that leaves the window and make a
 * fresh one (~13 elements) for every row that enters. A 1% diff can replace the whole window (the synthetic load,
 * like a busy server, closes the oldest sockets, i.e. the top of an unsorted grid): ~45 rows torn down and built
 * again per refresh, plus style and layout for all those new elements. Keeping rows by "slot" instead lets a row
 * that enters take over the DOM of a row that left (only its text and attributes change), while a row that stays
 * on screen keeps its own slot and only moves (a transform).
 *
 * WHY the slots are chosen against React's way of reordering keyed children (which the painter follows, as GridRow's
 * React keys did before it): it keeps in place the children whose old places ascend from the first one on, and
 * moves (removes and inserts again) every other one; Blink then builds a moved row's
 * style and layout anew, all 13 cells. Giving each row its own slot whatever
 * the order made React move most of the window when rows traded places (the
 * grid sorted by a rate: ~25 moves a refresh, 2-3 ms of style) and 39 of 40
 * rows when one row entered at the top (a scroll up by a row, a new row sorted
 * first). So the rows that stay keep their slot only where their order holds
 * (the longest such run), and the other rows take the slots that fit between
 * those without a move: their text changes instead, which costs Blink less
 * than a move. A row is moved only where no slot fits, and given a new slot
 * (mounted) where a move would make React move the kept rows. Where rows
 * trade places so much that this would mount or move more rows than it keeps
 * (the window of a rate sort turns over every refresh), each place keeps its
 * slot instead and every row there changes its text: no move, no mount.
 */
export interface RowSlots {
  /** The slot of each id, in order (unique within the window); same ids in the same order keep their slots. */
  assign(ids: readonly string[]): number[];
}

export function createRowSlots(): RowSlots {
  let lastIds: readonly string[] = [];
  let lastSlots: readonly number[] = [];
  return {
    assign(ids) {
      const slots = planSlots(lastIds, lastSlots, ids);
      lastIds = ids.slice();
      lastSlots = slots;
      return slots;
    },
  };
}

/**
 * What a row costs Blink and React when it is moved or mounted, in rows whose text changes in place. WHY 3: in the
 * grid sorted by Receive Rate (~25 of 40 rows moved a refresh before), style went from 2.0-3.2 ms a refresh to
 * nothing with every row's text changing in place instead, and layout did not grow (renderer-trace.mjs).
 */
const REBUILD_COST = 3;

/**
 * The slots for `ids` given the window before (`oldIds` with `oldSlots`, in order): see the file's comment.
 * Exported for its tests, which replay React's reordering over it.
 */
export function planSlots(oldIds: readonly string[], oldSlots: readonly number[], ids: readonly string[]): number[] {
  const kept = keepingPlan(oldIds, oldSlots, ids);
  if (kept.cost === 0) return kept.slots;
  const inPlace = inPlacePlan(oldIds, oldSlots, ids);
  return inPlace.cost < kept.cost ? inPlace.slots : kept.slots;
}

interface Plan {
  slots: number[];
  /** Rows whose text changes in place, plus REBUILD_COST for each row React moves or mounts. */
  cost: number;
}

/** Each place keeps its slot (new places at the end get new ones): React moves nothing. */
function inPlacePlan(oldIds: readonly string[], oldSlots: readonly number[], ids: readonly string[]): Plan {
  const slots: number[] = [];
  let cost = 0;
  for (let p = 0; p < ids.length; p++) {
    if (p < oldSlots.length) {
      slots.push(oldSlots[p] as number);
      if (oldIds[p] !== ids[p]) cost++;
    } else {
      pushNewSlot(oldSlots, slots);
      cost += REBUILD_COST;
    }
  }
  return { slots, cost };
}

/** The rows in the longest run kept in order keep their slots; the others take what fits (the file's comment). */
function keepingPlan(oldIds: readonly string[], oldSlots: readonly number[], ids: readonly string[]): Plan {
  const n = ids.length;
  // Where each row was, for the rows that stay (an id twice in one window, not expected, stays once).
  const placeOf = new Map<string, number>();
  for (let i = 0; i < oldIds.length; i++) if (!placeOf.has(oldIds[i] as string)) placeOf.set(oldIds[i] as string, i);
  const was = new Int32Array(n).fill(-1);
  const claimed = new Uint8Array(oldIds.length);
  for (let p = 0; p < n; p++) {
    const at = placeOf.get(ids[p] as string);
    if (at !== undefined && claimed[at] === 0) {
      was[p] = at;
      claimed[at] = 1;
    }
  }
  const held = ascendingRun(was);
  // The old place of the next held row after each position (Infinity past the last): a slot taken from below it
  // would make React move that row.
  const ceiling = new Float64Array(n);
  let next = Infinity;
  for (let p = n - 1; p >= 0; p--) {
    ceiling[p] = next;
    if (held[p] === 1) next = was[p] as number;
  }
  const taken = new Uint8Array(oldIds.length);
  for (let p = 0; p < n; p++) if (held[p] === 1) taken[was[p] as number] = 1;
  const slots: number[] = [];
  let cost = 0;
  // React's lastPlacedIndex: the old place of the last child it kept in place.
  let placed = 0;
  for (let p = 0; p < n; p++) {
    if (held[p] === 1) {
      placed = was[p] as number;
      slots.push(oldSlots[placed] as number);
      continue;
    }
    let from = fittingPlace(taken, was[p] as number, placed, ceiling[p] as number);
    if (from >= 0) placed = from;
    else {
      from = placeBelow(taken, was[p] as number, placed); // React moves it; the held rows stay
      cost += REBUILD_COST;
    }
    if (from >= 0) {
      taken[from] = 1;
      slots.push(oldSlots[from] as number);
      if (oldIds[from] !== ids[p]) cost++;
    } else pushNewSlot(oldSlots, slots);
  }
  return { slots, cost };
}

/** 1 at the positions of a longest run of ascending old places (-1: no old place) that the rows keep in order. */
function ascendingRun(was: Int32Array): Uint8Array {
  const n = was.length;
  // Patience sorting: tails[k] is the position ending the best run of length k + 1 found so far.
  const tails: number[] = [];
  const before = new Int32Array(n).fill(-1);
  for (let p = 0; p < n; p++) {
    const at = was[p] as number;
    if (at < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((was[tails[mid] as number] as number) < at) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) before[p] = tails[lo - 1] as number;
    tails[lo] = p;
  }
  const run = new Uint8Array(n);
  for (let p = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; p >= 0; p = before[p] as number) run[p] = 1;
  return run;
}

/** An old place free to take with no move: its own if it fits, else the lowest in [placed, ceiling); -1 if none. */
function fittingPlace(taken: Uint8Array, own: number, placed: number, ceiling: number): number {
  if (own >= 0 && taken[own] === 0 && own >= placed && own < ceiling) return own;
  const end = Math.min(taken.length, ceiling);
  for (let i = placed; i < end; i++) if (taken[i] === 0) return i;
  return -1;
}

/** An old place free to take below `placed` (React moves that row alone), its own first; -1 if none. */
function placeBelow(taken: Uint8Array, own: number, placed: number): number {
  if (own >= 0 && own < placed && taken[own] === 0) return own;
  for (let i = 0; i < placed; i++) if (taken[i] === 0) return i;
  return -1;
}

/**
 * Adds a new slot (React mounts its row): the lowest that neither the window before nor this one uses, since a slot
 * of a row leaving would be that row reused.
 */
function pushNewSlot(oldSlots: readonly number[], slots: number[]): void {
  const used = new Set<number>(oldSlots);
  for (const s of slots) used.add(s);
  let slot = 0;
  while (used.has(slot)) slot++;
  slots.push(slot);
}
