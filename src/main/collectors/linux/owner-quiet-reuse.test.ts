/**
 * Quiet answers fill one map again rather than a new one each refresh (issue 11: a new 100k-inode map was 4 MB
 * outside the owner thread's heap per refresh): the owners stay right from one answer to the next.
 */
import { describe, expect, it } from 'vitest';
import { InodeMap, InodeSet } from './inode-table';
import { QuietPasses } from './owner-quiet';

function tableOf(inodes: number[]): InodeSet {
  const table = new InodeSet();
  for (const inode of inodes) table.add(inode);
  return table;
}

describe('quiet answers', () => {
  it('reuse the last answer’s map, emptied, with the owners of the new table only', () => {
    const quiet = new QuietPasses();
    const owners = new InodeMap();
    owners.set(500, 10);
    owners.set(501, 20);
    quiet.remember(
      tableOf([500, 501, 777]),
      owners,
      new Map([
        [10, 100],
        [20, 200],
      ]),
    );
    const ticks = (pid: number): number => (pid === 10 ? 100 : 200);
    const first = quiet.answer(tableOf([500, 501, 777]), ticks);
    expect(first && [...first.owners]).toEqual([
      [500, 10],
      [501, 20],
    ]);
    expect(first?.unowned).toBe(1);
    const second = quiet.answer(tableOf([501]), ticks);
    expect(second?.owners).toBe(first?.owners);
    expect(second && [...second.owners]).toEqual([[501, 20]]);
    expect(second?.owners.has(500)).toBe(false);
    // The full pass's map is never the one handed out.
    expect(second?.owners).not.toBe(owners);
    expect(owners.get(500)).toBe(10);
  });
});
