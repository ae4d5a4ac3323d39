/**
 * The 'ownerList' message left out where the owner thread said the next pass would wait for the tables anyway
 * (listNotNeeded), against a fake /proc tree: the owners stay those of a pass that lists, whatever happens to the
 * tables, the thread or the refresh in between.
 */
import { rmSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeProcess, makeFakeProcRoot } from '../../../../test/helpers/fake-proc';
import { CallingThreadLane } from './calling-thread-lane';
import { JobRunner } from './proc-jobs';
import type { JobArgs, JobContext, JobName, JobResult } from './proc-protocol';
import { LaneOwnerSource } from './owner-source';

let root = '';
const signal = new AbortController().signal;

const processAt = (pid: number, startTicks: number, fds: Record<string, string>): void =>
  fakeProcess(root, pid, startTicks, fds);

/** Runs the jobs in this thread, as InThreadLane does, and names each job sent; `restart()` is a new thread. */
class CountingLane extends CallingThreadLane {
  readonly jobs: JobName[] = [];
  private runner = new JobRunner(1000);
  protected run<J extends JobName>(job: J, args: JobArgs<J>, context: JobContext): Promise<JobResult<J>> {
    this.jobs.push(job);
    return this.runner.run(job, args, context);
  }
  restart(): void {
    this.runner = new JobRunner(1000);
  }
}

/** One refresh: the tables' inodes in pieces; the owner of each, and which jobs the refresh sent. */
async function refresh(
  lane: CountingLane,
  source: LaneOwnerSource,
  pieces: number[][],
): Promise<{ owners: number[]; jobs: JobName[]; quiet: boolean; listNotNeeded: boolean }> {
  const before = lane.jobs.length;
  source.begin();
  for (const piece of pieces) source.add(Float64Array.from(piece));
  const reply = await source.finish(signal);
  return {
    owners: [...reply.owners],
    jobs: lane.jobs.slice(before),
    quiet: reply.stats.quiet,
    listNotNeeded: reply.listNotNeeded,
  };
}

beforeEach(() => {
  root = makeFakeProcRoot();
  processAt(10, 100, { '0': '/dev/null', '3': 'socket:[500]', '4': 'socket:[900]' });
  processAt(20, 200, { '0': '/dev/null', '5': 'socket:[501]' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("owner source: 'ownerList' left out before a quiet pass", () => {
  const table = [[500], [501, 777]];

  async function warmedUp(): Promise<{ lane: CountingLane; source: LaneOwnerSource }> {
    const lane = new CountingLane();
    const source = new LaneOwnerSource(root, lane);
    // Cold (every inode new), then warm with the same tables: the next pass may wait for the tables.
    expect((await refresh(lane, source, table)).listNotNeeded).toBe(false);
    const warm = await refresh(lane, source, table);
    expect(warm.jobs).toEqual(['ownerList', 'ownerInodes', 'ownerResolve']);
    expect(warm.listNotNeeded).toBe(true);
    return { lane, source };
  }

  it('sends no ownerList when the last pass said so, and answers as before', async () => {
    const { lane, source } = await warmedUp();
    const quiet = await refresh(lane, source, table);
    expect(quiet.jobs).toEqual(['ownerInodes', 'ownerResolve']);
    expect(quiet.quiet).toBe(true);
    expect(quiet.owners).toEqual([10, 20, 0]);
    // One piece only: the pass opens with 'ownerResolve' itself.
    const one = await refresh(lane, source, [[501, 500]]);
    expect(one.jobs).toEqual(['ownerResolve']);
    expect(one.owners).toEqual([20, 10]);
  });

  it('a new socket in the tables on such a refresh is listed then, and the next refresh sends ownerList again', async () => {
    const { lane, source } = await warmedUp();
    symlinkSync('socket:[502]', path.join(root, '20', 'fd', '7'));
    const changed = await refresh(lane, source, [[500], [501, 502, 777]]);
    expect(changed.jobs).toEqual(['ownerInodes', 'ownerResolve']);
    expect(changed.quiet).toBe(false);
    expect(changed.owners).toEqual([10, 20, 20, 0]);
    expect(changed.listNotNeeded).toBe(false);
    expect((await refresh(lane, source, [[500], [501, 502, 777]])).jobs[0]).toBe('ownerList');
  });

  it('a thread started since (no scanner) lists with the arguments sent with ownerResolve, keeping the pieces', async () => {
    const { lane, source } = await warmedUp();
    lane.restart();
    unlinkSync(path.join(root, '10', 'fd', '3'));
    symlinkSync('socket:[777]', path.join(root, '10', 'fd', '3'));
    const fresh = await refresh(lane, source, table);
    expect(fresh.jobs).toEqual(['ownerInodes', 'ownerResolve']);
    expect(fresh.quiet).toBe(false);
    expect(fresh.owners).toEqual([0, 20, 10]);
  });

  it('a refresh that failed before finish() leaves nothing behind: the next one sends ownerList', async () => {
    const { lane, source } = await warmedUp();
    source.begin();
    source.add(Float64Array.from([900]));
    source.add(Float64Array.from([901]));
    const next = await refresh(lane, source, table);
    expect(next.jobs[0]).toBe('ownerList');
    expect(next.owners).toEqual([10, 20, 0]);
  });
});
