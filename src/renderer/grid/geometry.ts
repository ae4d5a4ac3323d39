/**
 * The grid's fixed geometry and the scrolling that follows from it. Free of
 * React: the page's first screen (boot/first-screen.ts) is laid out from it
 * before React loads.
 */

export const ROW_HEIGHT = 22;
export const HEADER_HEIGHT = 24;
/** The body's zebra tile, its background-size: an even row, then an odd one (styles.css .grid-body). */
export const STRIPES = `100% ${2 * ROW_HEIGHT}px`;

/** Scrolls the least that brings row `index` fully into view under the sticky header. */
export function scrollRowIntoView(el: HTMLElement, index: number): void {
  const top = HEADER_HEIGHT + index * ROW_HEIGHT;
  if (top - HEADER_HEIGHT < el.scrollTop) el.scrollTop = top - HEADER_HEIGHT;
  else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
}

/** Rows in one page of the viewport (PageUp/PageDown), at least one. */
export function rowsPerPage(el: HTMLElement | null): number {
  return Math.max(1, Math.floor((el?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
}
