/**
 * A lane that runs every job in the calling thread: where no worker bundle exists (vitest runs the TypeScript
 * sources), or where the bundle cannot run. Nothing guards these reads: one that hangs blocks the calling thread.
 */
import { CallingThreadLane } from './calling-thread-lane';
import { JobRunner } from './proc-jobs';
import type { JobArgs, JobContext, JobName, JobResult } from './proc-protocol';

export class InThreadLane extends CallingThreadLane {
  private readonly runner: JobRunner;

  constructor(operationsPerYield: number) {
    super();
    this.runner = new JobRunner(operationsPerYield);
  }

  protected run<J extends JobName>(job: J, args: JobArgs<J>, context: JobContext): Promise<JobResult<J>> {
    return this.runner.run(job, args, context);
  }
}
