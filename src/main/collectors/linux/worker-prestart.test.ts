/** Threads started ahead of their lanes (worker-prestart.ts), on small worker files written for the test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROC_WORKER_FILE } from './index';
import { HEARTBEAT_SLOTS } from './proc-protocol';
import { createLane } from './worker-lane';
import {
  prestartedCount,
  prestartWorkers,
  PRESTART_HEARTBEAT_SLOTS,
  PRESTART_WORKER_FILE,
  takePrestartedWorker,
} from './worker-prestart';

let dir = '';
let answering = '';
let failing = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'netscope-prestart-'));
  answering = path.join(dir, 'answering.cjs');
  failing = path.join(dir, 'failing.cjs');
  // A lane's worker in miniature: answers each job with the heartbeat's size it was given.
  writeFileSync(
    answering,
    "const { parentPort, workerData } = require('node:worker_threads');\n" +
      "parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, kind: 'done', result: " +
      'workerData.heartbeat.byteLength }));\n',
  );
  writeFileSync(failing, "throw new Error('this bundle cannot run here');\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exited = (worker: { once(event: 'exit', listener: () => void): unknown }): Promise<void> =>
  new Promise((resolve) => worker.once('exit', () => resolve()));

describe('worker-prestart', () => {
  it("names the lanes' worker bundle and heartbeat size", () => {
    expect(PRESTART_WORKER_FILE).toBe(PROC_WORKER_FILE);
    expect(PRESTART_HEARTBEAT_SLOTS).toBe(HEARTBEAT_SLOTS);
  });

  it('hands a started thread out once, with its heartbeat, and only for its own file', async () => {
    prestartWorkers(answering, 1);
    expect(takePrestartedWorker(failing)).toBeNull();
    const taken = takePrestartedWorker(answering);
    if (taken === null) throw new Error('the started thread was not handed out');
    expect(takePrestartedWorker(answering)).toBeNull();
    const worker = taken.worker;
    const reply = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage({ id: 7 });
    expect(await reply).toEqual({ id: 7, kind: 'done', result: HEARTBEAT_SLOTS * 4 });
    expect(taken.heartbeat.byteLength).toBe(HEARTBEAT_SLOTS * 4);
    await worker.terminate();
  });

  it('a lane runs its jobs on the thread started for it', async () => {
    prestartWorkers(answering, 1);
    expect(prestartedCount()).toBe(1);
    const lane = createLane({ workerFile: answering, watchdogMs: 5000, operationsPerYield: 100, name: 'test lane' });
    try {
      const result = await lane.call('read', { paths: [], encoding: 'latin1' });
      expect(result).toBe(HEARTBEAT_SLOTS * 4);
      expect(prestartedCount()).toBe(0);
    } finally {
      await lane.dispose();
    }
  });

  it('a thread that fails at start is never handed out, and its error does not end the process', async () => {
    const [worker] = prestartWorkers(failing, 1);
    if (worker) await exited(worker);
    expect(takePrestartedWorker(failing)).toBeNull();
  });

  it('threads that no lane takes are ended after the wait', async () => {
    prestartWorkers(answering, 2, 50);
    expect(prestartedCount()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(prestartedCount()).toBe(0);
    expect(takePrestartedWorker(answering)).toBeNull();
  });
});
