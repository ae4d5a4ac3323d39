/**
 * A lane that runs the jobs in the calling thread: where no worker bundle
 * exists (vitest runs the TypeScript sources), or where the bundle cannot run.
 * Nothing guards these reads: one that hangs blocks the calling thread.
 */
import type { CallOptions, ProcLane } from './lane-types';
import { JobRunner } from './proc-jobs';
import type { JobArgs, JobName, JobResult } from './proc-protocol';

export class InThreadLane implements ProcLane {
  readonly threaded = false;
  private readonly runner: JobRunner;
  constructor(operationsPerYield: number) {
    this.runner = new JobRunner(operationsPerYield);
  }
  call<J extends JobName>(job: J, args: JobArgs<J>, options: CallOptions = {}): Promise<JobResult<J>> {
    return this.runner.run(job, args, {
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
