/**
 * The benchmark's generated load: its churn per refresh (the oldest third closed, a third opened, a third
 * changing state), and unchanged rows kept as the same objects, as the netlink engine keeps them.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/model';
import { createSyntheticCollectors } from './synthetic';

const context = { signal: new AbortController().signal };

async function refresh(collectors: ReturnType<typeof createSyntheticCollectors>): Promise<Connection[]> {
  const result = await collectors.connections.collect(context);
  return result.data ?? [];
}

describe('createSyntheticCollectors', () => {
  it('starts with every row established and says it is generated', async () => {
    const collectors = createSyntheticCollectors(30, 0.1);
    const result = await collectors.connections.collect(context);
    expect(result.data?.length).toBe(30);
    expect(new Set(result.data?.map((c) => c.state))).toEqual(new Set(['ESTABLISHED']));
    expect(result.warnings[0]).toMatch(/synthetic load: 30 generated connections/);
    expect(collectors.platform).toBe('synthetic');
  });

  it('per refresh closes the oldest third of the churn, opens a third, changes a third', async () => {
    const collectors = createSyntheticCollectors(300, 0.1);
    const first = await refresh(collectors);
    const second = await refresh(collectors);
    const inodes = (rows: Connection[]) => rows.map((c) => c.inode);
    expect(second.length).toBe(300);
    // The 10 oldest are gone, the others keep their order, 10 new ones come last.
    expect(inodes(second).slice(0, 290)).toEqual(inodes(first).slice(10));
    expect(second.slice(290).map((c) => c.state)).toEqual(Array(10).fill('SYN_RECV'));
    expect(second.filter((c) => c.state === 'CLOSE_WAIT').length).toBe(10);
  });

  it('keeps the object of every row that did not change, and makes a new one for each that did', async () => {
    const collectors = createSyntheticCollectors(300, 0.1);
    const first = await refresh(collectors);
    const second = await refresh(collectors);
    const before = new Map(first.map((c) => [c.inode, c]));
    let kept = 0;
    for (const c of second) {
      const was = before.get(c.inode);
      if (was === undefined) continue;
      if (was.state === c.state) {
        expect(c).toBe(was);
        kept++;
      } else expect(c).not.toBe(was);
    }
    expect(kept).toBe(280);
    // A later refresh hands back the same rows again: the earlier snapshot's rows are never rewritten.
    const third = await refresh(collectors);
    expect(third.filter((c) => second.includes(c)).length).toBeGreaterThan(250);
    expect(first.every((c) => c.state === 'ESTABLISHED')).toBe(true);
  });
});
