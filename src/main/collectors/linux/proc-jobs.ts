/**
 * The reading side of the jobs in proc-protocol.ts: plain synchronous reads
 * (much faster than thousands of promises), run in a worker thread where one
 * can hang without harm (proc-worker.ts), or in the calling thread where no
 * worker bundle exists (vitest runs the TypeScript sources).
 */
import { readFileSync, readlinkSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { parseSockstat, tableIsEmpty } from '../../parsers/linux/proc-net-sockstat';
import { InodeSet } from './inode-table';
import { RECEIVE_BYTES, SockDiagSocket } from './netlink-socket';
import { DiffEncoder, InodePrints } from './sock-diag-diff';
import { DIFF_HEADER_BYTES, encodeTableChunk, TablePrintMemory } from './proc-table-diff';
import { compactSockDiagChunk } from '../../parsers/linux/netlink-sock-diag';
import { recordBytesFor } from '../../parsers/linux/sock-diag-record';
import { SocketOwnerScanner } from './owner-scan';
import { ownerReplyOf } from './owner-protocol';
import { errorCode, isGoneCode, readSmallTextOrNull } from './proc-fs';
import { parseStatStartTime } from './process-info';
import {
  PHASE_FILE,
  PHASE_PROCESS_FDS,
  PHASE_PROCESS_INFO,
  SOCKSTAT_ITEM,
  type JobArgs,
  type JobContext,
  type JobName,
  type JobResult,
  type OwnerResolveReply,
  type RawProcess,
  type ReadOutcome,
  type SockDiagResult,
  type TablesOutcome,
} from './proc-protocol';

/** Chunk size of a 'table' job: ~3k socket lines, parsed by the receiver while the next one is read. */
const CHUNK_BYTES = 1 << 19;

export class JobRunner {
  private scanner: SocketOwnerScanner | null = null;
  private scannerRoot = '';
  private listed: Promise<void> = Promise.resolve();
  private pieces: Float64Array[] = [];
  private table = new InodeSet();
  /** Whether `table` was sized from the last refresh's table (else the first inodes size it). */
  private tableSized = false;
  /** The last refresh's table when the owner scan kept no reference to it (a quiet pass): filled again next time. */
  private spareTable: InodeSet | null = null;
  /** (pid -> start ticks) of the processes whose details this runner already sent. */
  private sentProcesses = new Map<number, number>();
  private context: JobContext | null = null;
  private netlink: SockDiagSocket | null = null;
  /** The fingerprints of the last whole sock_diag dump, and the generation the main thread gave it (0: none). */
  private diagPrints = new InodePrints();
  private diagSpare = new InodePrints();
  private diagGeneration = 0;
  /** The socket tables' line fingerprints of their last reads (proc-table-diff.ts). */
  private readonly tablePrints = new TablePrintMemory();

  /**
   * @param operationsPerYield the owner scan's pacing: in a worker nothing else
   *   runs, so no pacing; in the calling thread it lets the event loop run.
   */
  constructor(private readonly operationsPerYield: number) {}

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
        return this.sockDiag(args as JobArgs<'sockDiag'>, context) as JobResult<J>;
      case 'ownerList':
        // The job lasts as long as the listing, so that a listing that hangs is a job that hangs (the watchdog sees it).
        await this.ownerList(args as JobArgs<'ownerList'>).catch(() => undefined);
        return null as JobResult<J>;
      case 'ownerInodes':
        this.ownerInodes((args as JobArgs<'ownerInodes'>).inodes);
        return null as JobResult<J>;
      case 'ownerResolve': {
        const resolveArgs = args as JobArgs<'ownerResolve'>;
        if (resolveArgs.inodes) this.ownerInodes(resolveArgs.inodes);
        return (await this.ownerResolve(resolveArgs)) as JobResult<J>;
      }
    }
    throw new Error(`unknown job ${String(job)}`);
  }

  /**
   * The netlink socket stays open between refreshes; one that failed is closed and opened again next time.
   * Each message becomes a record (sock-diag-record.ts), and the main thread gets only the records of the sockets
   * that changed since the dump it last used (sock-diag-diff.ts).
   */
  private sockDiag({ queries, generation, compareWith }: JobArgs<'sockDiag'>, context: JobContext): SockDiagResult {
    const socket = (this.netlink ??= SockDiagSocket.open());
    // One recv()'s records (RECEIVE_BYTES of messages at most), before the encoder sorts them.
    const records = (sockDiagBuffer ??= Buffer.allocUnsafeSlow(recordBytesFor(RECEIVE_BYTES)));
    let malformed = 0;
    // As for /proc/net: a TCP dump walks the kernel's whole TCP hash even when the family has no socket (~1.3 ms
    // of CPU a dump with 262k buckets, every refresh); sockstat (same network namespace) says which are empty.
    const { counts } = readSockstat('/proc', context);
    const wanted = queries.map(
      ({ family, protocol }) => !tableIsEmpty(family === 6 ? `${protocol}6` : protocol, counts),
    );
    // Both TCP families: one compat dump walks the TCP hash once for both (netlink-socket.ts dumpTcp), not twice.
    const bothTcp = queries.filter(({ protocol }, part) => protocol === 'tcp' && wanted[part]).length === 2;
    const last = compareWith !== 0 && compareWith === this.diagGeneration ? this.diagPrints : null;
    // Forgotten until this dump has all gone out: a dump that fails is compared with by nobody.
    this.diagGeneration = 0;
    // WHY two maps swapped: a new 100k-socket map each refresh is ~4 MB more for this thread's GC to free.
    const next = this.diagSpare;
    // Sized like the last dump, or cold by sockstat's sockets in use (those with an inode), so it rarely grows.
    next.reset(
      Math.max(
        this.diagPrints.size,
        DIAG_IN_USE.reduce((sum, key) => sum + (counts.get(key) ?? 0), 0),
      ),
    );
    let part = 0;
    const encoder = new DiffEncoder(last, next, (bytes, length) => context.chunk(bytes, length, part));
    try {
      queries.forEach(({ family, protocol }, index) => {
        if (!wanted[index] || (bothTcp && protocol === 'tcp' && family === 6)) return;
        part = index;
        context.beat(part, PHASE_FILE);
        const dump =
          bothTcp && protocol === 'tcp' ? socket.dumpTcp.bind(socket) : socket.dump.bind(socket, family, protocol);
        dump((bytes, n) => {
          context.beat(part, PHASE_FILE);
          const compact = compactSockDiagChunk(bytes, n, protocol, records, 0);
          malformed += compact.malformed;
          encoder.add(records, compact.records);
        });
        encoder.flush();
      });
      if (malformed > 0) throw new Error(`netlink sock_diag: ${malformed} malformed messages`);
    } catch (error) {
      socket.close();
      this.netlink = null;
      throw error;
    }
    this.diagSpare = this.diagPrints;
    this.diagPrints = next;
    this.diagGeneration = generation;
    // WHY: the raw tables, which the caller reads from /proc/net next, are empty on most hosts; said here from the
    // sockstat this job read, they cost no second job (a round trip, and sockstat read again) each refresh.
    return { rawEmpty: tableIsEmpty('raw', counts) && tableIsEmpty('raw6', counts) };
  }

  private ownerInodes(inodes: Float64Array): void {
    // Cold, the set has no last size to start from: the scan's socket fds are as many (growing it costs more).
    if (this.pieces.length === 0 && !this.tableSized && this.scanner)
      this.table = new InodeSet(this.scanner.socketFdCount());
    this.pieces.push(inodes);
    for (const inode of inodes) this.table.add(inode);
  }

  /** Starts phase 1; its failure is kept for ownerResolve to report. */
  private ownerList({ procRoot, skipPids }: JobArgs<'ownerList'>): Promise<void> {
    if (!this.scanner || this.scannerRoot !== procRoot) {
      this.scanner = new SocketOwnerScanner(procRoot, this.operationsPerYield, (pid) =>
        this.context?.beat(pid, PHASE_PROCESS_FDS),
      );
      this.scannerRoot = procRoot;
      this.sentProcesses.clear();
    }
    this.pieces = [];
    // Sized like the last table, so that it does not grow by rehashing piece by piece.
    this.tableSized = this.table.size > 0;
    const spare = this.spareTable;
    this.spareTable = null;
    spare?.clear();
    this.table = spare ?? new InodeSet(this.table.size);
    this.listed = this.scanner.list(new AbortController().signal, new Set(skipPids));
    return this.listed;
  }

  private async ownerResolve({ skipInfoPids }: JobArgs<'ownerResolve'>): Promise<OwnerResolveReply> {
    const scanner = this.scanner;
    if (!scanner) throw new Error('owner scan: resolve without list');
    const pieces = this.pieces;
    const table = this.table;
    this.pieces = [];
    await this.listed;
    const result = await scanner.resolve(table, new AbortController().signal);
    // WHY: a new 2 MB set per refresh (100k sockets) stayed outside this thread's heap until a GC ran, which its few
    // JS allocations rarely bring: resident memory grew every refresh (issue 11). A full pass keeps the table.
    if (result.stats.quiet) this.spareTable = table;
    const reply = ownerReplyOf(pieces, result);
    // Forget what left, so that a process that comes back with the same start time is sent again.
    for (const pid of this.sentProcesses.keys()) if (!result.startTicks.has(pid)) this.sentProcesses.delete(pid);
    const skipInfo = new Set(skipInfoPids);
    const processes: RawProcess[] = [];
    const owners = reply.owners;
    for (let i = 0; i < owners.length; i++) {
      const pid = owners[i] as number;
      const ticks = result.startTicks.get(pid);
      if (pid === 0 || ticks === undefined || skipInfo.has(pid) || this.sentProcesses.get(pid) === ticks) continue;
      this.sentProcesses.set(pid, ticks);
      const raw = readProcess(this.scannerRoot, pid, ticks, this.contextOrThrow());
      if (raw) processes.push(raw);
    }
    return { ...reply, processes };
  }

  private contextOrThrow(): JobContext {
    if (!this.context) throw new Error('no job context');
    return this.context;
  }
}

function readFiles({ paths, encoding, options }: JobArgs<'read'>, context: JobContext): ReadOutcome[] {
  return paths.map((path, i) => {
    context.beat(i, PHASE_FILE);
    const option = options?.[i] ?? null;
    const knownMtime = option?.knownMtime;
    let mtime: number | undefined;
    if (knownMtime !== undefined) {
      // As readPasswd: a file that cannot be stat'ed is no file (its names are forgotten once).
      try {
        mtime = statSync(path).mtimeMs;
      } catch {
        return { text: null, code: null, mtime: -1, unchanged: knownMtime === -1 };
      }
      if (mtime === knownMtime) return { text: null, code: null, mtime, unchanged: true };
    }
    try {
      const text = readFileSync(path, option?.encoding ?? encoding);
      return mtime === undefined ? { text, code: null } : { text, code: null, mtime, unchanged: false };
    } catch (error) {
      const code = errorCode(error);
      // With an mtime (passwd): any failure is no text, as readQuietly, not an error.
      if (mtime !== undefined) return { text: null, code: null, mtime, unchanged: false };
      if (code !== undefined && isGoneCode(code)) return { text: null, code: null };
      return { text: null, code: code ?? (error instanceof Error ? error.message : String(error)) };
    }
  });
}

/** sockstat's counts of the sockets a 'sockDiag' job lists with an inode. */
const DIAG_IN_USE = ['TCP inuse', 'TCP6 inuse', 'UDP inuse', 'UDP6 inuse'];

/** Where a 'sockDiag' job writes the records of one recv() (jobs run one at a time in a thread). */
let sockDiagBuffer: Buffer | null = null;

/** The read buffer of 'table' jobs: jobs run one at a time in a thread, and each chunk is copied out of it. */
let tableBuffer: Buffer | null = null;

/**
 * The socket tables, back to back so that the receiver parses one chunk while
 * the next is read; sockstat's counts skip the empty ones (each TCP table read
 * walks the whole TCP hash, ~4 ms even when empty). A table that cannot be read
 * is reported in the outcome, and the next one is read.
 */
function readTables(
  { procRoot, files, sockstat, generation, compareWith }: JobArgs<'tables'>,
  context: JobContext,
  memory: TablePrintMemory,
): TablesOutcome {
  const { counts, problem: sockstatProblem } = sockstat
    ? readSockstat(procRoot, context)
    : { counts: new Map<string, number>(), problem: null };
  const tables = files.map((file, part) => {
    if (tableIsEmpty(file, counts)) return { read: false, code: null };
    context.beat(part, PHASE_FILE);
    // With a generation: only the lines that changed since read `compareWith[part]` (proc-table-diff.ts).
    const diff =
      generation === undefined
        ? null
        : { last: memory.lastFor(file, compareWith?.[part] ?? 0), next: memory.nextFor(file) };
    try {
      const read = readTable(`${procRoot}/net/${file}`, part, context, diff);
      if (read && diff && generation !== undefined) memory.keep(file, generation, diff.next);
      else memory.forget(file, diff?.next ?? null);
      return { read, code: null };
    } catch (error) {
      memory.forget(file, diff?.next ?? null);
      return { read: false, code: errorCode(error) ?? String(error) };
    }
  });
  return { tables, sockstatProblem };
}

/** The socket counts of sockstat and sockstat6 (empty, with the reason, when either cannot be read). */
function readSockstat(
  procRoot: string,
  context: JobContext,
): { counts: ReadonlyMap<string, number>; problem: string | null } {
  let problem: string | null = null;
  const texts = ['sockstat', 'sockstat6'].map((name, i) => {
    context.beat(SOCKSTAT_ITEM + i, PHASE_FILE);
    try {
      return readFileSync(`${procRoot}/net/${name}`, 'latin1');
    } catch (error) {
      const code = errorCode(error);
      if (!isGoneCode(code)) problem = `${procRoot}/net/${name}: ${code ?? String(error)}`;
      return '';
    }
  });
  // Counts only when both files could be read: a partial count could skip a table that has sockets.
  return { counts: problem === null ? parseSockstat(texts.join('')) : new Map(), problem };
}

/**
 * A socket table in chunks of whole lines; false when it does not exist.
 * `context.chunk` gets a view into a reused buffer, valid until it returns
 * (the worker copies it into a right-sized buffer that it transfers).
 */
function readTable(
  path: string,
  part: number,
  context: JobContext,
  diff: { last: InodePrints | null; next: InodePrints } | null,
): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isGoneCode(errorCode(error))) return false;
    throw error;
  }
  const buffer = (tableBuffer ??= Buffer.allocUnsafeSlow(CHUNK_BYTES));
  const send = (length: number): void => {
    if (diff === null) return context.chunk(buffer.subarray(0, length), length, part);
    const encoded = encodeTableChunk(buffer, length, diff.last, diff.next);
    // Nothing in it (the header line alone): nothing to send.
    if (encoded.length > DIFF_HEADER_BYTES || encoded.readUInt32LE(4) > 0) context.chunk(encoded, encoded.length, part);
  };
  try {
    let length = 0;
    for (;;) {
      context.beat(part, PHASE_FILE);
      const n = readSync(fd, buffer, length, CHUNK_BYTES - length, null);
      length += n;
      if (n > 0 && length < CHUNK_BYTES) continue;
      if (n === 0) {
        if (length > 0) send(length);
        return true;
      }
      // Full: hand over the whole lines, keep the partial last one for the next round.
      const lastNewline = buffer.lastIndexOf(10, length - 1);
      const end = lastNewline < 0 ? length : lastNewline + 1;
      send(end);
      length = buffer.copy(buffer, 0, end, length);
    }
  } finally {
    closeSync(fd);
  }
}

function readQuietly(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** /proc/<pid>'s details; `knownTicks` null: read the start time too (null when the process is gone). */
function readProcess(procRoot: string, pid: number, knownTicks: number | null, context: JobContext): RawProcess | null {
  context.beat(pid, PHASE_PROCESS_INFO);
  const dir = `${procRoot}/${pid}`;
  let startTicks = knownTicks;
  if (startTicks === null) {
    const stat = readSmallTextOrNull(`${dir}/stat`);
    startTicks = stat === null ? null : parseStatStartTime(stat);
    if (startTicks === null) return null;
  }
  const comm = readQuietly(`${dir}/comm`);
  const status = readQuietly(`${dir}/status`);
  if (comm === null && status === null) return null;
  let exe: string | null = null;
  try {
    // Fails for kernel threads and, when not root, for other users' processes.
    exe = readlinkSync(`${dir}/exe`);
  } catch {
    exe = null;
  }
  return { pid, startTicks, comm, status, exe, cmdline: readQuietly(`${dir}/cmdline`) };
}
