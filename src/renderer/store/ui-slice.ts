/**
 * Transient UI state (not persisted): the active tab, the one selected row,
 * the open context menu, process panel and dialogs, the notice banner. One
 * selected id, never a per-row flag, so 100k rows cost nothing here. The
 * process panel's engine calls live here too.
 */
import { ok, type ApiResult, type EndProcessRequest, type ProcessDetails } from '../../shared/api';
import type { Connection } from '../../shared/model';
import { downloadText } from '../panels/export-csv';
import { errorText, type SliceCreator } from './types';

import type { Tab } from './tabs';

export { TABS, type Tab } from './tabs';

export interface ContextMenuState {
  connection: Connection;
  x: number;
  y: number;
}

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

export interface UiSlice {
  tab: Tab;
  selectedId: string | null;
  menu: ContextMenuState | null;
  /** The process panel's PID, and whether to ask to end it right away. */
  processPid: number | null;
  confirmEnd: boolean;
  exportOpen: boolean;
  /** File > Connect to Remote Agent... (desktop). */
  connectOpen: boolean;
  columnsOpen: boolean;
  notice: Notice | null;
  /** Counts requests to focus the filter box (Ctrl+F, '/', the shell's menu); the toolbar reacts to a change. */
  filterFocusRequests: number;

  setTab(tab: Tab): void;
  select(id: string | null): void;
  openMenu(menu: ContextMenuState | null): void;
  openProcess(pid: number | null, confirmEnd?: boolean): void;
  setConfirmEnd(confirmEnd: boolean): void;
  setExportOpen(open: boolean): void;
  setConnectOpen(open: boolean): void;
  /** Desktop: show a remote `netscope serve` (its URL with #token=) in this window. */
  connectRemote(url: string): Promise<ApiResult<{ title: string }>>;
  setColumnsOpen(open: boolean): void;
  setNotice(notice: Notice | null): void;
  focusFilter(): void;
  /** Drill-down from a view (a chart bar, a table row): the connection grid, filtered to exactly those rows. */
  showInGrid(filter: string): void;

  getProcessDetails(pid: number): Promise<ApiResult<ProcessDetails>>;
  endProcess(request: EndProcessRequest): Promise<ApiResult<{ ended: true }>>;
  revealFile(path: string): Promise<ApiResult<{ shown: true }>>;
  /** Windows: resolve owners through an elevated netstat; the outcome becomes a notice. */
  elevateOwners(): Promise<void>;
  /**
   * Saves a CSV the page built: Electron writes it where the user picks (the
   * answer is the path); the browser downloads it (the answer is null).
   */
  saveCsv(csv: string, fileName: string): Promise<ApiResult<{ savedTo: string | null }>>;
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get, api) => ({
  tab: 'Connections',
  selectedId: null,
  menu: null,
  processPid: null,
  confirmEnd: false,
  exportOpen: false,
  connectOpen: false,
  columnsOpen: false,
  notice: null,
  filterFocusRequests: 0,

  setTab: (tab) => set({ tab, menu: null }),
  select: (selectedId) => set({ selectedId }),
  openMenu: (menu) => set({ menu }),
  openProcess: (processPid, confirmEnd = false) => set({ processPid, confirmEnd, menu: null }),
  setConfirmEnd: (confirmEnd) => set({ confirmEnd }),
  setExportOpen: (exportOpen) => set({ exportOpen, menu: null }),
  setConnectOpen: (connectOpen) => set({ connectOpen, menu: null }),
  connectRemote: (url) => api.connectRemote(url),
  setColumnsOpen: (columnsOpen) => set({ columnsOpen }),
  setNotice: (notice) => set({ notice }),
  focusFilter: () => set({ filterFocusRequests: get().filterFocusRequests + 1 }),
  showInGrid(filter) {
    get().setFilter(filter);
    set({ tab: 'Connections', menu: null, selectedId: null });
  },

  getProcessDetails: (pid) => api.getProcessDetails(pid),
  endProcess: (request) => api.endProcess(request),
  revealFile: (path) => api.revealFile(path),
  async elevateOwners() {
    const r = await api.elevateOwners();
    get().setNotice(
      r.ok
        ? { kind: 'info', text: r.value.message || `Resolved ${r.value.resolved} owners.` }
        : { kind: 'error', text: errorText(r.error) },
    );
  },
  async saveCsv(csv, fileName) {
    // Browser mode never sends the text to the server; an engine that cannot save says 'unsupported'.
    const r = get().capabilities?.mode === 'browser' ? null : await api.exportCsv({ csv, fileName });
    if (r?.ok) return ok({ savedTo: r.value.path });
    if (r && r.error.code !== 'unsupported') return r;
    downloadText(csv, fileName);
    return ok({ savedTo: null });
  },
});
