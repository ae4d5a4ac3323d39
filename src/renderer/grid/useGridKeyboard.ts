/**
 * The grid's keys: arrows, PageUp/PageDown, Home/End move the selection (and
 * scroll it into view), Enter opens the selected row's process, the
 * ContextMenu key and Shift+F10 open the row menu.
 *
 * Before the whole snapshot is in, the grid holds `count` rows of which the
 * first rows.length have come (ConnectionGrid). A key that moves past them
 * (End, PageDown) scrolls to where it goes, which shows loading rows, and the
 * selection follows once that row has come. WHY not stop at the last row in:
 * End in a list of 100k rows would select row 58 and stay there.
 */
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useNetScopeStore } from '../store';
import { rowsPerPage, scrollRowIntoView } from './geometry';
import type { LiveView, ViewRows } from './live-view';
import type { RowMenu } from './useRowMenu';

/** A move to a row not in yet: its position, and the selection it moved from (a click since then cancels it). */
interface PendingMove {
  index: number;
  from: string | null;
}

/** `view`: the grid's view, read at each key (a diff since the last render changed it: live-view.ts). */
export function useGridKeyboard(
  view: LiveView,
  gridRef: RefObject<HTMLDivElement | null>,
  menu: RowMenu,
): (e: KeyboardEvent<HTMLDivElement>) => void {
  const store = useNetScopeStore();
  const pendingRef = useRef<PendingMove | null>(null);
  // The rows came (or the view changed): a move that waited for its row selects it, unless the selection moved.
  useEffect(() => {
    const settle = ({ rows, count }: ViewRows): void => {
      const move = pendingRef.current;
      if (move === null || (move.index >= rows.length && count > rows.length)) return;
      pendingRef.current = null;
      const s = store.getState();
      if (s.selectedId !== move.from || rows.length === 0) return;
      s.select(rows[Math.min(move.index, rows.length - 1)]?.id ?? null);
    };
    return view.subscribe(settle);
  }, [view, store]);
  return (e) => {
    const { rows, count } = view.current;
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      menu.openForSelected();
      return;
    }
    const s = store.getState();
    const page = rowsPerPage(gridRef.current);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const waiting = pendingRef.current !== null && pendingRef.current.from === s.selectedId ? pendingRef.current : null;
    const cur = waiting ? waiting.index : s.selectedId === null ? -1 : rows.findIndex((r) => r.id === s.selectedId);
    let next: number | null = null;
    if (e.key in steps) next = cur < 0 ? 0 : cur + (steps[e.key] ?? 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else if (e.key === 'Enter') {
      const pid = rows[cur]?.pid;
      if (typeof pid === 'number') s.openProcess(pid);
    }
    if (next === null || count === 0) return;
    e.preventDefault();
    next = Math.max(0, Math.min(count - 1, next));
    if (next < rows.length) {
      pendingRef.current = null;
      s.select(rows[next]?.id ?? null);
    } else {
      pendingRef.current = { index: next, from: s.selectedId };
    }
    if (gridRef.current) scrollRowIntoView(gridRef.current, next);
  };
}
