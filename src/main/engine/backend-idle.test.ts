/**
 * `serve` with no one watching (issue 8): an unwatched server spent 9 min 44 s
 * of CPU in 54 minutes. With idleAfterMs, no subscriber for that long means
 * no collection, and the next subscriber gets a fresh snapshot. Fake timers
 * stand in for the minutes; the count of collector calls is the measure.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushMessage } from '../../shared/push';
import type { PlatformCollectors } from '../collectors/types';
import { createBackend } from './backend';
import { loopbackListener, platformWithConnections } from './test-collectors';

function countingCollectors() {
  const calls = { connections: 0 };
  const collectors = platformWithConnections(() => {
    calls.connections++;
    // A new socket every collection, so each snapshot differs from the one before.
    return [loopbackListener(1000 + calls.connections)];
  });
  return { collectors, calls };
}

const INTERVAL = 1000;
/** The grace before idling: a page reload within it does not wait for a cold collection. */
const GRACE = 5 * INTERVAL;

function recorder() {
  const got: PushMessage[] = [];
  return { got, listener: (m: PushMessage) => void got.push(m), channels: () => got.map((m) => m.channel) };
}

/** The browser server's engine: it stops collecting GRACE after its last subscriber left. */
const idleBackend = (collectors: PlatformCollectors) =>
  createBackend({ mode: 'browser', allowEndProcess: false, collectors, intervalMs: INTERVAL, idleAfterMs: GRACE });

const snapshotsIn = (got: PushMessage[]) => got.flatMap((m) => (m.channel === 'snapshot' ? [m.payload] : []));

describe('backend with idleAfterMs', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('started with no subscriber: one snapshot at once, collection during the grace, then nothing', async () => {
    const { collectors, calls } = countingCollectors();
    const b = idleBackend(collectors);
    b.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.connections).toBe(1);
    await vi.advanceTimersByTimeAsync(GRACE + INTERVAL);
    const afterGrace = calls.connections;
    expect(afterGrace).toBeLessThanOrEqual(1 + GRACE / INTERVAL + 1);
    await vi.advanceTimersByTimeAsync(60 * INTERVAL);
    expect(calls.connections).toBe(afterGrace);
    await b.stop();
  });

  it('collects at once for the first subscriber, sends it that fresh snapshot, and stops when it leaves', async () => {
    const { collectors, calls } = countingCollectors();
    const b = idleBackend(collectors);
    b.start();
    const first = recorder();
    const leave = b.subscribe(first.listener);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.connections).toBe(1);
    expect(snapshotsIn(first.got).map((s) => s.seq)).toEqual([1]);

    // Watched: one collection per interval, as diffs.
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(calls.connections).toBe(4);
    expect(first.channels().filter((c) => c === 'diff')).toHaveLength(3);

    // Nobody left: after the grace, collection stops for good.
    leave();
    await vi.advanceTimersByTimeAsync(GRACE + INTERVAL);
    const idleAt = calls.connections;
    expect(idleAt).toBeLessThanOrEqual(4 + GRACE / INTERVAL + 1);
    await vi.advanceTimersByTimeAsync(120 * INTERVAL);
    expect(calls.connections).toBe(idleAt);

    // The next subscriber wakes it with a fresh collection, not the two-minute-old snapshot.
    const second = recorder();
    b.subscribe(second.listener);
    expect(snapshotsIn(second.got)).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.connections).toBe(idleAt + 1);
    const [fresh] = snapshotsIn(second.got);
    expect(fresh?.seq).toBe(idleAt + 1);
    expect(fresh?.connections.map((c) => c.localPort)).toEqual([1000 + idleAt + 1]);
    // ...and diffs after it, none before it.
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(second.channels().filter((c) => c === 'snapshot' || c === 'diff')).toEqual(['snapshot', 'diff']);
    await b.stop();
  });

  it('a subscriber joining a watched engine gets the newest snapshot at once and no extra collection', async () => {
    const { collectors, calls } = countingCollectors();
    const b = idleBackend(collectors);
    b.start();
    b.subscribe(recorder().listener);
    await vi.advanceTimersByTimeAsync(10);
    const late = recorder();
    b.subscribe(late.listener);
    expect(snapshotsIn(late.got).map((s) => s.seq)).toEqual([1]);
    expect(calls.connections).toBe(1);
    await b.stop();
  });

  it('a page reload within the grace gets the newest snapshot at once, with no extra collection', async () => {
    const { collectors, calls } = countingCollectors();
    const b = idleBackend(collectors);
    b.start();
    const leave = b.subscribe(recorder().listener);
    await vi.advanceTimersByTimeAsync(INTERVAL + 10);
    const before = calls.connections;
    leave();
    const reloaded = recorder();
    b.subscribe(reloaded.listener);
    expect(snapshotsIn(reloaded.got).map((s) => s.seq)).toEqual([before]);
    expect(calls.connections).toBe(before);
    await b.stop();
  });

  it('a user pause survives the quiet spell: reconnecting does not resume collection', async () => {
    const { collectors, calls } = countingCollectors();
    const b = idleBackend(collectors);
    b.start();
    const leave = b.subscribe(recorder().listener);
    await vi.advanceTimersByTimeAsync(10);
    await b.handlers.pause();
    leave();
    b.subscribe(recorder().listener);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(calls.connections).toBe(1);
    await b.stop();
  });

  it('a newcomer waiting for the waking collection still gets a snapshot when a user pauses meanwhile', async () => {
    const { collectors } = countingCollectors();
    const quick = collectors.connections.collect;
    let hold = false;
    collectors.connections = {
      name: 'connections',
      // The waking collection is slow, so Pause comes while it runs (and drops it).
      collect: async (context) => {
        if (hold) await new Promise((r) => setTimeout(r, 5 * INTERVAL));
        return quick(context);
      },
    };
    const b = idleBackend(collectors);
    b.start();
    await vi.advanceTimersByTimeAsync(GRACE + 2 * INTERVAL);
    hold = true;
    const late = recorder();
    b.subscribe(late.listener);
    await vi.advanceTimersByTimeAsync(10);
    expect(snapshotsIn(late.got)).toHaveLength(0);
    await b.handlers.pause();
    expect(snapshotsIn(late.got)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(snapshotsIn(late.got)).toHaveLength(1);
    await b.stop();
  });

  it('without the option (Electron) the engine collects with or without listeners', async () => {
    const { collectors, calls } = countingCollectors();
    const b = createBackend({ mode: 'electron', allowEndProcess: false, collectors, intervalMs: INTERVAL });
    b.start();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL + 10);
    expect(calls.connections).toBe(3);
    await b.stop();
  });
});
