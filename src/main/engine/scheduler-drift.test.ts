/**
 * The scheduler's drift compensation, on fake timers: a tick starts an
 * interval after the previous one STARTED, so collection time does not
 * stretch the period; a collection longer than the interval is followed at
 * once, never overlapped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Collector, PlatformCollectors } from '../collectors/types';
import { Scheduler } from './scheduler';

/** Collectors whose connection scan takes `durations[i]` ms of (fake) time on the i-th tick; records when each started. */
function timedPlatform(durations: number[]): { platform: PlatformCollectors; starts: number[] } {
  const starts: number[] = [];
  const t0 = Date.now();
  const quick = <T>(name: string, data: T): Collector<T> => ({ name, collect: async () => ({ data, warnings: [] }) });
  const platform: PlatformCollectors = {
    platform: 'test',
    connections: {
      name: 'connections',
      collect: async () => {
        const took = durations[starts.length] ?? durations[durations.length - 1] ?? 0;
        starts.push(Date.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, took));
        return { data: [], warnings: [] };
      },
    },
    routes: quick('routes', []),
    interfaces: quick('interfaces', []),
    protocolStats: quick('protocol-stats', {}),
    processInfo: async () => null,
  };
  return { platform, starts };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Scheduler drift compensation', () => {
  it('starts ticks an interval apart however long each collection takes (below the interval)', async () => {
    const { platform, starts } = timedPlatform([300, 700, 100, 900]);
    const scheduler = new Scheduler({ collectors: platform, intervalMs: 1000 });
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(3_950);
    expect(starts).toEqual([0, 1000, 2000, 3000]);
    await scheduler.stop();
  });

  it('follows a collection longer than the interval at once, without overlap', async () => {
    const { platform, starts } = timedPlatform([1500, 1500, 200]);
    const scheduler = new Scheduler({ collectors: platform, intervalMs: 1000 });
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(3_500);
    // "At once" is Node's setTimeout(0), which waits 1 ms.
    expect(starts).toEqual([0, 1501, 3002]);
    await scheduler.stop();
  });

  it('uses a new interval from the next tick on', async () => {
    const { platform, starts } = timedPlatform([100]);
    const scheduler = new Scheduler({ collectors: platform, intervalMs: 1000 });
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(500);
    scheduler.setInterval(2000);
    await vi.advanceTimersByTimeAsync(4_600);
    expect(starts).toEqual([0, 2500, 4500]);
    await scheduler.stop();
  });
});
