/** The application menu. Items act through the backend, as the page would. */
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { EngineStatus } from '../../shared/api';
import { REFRESH_INTERVAL_CHOICES_MS } from '../../shared/refresh';
import type { Backend } from '../engine/backend-types';

export interface MenuOptions {
  backend: Backend;
  getWindow: () => BrowserWindow | null;
  /** File > Open Saved Output...: show a saved netstat/ss/lsof/route file read-only. */
  openSavedOutput?: () => void;
  /** File > Back to Live View, after a saved output was opened. */
  showLive?: () => void;
  /** File > Connect to Remote Agent..., Recent Agents, Back to This Computer (remote-menu.ts). */
  remoteItems?: (status: EngineStatus | null) => MenuItemConstructorOptions[];
}

const intervalLabel = (ms: number): string => `${ms / 1000} s`;

export function menuTemplate(options: MenuOptions, status: EngineStatus | null): MenuItemConstructorOptions[] {
  const { backend } = options;
  // Menu clicks cannot await; each handler answers with an ApiResult and never rejects.
  const run = (call: (api: Backend['handlers']) => Promise<unknown>): void => {
    void call(backend.handlers);
  };
  const isMac = process.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    {
      id: 'pause',
      label: 'Pause',
      type: 'checkbox',
      accelerator: 'Space',
      registerAccelerator: false, // Space belongs to the page's inputs; the page handles it
      checked: status?.paused ?? false,
      enabled: !(status?.readOnly ?? false),
      // Electron has already toggled `checked` when click runs.
      click: (item) => run((api) => (item.checked ? api.pause() : api.resume())),
    },
    { label: 'Refresh Now', accelerator: 'F5', click: () => run((api) => api.refreshNow()) },
    {
      label: 'Update Interval',
      submenu: REFRESH_INTERVAL_CHOICES_MS.map((ms) => ({
        id: `interval-${ms}`,
        label: intervalLabel(ms),
        type: 'radio' as const,
        checked: status?.intervalMs === ms,
        click: () => run((api) => api.setInterval(ms)),
      })),
    },
    { type: 'separator' },
    { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => backend.sendCommand('focus-filter') },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { role: 'togglefullscreen' },
  ];
  if (!app.isPackaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });

  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        ...(options.openSavedOutput
          ? [{ label: 'Open Saved Output…', accelerator: 'CmdOrCtrl+O', click: options.openSavedOutput }]
          : []),
        ...(options.showLive && status?.readOnly
          ? [{ label: 'Back to Live View', accelerator: 'CmdOrCtrl+L', click: options.showLive }]
          : []),
        ...(options.remoteItems?.(status) ?? []),
        { label: 'Export CSV…', accelerator: 'CmdOrCtrl+E', click: () => backend.sendCommand('export-csv') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    {
      role: 'help',
      submenu: [{ label: 'About NetScope', click: () => void showAbout(options.getWindow()) }],
    },
  ];
}

async function showAbout(win: BrowserWindow | null): Promise<void> {
  const opts = {
    type: 'info' as const,
    title: 'About NetScope',
    message: `NetScope ${app.getVersion()}`,
    detail: `Sockets, processes, routes and interface statistics in one view.\nElectron ${process.versions.electron ?? '?'} · Node ${process.versions.node}`,
    buttons: ['OK'],
  };
  if (win && !win.isDestroyed()) await dialog.showMessageBox(win, opts);
  else await dialog.showMessageBox(opts);
}

/** Installs the menu and keeps its Pause and interval items in step with the engine. */
export function installMenu(options: MenuOptions): () => void {
  let last: EngineStatus | null = null;
  const apply = (status: EngineStatus | null): void => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options, status)));
  };
  apply(null);
  return options.backend.subscribe((message) => {
    if (message.channel !== 'status') return;
    const s = message.payload;
    // Rebuilding is cheap but not free: only when something shown changed.
    const sameRemote = (last?.remote?.address ?? null) === (s.remote?.address ?? null);
    if (
      last &&
      last.paused === s.paused &&
      last.intervalMs === s.intervalMs &&
      last.readOnly === s.readOnly &&
      sameRemote
    )
      return;
    last = s;
    apply(s);
  });
}
