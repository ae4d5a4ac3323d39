/**
 * Which grid cells need their overflow clipped (and an ellipsis). WHY not every cell: a clipping box is a clip
 * node of its own in Chromium's paint property trees, and each one splits the frame's paint into another chunk,
 * so 40 rows of 11 clipped cells made ~440 chunks that every frame's paint, layerize and compositor commit walk.
 * At 100k rows sorted by remote address (renderer-trace.mjs, 4 rounds alternated) clipping only what may not
 * fit took paint + layerize per diff from 4.5-6.4 to 2.2-3.0 ms and the main thread's CPU from 26.7 to 22.6 ms;
 * most cells (ports, PIDs, IPv4 addresses, names, paths) fit their column with room to spare. A cell is left unclipped only when its text surely
 * fits: every character printable ASCII and the sum of their advances, measured in the grid's own fonts
 * (measureCellFit), with a margin, within the cell's inner width. Any other text (non-ASCII, too long, or before
 * the fonts were measured) is clipped as before.
 */
import { useEffect, useState, type RefObject } from 'react';
import type { GridColumn } from './columns';

type Kind = GridColumn['kind'];
const KINDS: readonly Kind[] = ['text', 'mono', 'number'];
const FIRST = 0x20;
const LAST = 0x7e;
/** Kerning may widen a pair a little; a sum of single advances misses that, so texts keep this much room. */
const SCALE = 1.05;
const SLACK_PX = 2;
/**
 * Advances are summed in whole 1/64 px, each rounded up (so a sum is never less than the true one). WHY integers:
 * fits() runs for every cell a diff shows, mostly unoptimised, where each double read or summed is a heap number
 * made (~46 KiB a diff at 100k rows in Chromium's heap sampling); small integers are made nowhere.
 */
const UNITS_PER_PX = 64;

export interface CellFit {
  /** True when `text` surely fits a cell of this kind and width (border box), unclipped. */
  fits(text: string, kind: Kind, width: number): boolean;
}

/** A CellFit from the advances of characters FIRST..LAST per kind and a cell's horizontal padding. */
export function makeCellFit(advances: Readonly<Record<Kind, ArrayLike<number>>>, padding: number): CellFit {
  const units = {} as Record<Kind, Int32Array>;
  for (const kind of KINDS) units[kind] = Int32Array.from(advances[kind], (px) => Math.ceil(px * UNITS_PER_PX));
  return {
    fits(text, kind, width) {
      const room = Math.floor(((width - padding - SLACK_PX) / SCALE) * UNITS_PER_PX);
      const adv = units[kind];
      let sum = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        // Outside the measured characters (or none measured): not sure to fit.
        const advance = code < FIRST || code > LAST ? undefined : adv[code - FIRST];
        if (advance === undefined) return false;
        sum += advance;
        if (sum > room) return false;
      }
      return true;
    },
  };
}

/**
 * Measures each printable ASCII character's advance in a hidden cell of each kind inside `body` (so with the
 * grid's fonts, tabular digits included), and the cells' padding. One layout of ~300 spans; null where the page
 * lays nothing out (tests' DOM: every width 0).
 */
export function measureCellFit(body: HTMLElement): CellFit | null {
  const probe = document.createElement('div');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;contain:layout style';
  const spans: Record<Kind, HTMLSpanElement[]> = { text: [], mono: [], number: [] };
  for (const kind of KINDS) {
    const cell = document.createElement('div');
    cell.className = `cell ${kind}`;
    for (let code = FIRST; code <= LAST; code++) {
      const span = document.createElement('span');
      span.style.whiteSpace = 'pre';
      span.textContent = String.fromCharCode(code);
      cell.appendChild(span);
      spans[kind].push(span);
    }
    probe.appendChild(cell);
  }
  body.appendChild(probe);
  try {
    const advances = {} as Record<Kind, Float64Array>;
    for (const kind of KINDS) {
      const widths = Float64Array.from(spans[kind], (s) => s.getBoundingClientRect().width);
      if (widths.some((w) => !(w > 0))) return null;
      advances[kind] = widths;
    }
    const style = getComputedStyle(probe.firstChild as HTMLElement);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return Number.isFinite(padding) ? makeCellFit(advances, padding) : null;
  } finally {
    probe.remove();
  }
}

/**
 * The grid's CellFit, measured once the page is idle after the grid mounts (never in the first paint's task),
 * and again when fonts finish loading; null until then (every cell clipped).
 */
export function useCellFit(body: RefObject<HTMLElement | null>): CellFit | null {
  const [fit, setFit] = useState<CellFit | null>(null);
  useEffect(() => {
    let handle: number | null = null;
    const idle = typeof requestIdleCallback === 'function';
    const measure = (): void => {
      handle = null;
      const el = body.current;
      if (el) setFit(measureCellFit(el));
    };
    const schedule = (): void => {
      if (handle !== null) return;
      handle = idle ? requestIdleCallback(measure, { timeout: 2000 }) : (setTimeout(measure, 200) as unknown as number);
    };
    schedule();
    const fonts = typeof document !== 'undefined' ? document.fonts : undefined;
    fonts?.addEventListener?.('loadingdone', schedule);
    return () => {
      fonts?.removeEventListener?.('loadingdone', schedule);
      if (handle === null) return;
      if (idle) cancelIdleCallback(handle);
      else clearTimeout(handle);
    };
  }, [body]);
  return fit;
}
