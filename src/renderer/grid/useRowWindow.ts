/**
 * Which rows of a fixed-row-height grid are on screen, from the scroll
 * container's scrollTop and height. Replaces @tanstack/react-virtual here
 * because its measurement cache is O(rows) and rebuilt whenever the row count
 * (or getItemKey) changes, i.e. on every refresh: ~100k objects per diff at
 * 100k rows, for rows whose height is a constant. This is O(1) per render.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { HEADER_HEIGHT } from './geometry';

export interface RowWindow {
  first: number;
  /** Exclusive. */
  end: number;
}

/**
 * The rows the viewport covers at scrollTop, before overscan and the row count: the one place the row index is
 * worked out, for the window (rowWindow) and for deciding whether a scroll changes it (useScrollViewport). WHY one:
 * that decision used scrollTop / rowHeight while the window used (scrollTop - header) / rowHeight, so a scroll that
 * moved the first row by one was not rendered until the next row boundary (a one-row lag the overscan hid).
 */
export function viewportRows(scrollTop: number, height: number, headerHeight: number, rowHeight: number): RowWindow {
  const top = Math.max(0, scrollTop - headerHeight);
  return { first: Math.floor(top / rowHeight), end: Math.ceil((top + height) / rowHeight) };
}

export function rowWindow(
  scrollTop: number,
  height: number,
  headerHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): RowWindow {
  const covered = viewportRows(scrollTop, height, headerHeight, rowHeight);
  const first = Math.max(0, covered.first - overscan);
  const end = Math.min(count, covered.end + overscan);
  return { first, end: Math.max(first, end) };
}

/**
 * Whether two viewports of the same size start at the same row. WHY the first row only: between two first-row
 * moves the last row covered moves at most once, by one row, which the window's overscan (2 rows) already draws;
 * following it too would render up to twice per row scrolled (a slow touchpad scroll), for no row more on screen.
 */
function sameFirstRow(a: Viewport, b: Viewport, headerHeight: number, rowHeight: number): boolean {
  return (
    viewportRows(a.scrollTop, a.height, headerHeight, rowHeight).first ===
    viewportRows(b.scrollTop, b.height, headerHeight, rowHeight).first
  );
}

export interface Viewport {
  scrollTop: number;
  height: number;
  width: number;
}

/**
 * The scroll position and viewport size, updated on scroll and resize (only
 * when they change the rows shown or the width the columns may fill).
 *
 * WHY no measurement while mounting: reading clientHeight in a layout effect
 * forces the page's first layout inside the first render's task, and the
 * grid then renders again from width 0. Instead the first render is at the
 * window's size (the grid fills the window's width, less the scrollbar or a
 * side panel), and the ResizeObserver's first callback, which the browser
 * runs after its own layout and before it paints, measures the grid. The
 * update is rendered synchronously inside that callback (flushSync), so the
 * browser lays the new DOM out again and the first frame it paints is at the
 * measured size; a plain setState would render in a later task, after a first
 * frame painted at the window's size (a horizontal scrollbar flashing by).
 *
 * WHY scrolling renders inside the scroll event too (flushSync): the browser
 * fires it in a frame's rendering steps, before that frame's layout and paint.
 * A plain setState there is rendered (at React's continuous priority) in a
 * task after the frame, so the frame was painted at the new scrollTop with the
 * old window's rows: every row scrolled in past the overscan was blank (stripes
 * without text) for a frame, on every wheel step, PageDown and jump
 * (bench/renderer-scroll.mjs).
 */
export function useScrollViewport(
  ref: RefObject<HTMLElement | null>,
  rowHeight: number,
  headerHeight: number = HEADER_HEIGHT,
): Viewport {
  const [viewport, setViewport] = useState<Viewport>(() => ({
    scrollTop: 0,
    height: window.innerHeight,
    width: window.innerWidth,
  }));
  // What the grid renders now (only measure() below changes it): compared before any setState, since a setState of
  // the same state can still run the grid's render once, on every scroll event within a row.
  const rendered = useRef(viewport);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (sync: boolean): void => {
      const next = { scrollTop: el.scrollTop, height: el.clientHeight, width: el.clientWidth };
      const cur = rendered.current;
      // Re-render only when the first row or the size moved: scrolling within a row changes nothing shown.
      if (sameFirstRow(cur, next, headerHeight, rowHeight) && cur.height === next.height && cur.width === next.width) {
        return;
      }
      rendered.current = next;
      if (sync) flushSync(() => setViewport(next));
      else setViewport(next);
    };
    const onScroll = (): void => measure(true);
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => measure(true)) : null;
    if (ro) ro.observe(el);
    else measure(false);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
    };
  }, [ref, rowHeight, headerHeight]);
  return viewport;
}
