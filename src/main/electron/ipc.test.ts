import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import * as electron from 'electron';
import { INVOKE_CHANNELS, INVOKE_METHODS, PUSH_CHANNELS, type InvokeMethod } from '../../shared/channels';
import type { EngineStatus } from '../../shared/api';
import { FakeBrowserWindow, FakeFrame, type ElectronFake } from './electron-fake';
import { createFakeBackend, type FakeBackend } from './fake-backend';
import { forwardPushes, registerIpcHandlers } from './ipc';
import type { BrowserWindow } from 'electron';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());
const fake = electron as unknown as ElectronFake;

const INDEX = 'file:///app/out/renderer/index.html';
let backend: FakeBackend;
let win: FakeBrowserWindow;
let dispose: () => void;

beforeEach(() => {
  backend = createFakeBackend();
  win = new FakeBrowserWindow({});
  dispose = registerIpcHandlers({
    backend,
    getWindow: () => win as unknown as BrowserWindow,
    isTrustedUrl: (url) => url === INDEX,
  });
});
afterEach(() => dispose());

function invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = fake.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, ...args) as Promise<unknown>;
}
const ownEvent = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });

const SWITCH_ARGS: Partial<Record<InvokeMethod, unknown[]>> = {
  setUnixSockets: [true],
  setTcpTemplates: [false],
  setSocketEngine: ['netlink'],
};

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per invoke channel and removes them', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    dispose();
    expect(fake.ipcMain.handlers.size).toBe(0);
    dispose = registerIpcHandlers({ backend, getWindow: () => null, isTrustedUrl: () => true });
  });

  it("passes our page's calls to the backend with the method and arguments", async () => {
    for (const m of INVOKE_METHODS.filter(
      (x) =>
        ![
          'setInterval',
          'exportCsv',
          'getProcessDetails',
          'endProcess',
          'revealFile',
          'resolveHost',
          'connectRemote',
        ].includes(x),
    )) {
      // The switches take one argument (validated before the backend sees it); the rest take none.
      const args = SWITCH_ARGS[m] ?? [];
      expect(await invoke(INVOKE_CHANNELS[m], ownEvent(), ...args)).toEqual({ ok: true, value: { handled: m } });
      expect(backend.calls.at(-1)).toEqual({ method: m, args });
    }
    await invoke(INVOKE_CHANNELS.setInterval, ownEvent(), 2000);
    expect(backend.calls.at(-1)).toEqual({ method: 'setInterval', args: [2000] });
  });

  it.each([
    ['another webContents', () => ({ sender: {}, senderFrame: win.webContents.mainFrame })],
    ['a sub-frame', () => ({ sender: win.webContents, senderFrame: new FakeFrame(INDEX, 1, 'iframe-token') })],
    [
      'a foreign URL in the main frame',
      () => ({
        sender: win.webContents,
        senderFrame: Object.assign(win.webContents.mainFrame, { url: 'https://evil.example/' }),
      }),
    ],
    ['a frame that is gone', () => ({ sender: win.webContents, senderFrame: null })],
  ])('rejects %s with forbidden and never calls the backend', async (_name, event) => {
    const result = await invoke(INVOKE_CHANNELS.pause, event());
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(backend.calls).toEqual([]);
  });

  it('rejects everything once the window is destroyed', async () => {
    win.destroy();
    expect(await invoke(INVOKE_CHANNELS.getStatus, ownEvent())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(backend.calls).toEqual([]);
  });

  it("rejects malformed payloads through the backend's validation", async () => {
    const bad: [string, unknown[]][] = [
      [INVOKE_CHANNELS.setInterval, ['fast']],
      [INVOKE_CHANNELS.setInterval, [NaN]],
      [INVOKE_CHANNELS.getStatus, [1]],
      [INVOKE_CHANNELS.endProcess, [{ pid: 1, startTime: null, extra: true }]],
      [INVOKE_CHANNELS.revealFile, ['relative']],
      [INVOKE_CHANNELS.resolveHost, ['example.com']],
    ];
    for (const [channel, args] of bad) {
      expect(await invoke(channel, ownEvent(), ...args), channel).toMatchObject({
        ok: false,
        error: { code: 'invalid-argument' },
      });
    }
    expect(backend.calls).toEqual([]);
  });
});

describe('forwardPushes', () => {
  const status = { intervalMs: 1000, paused: false, seq: 1, readOnly: false, title: 'h' } satisfies EngineStatus;

  it('subscribes on page load and sends each push on its channel', () => {
    forwardPushes(backend, win as unknown as BrowserWindow);
    backend.push({ channel: 'status', payload: status });
    expect(win.webContents.sent).toEqual([]); // page not loaded yet
    win.webContents.emit('did-finish-load');
    backend.push({ channel: 'status', payload: status });
    backend.sendCommand('export-csv');
    expect(win.webContents.sent).toEqual([
      [PUSH_CHANNELS.status, status],
      [PUSH_CHANNELS.command, 'export-csv'],
    ]);
  });

  it('resubscribes on reload instead of doubling up, and stops when the window closes', () => {
    forwardPushes(backend, win as unknown as BrowserWindow);
    win.webContents.emit('did-finish-load');
    win.webContents.emit('did-finish-load');
    expect(backend.listeners.size).toBe(1);
    win.destroy();
    expect(backend.listeners.size).toBe(0);
    backend.push({ channel: 'status', payload: status });
    expect(win.webContents.sent).toEqual([]);
  });

  it('never sends to destroyed web contents', () => {
    forwardPushes(backend, win as unknown as BrowserWindow);
    win.webContents.emit('did-finish-load');
    win.webContents.destroyed = true;
    backend.push({ channel: 'status', payload: status });
    expect(win.webContents.sent).toEqual([]);
    expect(backend.listeners.size).toBe(0);
  });
});
