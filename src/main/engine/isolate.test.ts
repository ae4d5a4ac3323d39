import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Collector } from '../collectors/types';
import { CollectionDeadline, runIsolated } from './isolate';

/** A collector that answers after `ms` (never, for null), and says whether its signal was aborted when it ran. */
function collector(name: string, ms: number | null, seen: { signal?: AbortSignal } = {}): Collector<string> {
  return {
    name,
    collect: ({ signal }) => {
      seen.signal = signal;
      return new Promise((resolve) => {
        if (ms !== null) setTimeout(() => resolve({ data: name, warnings: [] }), ms);
      });
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CollectionDeadline', () => {
  it('times out only the collectors still running, with one timer and one signal for all of them', async () => {
    vi.useFakeTimers();
    const deadline = new CollectionDeadline(100);
    const fast: { signal?: AbortSignal } = {};
    const hung: { signal?: AbortSignal } = {};
    const results = Promise.all([
      runIsolated(collector('fast', 10, fast), deadline),
      runIsolated(collector('hung', null, hung), deadline),
      runIsolated(
        {
          name: 'throws',
          collect: () => {
            throw new Error('sync throw');
          },
        },
        deadline,
      ),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    // The fast collector's own timer (10 ms) and the shared deadline: one timeout timer, not one per collector.
    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    const [a, b, c] = await results;
    deadline.end();
    expect(a.report.ok).toBe(true);
    expect(a.data).toBe('fast');
    expect(b.report.ok).toBe(false);
    expect(b.report.error).toBe('hung did not finish within 100 ms');
    expect(c.report.error).toBe('sync throw');
    expect(hung.signal).toBe(fast.signal);
    expect(hung.signal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no timer behind once ended, and a collector run on its own keeps its own timeout', async () => {
    vi.useFakeTimers();
    const deadline = new CollectionDeadline(1000);
    const done = runIsolated(collector('quick', 5), deadline);
    await vi.advanceTimersByTimeAsync(5);
    expect((await done).report.ok).toBe(true);
    deadline.end();
    expect(vi.getTimerCount()).toBe(0);
    const alone = runIsolated(collector('slow', null), 50);
    await vi.advanceTimersByTimeAsync(50);
    expect((await alone).report.error).toBe('slow did not finish within 50 ms');
    expect(vi.getTimerCount()).toBe(0);
  });
});
