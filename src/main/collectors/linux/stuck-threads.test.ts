/**
 * The exit hook that ends the process past a stuck reading thread is there only while one is stuck: a process
 * that starts and stops the collectors again and again (the desktop e2e harness loads the app once per test)
 * must not collect one 'exit' listener per start (Node's MaxListenersExceededWarning at 11).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { abandonThread, stuckThreadCount } from './stuck-threads';

describe('abandonThread', () => {
  it("holds a process 'exit' listener only while an abandoned thread has not exited", async () => {
    const before = process.listenerCount('exit');
    for (let round = 0; round < 12; round++) {
      // A thread that would run for ever; terminate() (in abandonThread) ends it, as when a lane is disposed.
      const worker = new Worker('setInterval(() => {}, 1000);', { eval: true });
      await once(worker, 'online');
      const exited = once(worker, 'exit');
      let onExitCalled = false;
      abandonThread(worker, () => (onExitCalled = true));
      expect(stuckThreadCount()).toBe(1);
      expect(process.listenerCount('exit')).toBe(before + 1);
      await exited;
      expect(onExitCalled).toBe(true);
      expect(stuckThreadCount()).toBe(0);
      expect(process.listenerCount('exit')).toBe(before);
    }
  });
});
