/**
 * collectSnapshot hands the next collection the last one's deadline (one AbortController less per refresh, issue 11)
 * only when nothing of the last collection can be aborted by it: no timeout, no failed collector, no listener left
 * on its signal.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Collector } from '../collectors/types';
import { collectSnapshot } from './collect';
import { emptyPlatform } from './test-collectors';

/** A routes collector that records each collection's signal, and does `during` with it. */
function watching(signals: AbortSignal[], during: (signal: AbortSignal) => Promise<void> = async () => undefined) {
  const routes: Collector<[]> = {
    name: 'routes',
    collect: async ({ signal }) => {
      signals.push(signal);
      await during(signal);
      return { data: [], warnings: [] };
    },
  };
  return { ...emptyPlatform('test'), routes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('collectSnapshot deadlines', () => {
  it('gives the next collection the same signal when the last one ended in time with no listener left', async () => {
    const signals: AbortSignal[] = [];
    const platform = watching(signals, async (signal) => {
      // A listener added and removed within the collection (what a lane call does) does not stop the reuse.
      const onAbort = (): void => undefined;
      signal.addEventListener('abort', onAbort);
      signal.removeEventListener('abort', onAbort);
    });
    await collectSnapshot(platform, { seq: 1, timeoutMs: 1000 });
    await collectSnapshot(platform, { seq: 2, timeoutMs: 1000 });
    expect(signals[1]).toBe(signals[0]);
    // Another timeout: a deadline of its own.
    await collectSnapshot(platform, { seq: 3, timeoutMs: 2000 });
    expect(signals[2]).not.toBe(signals[1]);
  });

  it('never reuses a signal something still listens to, nor one that expired', async () => {
    const signals: AbortSignal[] = [];
    let aborted = 0;
    const leaving = watching(signals, async (signal) => {
      signal.addEventListener('abort', () => aborted++);
    });
    await collectSnapshot(leaving, { seq: 1, timeoutMs: 1000 });
    await collectSnapshot(leaving, { seq: 2, timeoutMs: 1000 });
    expect(signals[1]).not.toBe(signals[0]);
    vi.useFakeTimers();
    const hanging = watching(
      signals,
      (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    );
    const late = collectSnapshot(hanging, { seq: 3, timeoutMs: 50 });
    await vi.advanceTimersByTimeAsync(50);
    const snapshot = await late;
    expect(snapshot.collectors.find((c) => c.name === 'routes')?.error).toBe('routes did not finish within 50 ms');
    vi.useRealTimers();
    await collectSnapshot(watching(signals), { seq: 4, timeoutMs: 50 });
    expect(signals[3]).not.toBe(signals[2]);
    expect(signals[3]?.aborted).toBe(false);
    // The listeners left by the first two collections were never called by a later timeout.
    expect(aborted).toBe(0);
  });

  it('never reuses the signal of a collection in which a collector failed (its work may still hold it)', async () => {
    const signals: AbortSignal[] = [];
    const failing: Collector<[]> = {
      name: 'interfaces',
      collect: () => Promise.reject(new Error('gone')),
    };
    const platform = { ...watching(signals), interfaces: failing };
    const first = await collectSnapshot(platform, { seq: 1, timeoutMs: 1000 });
    expect(first.collectors.find((c) => c.name === 'interfaces')?.error).toBe('gone');
    await collectSnapshot(platform, { seq: 2, timeoutMs: 1000 });
    expect(signals[1]).not.toBe(signals[0]);
  });
});
