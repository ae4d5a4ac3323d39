/**
 * Transient UI state shared across components (not persisted): the selected
 * row, the open context menu, process panel and dialogs, the active tab. One
 * selected id, never a per-row flag, so 100k rows cost nothing here.
 */
import { create } from 'zustand';
import type { Connection } from '../shared/model';

export const TABS = ['Connections', 'Routes', 'Interfaces', 'Statistics', 'States', 'DoS'] as const;
export type Tab = (typeof TABS)[number];

export interface ContextMenuState {
  connection: Connection;
  x: number;
  y: number;
}

export interface UiState {
  tab: Tab;
  selectedId: string | null;
  menu: ContextMenuState | null;
  /** The process panel's PID, and whether to ask to end it right away. */
  processPid: number | null;
  confirmEnd: boolean;
  exportOpen: boolean;
  columnsOpen: boolean;
  setTab(tab: Tab): void;
  select(id: string | null): void;
  openMenu(menu: ContextMenuState | null): void;
  openProcess(pid: number | null, confirmEnd?: boolean): void;
  setExportOpen(open: boolean): void;
  setColumnsOpen(open: boolean): void;
}

export const useUi = create<UiState>()((set) => ({
  tab: 'Connections',
  selectedId: null,
  menu: null,
  processPid: null,
  confirmEnd: false,
  exportOpen: false,
  columnsOpen: false,
  setTab: (tab) => set({ tab, menu: null }),
  select: (selectedId) => set({ selectedId }),
  openMenu: (menu) => set({ menu }),
  openProcess: (processPid, confirmEnd = false) => set({ processPid, confirmEnd, menu: null }),
  setExportOpen: (exportOpen) => set({ exportOpen, menu: null }),
  setColumnsOpen: (columnsOpen) => set({ columnsOpen }),
}));
