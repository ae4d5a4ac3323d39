/**
 * A small stand-in for the 'electron' module, for tests only (loaded through
 * vi.mock('electron', ...)); the real Electron binary is never required.
 * It records what the code under test configured so tests can assert on it.
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

export class FakeFrame {
  constructor(
    public url: string,
    public processId = 1,
    public frameToken = 'main-token',
  ) {}
}

export class FakeWebContents extends EventEmitter {
  mainFrame = new FakeFrame('file:///app/out/renderer/index.html');
  sent: [string, unknown][] = [];
  destroyed = false;
  windowOpenHandler: Handler | null = null;
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  webContents = new FakeWebContents();
  destroyed = false;
  shown = false;
  maximized = false;
  minimized = false;
  focused = false;
  loaded: { file?: string; url?: string } = {};
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds() {
    const o = this.options as { x?: number; y?: number; width: number; height: number };
    return { x: o.x ?? 0, y: o.y ?? 0, width: o.width, height: o.height };
  }
  async loadFile(file: string): Promise<void> {
    this.loaded.file = file;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.url = url;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  hasLock = true;
  quitCalls = 0;
  paths: Record<string, string> = { userData: '/tmp/netscope-user', documents: '/tmp/netscope-docs' };
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  quit(): void {
    this.quitCalls++;
  }
  getPath(name: string): string {
    return this.paths[name] ?? `/tmp/${name}`;
  }
  getVersion(): string {
    return '0.1.0';
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
}

export function createElectronFake() {
  const handlers = new Map<string, Handler>();
  const session = {
    permissionRequestHandler: null as Handler | null,
    permissionCheckHandler: null as Handler | null,
    headersListener: null as Handler | null,
    setPermissionRequestHandler(h: Handler) {
      session.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: Handler) {
      session.permissionCheckHandler = h;
    },
    webRequest: {
      onHeadersReceived(h: Handler) {
        session.headersListener = h;
      },
    },
  };
  const dialogState = {
    savePath: null as string | null,
    openPath: null as string | null,
    messages: [] as unknown[],
  };
  const menuState = { template: null as unknown, built: 0 };
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, Handler>(),
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      for (const s of schemes) protocol.privileged.push(s);
    },
    handle: (scheme: string, h: Handler) => void protocol.handlers.set(scheme, h),
  };
  const revealed: string[] = [];
  const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handlers,
      handle: (channel: string, h: Handler) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, h);
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    session: { defaultSession: session },
    protocol,
    shell: { showItemInFolder: (p: string) => void revealed.push(p), revealed },
    dialog: {
      state: dialogState,
      showSaveDialog: async (..._args: unknown[]) =>
        dialogState.savePath === null
          ? { canceled: true, filePath: '' }
          : { canceled: false, filePath: dialogState.savePath },
      showOpenDialog: async (..._args: unknown[]) =>
        dialogState.openPath === null
          ? { canceled: true, filePaths: [] }
          : { canceled: false, filePaths: [dialogState.openPath] },
      showMessageBox: async (...args: unknown[]) => {
        dialogState.messages.push(args.at(-1));
        return { response: 0 };
      },
    },
    Menu: {
      state: menuState,
      buildFromTemplate: (template: unknown) => {
        menuState.built++;
        return { template };
      },
      setApplicationMenu: (menu: { template: unknown }) => {
        menuState.template = menu.template;
      },
    },
    screen: { workArea, getDisplayMatching: () => ({ workArea }) },
  };
}

export type ElectronFake = ReturnType<typeof createElectronFake>;
