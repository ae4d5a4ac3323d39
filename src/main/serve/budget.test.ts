/** The server-wide budget's rules, on plain members (limits.test.ts runs them over real sockets). */
import { describe, expect, it } from 'vitest';
import { BufferBudget, type BudgetMember } from './budget';

function member(buffered: number): BudgetMember & { reasons: string[]; bufferedAmount: number } {
  const m = {
    bufferedAmount: buffered,
    reasons: [] as string[],
    evict(reason: string) {
      m.reasons.push(reason);
      m.bufferedAmount = 0; // cut off: its bytes are freed
    },
  };
  return m;
}

describe('BufferBudget', () => {
  it('admits up to maxClients and counts the refused', () => {
    const budget = new BufferBudget({ maxClients: 2, maxBufferedBytes: 100 });
    expect(budget.admit(member(0))).toBe(true);
    expect(budget.admit(member(0))).toBe(true);
    expect(budget.admit(member(0))).toBe(false);
    expect(budget.stats()).toMatchObject({ clients: 2, refusedClients: 1 });
  });

  it('makes room by evicting the client holding the most, not the one asking', () => {
    const budget = new BufferBudget({ maxClients: 8, maxBufferedBytes: 100 });
    const asker = member(0);
    const hog = member(70);
    const small = member(20);
    for (const m of [asker, hog, small]) budget.admit(m);
    expect(budget.reserve(asker, 30)).toBe(true);
    expect(hog.reasons).toEqual([expect.stringContaining('not reading')]);
    expect(small.reasons).toEqual([]);
    expect(asker.reasons).toEqual([]);
    expect(budget.stats()).toMatchObject({ clients: 2, evictedClients: 1 });
  });

  it('evicts the asker itself when it is the one holding the most', () => {
    const budget = new BufferBudget({ maxClients: 8, maxBufferedBytes: 100 });
    const asker = member(80);
    const other = member(10);
    budget.admit(asker);
    budget.admit(other);
    expect(budget.reserve(asker, 30)).toBe(false);
    expect(asker.reasons).toHaveLength(1);
    expect(other.reasons).toEqual([]);
  });

  it('refuses (and cuts off) a single message larger than the whole limit', () => {
    const budget = new BufferBudget({ maxClients: 8, maxBufferedBytes: 100 });
    const asker = member(0);
    budget.admit(asker);
    expect(budget.reserve(asker, 101)).toBe(false);
    expect(asker.reasons).toEqual([expect.stringContaining("over the server's send limit")]);
  });

  it('records the peak of queued bytes as messages are queued', () => {
    const budget = new BufferBudget({ maxClients: 8, maxBufferedBytes: 100 });
    const a = member(0);
    budget.admit(a);
    a.bufferedAmount = 60;
    budget.noteSent();
    a.bufferedAmount = 10;
    budget.noteSent();
    expect(budget.stats()).toMatchObject({ bufferedBytes: 10, peakBufferedBytes: 60 });
  });
});
