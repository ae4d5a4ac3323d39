/**
 * Builds the rows' free-text filter texts (shared/filter-text.ts rowText) into the arrays the grid's kept view
 * holds beside its rows (filtered-view.ts, ranked.ts) while a filter may be typed (`wanted`: the filter box has
 * the focus or the pointer, or a filter is set), and lets them go once it has not been for DROP_TEXT_AFTER_MS.
 * Every row's text once, then only the rows each diff brings (the rest are carried by row).
 *
 * WHY only while wanted: the texts of 100k rows are ~10 MB of live heap, and each diff's new texts and the carried
 * 100k-slot array were ~0.35 MB of old-generation growth per diff, toward more and longer major GCs (issue 13's
 * diff tail), for a filter most sessions never type.
 * WHY in back-to-back short tasks, not idle callbacks: the first key typed comes a person's pause (~300 ms) after
 * the focus or sooner, and the idle periods of a page taking a diff every 2 s on 2 cores are short and late; a
 * key that comes before the texts are built still gets the exact rows (the filter pass builds the missing ones),
 * only later. Each task stops after TASK_BUDGET_MS, so a diff or a key waits at most that long for it.
 */
import { useEffect } from 'react';
import { forgetRowTexts } from '../../shared/filter-text';
import { useNetScopeStore } from '../store';
import type { FilteredViews } from './filtered-view';

/** Texts built per warmText call (< 1 ms at 100k rows in Chromium), between looks at the clock. */
const WARM_CHUNK = 500;
/** How long one task builds before it yields. */
const TASK_BUDGET_MS = 6;
/**
 * How long the texts are kept once no filter may be typed (the box left with no filter set).
 * WHY not at once: the box also loses the focus when the window does (a glance at another window) or on a click
 * into the grid and back, and the pointer crosses it on its way elsewhere. WHY not longer: each diff meanwhile
 * still carries the texts (and the kept view its 100k-slot array), five diffs at most at one per 2 s.
 */
export const DROP_TEXT_AFTER_MS = 10_000;

type Immediate = (task: () => void) => unknown;
let channel: MessageChannel | null = null;
const queued: (() => void)[] = [];

/**
 * Runs `task` in a task of its own, as soon as the page has nothing more urgent: a MessageChannel message in a
 * browser (WHY not setTimeout(0): nested timers wait >= 4 ms each, idle time that adds up over ~30 tasks), Node's
 * setImmediate elsewhere (tests: a port with a listener would keep Node's process alive).
 */
function nextTask(task: () => void): void {
  // Looked up per call: tests fake it.
  const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  if (immediate) {
    immediate(task);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queued.shift()?.();
  }
  queued.push(task);
  channel.port2.postMessage(null);
}

export function useWarmFilterText(views: FilteredViews, wanted: boolean): void {
  const store = useNetScopeStore();
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    let running = false;
    const step = (): void => {
      if (!live) return;
      const end = performance.now() + TASK_BUDGET_MS;
      let more = views.warmText(WARM_CHUNK);
      while (more && performance.now() < end) more = views.warmText(WARM_CHUNK);
      running = more;
      if (more) nextTask(step);
    };
    const start = (): void => {
      if (running) return;
      running = true;
      nextTask(step);
    };
    start();
    // Each diff's new rows (no render per diff: live-view.ts), once the chain before it has ended. WHY the store's
    // rows, not the grid's view: a typed key changes the view too, and a warm task started by it ran before the key's
    // frame (the filter keystroke's p95 went from ~33 to ~60 ms, bench/filter-trace.mjs).
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.rows !== prev.rows) start();
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [store, views, wanted]);
  // Not keyed by the rows: a diff must not put the drop off.
  useEffect(() => {
    if (wanted) return;
    const timer = setTimeout(() => {
      views.dropText();
      forgetRowTexts();
    }, DROP_TEXT_AFTER_MS);
    return () => clearTimeout(timer);
  }, [views, wanted]);
}
