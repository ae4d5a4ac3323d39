import { describe, expect, it } from 'vitest';
import { createRowSlots } from './row-slots';

describe('createRowSlots', () => {
  it('keeps the slot of ids that stay and gives entering ids the slots that were freed', () => {
    const slots = createRowSlots();
    expect(slots.assign(['a', 'b', 'c', 'd'])).toEqual([0, 1, 2, 3]);
    // b and d left; x and y entered; a and c shifted.
    expect(slots.assign(['a', 'x', 'c', 'y'])).toEqual([0, 1, 2, 3]);
    // A shift by one (a row inserted above): every kept row keeps its slot.
    expect(slots.assign(['z', 'a', 'x', 'c'])).toEqual([3, 0, 1, 2]);
  });

  it('never gives two rows of one window the same slot', () => {
    const slots = createRowSlots();
    slots.assign(['a', 'b']);
    const out = slots.assign(['b', 'a', 'a', 'c']);
    expect(new Set(out).size).toBe(4);
    expect(out.slice(0, 2)).toEqual([1, 0]);
  });

  it('uses the lowest free slots, so a window of n rows uses keys 0..n-1', () => {
    const slots = createRowSlots();
    slots.assign(['a', 'b', 'c']);
    const out = slots.assign(['c', 'd', 'e', 'f']);
    expect([...out].sort()).toEqual([0, 1, 2, 3]);
    expect(out[0]).toBe(2);
  });
});
