/**
 * The owner-scan jobs of proc-jobs.ts ('ownerList', 'ownerInodes', 'ownerResolve'), in the owner thread: phase 1
 * lists the processes' socket fds (owner-scan.ts) while the socket tables' inodes arrive in pieces; phase 2 resolves
 * those inodes to owners and sends the details of processes the main thread has not seen yet.
 */
import { InodeSet } from './inode-table';
import { SocketOwnerScanner } from './owner-scan';
import { ownerReplyOf } from './owner-protocol';
import { readProcess } from './proc-file-jobs';
import {
  PHASE_PROCESS_FDS,
  type JobArgs,
  type JobContext,
  type OwnerResolveReply,
  type RawProcess,
} from './proc-protocol';

/**
 * The scanner's signal: nothing aborts a pass in this thread (a hung or cancelled job ends the thread from outside).
 * WHY one: a new AbortController per pass was an EventTarget built and collected twice every refresh.
 */
const NEVER_ABORTED = new AbortController().signal;

export class OwnerJobs {
  private scanner: SocketOwnerScanner | null = null;
  private scannerRoot = '';
  private listed: Promise<void> = Promise.resolve();
  private pieces: Float64Array[] = [];
  private table = new InodeSet();
  /** Whether `table` was sized from the last refresh's table (else the first inodes size it). */
  private tableSized = false;
  /** The last refresh's table when the owner scan kept no reference to it (a quiet pass): filled again next time. */
  private spareTable: InodeSet | null = null;
  /** Whether a pass is open (listed, or taking pieces) and not resolved yet. */
  private passOpen = false;
  /** (pid -> start ticks) of the processes whose details this runner already sent. */
  private sentProcesses = new Map<number, number>();

  /**
   * @param operationsPerYield the owner scan's pacing (see JobRunner).
   * @param context the current job's context (the scan's heartbeat goes to whichever job is running).
   */
  constructor(
    private readonly operationsPerYield: number,
    private readonly context: () => JobContext | null,
  ) {}

  inodes(inodes: Float64Array): void {
    // The first piece of a pass whose 'ownerList' was left out (listNotNeeded): the pass opens here. A thread
    // without a scanner (started since) keeps the pieces; resolve() opens the pass with its `list` arguments.
    if (!this.passOpen && this.scanner) this.open({ procRoot: this.scannerRoot, skipPids: [] });
    // Cold, the set has no last size to start from: the scan's socket fds are as many (growing it costs more).
    if (this.pieces.length === 0 && !this.tableSized && this.scanner)
      this.table = new InodeSet(this.scanner.socketFdCount());
    this.pieces.push(inodes);
    this.table.addEach(inodes);
    // Answered now where the scan can (a pass that read every process in full: owner-index.ts).
    this.scanner?.takePiece(inodes);
  }

  /** Starts phase 1; its failure is kept for ownerResolve to report. */
  list(args: JobArgs<'ownerList'>): Promise<void> {
    this.open(args);
    return this.listed;
  }

  /** Opens a pass: drops what an unresolved one left, then starts phase 1 (`keep`: pieces this pass took already). */
  private open({ procRoot, skipPids }: JobArgs<'ownerList'>, keep: Float64Array[] = []): void {
    this.passOpen = true;
    if (!this.scanner || this.scannerRoot !== procRoot) {
      this.scanner = new SocketOwnerScanner(procRoot, this.operationsPerYield, (pid) =>
        this.context()?.beat(pid, PHASE_PROCESS_FDS),
      );
      this.scannerRoot = procRoot;
      this.sentProcesses.clear();
    }
    this.pieces = keep;
    // Sized like the last table, so that it does not grow by rehashing piece by piece.
    this.tableSized = this.table.size > 0;
    const spare = this.spareTable;
    this.spareTable = null;
    spare?.clear();
    this.table = spare ?? new InodeSet(this.table.size);
    const scanner = this.scanner;
    this.listed = scanner.list(NEVER_ABORTED, new Set(skipPids));
    // list() starts from no pieces (synchronously, before its first await): give it the kept ones again.
    for (const piece of keep) {
      this.table.addEach(piece);
      scanner.takePiece(piece);
    }
  }

  async resolve({ skipInfoPids, list }: JobArgs<'ownerResolve'>): Promise<OwnerResolveReply> {
    if (!this.passOpen) {
      if (!list) throw new Error('owner scan: resolve without list');
      this.open(list, this.pieces);
    }
    this.passOpen = false;
    const scanner = this.scanner;
    if (!scanner) throw new Error('owner scan: resolve without list');
    const pieces = this.pieces;
    const table = this.table;
    this.pieces = [];
    await this.listed;
    const result = await scanner.resolve(table, NEVER_ABORTED, pieces);
    // WHY: a new 2 MB set per refresh (100k sockets) stayed outside this thread's heap until a GC ran, which its few
    // JS allocations rarely bring: resident memory grew every refresh (issue 11). A full pass keeps the table.
    if (result.stats.quiet) this.spareTable = table;
    const reply = ownerReplyOf(pieces, result);
    // Forget what left, so that a process that comes back with the same start time is sent again.
    for (const pid of this.sentProcesses.keys()) if (!result.startTicks.has(pid)) this.sentProcesses.delete(pid);
    const skipInfo = new Set(skipInfoPids);
    const processes: RawProcess[] = [];
    const send = (pid: number, ticks: number | undefined): void => {
      if (pid === 0 || ticks === undefined || skipInfo.has(pid) || this.sentProcesses.get(pid) === ticks) return;
      this.sentProcesses.set(pid, ticks);
      const raw = readProcess(this.scannerRoot, pid, ticks, this.contextOrThrow());
      if (raw) processes.push(raw);
    };
    // The owning processes, where the pass gave them (a few), else every socket's owner in turn.
    if (result.ownerTicks) for (const [pid, ticks] of result.ownerTicks) send(pid, ticks);
    else {
      const owners = reply.owners;
      for (let i = 0; i < owners.length; i++) send(owners[i] as number, result.startTicks.get(owners[i] as number));
    }
    return { ...reply, processes, listNotNeeded: scanner.nextListWaits() };
  }

  private contextOrThrow(): JobContext {
    const context = this.context();
    if (!context) throw new Error('no job context');
    return context;
  }
}
