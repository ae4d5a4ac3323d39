import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from '../../shared/model';
import type { Collector, PlatformCollectors } from '../collectors/types';
import { Scheduler } from './scheduler';

function collector<T>(name: string, collect: () => Promise<T>): Collector<T> {
  return { name, collect: async () => ({ data: await collect(), warnings: [] }) };
}

interface CallCounts {
  calls: number;
  active: number;
  maxActive: number;
}

function fakePlatform(overrides: Partial<PlatformCollectors> = {}): PlatformCollectors & { state: CallCounts } {
  const state: CallCounts = { calls: 0, active: 0, maxActive: 0 };
  const connections = collector<Connection[]>('connections', async () => {
    state.calls++;
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    await new Promise((r) => setTimeout(r, 30));
    state.active--;
    return [
      blankConnection({
        protocol: 'tcp',
        family: 4,
        localAddress: '127.0.0.1',
        localPort: state.calls,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        state: 'LISTEN',
      }),
    ];
  });
  return {
    state,
    platform: 'test',
    connections,
    routes: collector('routes', async () => []),
    interfaces: collector('interfaces', async () => []),
    protocolStats: collector('protocol-stats', async () => ({ Tcp: { InSegs: 1 } })),
    processInfo: async () => null,
    ...overrides,
  };
}

describe('Scheduler', () => {
  it('rejects intervals below 0.2 s and non-numbers', () => {
    const platform = fakePlatform();
    expect(() => new Scheduler({ collectors: platform, intervalMs: 100 })).toThrow(RangeError);
    expect(() => new Scheduler({ collectors: platform, intervalMs: Number.NaN })).toThrow(RangeError);
    expect(new Scheduler({ collectors: platform, intervalMs: 200 }).interval).toBe(200);
  });

  it('never overlaps two collections: takeNow joins the one under way', async () => {
    const platform = fakePlatform();
    const s = new Scheduler({ collectors: platform, intervalMs: 1000 });
    const [a, b, c] = await Promise.all([s.takeNow(), s.takeNow(), s.takeNow()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(platform.state.calls).toBe(1);
    expect(platform.state.maxActive).toBe(1);
  });

  it('ticks at the interval, yields a diff after the first tick, and pauses', async () => {
    const platform = fakePlatform();
    const ticks: number[] = [];
    const diffs: (number | null)[] = [];
    const s = new Scheduler({
      collectors: platform,
      intervalMs: 200,
      onTick: (t) => {
        ticks.push(t.snapshot.seq);
        diffs.push(t.diff ? t.diff.baseSeq : null);
      },
    });
    s.resume();
    await new Promise((r) => setTimeout(r, 700));
    s.pause();
    const seen = ticks.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(diffs[0]).toBeNull();
    expect(diffs[1]).toBe(1);
    expect(platform.state.maxActive).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    // Paused means frozen: not even the collection that was running when we paused is published.
    expect(ticks.length).toBe(seen);
    await s.stop();
  });

  it('drops a periodic collection that ends after Pause, but not one that takeNow asked for', async () => {
    let release: () => void = () => undefined;
    let collecting: () => void = () => undefined;
    const started = new Promise<void>((r) => (collecting = r));
    const held = new Promise<void>((r) => (release = r));
    let calls = 0;
    // Only the first collection is held until the test releases it.
    const platform = fakePlatform({
      routes: {
        name: 'routes',
        collect: async () => {
          if (calls++ === 0) {
            collecting();
            await held;
          }
          return { data: [], warnings: [] };
        },
      },
    });
    const seqs: number[] = [];
    const s = new Scheduler({ collectors: platform, intervalMs: 1000, onTick: (t) => seqs.push(t.snapshot.seq) });
    s.resume();
    await started;
    s.pause();
    release();
    await new Promise((r) => setTimeout(r, 100));
    expect(seqs).toEqual([]);
    expect(s.latest).toBeNull();

    // Paused, Refresh now: its result is published, numbered after what was shown.
    const asked = s.takeNow();
    expect((await asked).snapshot.seq).toBe(1);
    expect(seqs).toEqual([1]);
    await s.stop();
  });

  it('isolates collectors: one that throws and one that hangs leave errors, the rest arrive', async () => {
    const platform = fakePlatform({
      routes: { name: 'routes', collect: () => Promise.reject(new Error('route table unreadable')) },
      interfaces: { name: 'interfaces', collect: () => new Promise(() => undefined) },
      protocolStats: {
        name: 'protocol-stats',
        collect: () => {
          throw new Error('sync throw');
        },
      },
    });
    const s = new Scheduler({ collectors: platform, intervalMs: 1000, collectorTimeoutMs: 150 });
    const { snapshot } = await s.takeNow();
    expect(snapshot.connections).toHaveLength(1);
    const report = Object.fromEntries(snapshot.collectors.map((c) => [c.name, c]));
    expect(report.connections?.ok).toBe(true);
    expect(report.routes?.error).toBe('route table unreadable');
    expect(report.interfaces?.error).toMatch(/did not finish within 150 ms/);
    expect(report['protocol-stats']?.error).toBe('sync throw');
  });

  it('numbers snapshots in sequence and diffs against the previous one', async () => {
    const s = new Scheduler({ collectors: fakePlatform(), intervalMs: 1000 });
    const first = await s.takeNow();
    const second = await s.takeNow();
    expect(first.snapshot.seq).toBe(1);
    expect(second.snapshot.seq).toBe(2);
    expect(second.diff?.added).toHaveLength(1);
    expect(second.diff?.removed).toHaveLength(1);
  });
});
