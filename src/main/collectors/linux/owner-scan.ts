/**
 * Socket inode -> owning PID, by the /proc/<pid>/fd links ('socket:[12345]').
 *
 * Why it is built this way: reading every fd link of every process (what `ss -p`
 * and `netstat -p` do) is what makes a cold scan slow; one readlink per fd, 100k+
 * of them on a busy server. Listing a process's fd directory is far cheaper than
 * reading each link, and between two refreshes almost every process keeps the
 * same fds. So the scanner keeps, per process (pid, start time), its fd numbers and
 * the fds that held sockets of the inet tables, and on a warm refresh reads links
 * only where something may have changed:
 *   - a new process, or a PID with a new start time (a reused PID): every fd;
 *   - a changed fd list: the new fds, plus the checks below;
 *   - a cached socket whose inode is gone from the current tables: that fd again
 *     (its number may have been closed and reused for a new socket);
 *   - a cached socket that several processes held last time (fork): that fd
 *     again, as the fd may since have been closed and reused in one of them.
 * One hole is left: an fd number that held a non-inet file (a regular file, a
 * pipe, a unix socket) closed and reused for a new inet socket; the fd list looks
 * the same. It is common (a server that reads a file, closes it and accepts a
 * connection; this very scanner's own readdir fds in our process). Such a socket
 * has no owner after the pass, so any inode without one (that a previous pass had
 * not already found ownerless) triggers the fallback: in every process not fully
 * read in this pass, read every fd that does not hold a verified table socket.
 * After it every fd that could hold an inet socket has been read in this pass, so
 * the result is the same as a full scan's, while the 100k socket fds of a busy
 * server are not read again. It also covers fds passed over unix sockets.
 * Inodes that a pass with the fallback (or a cold one) found ownerless (other users' processes when not root,
 * kernel sockets) are remembered, so they do not force a full scan every refresh.
 *
 * The scan runs in two phases so that the expensive part can overlap the socket
 * table read (see owner-worker.ts): list() needs no table (process list, start
 * times, fd listings, links of new fds; every socket fd is cached, inet or not),
 * resolve() takes the table inodes and does the cheap checks that need them.
 * Beside it: owner-fd-cache.ts (the fds per process, and every read), owner-assign.ts (the general resolve),
 * owner-index.ts (a pass that read every process in full), owner-quiet.ts (passes that list nothing).
 */
import { readdirSync } from 'node:fs';
import type { FdLinks } from './fd-links';
import { InodeSet, type InodeLookup, type InodeMap } from './inode-table';
import { resolveGeneral } from './owner-assign';
import { ProcessFdCache } from './owner-fd-cache';
import { answerTable, ArrivingPieces, OwnerIndex } from './owner-index';
import { FULL_SCAN_EVERY, QuietPasses } from './owner-quiet';
import { emptyScanStats, type Listing, type OwnerScanResult, type OwnerScanStats } from './owner-scan-types';
import { Pacer, readSmallTextOrNull } from './proc-fs';
import { parseStatStartTime } from './process-info';

export type { OwnerScanResult, OwnerScanStats } from './owner-scan-types';

const NO_PIDS: ReadonlySet<number> = new Set();

export class SocketOwnerScanner {
  private readonly cache: ProcessFdCache;
  private knownUnowned = new InodeSet();
  /** The table inodes of the previous pass: a cached socket that left them may have had its fd reused. */
  private previousTable: InodeLookup = new InodeSet();
  private scans = 0;
  /** The size of the last index (owner-index.ts): the next one starts at it rather than growing from empty. */
  private lastIndexSize = 0;
  private listing: Listing | null = null;
  /** The listing under way (listNow), for socketFdCount(). */
  private building: Listing | null = null;
  /** The table inodes given so far in this pass (takePiece), and their owners once the index can answer them. */
  private readonly pieces = new ArrivingPieces();
  /** A listing put off by list() until resolve() knows whether the tables changed (owner-quiet.ts). */
  private deferred: { started: number; skipPids: ReadonlySet<number> } | null = null;
  private readonly quiet: QuietPasses;
  /** The last full pass's stats: a quiet pass repeats what it could not check (unreadable processes). */
  private lastFullStats: OwnerScanStats | null = null;
  lastStats: OwnerScanStats | null = null;

  /**
   * @param onProcess called before each process's files are read: the worker's
   *   heartbeat, which also tells its watchdog which process a hung read belongs to.
   */
  constructor(
    private readonly procRoot: string,
    private readonly operationsPerYield: number,
    private readonly onProcess: (pid: number) => void = () => undefined,
    /** How fd directories are listed and their links read (libc where koffi loads, else node:fs). */
    links?: FdLinks,
    /** A full pass at least every this many (owner-quiet.ts); 1: every pass is full. */
    fullScanEvery: number = FULL_SCAN_EVERY,
  ) {
    this.quiet = new QuietPasses(fullScanEvery);
    this.cache = new ProcessFdCache(procRoot, onProcess, links);
  }

  async scan(tableInodes: InodeLookup, signal: AbortSignal): Promise<OwnerScanResult> {
    await this.list(signal);
    return this.resolve(tableInodes, signal);
  }

  /** How many fds held a socket (of any kind) when last read: a size hint for the set of table inodes. */
  socketFdCount(): number {
    // A cold pass's index counts them as each process is added (addProcess), so the hint needs no walk of its own.
    return (this.building ?? this.listing)?.index?.sockets ?? this.cache.socketFdCount();
  }

  /** Whether the next pass's list() will put its listing off until resolve() (owner-quiet.ts), no process skipped. */
  nextListWaits(): boolean {
    return this.quiet.mayDefer(NO_PIDS);
  }

  /**
   * A piece of the table inodes, as it arrives (resolve() gets them all again): a pass that read every process in
   * full answers it now, or as soon as its listing ends (owner-index.ts).
   */
  takePiece(piece: Float64Array): void {
    this.pieces.take(piece);
  }

  /**
   * Phase 1: processes, start times, fd listings, and the links of new fds (no table needed).
   * `skipPids`: processes not to read at all (an earlier read of theirs hung); their sockets stay ownerless.
   */
  async list(signal: AbortSignal, skipPids: ReadonlySet<number> = new Set()): Promise<void> {
    this.listing = null;
    this.deferred = null;
    this.pieces.reset();
    const started = performance.now();
    // Nothing changed last time: the tables will say (in resolve) whether this pass needs the listing at all.
    if (this.quiet.mayDefer(skipPids)) {
      this.deferred = { started, skipPids };
      return;
    }
    await this.listNow(signal, skipPids, started);
  }

  private async listNow(signal: AbortSignal, skipPids: ReadonlySet<number>, started: number): Promise<void> {
    const pacer = new Pacer(signal, this.operationsPerYield);
    pacer.check();
    const pids = readdirSync(this.procRoot)
      .filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57)
      .map(Number)
      .sort((a, b) => a - b);
    const listing: Listing = {
      started,
      stats: emptyScanStats(this.scans === 0),
      pids: [],
      startTicks: new Map(),
      fullyRead: new Set(),
      // Only where every process will be read in full: no cache yet (a cold pass, or after every process was gone).
      // WHY not sized from /proc/net/sockstat on a cold pass: a read of it that hangs would fail this thread's
      // listing, and every owner with it, for a file the owners do not need (test/linux-blocking-reads.test.ts);
      // the index sizes its map from the sockets its processes hold when it is first read (owner-index.ts settle()).
      index: this.cache.entries.size === 0 ? new OwnerIndex(this.lastIndexSize) : null,
    };
    this.building = listing;
    try {
      await this.listEach(pids, skipPids, listing, pacer);
    } finally {
      this.cache.closeDir();
      this.building = null;
    }
    const entries = this.cache.entries;
    for (const pid of entries.keys()) if (!listing.startTicks.has(pid)) entries.delete(pid);
    this.listing = listing;
    if (listing.index !== null) this.pieces.indexReady(listing.index);
  }

  private async listEach(pids: number[], skipPids: ReadonlySet<number>, listing: Listing, pacer: Pacer): Promise<void> {
    const { stats, startTicks, fullyRead, pids: alive } = listing;
    const cache = this.cache;
    for (const pid of pids) {
      if (pacer.due()) await pacer.pause();
      if (skipPids.has(pid)) {
        stats.skippedProcesses++;
        cache.entries.delete(pid);
        continue;
      }
      this.onProcess(pid);
      const stat = readSmallTextOrNull(`${this.procRoot}/${pid}/stat`);
      const ticks = stat === null ? null : parseStatStartTime(stat);
      if (ticks === null) continue; // exited since the listing
      const read = await cache.readProcess(pid, ticks, stats, pacer);
      if (read === 'gone') continue;
      startTicks.set(pid, ticks);
      alive.push(pid);
      // Only its new fds read: its cached sockets are checked against the tables in resolve(), the general way.
      if (read === 'part') {
        listing.index = null;
        continue;
      }
      fullyRead.add(pid);
      const entry = cache.entries.get(pid);
      if (entry) listing.index?.addProcess(pid, entry.inodes);
    }
  }

  /**
   * Phase 2: with the table inodes, re-read suspect fds, assign owners, fall back when an inode has none.
   * `pieces`: the table inodes as they came (tableInodes holds them all); the result then also gives their owners
   * aligned with them when it has them at hand (pieceOwners).
   */
  async resolve(
    tableInodes: InodeLookup,
    signal: AbortSignal,
    pieces?: readonly Float64Array[],
  ): Promise<OwnerScanResult> {
    const deferred = this.deferred;
    this.deferred = null;
    if (deferred) {
      const quiet = this.quietPass(tableInodes, deferred.started);
      if (quiet) return quiet;
      try {
        await this.listNow(signal, deferred.skipPids, deferred.started);
      } finally {
        this.cache.closeDir();
      }
    }
    const listing = this.listing;
    if (!listing) throw new Error('owner scan: resolve() without list()');
    this.listing = null;
    try {
      const index = listing.index;
      // Every process read in full this pass, and no table socket held by several: the index is the answer.
      if (index !== null && !index.contests(tableInodes))
        return this.resolveFromIndex(listing, index, tableInodes, pieces);
      return await this.resolveListing(listing, tableInodes, new Pacer(signal, this.operationsPerYield));
    } finally {
      this.cache.closeDir();
      this.pieces.reset();
    }
  }

  private async resolveListing(listing: Listing, tableInodes: InodeLookup, pacer: Pacer): Promise<OwnerScanResult> {
    pacer.check();
    const { owners, unowned } = await resolveGeneral(this.cache, listing, tableInodes, {
      previousTable: this.previousTable,
      knownUnowned: this.knownUnowned,
      pacer,
      onProcess: this.onProcess,
    });
    return this.finishFull(listing, tableInodes, owners, unowned);
  }

  /** A pass that read every process in full: no suspect fd, and nobody's fds left to fall back on. */
  private resolveFromIndex(
    listing: Listing,
    index: OwnerIndex,
    tableInodes: InodeLookup,
    pieces: readonly Float64Array[] | undefined,
  ): OwnerScanResult {
    this.lastIndexSize = index.size;
    if (pieces === undefined) {
      const { owners, unowned } = answerTable(index, tableInodes);
      return this.finishFull(listing, tableInodes, owners, unowned);
    }
    const answers = this.pieces.answersFor(index, pieces);
    const pieceOwners = answers.joined();
    const result = this.finishFull(listing, tableInodes, answers.owners, answers.unowned, pieceOwners);
    return { ...result, pieceOwners };
  }

  /** `tableOwners`: the table inodes' owners (0 for none) when `owners` may hold other sockets too. */
  private finishFull(
    listing: Listing,
    tableInodes: InodeLookup,
    owners: InodeMap,
    unowned: InodeSet,
    tableOwners?: Int32Array,
  ): OwnerScanResult {
    const { stats, startTicks } = listing;
    this.knownUnowned = unowned;
    this.previousTable = tableInodes;
    const ownerTicks = this.quiet.remember(tableInodes, owners, startTicks, tableOwners);
    this.scans++;
    stats.tookMs = performance.now() - listing.started;
    this.cache.noteBpfUse(stats);
    this.lastStats = stats;
    this.lastFullStats = stats;
    return { owners, startTicks, unowned: unowned.size, stats, ownerTicks };
  }

  /**
   * The owners without listing any fd directory, or null when a full pass is needed. Reads only the owners'
   * stat files (a start time that changed is a PID reused). previousTable and knownUnowned stay the last full
   * pass's: the current table is a subset of that one, so they still name every inode that may have left.
   */
  private quietPass(tableInodes: InodeLookup, started: number): OwnerScanResult | null {
    const answer = this.quiet.answer(tableInodes, (pid) => {
      this.onProcess(pid);
      const stat = readSmallTextOrNull(`${this.procRoot}/${pid}/stat`);
      return stat === null ? null : parseStatStartTime(stat);
    });
    const last = this.lastFullStats;
    if (!answer || !last) return null;
    const stats: OwnerScanStats = {
      ...last,
      cold: false,
      processes: answer.startTicks.size,
      fullyRescanned: 0,
      partlyRescanned: 0,
      unchanged: answer.startTicks.size,
      readlinks: 0,
      fallback: false,
      quiet: true,
      tookMs: performance.now() - started,
    };
    this.scans++;
    this.lastStats = stats;
    // A quiet answer's start times are its owners' only.
    const { owners, startTicks, unowned } = answer;
    return { owners, startTicks, unowned, stats, ownerTicks: startTicks };
  }
}
