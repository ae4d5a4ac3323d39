import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InodeMap, InodeSet } from './inode-table';

// Inodes as the kernel hands them out, plus large ones (above 2^32) and colliding neighbours.
const inode = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 40 }));

describe('InodeSet', () => {
  it('answers like a Set<number>', () => {
    fc.assert(
      fc.property(fc.array(inode, { maxLength: 300 }), fc.array(inode, { maxLength: 50 }), (added, probes) => {
        const set = new InodeSet();
        const reference = new Set<number>();
        for (const i of added) {
          // add() answers whether the inode was new, as a has() before it would.
          expect(set.add(i)).toBe(!reference.has(i));
          reference.add(i);
        }
        expect(set.size).toBe(reference.size);
        for (const i of [...added, ...probes]) expect(set.has(i)).toBe(reference.has(i));
        const seen: number[] = [];
        set.forEach((i) => seen.push(i));
        expect(seen.sort((a, b) => a - b)).toEqual([...reference].sort((a, b) => a - b));
      }),
    );
  });

  it('never holds 0 (the empty-slot mark)', () => {
    const set = new InodeSet();
    expect(set.add(0)).toBe(true);
    expect(set.add(0)).toBe(true);
    expect(set.size).toBe(0);
    expect(set.has(0)).toBe(false);
  });
});

describe('InodeMap', () => {
  it('answers like a Map<number, number>, in insertion order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(inode, fc.integer({ min: 1, max: 2 ** 31 - 1 })), { maxLength: 300 }),
        (entries) => {
          const map = new InodeMap();
          const reference = new Map<number, number>();
          for (const [k, v] of entries) {
            map.set(k, v);
            reference.set(k, v);
          }
          expect(map.size).toBe(reference.size);
          expect([...map]).toEqual([...reference]);
          for (const [k] of entries) expect(map.get(k)).toBe(reference.get(k));
          expect(map.get(123456789012)).toBe(reference.get(123456789012));
          expect(map.has(0)).toBe(false);
        },
      ),
    );
  });
});

describe('InodeMap.claim()', () => {
  it('keeps the first value claimed for each inode and answers it, like Map get-or-set, in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(inode, fc.integer({ min: 1, max: 2 ** 31 - 1 })), { maxLength: 300 }), (claims) => {
        const map = new InodeMap();
        const reference = new Map<number, number>();
        for (const [k, v] of claims) {
          if (!reference.has(k)) reference.set(k, v);
          expect(map.claim(k, v)).toBe(reference.get(k));
        }
        expect(map.size).toBe(reference.size);
        expect([...map]).toEqual([...reference]);
        expect(map.claim(0, 5)).toBe(5);
        expect(map.has(0)).toBe(false);
      }),
    );
  });
});

describe('clear()', () => {
  it('empties a set and a map, which then hold exactly what is added again', () => {
    fc.assert(
      fc.property(fc.array(inode), fc.array(inode), (before, after) => {
        const set = new InodeSet(before.length);
        const map = new InodeMap(before.length);
        before.forEach((k, i) => {
          set.add(k);
          map.set(k, i + 1);
        });
        set.clear();
        map.clear();
        expect(set.size).toBe(0);
        expect(map.size).toBe(0);
        after.forEach((k, i) => {
          set.add(k);
          map.set(k, i + 1);
        });
        const expected = new Map(after.map((k, i) => [k, i + 1]));
        for (const k of before) {
          expect(set.has(k)).toBe(expected.has(k));
          expect(map.get(k)).toBe(expected.get(k));
        }
        expect(set.size).toBe(expected.size);
        expect([...map]).toEqual([...expected]);
      }),
    );
  });
});
