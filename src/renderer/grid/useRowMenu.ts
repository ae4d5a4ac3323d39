/**
 * Opening the row context menu: at the pointer for a right-click, or under the
 * selected row for the keyboard (ContextMenu key, Shift+F10), scrolled into
 * view first and kept inside the grid.
 */
import type { RefObject } from 'react';
import type { Connection } from '../../shared/model';
import type { LiveView } from './live-view';
import { useNetScopeStore } from '../store';
import { HEADER_HEIGHT, scrollRowIntoView } from './geometry';
import { ROW_HEIGHT } from './geometry';

export interface RowMenu {
  openAt(connection: Connection, x: number, y: number): void;
  openForSelected(): void;
}

/** `view`: the grid's view, read when the menu opens (a diff since the last render changed it: live-view.ts). */
export function useRowMenu(view: LiveView, gridRef: RefObject<HTMLDivElement | null>): RowMenu {
  const store = useNetScopeStore();
  const openAt = (connection: Connection, x: number, y: number): void => {
    const s = store.getState();
    s.select(connection.id);
    s.openMenu({ connection, x, y });
  };
  const openForSelected = (): void => {
    const id = store.getState().selectedId;
    const rows = view.current.rows;
    const index = id === null ? -1 : rows.findIndex((r) => r.id === id);
    const el = gridRef.current;
    const c = rows[index];
    if (!c || !el) return;
    scrollRowIntoView(el, index);
    const rect = el.getBoundingClientRect();
    const y = rect.top + HEADER_HEIGHT + index * ROW_HEIGHT - el.scrollTop + ROW_HEIGHT;
    openAt(c, rect.left + 40, Math.min(y, rect.bottom - 4));
  };
  return { openAt, openForSelected };
}
