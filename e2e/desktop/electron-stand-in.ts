/**
 * A stand-in for the `electron` module, for the desktop e2e harness only.
 *
 * What it is: the smallest part of Electron's main-process API that NetScope's
 * real built main process (out/main/index.js) uses: `app` (lifecycle, paths,
 * single-instance lock), `BrowserWindow` and `webContents`, `ipcMain`, `Menu`,
 * `dialog`, `shell`, `session` (permission and response-header hooks),
 * `protocol` and `screen`. Each window is a real Chromium page
 * (chromium-windows.ts) running the real built preload and renderer; dialogs
 * answer what the test queued; the menu is clicked by its labels.
 *
 * What it cannot prove: Electron's own runtime (its IPC, its protocol stack and
 * the real app:// scheme, which Chromium reaches here as
 * https://netscope.app.harness/), native menus, dialogs and accelerators, the
 * real renderer sandbox and context isolation (the preload shares the page's
 * world here, and Chromium runs with --no-sandbox), the permission handlers
 * (recorded, never consulted by Chromium), and packaging (asar, fuses). The
 * main process runs inside the Playwright worker, so its PID is the test's.
 * Anything the main process touches that is not here throws, so a new Electron
 * API cannot pass unnoticed.
 */
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions, Rectangle } from 'electron';
import { StandInMenu } from './menu-stand-in';
import type { Problems } from './problems';
import { StandInDialog } from './dialog-stand-in';
import { preventable } from './events';
import { createWindowClasses, type WindowClasses, type WindowPages } from './window-stand-in';

export type Handler = (...args: never[]) => unknown;

export interface StandInOptions {
  pages: WindowPages;
  problems: Problems;
  paths: { userData: string; documents: string; temp: string };
  /** Single-instance locks, shared by the apps a test starts (keyed by userData). */
  locks: Map<string, StandInApp>;
}

export class StandInApp extends EventEmitter {
  readonly isPackaged = true; // what a user runs: no dev server, no devtools menu items
  private ready = false;
  private readyPromise: Promise<void>;
  private markReady: () => void = () => undefined;
  quitting = false;
  /** Resolves with the exit code once the app has quit. */
  readonly exited: Promise<number>;
  private markExited: (code: number) => void = () => undefined;

  /** Set by createElectronStandIn: this app's windows. */
  windows: WindowClasses['StandInWindow'] | null = null;

  constructor(private readonly options: StandInOptions) {
    super();
    this.readyPromise = new Promise((ok) => (this.markReady = ok));
    this.exited = new Promise((ok) => (this.markExited = ok));
  }

  /** Called by the harness once the main bundle has run its top level, as Electron does. */
  emitReady(): void {
    this.ready = true;
    this.emit('ready', {}, {});
    this.markReady();
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  getPath(name: string): string {
    const { paths } = this.options;
    if (name === 'userData' || name === 'documents' || name === 'temp') return paths[name];
    throw new Error(`app.getPath("${name}") is not emulated`);
  }
  getVersion(): string {
    return '0.0.0-harness';
  }
  getName(): string {
    return 'NetScope';
  }
  requestSingleInstanceLock(): boolean {
    const key = this.options.paths.userData;
    const holder = this.options.locks.get(key);
    if (holder && holder !== this) {
      holder.emit('second-instance', preventable(), ['netscope'], process.cwd(), {});
      return false;
    }
    this.options.locks.set(key, this);
    return true;
  }
  releaseSingleInstanceLock(): void {
    if (this.options.locks.get(this.options.paths.userData) === this)
      this.options.locks.delete(this.options.paths.userData);
  }

  /** Electron's order: before-quit, close every window, will-quit, quit; each can stop it. */
  quit(): void {
    void this.runQuit();
  }
  private async runQuit(): Promise<void> {
    const before = preventable();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const win of this.windows?.getAllWindows() ?? []) {
      win.close();
      if (!win.isDestroyed()) {
        this.quitting = false;
        return; // a window refused to close
      }
    }
    const willQuit = preventable();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.exit(0);
  }
  exit(code = 0): void {
    for (const win of this.windows?.getAllWindows() ?? []) win.destroy();
    this.releaseSingleInstanceLock();
    this.emit('quit', {}, code);
    this.markExited(code);
  }

  /** What Electron does when the last window closes: tell the app (which quits, except on macOS). */
  lastWindowClosed(): void {
    if (!this.quitting) this.emit('window-all-closed');
  }
}

const PRIMARY_DISPLAY = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
};

export interface ElectronStandIn {
  module: Record<string, unknown>;
  app: StandInApp;
  BrowserWindow: WindowClasses['StandInWindow'];
  dialog: StandInDialog;
  ipcHandlers: Map<string, Handler>;
  protocolHandlers: Map<string, (request: Request) => Promise<Response> | Response>;
  privilegedSchemes: unknown[];
  headersListener: { current: Handler | null };
  menu: { current: StandInMenu | null };
  shownInFolder: string[];
}

export function createElectronStandIn(options: StandInOptions): ElectronStandIn {
  const app = new StandInApp(options);
  const dialog = new StandInDialog(options.problems);
  const ipcHandlers = new Map<string, Handler>();
  const protocolHandlers: ElectronStandIn['protocolHandlers'] = new Map();
  const privilegedSchemes: unknown[] = [];
  const headersListener: ElectronStandIn['headersListener'] = { current: null };
  const menu: ElectronStandIn['menu'] = { current: null };
  const shownInFolder: string[] = [];
  const { StandInWindow, allContents } = createWindowClasses(app, options.pages, options.problems);
  app.windows = StandInWindow;

  const permissionHandlers: { request: Handler | null; check: Handler | null } = { request: null, check: null };
  const api: Record<string, unknown> = {
    app,
    BrowserWindow: StandInWindow,
    webContents: { getAllWebContents: () => allContents.filter((c) => !c.isDestroyed()) },
    ipcMain: {
      handle(channel: string, handler: Handler) {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, handler);
      },
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => new StandInMenu(template),
      setApplicationMenu: (m: StandInMenu | null) => void (menu.current = m),
      getApplicationMenu: () => menu.current,
    },
    dialog,
    shell: {
      showItemInFolder: (path: string) => void shownInFolder.push(path),
      openExternal: (url: string) => {
        options.problems.add(`shell.openExternal(${url}) was called`);
        return Promise.resolve();
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => void (permissionHandlers.request = h),
        setPermissionCheckHandler: (h: Handler) => void (permissionHandlers.check = h),
        webRequest: { onHeadersReceived: (h: Handler) => void (headersListener.current = h) },
      },
    },
    protocol: {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged must be called before app is ready');
        for (const scheme of schemes) privilegedSchemes.push(scheme);
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
        if (!app.isReady()) throw new Error('protocol.handle must be called after app is ready');
        protocolHandlers.set(scheme, handler);
      },
    },
    // Not encryption: a reversible stand-in that keeps a secret out of plain text, so a test can see it was sealed.
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (text: string) =>
        Buffer.from(`sealed:${Buffer.from(text).toString('base64')}`.split('').reverse().join('')),
      decryptString: (sealed: Buffer) =>
        Buffer.from(
          sealed
            .toString()
            .split('')
            .reverse()
            .join('')
            .replace(/^sealed:/, ''),
          'base64',
        ).toString(),
    },
    screen: {
      getPrimaryDisplay: () => PRIMARY_DISPLAY,
      getAllDisplays: () => [PRIMARY_DISPLAY],
      getDisplayMatching: (_rect: Rectangle) => PRIMARY_DISPLAY,
      getDisplayNearestPoint: () => PRIMARY_DISPLAY,
    },
  };

  // Anything not emulated fails loudly instead of returning undefined.
  const module = new Proxy(api, {
    get(target, name) {
      if (typeof name === 'symbol' || name === '__esModule' || name === 'then' || name === 'default') return undefined;
      if (name in target) return target[name];
      options.problems.add(`the main process used electron.${name}, which the stand-in does not emulate`);
      throw new Error(`electron stand-in: ${name} is not emulated`);
    },
  });
  return {
    module,
    app,
    BrowserWindow: StandInWindow,
    dialog,
    ipcHandlers,
    protocolHandlers,
    privilegedSchemes,
    headersListener,
    menu,
    shownInFolder,
  };
}
