import { describe, expect, it, vi } from 'vitest';
import { headMessage, snapshotHead, type SnapshotHead } from '../../shared/wire-head';
import type { EarlySocket } from '../api/browser-socket';
import type { SocketLike } from '../api/ws-api-types';
import { conn, snap } from '../store/test-helpers';
import {
  afterNextPaint,
  afterPresented,
  FIRST_ROWS_TIMING,
  PRESENT_WAIT_MS,
  runBoot,
  whenPresented,
  type BootSteps,
  type ObserverClass,
} from './boot-sequence';

const VIEW = { sort: null, filter: '', hideTimeWait: false };

function headText(): string {
  const head = snapshotHead(snap(7, [conn(1), conn(2), conn(3)]), { ...VIEW, rows: 2 });
  if (!head) throw new Error('no head');
  return headMessage(head);
}

function earlySocket(): EarlySocket {
  return { socket: {} as SocketLike, messages: [], opened: true, closed: null, onArrive: null };
}

/** Steps that record what happened, in order; paints and timers run when the test says. */
function recorder(drawResult = true) {
  const log: string[] = [];
  const drawn: SnapshotHead[] = [];
  let paint: (() => void) | null = null;
  let timer: (() => void) | null = null;
  const steps: BootSteps = {
    draw: (head) => {
      drawn.push(head);
      log.push('draw');
      return drawResult;
    },
    afterPaint: (then) => {
      log.push('afterPaint');
      paint = then;
    },
    startApp: () => log.push('startApp'),
    later: (then) => {
      timer = then;
    },
  };
  return { log, drawn, steps, paint: () => paint?.(), fire: () => timer?.() };
}

/** A message arriving on the early socket, as browser-socket.ts reports it. */
function arrive(early: EarlySocket, data: unknown): void {
  early.messages.push(data);
  early.onArrive?.();
}

describe('runBoot', () => {
  it('starts the app at once without an early socket (Electron)', () => {
    const r = recorder();
    runBoot(null, r.steps);
    expect(r.log).toEqual(['startApp']);
  });

  it('draws the head when it comes, and starts the app only after that frame is painted', () => {
    const r = recorder();
    const early = earlySocket();
    runBoot(early, r.steps);
    expect(r.log).toEqual([]);
    arrive(early, headText());
    expect(r.log).toEqual(['draw', 'afterPaint']);
    expect(r.drawn[0]?.total).toBe(3);
    expect(r.drawn[0]?.rows.map((c) => c.localPort)).toEqual([1, 2]);
    r.paint();
    expect(r.log).toEqual(['draw', 'afterPaint', 'startApp']);
    // It no longer watches the socket: the app takes it over and reads everything again.
    expect(early.onArrive).toBeNull();
    r.fire();
    expect(r.log.filter((s) => s === 'startApp')).toHaveLength(1);
  });

  it('reads a head that arrived before it ran', () => {
    const r = recorder();
    const early = earlySocket();
    early.messages.push(headText());
    runBoot(early, r.steps);
    expect(r.log).toEqual(['draw', 'afterPaint']);
  });

  it('passes over other pushes (status) and draws the head after them', () => {
    const r = recorder();
    const early = earlySocket();
    runBoot(early, r.steps);
    arrive(early, JSON.stringify({ type: 'push', channel: 'status', payload: {} }));
    expect(r.log).toEqual([]);
    arrive(early, headText());
    expect(r.log).toEqual(['draw', 'afterPaint']);
  });

  it.each([
    ['a binary snapshot frame', new ArrayBuffer(16)],
    ['a JSON snapshot push', JSON.stringify({ type: 'push', channel: 'snapshot', payload: {} })],
    ['an answer', JSON.stringify({ type: 'result', id: 1, result: { ok: true, value: 1 } })],
    ['a malformed head', JSON.stringify({ type: 'push', channel: 'head', payload: { seq: 'x' } })],
    ['text that is not JSON', '{"type":"pu'],
  ])('starts the app without drawing at %s', (_name, data) => {
    const r = recorder();
    const early = earlySocket();
    runBoot(early, r.steps);
    arrive(early, data);
    arrive(early, headText());
    expect(r.log).toEqual(['startApp']);
  });

  it('starts the app when the socket closes before a head', () => {
    const r = recorder();
    const early = earlySocket();
    runBoot(early, r.steps);
    early.closed = { ev: { code: 1008 } };
    early.onArrive?.();
    expect(r.log).toEqual(['startApp']);
  });

  it('stops waiting after its time, and draws no head that comes later', () => {
    const r = recorder();
    const early = earlySocket();
    runBoot(early, r.steps, 50);
    r.fire();
    expect(r.log).toEqual(['startApp']);
    arrive(early, headText());
    expect(r.log).toEqual(['startApp']);
  });

  it('starts the app at once when the head is not drawn (another view than the saved one)', () => {
    const r = recorder(false);
    const early = earlySocket();
    runBoot(early, r.steps);
    arrive(early, headText());
    expect(r.log).toEqual(['draw', 'startApp']);
  });

  it('waits the given time', () => {
    const later = vi.fn();
    runBoot(earlySocket(), { draw: () => true, afterPaint: vi.fn(), startApp: vi.fn(), later }, 800);
    expect(later).toHaveBeenCalledWith(expect.any(Function), 800);
  });
});

describe('afterNextPaint', () => {
  it('calls back after the frame: in a task queued from its animation callback', async () => {
    const then = vi.fn();
    const clock = { frame: (): void => undefined };
    afterNextPaint(then, { requestAnimationFrame: (cb) => (clock.frame = cb), setTimeout: () => 0 });
    expect(then).not.toHaveBeenCalled();
    clock.frame();
    expect(then).not.toHaveBeenCalled(); // Not in the frame's callback itself: that runs before the paint.
    await vi.waitFor(() => expect(then).toHaveBeenCalledTimes(1));
  });

  it('calls back all the same in a tab that paints no frame (hidden), once, even if the frame comes later', async () => {
    const then = vi.fn();
    const clock = { frame: (): void => undefined, timer: (): void => undefined };
    afterNextPaint(
      then,
      { requestAnimationFrame: (cb) => (clock.frame = cb), setTimeout: (cb) => (clock.timer = cb) },
      100,
    );
    clock.timer();
    expect(then).toHaveBeenCalledTimes(1);
    clock.frame();
    await new Promise((r) => setTimeout(r, 20));
    expect(then).toHaveBeenCalledTimes(1);
  });
});

/** A PerformanceObserver double: report() hands it entries as Chromium would once a frame is presented. */
function fakeObserver(types: readonly string[] = ['element', 'paint']) {
  const made: { callback: PerformanceObserverCallback; options: unknown; connected: boolean }[] = [];
  class Observer {
    static supportedEntryTypes = types;
    private readonly me: (typeof made)[number];
    constructor(callback: PerformanceObserverCallback) {
      this.me = { callback, options: null, connected: false };
      made.push(this.me);
    }
    observe(options: unknown): void {
      this.me.options = options;
      this.me.connected = true;
    }
    disconnect(): void {
      this.me.connected = false;
    }
  }
  const report = (identifier: string): void => {
    for (const o of made.filter((m) => m.connected)) {
      const list = {
        getEntries: () => [{ entryType: 'element', identifier }],
      } as unknown as PerformanceObserverEntryList;
      o.callback(list, o as unknown as PerformanceObserver);
    }
  };
  return { Observer: Observer as unknown as ObserverClass, made, report };
}

/** A clock whose frame and timers run when the test says. */
function manualClock() {
  const frames: (() => void)[] = [];
  const timers: { then: () => void; ms: number }[] = [];
  return {
    clock: {
      requestAnimationFrame: (cb: () => void) => frames.push(cb),
      setTimeout: (then: () => void, ms: number) => timers.push({ then, ms }),
    },
    frames,
    timers,
  };
}

describe('afterPresented', () => {
  it("starts the app when the rows' frame is presented, not when it is painted", async () => {
    const then = vi.fn();
    const { Observer, made, report } = fakeObserver();
    const c = manualClock();
    afterPresented(then, c.clock, Observer);
    expect(made[0]?.options).toEqual({ type: 'element', buffered: true });
    c.frames.shift()?.();
    await vi.waitFor(() => expect(c.timers.some((t) => t.ms === PRESENT_WAIT_MS)).toBe(true)); // after the paint
    // Painted, not yet on screen: the old code (afterNextPaint) started the app here.
    expect(then).not.toHaveBeenCalled();
    report('something else');
    expect(then).not.toHaveBeenCalled();
    report(FIRST_ROWS_TIMING);
    expect(then).toHaveBeenCalledTimes(1);
    // The cap after the paint finds it called already.
    c.timers.filter((t) => t.ms !== 100).forEach((t) => t.then());
    expect(then).toHaveBeenCalledTimes(1);
    expect(made[0]?.connected).toBe(false);
  });

  it('starts it at most waitMs after the paint when no presentation is reported, and stops watching', async () => {
    const then = vi.fn();
    const { Observer, made, report } = fakeObserver();
    const c = manualClock();
    afterPresented(then, c.clock, Observer, 150);
    c.frames.shift()?.();
    await vi.waitFor(() => expect(c.timers.some((t) => t.ms === 150)).toBe(true));
    c.timers.find((t) => t.ms === 150)?.then();
    expect(then).toHaveBeenCalledTimes(1);
    expect(made[0]?.connected).toBe(false);
    report(FIRST_ROWS_TIMING);
    expect(then).toHaveBeenCalledTimes(1);
  });

  it('starts it after the paint, as before, where the browser has no Element Timing (Firefox, Safari)', async () => {
    const then = vi.fn();
    const { Observer, made } = fakeObserver(['paint', 'navigation']);
    const c = manualClock();
    afterPresented(then, c.clock, Observer);
    expect(made).toHaveLength(0);
    c.frames.shift()?.();
    await vi.waitFor(() => expect(then).toHaveBeenCalledTimes(1));
    expect(whenPresented(FIRST_ROWS_TIMING, then, null)).toBeNull();
  });

  it('starts it after the paint when the observer throws (the page must not stay on its first screen)', async () => {
    const then = vi.fn();
    const { Observer } = fakeObserver();
    const Throwing = class extends (Observer as unknown as new (cb: PerformanceObserverCallback) => object) {
      observe(): void {
        throw new TypeError('observe failed');
      }
    } as unknown as ObserverClass;
    const c = manualClock();
    afterPresented(then, c.clock, Throwing);
    c.frames.shift()?.();
    await vi.waitFor(() => expect(then).toHaveBeenCalledTimes(1));
  });
});
