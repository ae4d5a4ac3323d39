/** One message per turn from a lane to its thread (lane-outbox.ts), on a small worker file written for the test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLane, type ProcLane } from './worker-lane';

let dir = '';
let echo = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'netscope-outbox-'));
  echo = path.join(dir, 'echo.cjs');
  // Answers each job with how many requests came in its message and the message's number; a notification's
  // transferred inodes are counted into the next answer.
  writeFileSync(
    echo,
    "const { parentPort } = require('node:worker_threads');\n" +
      'let messages = 0; let inodes = 0;\n' +
      "parentPort.on('message', (m) => {\n" +
      '  const list = Array.isArray(m) ? m : [m]; messages++;\n' +
      '  for (const r of list) {\n' +
      '    if (r.id === 0) { inodes += r.args.inodes.length; continue; }\n' +
      "    parentPort.postMessage({ id: r.id, kind: 'done', result: { size: list.length, message: messages, " +
      'inodes, paths: r.args.paths } });\n' +
      '  }\n' +
      '});\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Echo {
  size: number;
  message: number;
  inodes: number;
  paths: string[];
}

async function withLane(test: (lane: ProcLane) => Promise<void>): Promise<void> {
  const lane = createLane({ workerFile: echo, watchdogMs: 5000, operationsPerYield: 100, name: 'test lane' });
  try {
    await test(lane);
  } finally {
    await lane.dispose();
  }
}

const read = (lane: ProcLane, name: string): Promise<Echo> =>
  lane.call('read', { paths: [name], encoding: 'latin1' }) as unknown as Promise<Echo>;

describe('LaneOutbox', () => {
  it('sends the jobs of one turn as one message, in order, and a later turn’s as another', async () => {
    await withLane(async (lane) => {
      const inodes = new Float64Array([1, 2, 3]);
      const first = read(lane, 'a');
      lane.notify('ownerInodes', { inodes }, [inodes.buffer as ArrayBuffer]);
      const second = read(lane, 'b');
      const [a, b] = await Promise.all([first, second]);
      expect(a).toEqual({ size: 3, message: 1, inodes: 0, paths: ['a'] });
      expect(b).toEqual({ size: 3, message: 1, inodes: 3, paths: ['b'] });
      // Transferred, not copied.
      expect(inodes.byteLength).toBe(0);
      expect(await read(lane, 'c')).toEqual({ size: 1, message: 2, inodes: 3, paths: ['c'] });
    });
  });

  it('a job that cannot be sent fails alone; the others of its turn are answered', async () => {
    await withLane(async (lane) => {
      const first = read(lane, 'a');
      const broken = lane.call('read', { paths: [() => 'no clone'] as unknown as string[], encoding: 'latin1' });
      const last = read(lane, 'b');
      await expect(broken).rejects.toThrow(/could not be cloned/);
      expect((await first).paths).toEqual(['a']);
      expect((await last).paths).toEqual(['b']);
    });
  });
});
