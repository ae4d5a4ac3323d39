/**
 * A lane for plain file reads only, in the calling thread: what `netscope -r`, `-e` and `-s` need (/proc/net and
 * /sys files: the kernel's own, not a process's, where a read can hang on a stuck process). A /sys/class/net/X/speed
 * read can still wait on the kernel's rtnl_lock while another task holds it; a one-shot command waits for its answer
 * either way, so blocking the calling thread costs it nothing a worker would save. WHY not the InThreadLane:
 * it loads every job's code (the sock_diag dump, the owner scan, the socket tables) to run none of it; that loading
 * was ~6 ms of a 140 ms `netscope -r` (bench/cli.mjs-style paired rounds, 41 and 31 of them).
 */
import { CallingThreadLane } from './calling-thread-lane';
import { readFiles } from './proc-file-jobs';
import type { JobArgs, JobContext, JobName, JobResult } from './proc-protocol';

export class FilesLane extends CallingThreadLane {
  // async: a read that throws rejects the call, as a job in a thread does.
  protected async run<J extends JobName>(job: J, args: JobArgs<J>, context: JobContext): Promise<JobResult<J>> {
    // Only 'read' runs here; the collectors made with this lane (tables-only.ts) ask for nothing else.
    if (job !== 'read') throw new Error(`the files-only lane cannot run '${job}'`);
    return readFiles(args as JobArgs<'read'>, context) as JobResult<J>;
  }
}
