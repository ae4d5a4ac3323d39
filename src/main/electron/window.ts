/** The main window: secure defaults, remembered bounds, shown once painted. */
import { BrowserWindow, screen, type WebPreferences } from 'electron';
import { DEFAULT_SIZE, MIN_SIZE, clampToWorkArea, readWindowState, writeWindowState } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  /** The page: app://netscope/index.html, or the electron-vite dev server (ELECTRON_RENDERER_URL) when not packaged. */
  pageUrl: string;
  /** userData/window-state.json */
  stateFile: string;
  icon?: string;
}

/**
 * The page gets no Node, runs in a sandboxed renderer, and reaches the engine
 * only through the preload's window.netscope.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const saved = readWindowState(options.stateFile);
  const bounds = saved ? clampToWorkArea(saved.bounds, screen.getDisplayMatching(saved.bounds).workArea) : DEFAULT_SIZE;

  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false, // shown on ready-to-show: no white flash
    title: 'NetScope',
    backgroundColor: '#11161c',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    writeWindowState(options.stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  });

  void win.loadURL(options.pageUrl);
  return win;
}
