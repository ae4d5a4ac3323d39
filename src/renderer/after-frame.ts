/**
 * Work that must not delay the frame the current update is for: run once that frame is painted (a task queued from
 * requestAnimationFrame), or after `fallbackMs` where no frame comes (a hidden tab draws none, and a test has no
 * DOM), whichever is first, and only once.
 */
export function afterNextFrame(fn: () => void, fallbackMs: number): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, fallbackMs);
}

/**
 * Work that can wait until the page has nothing else to do: an idle period after the current frame
 * (requestIdleCallback), or at most `timeoutMs` later; where the browser has no idle callbacks (a test's DOM),
 * afterNextFrame. WHY not afterNextFrame alone: its task runs right after the frame, ahead of the page's other tasks
 * (input, the next message), and with 2 cores it took one from the frame's raster.
 */
export function whenIdle(fn: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else afterNextFrame(fn, timeoutMs);
}
