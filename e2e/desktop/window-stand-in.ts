/**
 * The stand-in's BrowserWindow, webContents and frames. State and events
 * follow Electron's (close can be prevented, closed, ready-to-show once,
 * did-finish-load on every load, window-all-closed); the page itself is a
 * Chromium page that WindowPages opens, loads, resizes and closes.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { preventable } from './events';
import type { Problems } from './problems';

/** Chromium's side, implemented with Playwright in chromium-windows.ts. */
export interface WindowPages {
  open(contents: StandInWebContents, size: { width: number; height: number }): Promise<void>;
  load(contents: StandInWebContents, url: string): Promise<void>;
  reload(contents: StandInWebContents): Promise<void>;
  resize(contents: StandInWebContents, size: { width: number; height: number }): Promise<void>;
  deliver(contents: StandInWebContents, channel: string, args: unknown[]): Promise<void>;
  close(contents: StandInWebContents): Promise<void>;
}

export interface WindowApp {
  emit(event: 'web-contents-created' | 'browser-window-created', ...args: unknown[]): boolean;
  lastWindowClosed(): void;
}

/** A frame as ipcMain sees it (WebFrameMain): compared by processId and frameToken. */
export class StandInFrame {
  constructor(
    private readonly urlOf: () => string,
    readonly processId: number,
    readonly frameToken: string,
    readonly routingId: number,
  ) {}
  get url(): string {
    return this.urlOf();
  }
}

export function createWindowClasses(app: WindowApp, pages: WindowPages, problems: Problems) {
  let nextId = 1;
  const allContents: StandInWebContents[] = [];
  const allWindows: StandInWindow[] = [];

  class StandInWebContents extends EventEmitter {
    readonly id = nextId++;
    readonly mainFrame: StandInFrame;
    url = '';
    private destroyed = false;
    private queue: Promise<void>;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

    constructor(
      readonly preloadPath: string | null,
      size: { width: number; height: number },
    ) {
      super();
      this.mainFrame = new StandInFrame(() => this.url, this.id, `main-${this.id}`, 1);
      allContents.push(this);
      app.emit('web-contents-created', preventable(), this);
      this.queue = pages.open(this, size);
      this.queue.catch((e: unknown) => problems.add(`opening the window's page failed: ${String(e)}`));
    }

    /** Page operations run in order, as Electron's would on one renderer. */
    enqueue(what: string, op: () => Promise<void>): Promise<void> {
      const next = this.queue.then(op);
      this.queue = next.catch((e: unknown) => {
        if (!this.destroyed) problems.add(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      });
      return next;
    }
    loadURL(url: string): Promise<void> {
      return this.enqueue(`loading ${url}`, () => pages.load(this, url));
    }
    reload(): void {
      void this.enqueue('reload', () => pages.reload(this));
    }
    getURL(): string {
      return this.url;
    }
    send(channel: string, ...args: unknown[]): void {
      if (this.destroyed) throw new Error('Object has been destroyed');
      // Electron serializes with the structured clone algorithm: what cannot be cloned fails here too.
      const copy = structuredClone(args);
      void this.enqueue(`webContents.send(${channel})`, () => pages.deliver(this, channel, copy));
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      if (this.destroyed) return;
      this.destroyed = true;
      void this.queue.then(() => pages.close(this));
      this.emit('destroyed');
    }
  }

  class StandInWindow extends EventEmitter {
    static getAllWindows(): StandInWindow[] {
      return allWindows.filter((w) => !w.isDestroyed());
    }
    static getFocusedWindow(): StandInWindow | null {
      return StandInWindow.getAllWindows().find((w) => w.focused) ?? null;
    }
    static fromWebContents(contents: StandInWebContents): StandInWindow | null {
      return allWindows.find((w) => w.webContents === contents) ?? null;
    }

    readonly webContents: StandInWebContents;
    readonly options: BrowserWindowConstructorOptions;
    private bounds: Rectangle;
    private destroyed = false;
    private shownOnce = false;
    visible: boolean;
    maximized = false;
    minimized = false;
    focused = false;

    constructor(options: BrowserWindowConstructorOptions = {}) {
      super();
      const prefs = options.webPreferences ?? {};
      // The harness runs the preload the way a sandboxed, isolated one runs; anything else it cannot emulate.
      if (prefs.sandbox !== true || prefs.contextIsolation === false || prefs.nodeIntegration === true) {
        throw new Error('desktop harness: only sandboxed, context-isolated windows without Node are emulated');
      }
      this.options = options;
      const width = options.width ?? 800;
      const height = options.height ?? 600;
      this.bounds = {
        x: options.x ?? Math.round((1920 - width) / 2),
        y: options.y ?? Math.round((1040 - height) / 2),
        width,
        height,
      };
      this.visible = options.show !== false;
      allWindows.push(this);
      this.webContents = new StandInWebContents(prefs.preload ?? null, { width, height });
      this.webContents.on('did-finish-load', () => {
        if (this.shownOnce) return;
        this.shownOnce = true;
        this.emit('ready-to-show');
      });
      app.emit('browser-window-created', preventable(), this);
    }

    loadURL(url: string): Promise<void> {
      return this.webContents.loadURL(url);
    }
    loadFile(file: string): Promise<void> {
      return this.webContents.loadURL(new URL(`file://${file}`).href);
    }
    getBounds(): Rectangle {
      return { ...this.bounds };
    }
    getNormalBounds(): Rectangle {
      return { ...this.bounds };
    }
    /** What the user does by dragging or resizing the window. */
    setBounds(bounds: Partial<Rectangle>): void {
      this.bounds = { ...this.bounds, ...bounds };
      const size = { width: this.bounds.width, height: this.bounds.height };
      void this.webContents.enqueue('resize', () => pages.resize(this.webContents, size));
    }
    getTitle(): string {
      return this.options.title ?? '';
    }
    show(): void {
      this.visible = true;
      this.focused = true;
    }
    hide(): void {
      this.visible = false;
    }
    isVisible(): boolean {
      return this.visible;
    }
    focus(): void {
      this.focused = true;
    }
    isFocused(): boolean {
      return this.focused;
    }
    maximize(): void {
      this.maximized = true;
    }
    unmaximize(): void {
      this.maximized = false;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    minimize(): void {
      this.minimized = true;
    }
    restore(): void {
      this.minimized = false;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    /** The user closes the window: `close` may be prevented, then the window is gone. */
    close(): void {
      if (this.destroyed) return;
      const event = preventable();
      this.emit('close', event);
      if (!event.defaultPrevented) this.destroy();
    }
    destroy(): void {
      if (this.destroyed) return;
      this.destroyed = true;
      this.webContents.destroy();
      this.emit('closed');
      if (StandInWindow.getAllWindows().length === 0) app.lastWindowClosed();
    }
  }

  return { StandInWebContents, StandInWindow, allContents };
}

export type WindowClasses = ReturnType<typeof createWindowClasses>;
export type StandInWebContents = InstanceType<WindowClasses['StandInWebContents']>;
export type StandInWindow = InstanceType<WindowClasses['StandInWindow']>;
