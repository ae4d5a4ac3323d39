import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenSockets } from './seen-sockets';

interface Entry {
  sent: number;
  received: number;
  lastCounted: number;
  present: boolean;
}

/** What a SeenSockets holds, read through its slots, in its own order. */
function contents(seen: SeenSockets<number>): [number, Entry][] {
  const out: [number, Entry][] = [];
  seen.forEach((slot, key) => {
    out.push([
      key,
      {
        sent: seen.sent(slot),
        received: seen.received(slot),
        lastCounted: seen.lastCounted(slot),
        present: seen.present(slot),
      },
    ]);
  });
  return out;
}

type Op =
  | { op: 'add'; key: number; sent: number; received: number; refresh: number }
  | { op: 'count'; key: number; sent: number; received: number; refresh: number }
  | { op: 'leave'; key: number; refresh: number }
  | { op: 'delete'; key: number }
  // Bursts, so the size swings between a few keys and hundreds and compact() has room to shrink.
  | { op: 'addRange'; from: number; count: number; refresh: number }
  | { op: 'deleteBut'; every: number }
  | { op: 'compact' };

const key = fc.integer({ min: 0, max: 300 });
// Byte counts past 2^32 and 2^53 - 1 (a socket's lifetime counters are 64-bit): kept exactly as doubles hold them.
const bytes = fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER));
const refresh = fc.nat({ max: 1_000_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), key, sent: bytes, received: bytes, refresh }),
  fc.record({ op: fc.constant('count' as const), key, sent: bytes, received: bytes, refresh }),
  fc.record({ op: fc.constant('leave' as const), key, refresh }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({ op: fc.constant('addRange' as const), from: key, count: fc.integer({ min: 1, max: 300 }), refresh }),
  fc.record({ op: fc.constant('deleteBut' as const), every: fc.integer({ min: 2, max: 16 }) }),
  fc.constant({ op: 'compact' as const }),
);

describe('SeenSockets', () => {
  it('holds what a Map of entries would, in insertion order, through adds, deletes, counts and compactions', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        // Compacting above 16 slots: the ops' few hundred keys grow and shrink it past that many times.
        const seen = new SeenSockets<number>(16);
        const model = new Map<number, Entry>();
        for (const o of ops) {
          if (o.op === 'compact') seen.compact();
          else if (o.op === 'addRange') {
            for (let k = o.from; k < o.from + o.count; k++) {
              if (model.has(k)) continue;
              seen.add(k, k, k + 1, o.refresh);
              model.set(k, { sent: k, received: k + 1, lastCounted: o.refresh, present: true });
            }
          } else if (o.op === 'deleteBut') {
            for (const k of [...model.keys()]) {
              if (k % o.every === 0) continue;
              seen.delete(k);
              model.delete(k);
            }
          } else if (o.op === 'delete') {
            seen.delete(o.key);
            model.delete(o.key);
          } else if (o.op === 'add') {
            if (model.has(o.key)) continue; // add() is for a key not kept (the tracker looks it up first)
            seen.add(o.key, o.sent, o.received, o.refresh);
            model.set(o.key, { sent: o.sent, received: o.received, lastCounted: o.refresh, present: true });
          } else {
            const slot = seen.slotOf(o.key);
            const entry = model.get(o.key);
            expect(slot >= 0).toBe(entry !== undefined);
            if (entry === undefined) continue;
            if (o.op === 'count') {
              seen.count(slot, o.sent, o.received, o.refresh);
              Object.assign(entry, { sent: o.sent, received: o.received, lastCounted: o.refresh, present: true });
            } else {
              seen.leave(slot, o.refresh);
              Object.assign(entry, { lastCounted: o.refresh, present: false });
            }
          }
        }
        expect(seen.size).toBe(model.size);
        expect(contents(seen)).toEqual([...model.entries()]);
      }),
      { numRuns: 300 },
    );
  });

  it('reuses freed slots, and shrinks its arrays once most sockets have gone, keeping the rest', () => {
    const seen = new SeenSockets<number>();
    for (let k = 0; k < 5000; k++) seen.add(k, k * 10, k * 20, 7);
    const grown = seen.capacity;
    expect(grown).toBeGreaterThanOrEqual(5000);
    for (let k = 0; k < 4900; k++) seen.delete(k);
    // A freed slot is taken again before the arrays grow.
    seen.add(-1, 1, 2, 8);
    expect(seen.capacity).toBe(grown);

    seen.compact();
    expect(seen.capacity).toBeLessThan(grown / 4);
    const kept = contents(seen);
    expect(kept).toHaveLength(101);
    expect(kept[0]).toEqual([4900, { sent: 49_000, received: 98_000, lastCounted: 7, present: true }]);
    expect(kept[100]).toEqual([-1, { sent: 1, received: 2, lastCounted: 8, present: true }]);
  });

  it('lets forEach delete the key it visits, and visits every other key once', () => {
    const seen = new SeenSockets<string>();
    for (const k of ['a', 'b', 'c', 'd']) seen.add(k, 0, 0, 1);
    const visited: string[] = [];
    seen.forEach((_slot, k) => {
      visited.push(k);
      if (k === 'a' || k === 'c') seen.delete(k);
    });
    expect(visited).toEqual(['a', 'b', 'c', 'd']);
    expect(seen.size).toBe(2);
    expect(seen.slotOf('a')).toBe(-1);
    expect(seen.slotOf('b')).toBeGreaterThanOrEqual(0);
  });
});
