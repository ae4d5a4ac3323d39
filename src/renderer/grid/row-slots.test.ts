import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRowSlots, planSlots } from './row-slots';

/**
 * What React does with keyed children going from `oldSlots` to `newSlots` (reconcileChildrenArray's placeChild):
 * a child whose old place is below the last one kept in place is moved, a key it has not seen is mounted.
 */
function reactReorder(oldSlots: readonly number[], newSlots: readonly number[]) {
  const oldPlace = new Map(oldSlots.map((slot, i) => [slot, i]));
  const moved: number[] = [];
  const mounted: number[] = [];
  let lastPlaced = 0;
  for (const slot of newSlots) {
    const at = oldPlace.get(slot);
    if (at === undefined) mounted.push(slot);
    else if (at < lastPlaced) moved.push(slot);
    else lastPlaced = at;
  }
  return { moved, mounted };
}

/** The longest run of the old window's rows that the new one keeps in the same order (what no keying beats). */
function longestKeptInOrder(oldIds: readonly string[], ids: readonly string[]): number {
  const places = ids.map((id) => oldIds.indexOf(id)).filter((at) => at >= 0);
  const tails: number[] = [];
  for (const at of places) {
    const k = tails.findIndex((t) => t >= at);
    if (k < 0) tails.push(at);
    else tails[k] = at;
  }
  return tails.length;
}

/**
 * What Blink and React redo for a window (planSlots' measure, counted here from React's reordering): a row whose
 * slot showed another row before changes its text (1), a row moved or mounted is built again (3).
 */
function redone(oldIds: readonly string[], oldSlots: readonly number[], ids: readonly string[], slots: number[]) {
  const { moved, mounted } = reactReorder(oldSlots, slots);
  let texts = 0;
  slots.forEach((slot, p) => {
    const was = oldSlots.indexOf(slot);
    if (was >= 0 && oldIds[was] !== ids[p]) texts++;
  });
  return texts + 3 * (moved.length + mounted.length);
}

/** The slots as given before session 45: every row that stays keeps its own, whatever the order. */
function slotPerId(oldIds: readonly string[], oldSlots: readonly number[], ids: readonly string[]): number[] {
  const used = new Set<number>();
  const out: (number | undefined)[] = ids.map((id) => {
    const at = oldIds.indexOf(id);
    const slot = at >= 0 ? oldSlots[at] : undefined;
    if (slot === undefined || used.has(slot)) return undefined;
    used.add(slot);
    return slot;
  });
  let free = 0;
  return out.map((slot) => {
    if (slot !== undefined) return slot;
    while (used.has(free)) free++;
    used.add(free);
    return free;
  });
}

const window = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);

describe('createRowSlots', () => {
  it('keeps the slot of ids that stay in order and gives entering ids the slots that were freed', () => {
    const slots = createRowSlots();
    expect(slots.assign(['a', 'b', 'c', 'd'])).toEqual([0, 1, 2, 3]);
    // b and d left; x and y entered between the rows that stayed: each takes the slot at its place.
    expect(slots.assign(['a', 'x', 'c', 'y'])).toEqual([0, 1, 2, 3]);
  });

  it('gives the same slots to the same ids in the same order (a repeated render agrees)', () => {
    const slots = createRowSlots();
    const first = slots.assign(['c', 'a', 'b']);
    slots.assign(['b', 'x', 'a']);
    const again = slots.assign(['q', 'b', 'a', 'z']);
    expect(slots.assign(['q', 'b', 'a', 'z'])).toEqual(again);
    expect(new Set(first).size).toBe(3);
  });

  it('never gives two rows of one window the same slot', () => {
    const slots = createRowSlots();
    slots.assign(['a', 'b']);
    const out = slots.assign(['b', 'a', 'a', 'c']);
    expect(new Set(out).size).toBe(4);
  });

  it('on a scroll down by k rows, moves only the k rows that enter (into the slots of those that left)', () => {
    const slots = createRowSlots();
    const before = slots.assign(window(0, 40));
    const after = slots.assign(window(3, 43));
    expect(after.slice(0, 37)).toEqual(before.slice(3));
    expect(reactReorder(before, after)).toEqual({ moved: before.slice(0, 3), mounted: [] });
  });

  it('on a scroll up by k rows, mounts the k rows that enter instead of making React move the 40 - k that stay', () => {
    const slots = createRowSlots();
    const before = slots.assign(window(10, 50));
    const after = slots.assign(window(7, 47));
    expect(after.slice(3)).toEqual(before.slice(0, 37));
    const { moved, mounted } = reactReorder(before, after);
    expect(moved).toEqual([]);
    expect(mounted).toHaveLength(3);
    // The slot that each gives for the ones that stayed the way it did before: React moved every row that stayed.
    const eachOwn = [...before.slice(37), ...before.slice(0, 37)];
    expect(reactReorder(before, eachOwn).moved).toHaveLength(37);
  });

  it('when rows trade places (a rate sort), keeps the longest run in order and moves none of the rest', () => {
    const slots = createRowSlots();
    const oldIds = window(0, 8);
    const before = slots.assign(oldIds);
    const ids = ['r3', 'r0', 'r7', 'r1', 'r2', 'r6', 'r4', 'r5'];
    const after = slots.assign(ids);
    // r0 r1 r2 r4 r5 keep their slots; r6 takes r3's, the free one that fits between r2 and r4. Before r0 and
    // between r0 and r1 no slot fits (any would make React move the kept rows): r3 and r7 are mounted.
    for (const id of ['r0', 'r1', 'r2', 'r4', 'r5']) expect(after[ids.indexOf(id)]).toBe(before[oldIds.indexOf(id)]);
    expect(after[ids.indexOf('r6')]).toBe(before[3]);
    expect(reactReorder(before, after)).toEqual({ moved: [], mounted: [after[0], after[2]] });
  });

  it('when the window turns over in a new order (a rate sort), keeps every place: no row moved or mounted', () => {
    const slots = createRowSlots();
    const oldIds = window(0, 40);
    const before = slots.assign(oldIds);
    // 40 of 60 busy rows, in a new order: most of those shown stay, few in their order.
    const ids = [...window(0, 60)].sort((a, b) => ((Number(a.slice(1)) * 37) % 61) - ((Number(b.slice(1)) * 37) % 61));
    const after = slots.assign(ids.slice(0, 40));
    expect(after).toEqual(before);
    expect(reactReorder(before, after)).toEqual({ moved: [], mounted: [] });
    expect(redone(oldIds, before, ids.slice(0, 40), slotPerId(oldIds, before, ids.slice(0, 40)))).toBeGreaterThan(
      redone(oldIds, before, ids.slice(0, 40), after),
    );
  });

  it('over any change of window: unique slots, no row that keeps its slot moved, and no more redone than before', () => {
    const ids = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 45 }).map((a) => a.map((n) => `r${n}`));
    fc.assert(
      fc.property(fc.array(ids, { minLength: 1, maxLength: 6 }), (windows) => {
        const slots = createRowSlots();
        let oldIds: string[] = [];
        let oldSlots: number[] = [];
        for (const next of windows) {
          const out = slots.assign(next);
          expect(out).toEqual(planSlots(oldIds, oldSlots, next));
          expect(new Set(out).size).toBe(next.length);
          const { moved } = reactReorder(oldSlots, out);
          // The rows that keep their own DOM untouched: their slot is theirs from before and React does not move it.
          const keptInPlace = next.filter((id, p) => {
            const was = oldIds.indexOf(id);
            return was >= 0 && oldSlots[was] === out[p] && !moved.includes(out[p] as number);
          });
          // Keeping slots, it keeps the most rows in place that any keying can; else it keeps every place.
          if (keptInPlace.length !== longestKeptInOrder(oldIds, next))
            expect(out.slice(0, oldSlots.length)).toEqual(oldSlots.slice(0, out.length));
          // A slot React moves is never one kept by its own row.
          for (const slot of moved) expect(keptInPlace.some((id) => out[next.indexOf(id)] === slot)).toBe(false);
          const before = redone(oldIds, oldSlots, next, slotPerId(oldIds, oldSlots, next));
          expect(redone(oldIds, oldSlots, next, out)).toBeLessThanOrEqual(before);
          oldIds = next;
          oldSlots = out;
        }
      }),
      { numRuns: 300 },
    );
  });
});
