/**
 * The reading side of the jobs in proc-protocol.ts: plain synchronous reads
 * (much faster than thousands of promises), run in a worker thread where one
 * can hang without harm (proc-worker.ts), or in the calling thread where no
 * worker bundle exists (vitest runs the TypeScript sources). Each concern has
 * its own file: proc-file-jobs.ts (files, socket tables, process details),
 * proc-diag-job.ts (sock_diag dumps), proc-owner-jobs.ts (the owner scan).
 */
import { TablePrintMemory } from './proc-table-diff';
import { readFiles, readProcess, readTables } from './proc-file-jobs';
import { SockDiagJob } from './proc-diag-job';
import { OwnerJobs } from './proc-owner-jobs';
import { PHASE_FILE, type JobArgs, type JobContext, type JobName, type JobResult } from './proc-protocol';

export class JobRunner {
  private context: JobContext | null = null;
  private readonly sockDiag = new SockDiagJob();
  private readonly owners: OwnerJobs;
  /** The socket tables' line fingerprints of their last reads (proc-table-diff.ts). */
  private readonly tablePrints = new TablePrintMemory();

  /**
   * @param operationsPerYield the owner scan's pacing: in a worker nothing else
   *   runs, so no pacing; in the calling thread it lets the event loop run.
   */
  constructor(operationsPerYield: number) {
    this.owners = new OwnerJobs(operationsPerYield, () => this.context);
  }

  async run<J extends JobName>(job: J, args: JobArgs<J>, context: JobContext): Promise<JobResult<J>> {
    this.context = context;
    context.beat(0, PHASE_FILE);
    // Each branch returns its own job's result; TypeScript cannot narrow J from `job`, hence the casts.
    switch (job) {
      case 'read':
        return readFiles(args as JobArgs<'read'>, context) as JobResult<J>;
      case 'tables':
        return readTables(args as JobArgs<'tables'>, context, this.tablePrints) as JobResult<J>;
      case 'processInfo': {
        const { procRoot, pid } = args as JobArgs<'processInfo'>;
        return readProcess(procRoot, pid, null, context) as JobResult<J>;
      }
      case 'sockDiag':
        return this.sockDiag.run(args as JobArgs<'sockDiag'>, context) as JobResult<J>;
      case 'ownerList':
        // The job lasts as long as the listing, so that a listing that hangs is a job that hangs (the watchdog sees it).
        await this.owners.list(args as JobArgs<'ownerList'>).catch(() => undefined);
        return null as JobResult<J>;
      case 'ownerInodes':
        this.owners.inodes((args as JobArgs<'ownerInodes'>).inodes);
        return null as JobResult<J>;
      case 'ownerResolve': {
        const resolveArgs = args as JobArgs<'ownerResolve'>;
        if (resolveArgs.inodes) this.owners.inodes(resolveArgs.inodes);
        return (await this.owners.resolve(resolveArgs)) as JobResult<J>;
      }
    }
    throw new Error(`unknown job ${String(job)}`);
  }
}
