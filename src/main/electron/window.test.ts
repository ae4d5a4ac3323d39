import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import * as electron from 'electron';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronFake, FakeBrowserWindow } from './electron-fake';
import { createMainWindow } from './window';
import { clampToWorkArea, parseWindowState } from './window-state';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());
const fake = electron as unknown as ElectronFake;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netscope-win-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(pageUrl = 'app://netscope/index.html'): FakeBrowserWindow {
  return createMainWindow({
    preloadPath: '/app/out/preload/index.js',
    pageUrl,
    stateFile: join(dir, 'window-state.json'),
  }) as unknown as FakeBrowserWindow;
}

describe('createMainWindow', () => {
  it('uses exactly the secure webPreferences', () => {
    const win = open();
    expect(win.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.js',
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
    });
  });

  it('loads the page it is given (never a file:// URL) and shows on ready-to-show', () => {
    const win = open();
    expect(win.loaded).toEqual({ url: 'app://netscope/index.html' });
    expect(win.options.show).toBe(false);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    expect(open('http://localhost:5173').loaded).toEqual({ url: 'http://localhost:5173' });
  });

  it('remembers bounds and clamps them onto the display', () => {
    writeFileSync(
      join(dir, 'window-state.json'),
      JSON.stringify({ bounds: { x: 5000, y: -300, width: 900, height: 700 }, maximized: true }),
    );
    const win = open();
    expect(win.options).toMatchObject({ x: 1920 - 900, y: 0, width: 900, height: 700 });
    win.emit('ready-to-show');
    expect(win.maximized).toBe(true);
    win.emit('close');
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 1020, y: 0, width: 900, height: 700 },
      maximized: true,
    });
  });

  it('falls back to the default size for a corrupt state file', () => {
    writeFileSync(join(dir, 'window-state.json'), '{not json');
    expect(open().options).toMatchObject({ width: 1280, height: 800 });
    expect(fake.BrowserWindow.all.length).toBeGreaterThan(0);
  });
});

describe('window state', () => {
  it('rejects implausible states', () => {
    for (const raw of [
      null,
      1,
      {},
      { bounds: null },
      { bounds: { x: 0, y: 0, width: 10, height: 10 } },
      { bounds: { x: NaN, y: 0, width: 800, height: 600 } },
      { bounds: { x: '0', y: 0, width: 800, height: 600 } },
      { bounds: { x: 1e9, y: 0, width: 800, height: 600 } },
    ]) {
      expect(parseWindowState(raw)).toBeNull();
    }
    expect(parseWindowState({ bounds: { x: 1.4, y: 2, width: 800, height: 600 } })).toEqual({
      bounds: { x: 1, y: 2, width: 800, height: 600 },
      maximized: false,
    });
  });
  it('shrinks and moves a rectangle into the work area', () => {
    const area = { x: 100, y: 50, width: 1000, height: 700 };
    expect(clampToWorkArea({ x: 0, y: 0, width: 2000, height: 2000 }, area)).toEqual(area);
    expect(clampToWorkArea({ x: 900, y: 600, width: 400, height: 300 }, area)).toEqual({
      x: 700,
      y: 450,
      width: 400,
      height: 300,
    });
    expect(clampToWorkArea({ x: 200, y: 100, width: 400, height: 300 }, area)).toEqual({
      x: 200,
      y: 100,
      width: 400,
      height: 300,
    });
  });
});
