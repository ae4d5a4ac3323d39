/**
 * What the page does before the app (boot.ts): in browser mode the socket is
 * open already (api/browser-socket.ts); if the snapshot's first screenful (the
 * head) comes before the app would have drawn it, it is drawn at once as plain
 * DOM (first-screen.ts) and the app is loaded (boot.ts) and started once
 * that frame is on screen (afterPresented).
 *
 * WHY start the app only then: React's first render of the app holds the main
 * thread for hundreds of ms at first load; a head that arrived meanwhile waited
 * behind it (note-s28: the early socket alone did not move the first paint).
 * Waiting costs the app's start at most `waitMs` for the head, then one frame
 * (PAINT_WAIT_MS at most) and its presentation (PRESENT_WAIT_MS at most): the rows show 160-600 ms sooner, the app's grid
 * answers 120-230 ms later than it painted before (bench/RESULTS.md, note-s29).
 */
import { readHead, type SnapshotHead } from '../../shared/wire-head';
import type { EarlySocket } from '../api/browser-socket';

/** How long the app waits for a head before it loads anyway (the server may be busy, or send none). */
export const HEAD_WAIT_MS = 800;

export interface BootSteps {
  /** Draws the first screen from this head; false if it did not (not the view the page will show). */
  draw(head: SnapshotHead): boolean;
  /** Calls `then` once the frame holding what draw() did is on screen (afterPresented), or at most a cap later. */
  afterPaint(then: () => void): void;
  /** Starts the app (main.tsx) once it has loaded; it takes the socket and the screen over. Called once. */
  startApp(): void;
  /** Calls `then` after `ms` (setTimeout). */
  later(then: () => void, ms: number): void;
}

/** A head push, 'ignore' for another push the app will read (status), or 'stop' for anything else (a snapshot). */
function kindOf(data: unknown): SnapshotHead | 'ignore' | 'stop' {
  if (typeof data !== 'string') return 'stop'; // Binary frames are whole snapshots.
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return 'stop';
  }
  if (typeof msg !== 'object' || msg === null) return 'stop';
  const { type, channel, payload } = msg as Record<string, unknown>;
  if (type !== 'push' || channel === 'snapshot') return 'stop';
  if (channel !== 'head') return 'ignore';
  return readHead(payload) ?? 'stop';
}

export function runBoot(early: EarlySocket | null, steps: BootSteps, waitMs = HEAD_WAIT_MS): void {
  let done = false;
  const finish = (drawn: boolean): void => {
    if (done) return;
    done = true;
    if (early) early.onArrive = null;
    if (drawn) steps.afterPaint(() => steps.startApp());
    else steps.startApp();
  };
  if (early === null) return finish(false); // Electron, or a socket that could not open: the app as always.

  let seen = 0;
  const check = (): void => {
    while (!done && seen < early.messages.length) {
      const kind = kindOf(early.messages[seen++]);
      if (kind === 'ignore') continue;
      finish(kind !== 'stop' && steps.draw(kind));
    }
    if (early.closed) finish(false);
  };
  early.onArrive = check;
  check();
  steps.later(() => finish(false), waitMs);
}

/** How long the app waits for the first screen's frame at most (a hidden tab paints no frame until shown). */
export const PAINT_WAIT_MS = 100;

export interface PaintClock {
  requestAnimationFrame(then: () => void): unknown;
  setTimeout(then: () => void, ms: number): unknown;
}

/**
 * Calls `then` once, after the next frame is painted: a task queued from the frame's animation callback (which
 * runs before the paint) runs after it. WHY the timer too: a background tab runs no animation callbacks until it
 * is shown, and the app must not wait for that (the early socket's buffer grows meanwhile).
 */
export function afterNextPaint(then: () => void, clock: PaintClock, waitMs = PAINT_WAIT_MS): void {
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    then();
  };
  clock.requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      once();
    };
    channel.port2.postMessage(null);
  });
  clock.setTimeout(once, waitMs);
}

/** How long after the first screen's frame is painted the app waits for that frame to be presented, at most. */
export const PRESENT_WAIT_MS = 150;

/** The `elementtiming` name of a cell of the first screen's rows (first-screen.ts drawHead): its frame's timing. */
export const FIRST_ROWS_TIMING = 'netscope-first-rows';

/** The Performance Observer the page has (the window's), or null where there is none. */
export type ObserverClass = new (callback: PerformanceObserverCallback) => PerformanceObserver;

/**
 * Calls `then` once an Element Timing entry named `name` is reported, which Chromium does only once the frame that
 * painted the element has been presented (its pixels on screen). Returns a function that stops watching, or null,
 * and never calls, where the browser has no Element Timing (Firefox, Safari) or its observer throws.
 */
export function whenPresented(name: string, then: () => void, Observer: ObserverClass | null): (() => void) | null {
  const types = (Observer as { supportedEntryTypes?: readonly string[] } | null)?.supportedEntryTypes ?? [];
  if (Observer === null || !types.includes('element')) return null;
  try {
    const observer = new Observer((list) => {
      if (!list.getEntries().some((e) => (e as PerformanceEntry & { identifier?: string }).identifier === name)) return;
      observer.disconnect();
      then();
    });
    observer.observe({ type: 'element', buffered: true });
    return () => observer.disconnect();
  } catch {
    // WHY caught: a throw here would leave the page on its first screen for good (runBoot has finished waiting).
    return null;
  }
}

/**
 * Calls `then` once, after the first screen's frame is presented, or `waitMs` after the task that follows its paint
 * at most (that paint is itself awaited PAINT_WAIT_MS at most: afterNextPaint); where presentation cannot be told,
 * after the paint.
 *
 * WHY wait past the paint: here the frame's tiles are then rasterised in software by a worker, and what the page
 * started next (the app's chunk, ~360 KB to compile and run; then the whole snapshot, encoded by the server and
 * decoded here) took the cores from it: the rows reached the screen 80-240 ms after their frame's paint on a 2-core
 * machine (bench/RESULTS.md, note-s35). The app, and the snapshot behind it (the server waits for the app's first
 * message, client.ts), now start when the rows are on screen.
 */
export function afterPresented(
  then: () => void,
  clock: PaintClock,
  Observer: ObserverClass | null,
  waitMs = PRESENT_WAIT_MS,
): void {
  let called = false;
  let stopWatching: (() => void) | null = null;
  const once = (): void => {
    if (called) return;
    called = true;
    stopWatching?.(); // The cap won: no observer left for the page's life.
    then();
  };
  stopWatching = whenPresented(FIRST_ROWS_TIMING, once, Observer);
  if (stopWatching === null) return afterNextPaint(then, clock);
  afterNextPaint(() => clock.setTimeout(once, waitMs), clock);
}
