/**
 * The Electron shell's lifecycle: one instance, one window, one backend.
 * Everything else (engine, collectors) is plain Node shared with the CLI.
 */
import { app, BrowserWindow, dialog, shell } from 'electron';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Backend, BackendOptions } from '../engine/backend-types';
import { SwitchableBackend } from '../engine/switchable-backend';
import { APP_INDEX_URL, installAppProtocol, isAppUrl, registerAppScheme } from './app-protocol';
import { confirmEndProcess } from './end-process-dialog';
import { openSavedOutput } from './open-saved';
import { writeFileAtomic } from './atomic-write';
import { forwardPushes, registerIpcHandlers } from './ipc';
import { installMenu } from './menu';
import { RemoteAgents, withRemoteConnect } from './remote-agents';
import { remoteMenuItems } from './remote-menu';
import { startAppThreadsAhead } from './app-threads';
import { installSecurity } from './security';
import { createMainWindow } from './window';

export interface AppPaths {
  /** out/main: where the bundle runs from. */
  mainDir: string;
}

/** Our page: app://netscope/index.html (any query or hash) or, in development, the dev server's origin. */
export function trustedUrlChecker(devUrl: string | null): (url: string) => boolean {
  const devOrigin = devUrl ? new URL(devUrl).origin : null;
  return (url) => {
    try {
      if (isAppUrl(url)) return new URL(url).pathname === new URL(APP_INDEX_URL).pathname;
      const u = new URL(url);
      return devOrigin !== null && u.protocol.startsWith('http') && u.origin === devOrigin;
    } catch {
      return false;
    }
  };
}

export function startApp(createBackend: (options: BackendOptions) => Backend, paths: AppPaths): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Before anything else: they boot while Chromium starts, ready for the first snapshot (app-threads.ts).
  startAppThreadsAhead(paths.mainDir);

  // Before ready, or Chromium treats app:// as an opaque, insecure scheme.
  registerAppScheme();
  const devUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
  const rendererDir = join(paths.mainDir, '..', 'renderer');
  const preloadPath = join(paths.mainDir, '..', 'preload', 'index.js');
  let win: BrowserWindow | null = null;
  const getWindow = (): BrowserWindow | null => (win && !win.isDestroyed() ? win : null);

  const saveCsv = async (csv: string, suggestedName: string): Promise<string | null> => {
    const options = {
      title: 'Export CSV',
      defaultPath: join(app.getPath('documents'), suggestedName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    };
    const parent = getWindow();
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    await writeFileAtomic(result.filePath, csv);
    return result.filePath;
  };

  // The engine calls this only for paths the app produced (an export of this session, an executable in the
  // snapshot), so its errors say nothing about other paths.
  const revealFile = async (path: string): Promise<void> => {
    await access(path); // a clear error instead of a file manager opening somewhere else
    shell.showItemInFolder(path);
  };

  // The window's backend: the live engine, or a saved output opened from the File menu.
  const backend = new SwitchableBackend(
    createBackend({
      mode: 'electron',
      allowEndProcess: true,
      saveCsv,
      revealFile,
      // Asked here, in the main process, whatever the page already asked.
      confirmEndProcess: (target) => confirmEndProcess(getWindow(), target),
    }),
  );
  const openSaved = (): void => {
    void openSavedOutput({
      getWindow,
      show: (fixedSnapshot) =>
        backend.show(createBackend({ mode: 'electron', allowEndProcess: false, saveCsv, fixedSnapshot })),
    });
  };

  const openWindow = (): void => {
    win = createMainWindow({
      preloadPath,
      pageUrl: devUrl ?? APP_INDEX_URL,
      stateFile: join(app.getPath('userData'), 'window-state.json'),
    });
    forwardPushes(backend, win);
    win.on('closed', () => {
      win = null;
    });
  };

  app.on('second-instance', () => {
    const existing = getWindow();
    if (!existing) return;
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    // Let the collectors finish (child processes, timers) before exiting.
    event.preventDefault();
    stopped = true;
    void backend.stop().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    installSecurity({ devUrl });
    installAppProtocol(rendererDir);
    // File > Connect to Remote Agent...: a remote `netscope serve` shown like a saved output (remote-agents.ts).
    const remote = new RemoteAgents({ backend, file: join(app.getPath('userData'), 'remote-agents.json'), saveCsv });
    const ipcBackend = withRemoteConnect(backend, remote);
    registerIpcHandlers({ backend: ipcBackend, getWindow, isTrustedUrl: trustedUrlChecker(devUrl) });
    installMenu({
      backend,
      getWindow,
      openSavedOutput: openSaved,
      showLive: () => void backend.showLive(),
      remoteItems: (status) => remoteMenuItems({ agents: remote, backend, getWindow }, status),
    });
    backend.start();
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}
