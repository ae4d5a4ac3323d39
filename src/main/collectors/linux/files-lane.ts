/**
 * A lane for plain file reads only, in the calling thread: what `netscope -r`, `-e` and `-s` need (/proc/net and
 * /sys files, which no stuck process can hang). WHY not the InThreadLane: it loads every job's code (the sock_diag
 * dump, the owner scan, the socket tables), the largest part of the CLI's bundle, to run none of it; for a command
 * whose whole run is ~50 ms beyond Node's start, that loading was ~15-20 ms of it (bench/cli.mjs `netscope -r`).
 */
import type { CallOptions, ProcLane } from './lane-types';
import { readFiles } from './proc-file-jobs';
import type { JobArgs, JobName, JobResult } from './proc-protocol';

const noContext = { beat: () => undefined, chunk: () => undefined };

export class FilesLane implements ProcLane {
  readonly threaded = false;

  call<J extends JobName>(job: J, args: JobArgs<J>, _options?: CallOptions): Promise<JobResult<J>> {
    // Only 'read' runs here; the collectors made with this lane (tables-only.ts) ask for nothing else.
    if (job !== 'read') return Promise.reject(new Error(`the files-only lane cannot run '${job}'`));
    try {
      return Promise.resolve(readFiles(args as JobArgs<'read'>, noContext) as JobResult<J>);
    } catch (error) {
      return Promise.reject(error as Error);
    }
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
