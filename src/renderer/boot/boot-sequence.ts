/**
 * What the page does before the app (boot.ts): in browser mode the socket is
 * open already (api/browser-socket.ts); if the snapshot's first screenful (the
 * head) comes before the app would have drawn it, it is drawn at once as plain
 * DOM (first-screen.ts) and the app is loaded (boot.ts) and started after
 * that frame is painted.
 *
 * WHY start the app only then: React's first render of the app holds the main
 * thread for hundreds of ms at first load; a head that arrived meanwhile waited
 * behind it (note-s28: the early socket alone did not move the first paint).
 * Waiting costs the app's start at most `waitMs` for the head, then one frame
 * (PAINT_WAIT_MS at most): the rows show 160-600 ms sooner, the app's grid
 * answers 120-230 ms later than it painted before (bench/RESULTS.md, note-s29).
 */
import { readHead, type SnapshotHead } from '../../shared/wire-head';
import type { EarlySocket } from '../api/browser-socket';

/** How long the app waits for a head before it loads anyway (the server may be busy, or send none). */
export const HEAD_WAIT_MS = 800;

export interface BootSteps {
  /** Draws the first screen from this head; false if it did not (not the view the page will show). */
  draw(head: SnapshotHead): boolean;
  /** Calls `then` once the frame holding what draw() did has been painted. */
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
