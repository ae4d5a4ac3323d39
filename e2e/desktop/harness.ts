/**
 * Starts NetScope's real built desktop main process (out/main/index.js) in
 * this Node process with the electron stand-in in place of `electron`, and
 * its windows as Chromium pages. See electron-stand-in.ts for what this is
 * and what it cannot prove.
 */
import { existsSync, mkdirSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { ChromiumWindows } from './chromium-windows';
import { createElectronStandIn, type ElectronStandIn, type StandInApp } from './electron-stand-in';
import { Problems } from './problems';
import type { StandInWindow } from './window-stand-in';

const root = resolve(__dirname, '..', '..');
/**
 * The build under test: out/, or a copy named by NETSCOPE_DESKTOP_OUT (it must
 * sit inside the repository, so the bundle still finds node_modules), which is
 * how a deliberately broken build is tried without touching the shared out/.
 */
export const OUT_DIR = process.env.NETSCOPE_DESKTOP_OUT
  ? resolve(root, process.env.NETSCOPE_DESKTOP_OUT)
  : join(root, 'out');
export const PRELOAD_BUNDLE = join(OUT_DIR, 'preload', 'index.js');
const mainDir = join(OUT_DIR, 'main');
const STAND_IN_ID = join(__dirname, '<electron-stand-in>');

type ResolveFilename = (
  request: string,
  parent: { filename?: string | null } | undefined,
  ...rest: unknown[]
) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, unknown> };

let hookInstalled = false;
/** `require('electron')` from the built main bundle (and only from it) gets the stand-in. */
function installElectronHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (request, parent, ...rest) {
    if (request === 'electron' && parent?.filename?.startsWith(mainDir + sep)) return STAND_IN_ID;
    return original.call(this, request, parent, ...rest);
  };
}

/** Loads the main bundle afresh (as a new process would) with this stand-in as `electron`. */
function runMainBundle(standIn: ElectronStandIn): void {
  installElectronHook();
  for (const id of Object.keys(moduleInternals._cache)) {
    if (id.startsWith(mainDir + sep)) Reflect.deleteProperty(moduleInternals._cache, id);
  }
  const stub = new Module(STAND_IN_ID);
  stub.filename = STAND_IN_ID;
  stub.loaded = true;
  stub.exports = standIn.module;
  moduleInternals._cache[STAND_IN_ID] = stub;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle is CommonJS, loaded at run time
  require(join(mainDir, 'index.js'));
}

export interface DesktopStartOptions {
  browser: Browser;
  /** app.getPath('userData'): window-state.json lives here. */
  userData: string;
  documents: string;
  /** The page storage of an earlier run (Electron keeps it in userData). */
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
  locks?: Map<string, StandInApp>;
}

export class DesktopApp {
  readonly problems = new Problems();
  /** Single-instance locks: pass them to a second launch to play a second start of the app. */
  readonly locks: Map<string, StandInApp>;
  readonly chromium: ChromiumWindows;
  readonly electron: ElectronStandIn;

  private constructor(readonly options: DesktopStartOptions) {
    for (const dir of [options.userData, options.documents]) mkdirSync(dir, { recursive: true });
    this.locks = options.locks ?? new Map();
    this.chromium = new ChromiumWindows(options.browser, this.problems, options.storageState);
    this.electron = createElectronStandIn({
      pages: this.chromium,
      problems: this.problems,
      paths: { userData: options.userData, documents: options.documents, temp: options.documents },
      locks: this.locks,
    });
    this.chromium.connect(this.electron);
  }

  /** Runs the bundle's top level, then `ready`, as Electron does; does not wait for a window. */
  static launch(options: DesktopStartOptions): DesktopApp {
    if (!existsSync(join(mainDir, 'index.js')) || !existsSync(PRELOAD_BUNDLE)) {
      throw new Error('NetScope is not built: run `npm run build` first (npm test does)');
    }
    const app = new DesktopApp(options);
    runMainBundle(app.electron);
    app.electron.app.emitReady();
    return app;
  }

  /** The main window once its page has loaded and it is shown, with that page. */
  async mainWindow(): Promise<{ window: StandInWindow; page: Page }> {
    for (let attempt = 0; attempt < 1200; attempt++) {
      const window = this.electron.BrowserWindow.getAllWindows()[0];
      if (window?.isVisible()) return { window, page: this.chromium.pageOf(window.webContents) };
      await new Promise((ok) => setTimeout(ok, 50));
    }
    throw new Error(`no window was shown in 60 s; problems: ${this.problems.all().join('; ')}`);
  }

  /** Clicks a menu item by its labels, with the main window focused, as the user would. */
  clickMenu(...labels: string[]): void {
    const menu = this.electron.menu.current;
    if (!menu) throw new Error('the main process set no application menu');
    const focused = this.electron.BrowserWindow.getFocusedWindow();
    menu.click(labels, focused, (role) => {
      if (role === 'quit') this.electron.app.quit();
      else if (role === 'close') focused?.close();
      else if (role === 'reload') focused?.webContents.reload();
      else throw new Error(`menu role "${role}" is native and not emulated`);
    });
  }

  /** app.quit() and the whole shutdown; returns the page storage for the next start. */
  async quit(): Promise<Awaited<ReturnType<BrowserContext['storageState']>> | undefined> {
    const storage = await this.chromium.storage();
    this.electron.app.quit();
    await this.electron.app.exited;
    await this.chromium.dispose();
    return storage;
  }

  /** After a failed test: quit if still running, without waiting forever. */
  async forceClose(): Promise<void> {
    const exited = this.electron.app.exited;
    this.electron.app.quit();
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 10_000))]);
    await this.chromium.dispose().catch(() => undefined);
  }
}
