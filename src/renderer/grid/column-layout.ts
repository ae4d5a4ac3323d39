/**
 * The grid's visible columns and their widths, from the preferences: pure, so
 * the page's first screen (boot/first-screen.ts) lays its columns out exactly
 * as the grid will before React loads. useGridColumns.ts re-exports these.
 */
import type { Prefs } from '../store/prefs';
import { GRID_COLUMN_BY_ID } from './columns';
import type { VisibleColumn } from './row-painter';

export const MIN_COLUMN_WIDTH = 30;
export const MAX_COLUMN_WIDTH = 1200;

/** The visible columns in the saved order, each with its saved width (or its default), within the bounds. */
export function visibleColumns(prefs: Pick<Prefs, 'columnOrder' | 'visibleColumns' | 'columnSizes'>): VisibleColumn[] {
  const { columnOrder, visibleColumns: visible, columnSizes } = prefs;
  return columnOrder
    .filter((id) => visible.includes(id))
    .flatMap((id) => {
      const col = GRID_COLUMN_BY_ID.get(id);
      if (!col) return [];
      const width = Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, columnSizes[id] ?? col.size));
      return [{ ...col, width }];
    });
}

/**
 * The columns' summed width: the grid's inner width. WHY a loop, not a reduce arrow: the grid renders on every
 * diff, and an arrow made per call is compiled again by V8 after each major GC (bench/diff-deopt-probe.mjs).
 */
export function columnsWidth(columns: readonly { width: number }[]): number {
  let width = 0;
  for (const c of columns) width += c.width;
  return width;
}

/** Columns that take the room the others leave, first present first: long text that is otherwise cut. */
const FILL_COLUMNS = ['path', 'commandLine', 'process', 'fqdn'];

/**
 * The columns widened to the viewport: when they are narrower than the window,
 * the first fill column present (else the last column) takes the rest, so the
 * grid uses the window's width and long paths show whole. Never narrower than set.
 */
export function fillWidth(columns: readonly VisibleColumn[], viewportWidth: number): VisibleColumn[] {
  const total = columnsWidth(columns);
  const slack = Math.floor(viewportWidth - total);
  if (slack <= 0 || columns.length === 0) return [...columns];
  const fillId = FILL_COLUMNS.find((id) => columns.some((c) => c.id === id)) ?? columns[columns.length - 1]?.id;
  return columns.map((c) => (c.id === fillId ? { ...c, width: c.width + slack } : c));
}
