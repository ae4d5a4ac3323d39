/**
 * Which rows of a fixed-row-height grid are on screen, from the scroll
 * container's scrollTop and height. Replaces @tanstack/react-virtual here
 * because its measurement cache is O(rows) and rebuilt whenever the row count
 * (or getItemKey) changes, i.e. on every refresh: ~100k objects per diff at
 * 100k rows, for rows whose height is a constant. This is O(1) per render.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface RowWindow {
  first: number;
  /** Exclusive. */
  end: number;
}

export function rowWindow(
  scrollTop: number,
  height: number,
  headerHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): RowWindow {
  const top = Math.max(0, scrollTop - headerHeight);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan);
  return { first, end: Math.max(first, end) };
}

/**
 * The scroll position and viewport size, updated on scroll and resize (only
 * when they change the rows shown or the width the columns may fill).
 */
export function useScrollViewport(
  ref: RefObject<HTMLElement | null>,
  rowHeight: number,
): { scrollTop: number; height: number; width: number } {
  const [viewport, setViewport] = useState({ scrollTop: 0, height: 1000, width: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      const next = { scrollTop: el.scrollTop, height: el.clientHeight, width: el.clientWidth };
      // Re-render only when the first row or the size moved: scrolling within a row changes nothing shown.
      setViewport((cur) =>
        Math.floor(cur.scrollTop / rowHeight) === Math.floor(next.scrollTop / rowHeight) &&
        cur.height === next.height &&
        cur.width === next.width
          ? cur
          : next,
      );
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      ro?.disconnect();
    };
  }, [ref, rowHeight]);
  return viewport;
}
