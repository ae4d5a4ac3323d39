import { describe, it, expect, vi, beforeAll } from 'vitest';
import * as electron from 'electron';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendOptions } from '../engine/backend-types';
import { startApp, trustedUrlChecker } from './app';
import { FakeBrowserWindow, type ElectronFake } from './electron-fake';
import { createFakeBackend, type FakeBackend } from './fake-backend';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());
const fake = electron as unknown as ElectronFake;

let backend: FakeBackend;
let options: BackendOptions | null = null;

beforeAll(async () => {
  backend = createFakeBackend();
  startApp(
    (o) => {
      options = o;
      return backend;
    },
    { mainDir: '/app/out/main' },
  );
  await vi.waitFor(() => expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1));
});

describe('startApp', () => {
  it('creates an Electron backend that may end processes, starts it and opens the window', () => {
    expect(options).toMatchObject({ mode: 'electron', allowEndProcess: true });
    expect(backend.started).toBe(1);
    const win = FakeBrowserWindow.getAllWindows()[0];
    expect(win?.loaded).toEqual({ url: 'app://netscope/index.html' });
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
    expect((win?.options.webPreferences as { preload: string }).preload).toBe(join('/app/out/preload/index.js'));
    expect(fake.ipcMain.handlers.size).toBeGreaterThan(0);
    expect(fake.session.defaultSession.headersListener).not.toBeNull();
  });

  it('focuses the existing window when a second instance starts', () => {
    const win = FakeBrowserWindow.getAllWindows()[0];
    if (!win) throw new Error('no window');
    win.minimized = true;
    fake.app.emit('second-instance');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
  });

  it('saveCsv writes the chosen file atomically, or returns null when cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netscope-app-'));
    try {
      const file = join(dir, 'connections.csv');
      fake.dialog.state.savePath = file;
      expect(await options?.saveCsv?.('a,b\n', 'connections.csv')).toBe(file);
      expect(readFileSync(file, 'utf8')).toBe('a,b\n');
      fake.dialog.state.savePath = join(dir, 'no-such-folder', 'x.csv');
      await expect(options?.saveCsv?.('x', 'x.csv')).rejects.toThrow('Could not write');
      fake.dialog.state.savePath = null;
      expect(await options?.saveCsv?.('a,b\n', 'connections.csv')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('revealFile shows existing files in the file manager and fails for missing ones', async () => {
    await options?.revealFile?.(__filename);
    expect(fake.shell.revealed).toEqual([__filename]);
    await expect(options?.revealFile?.('/no/such/file')).rejects.toThrow();
    expect(fake.shell.revealed).toHaveLength(1);
  });

  it('asks in a native dialog on the window before the engine ends a process', async () => {
    fake.dialog.state.messages.length = 0;
    const target = { pid: 4242, name: 'nginx', path: '/usr/sbin/nginx' };
    expect(await options?.confirmEndProcess?.(target)).toBe(true); // the fake presses the first button
    expect(fake.dialog.state.messages).toHaveLength(1);
    expect(fake.dialog.state.messages[0]).toMatchObject({ message: 'End nginx (PID 4242)?' });
  });

  it('stops the backend before quitting', async () => {
    const event = { preventDefault: vi.fn() };
    const quits = fake.app.quitCalls;
    fake.app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(quits + 1));
    expect(backend.stopped).toBe(1);
  });
});

describe('trustedUrlChecker', () => {
  it('trusts only our app:// index page, or the dev server origin in development', () => {
    const prod = trustedUrlChecker(null);
    expect(prod('app://netscope/index.html')).toBe(true);
    expect(prod('app://netscope/index.html#/routes')).toBe(true);
    for (const url of [
      'app://netscope/assets/views.js',
      'app://evil/index.html',
      'other://netscope/index.html',
      'file:///app/out/renderer/index.html',
      'http://localhost:5173/',
      'not a url',
    ]) {
      expect(prod(url), url).toBe(false);
    }
    const dev = trustedUrlChecker('http://localhost:5173');
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('app://netscope/index.html')).toBe(true);
  });
});
