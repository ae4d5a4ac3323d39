/**
 * What every lane that runs its jobs in the calling thread shares (in-thread-lane.ts: every job; files-lane.ts: file
 * reads only): no thread, so nothing is ever stuck and nothing to release. Nothing guards these reads: one that hangs
 * blocks the calling thread, which is why only reads that cannot hang, or tests, use them.
 */
import type { CallOptions, ProcLane } from './lane-types';
import type { JobArgs, JobContext, JobName, JobResult } from './proc-protocol';

export abstract class CallingThreadLane implements ProcLane {
  readonly threaded = false;

  /** Runs one job here; `context` carries a 'tables' job's chunks to the caller. */
  protected abstract run<J extends JobName>(job: J, args: JobArgs<J>, context: JobContext): Promise<JobResult<J>>;

  call<J extends JobName>(job: J, args: JobArgs<J>, options: CallOptions = {}): Promise<JobResult<J>> {
    return this.run(job, args, {
      beat: () => undefined,
      chunk: (bytes, length, part) => options.onChunk?.(bytes, length, part),
    });
  }

  notify<J extends JobName>(job: J, args: JobArgs<J>): void {
    this.call(job, args).catch(() => undefined);
  }

  isStuck(): boolean {
    return false;
  }

  stuckKeys(): string[] {
    return [];
  }

  release(): void {}

  async dispose(): Promise<void> {}
}
