/**
 * Stable React keys for the grid's on-screen rows. Keying rows by connection
 * id makes React unmount every row that leaves the window and mount a fresh
 * one (~13 elements) for every row that enters. A 1% diff can replace the
 * whole window (the synthetic load, like a busy server, closes the oldest
 * sockets, i.e. the top of an unsorted grid): ~45 rows torn down and built
 * again per refresh, plus style and layout for all those new elements.
 * Keying by "slot" instead lets a row that enters take over the DOM of a row
 * that left (only its text and attributes change), while a row that stays on
 * screen keeps its own slot, so rows that merely shift keep their DOM and only
 * move (a transform), exactly as with id keys.
 */
export interface RowSlots {
  /** The slot of each id, in order; ids kept from the previous call keep their slot. */
  assign(ids: readonly string[]): number[];
}

export function createRowSlots(): RowSlots {
  let slotOf = new Map<string, number>();
  return {
    assign(ids) {
      const next = new Map<string, number>();
      const used = new Set<number>();
      for (const id of ids) {
        const slot = slotOf.get(id);
        // An id twice in one window (not expected) must not share a key: the second gets a free slot.
        if (slot !== undefined && !used.has(slot)) {
          next.set(id, slot);
          used.add(slot);
        }
      }
      // Free slots, lowest first, so the set of keys stays {0 .. window size - 1}.
      let free = 0;
      const out: number[] = [];
      const taken = new Set<string>();
      for (const id of ids) {
        let slot = taken.has(id) ? undefined : next.get(id);
        if (slot === undefined) {
          while (used.has(free)) free++;
          slot = free;
          used.add(slot);
          if (!next.has(id)) next.set(id, slot);
        }
        taken.add(id);
        out.push(slot);
      }
      slotOf = next;
      return out;
    },
  };
}
