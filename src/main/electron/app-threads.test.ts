/** The app's reading threads, started as the Electron main process starts (app-threads.ts), with Electron faked. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prestartedCount, takePrestartedWorker } from '../collectors/linux/worker-prestart';
import { startApp } from './app';
import { APP_READING_THREADS, startAppThreadsAhead } from './app-threads';
import { createFakeBackend } from './fake-backend';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());

let mainDir = '';
beforeAll(() => {
  mainDir = mkdtempSync(join(tmpdir(), 'netscope-app-threads-'));
  // The worker bundle in miniature: a thread that waits for its lane's messages.
  writeFileSync(
    join(mainDir, 'proc-worker.js'),
    "require('node:worker_threads').parentPort.on('message', () => undefined);\n",
  );
});
afterAll(() => rmSync(mainDir, { recursive: true, force: true }));

/** Takes (as a lane would) and ends every thread waiting on the bundle; how many there were. */
async function takeAll(): Promise<number> {
  let taken = 0;
  for (
    let next = takePrestartedWorker(join(mainDir, 'proc-worker.js'));
    next;
    next = takePrestartedWorker(join(mainDir, 'proc-worker.js'))
  ) {
    taken++;
    await next.worker.terminate();
  }
  return taken;
}

describe('startAppThreadsAhead', () => {
  it('starts none off Linux, and none where the worker bundle is not beside the main bundle', () => {
    expect(startAppThreadsAhead(mainDir, 'win32')).toBe(0);
    expect(startAppThreadsAhead(mainDir, 'darwin')).toBe(0);
    expect(startAppThreadsAhead(join(mainDir, 'no-such-dir'), 'linux')).toBe(0);
    expect(prestartedCount()).toBe(0);
  });

  it.runIf(process.platform === 'linux')(
    'startApp starts both lanes\u2019 threads before Electron is ready, for the backend\u2019s lanes to take',
    async () => {
      let waitingWhenBackendMade = -1;
      startApp(
        () => {
          waitingWhenBackendMade = prestartedCount();
          return createFakeBackend();
        },
        { mainDir },
      );
      // Already there when the backend is made (synchronously in startApp), long before its first snapshot.
      expect(waitingWhenBackendMade).toBe(APP_READING_THREADS);
      expect(await takeAll()).toBe(APP_READING_THREADS);
    },
  );
});
