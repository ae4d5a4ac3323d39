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
