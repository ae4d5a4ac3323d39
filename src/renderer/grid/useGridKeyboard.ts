/**
 * The grid's keys: arrows, PageUp/PageDown, Home/End move the selection (and
 * scroll it into view), Enter opens the selected row's process, the
 * ContextMenu key and Shift+F10 open the row menu.
 */
import type { KeyboardEvent, RefObject } from 'react';
import type { Connection } from '../../shared/model';
import { useNetScopeStore } from '../store';
import { rowsPerPage, scrollRowIntoView } from './geometry';
import type { RowMenu } from './useRowMenu';

export function useGridKeyboard(
  rows: readonly Connection[],
  gridRef: RefObject<HTMLDivElement | null>,
  menu: RowMenu,
): (e: KeyboardEvent<HTMLDivElement>) => void {
  const store = useNetScopeStore();
  return (e) => {
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      menu.openForSelected();
      return;
    }
    const s = store.getState();
    const page = rowsPerPage(gridRef.current);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const cur = s.selectedId === null ? -1 : rows.findIndex((r) => r.id === s.selectedId);
    let next: number | null = null;
    if (e.key in steps) next = cur < 0 ? 0 : cur + (steps[e.key] ?? 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'Enter') {
      const pid = rows[cur]?.pid;
      if (typeof pid === 'number') s.openProcess(pid);
    }
    if (next === null || rows.length === 0) return;
    e.preventDefault();
    next = Math.max(0, Math.min(rows.length - 1, next));
    s.select(rows[next]?.id ?? null);
    if (gridRef.current) scrollRowIntoView(gridRef.current, next);
  };
}
