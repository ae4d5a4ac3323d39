/**
 * Which process details the owner thread sends with its answer (OwnerJobs.resolve): those of the processes owning a
 * table socket, each (pid, start time) once, on full and quiet passes alike, against a fake /proc tree.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeProcess, makeFakeProcRoot } from '../../../../test/helpers/fake-proc';
import { JobRunner } from './proc-jobs';
import type { JobContext, OwnerResolveReply } from './proc-protocol';

let root = '';
const context: JobContext = { beat: () => undefined, chunk: () => undefined };

/** A process with a name (readProcess needs comm or status to say it exists). */
function processAt(pid: number, startTicks: number, fds: Record<string, string>): void {
  fakeProcess(root, pid, startTicks, fds);
  writeFileSync(path.join(root, String(pid), 'comm'), `proc${pid}\n`);
}

/** One refresh of the owner jobs: the tables' inodes in one piece; the owners and the pids whose details came. */
async function refresh(
  runner: JobRunner,
  inodes: number[],
  skipInfoPids: number[] = [],
): Promise<{ owners: number[]; sent: number[]; reply: OwnerResolveReply }> {
  await runner.run('ownerList', { procRoot: root, skipPids: [] }, context);
  const reply = await runner.run('ownerResolve', { skipInfoPids, inodes: Float64Array.from(inodes) }, context);
  return { owners: [...reply.owners], sent: reply.processes.map((p) => p.pid).sort((a, b) => a - b), reply };
}

beforeEach(() => {
  root = makeFakeProcRoot();
  processAt(10, 100, { '0': '/dev/null', '3': 'socket:[500]', '4': 'socket:[501]' });
  processAt(20, 200, { '5': 'socket:[502]' });
  // Holds no socket of the tables: its details are not sent.
  processAt(30, 300, { '6': 'socket:[600]' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('owner jobs: the details sent with the owners', () => {
  it('sends each owning process once, not the others, and again when its PID is reused or it comes back', async () => {
    const runner = new JobRunner(1000);
    const cold = await refresh(runner, [500, 501, 502, 777]);
    expect(cold.owners).toEqual([10, 10, 20, 0]);
    expect(cold.sent).toEqual([10, 20]);
    expect(cold.reply.processes.find((p) => p.pid === 20)?.comm).toBe('proc20\n');
    // Warm, then quiet passes (nothing changed): nothing sent again.
    for (let i = 0; i < 3; i++) {
      const warm = await refresh(runner, [500, 501, 502, 777]);
      expect(warm.owners).toEqual([10, 10, 20, 0]);
      expect(warm.sent).toEqual([]);
    }
    expect((await refresh(runner, [500, 501, 502])).reply.stats.quiet).toBe(true);
    // PID 20 reused by another process holding the same socket number: sent again, with its new start time.
    processAt(20, 250, { '5': 'socket:[502]' });
    const reused = await refresh(runner, [500, 501, 502]);
    expect(reused.owners).toEqual([10, 10, 20]);
    expect(reused.sent).toEqual([20]);
    expect(reused.reply.processes[0]?.startTicks).toBe(250);
    // 30's socket joins the tables: 30 is an owner now, sent once.
    const joined = await refresh(runner, [500, 501, 502, 600]);
    expect(joined.owners).toEqual([10, 10, 20, 30]);
    expect(joined.sent).toEqual([30]);
    expect((await refresh(runner, [500, 501, 502, 600])).sent).toEqual([]);
  });

  it('leaves out the processes the main thread asked to skip', async () => {
    const runner = new JobRunner(1000);
    const cold = await refresh(runner, [500, 502], [10]);
    expect(cold.owners).toEqual([10, 20]);
    expect(cold.sent).toEqual([20]);
  });
});
