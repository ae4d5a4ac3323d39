/**
 * Electron IPC in both directions. Requests are answered only for our own
 * page in our main window; dispatchInvoke validates every argument. Pushes go to
 * that window while it exists.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { fail, type ApiResult } from '../../shared/api';
import { INVOKE_CHANNELS, INVOKE_METHODS, PUSH_CHANNELS } from '../../shared/channels';
import { dispatchInvoke } from '../../shared/dispatch';
import type { Backend } from '../engine/backend-types';

export interface IpcOptions {
  backend: Backend;
  getWindow: () => BrowserWindow | null;
  /** True for our page: the file:// index or, in development, the dev server. */
  isTrustedUrl: (url: string) => boolean;
}

function sameFrame(a: WebFrameMain, b: WebFrameMain): boolean {
  return a === b || (a.processId === b.processId && a.frameToken === b.frameToken);
}

function isTrustedSender(event: IpcMainInvokeEvent, options: Pick<IpcOptions, 'getWindow' | 'isTrustedUrl'>): boolean {
  const win = options.getWindow();
  const frame = event.senderFrame;
  if (!win || win.isDestroyed() || !frame || event.sender !== win.webContents) return false;
  // Only the top frame: an iframe (were one ever loaded) gets nothing.
  return sameFrame(frame, win.webContents.mainFrame) && options.isTrustedUrl(frame.url);
}

/** Registers one handler per invoke channel; returns a function removing them. */
export function registerIpcHandlers(options: IpcOptions): () => void {
  for (const method of INVOKE_METHODS) {
    ipcMain.handle(INVOKE_CHANNELS[method], (event, ...args: unknown[]): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event, options)) return Promise.resolve(fail('forbidden', 'Request from an unknown page.'));
      // The wire: the page's arguments are validated here, once; dispatchInvoke never rejects.
      return dispatchInvoke(options.backend.handlers, method, args);
    });
  }
  return () => {
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(INVOKE_CHANNELS[method]);
  };
}

/**
 * Forwards engine pushes to the window's page, subscribing anew on every page
 * load: the backend starts each subscription with a full snapshot, which a
 * freshly (re)loaded page needs.
 */
export function forwardPushes(backend: Backend, win: BrowserWindow): () => void {
  let unsubscribe: (() => void) | null = null;
  const stop = (): void => {
    unsubscribe?.();
    unsubscribe = null;
  };
  const start = (): void => {
    stop();
    unsubscribe = backend.subscribe((message) => {
      if (win.isDestroyed() || win.webContents.isDestroyed()) return stop();
      win.webContents.send(PUSH_CHANNELS[message.channel], message.payload);
    });
  };
  win.webContents.on('did-finish-load', start);
  win.webContents.on('render-process-gone', stop);
  win.on('closed', stop);
  return stop;
}
