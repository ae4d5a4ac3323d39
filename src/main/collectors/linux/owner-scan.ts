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
 *
 * This file decides what to read; owner-fd-cache.ts keeps the per-process fds and does the reads,
 * owner-assign.ts turns the cache into inode -> owner, owner-quiet.ts answers the passes that list nothing.
 */
import { readdirSync } from 'node:fs';
import type { FdLinks } from './fd-links';
import { InodeSet, type InodeLookup } from './inode-table';
import { assignVerifiedOwners } from './owner-assign';
import { ProcessFdCache } from './owner-fd-cache';
import { FULL_SCAN_EVERY, QuietPasses } from './owner-quiet';
import { emptyScanStats, type OwnerScanResult, type OwnerScanStats } from './owner-scan-types';
import { Pacer, readSmallTextOrNull } from './proc-fs';
import { parseStatStartTime } from './process-info';

export type { OwnerScanResult, OwnerScanStats } from './owner-scan-types';

/** What list() leaves for resolve(). */
interface Listing {
  started: number;
  stats: OwnerScanStats;
  pids: number[];
  startTicks: Map<number, number>;
  fullyRead: Set<number>;
}

export class SocketOwnerScanner {
  private readonly cache: ProcessFdCache;
  private knownUnowned = new InodeSet();
  /** The table inodes of the previous pass: a cached socket that left them may have had its fd reused. */
  private previousTable: InodeLookup = new InodeSet();
  private scans = 0;
  private listing: Listing | null = null;
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
    return this.cache.socketFdCount();
  }

  /**
   * Phase 1: processes, start times, fd listings, and the links of new fds (no table needed).
   * `skipPids`: processes not to read at all (an earlier read of theirs hung); their sockets stay ownerless.
   */
  async list(signal: AbortSignal, skipPids: ReadonlySet<number> = new Set()): Promise<void> {
    this.listing = null;
    this.deferred = null;
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
    const stats = emptyScanStats(this.scans === 0);
    const pids = readdirSync(this.procRoot)
      .filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57)
      .map(Number)
      .sort((a, b) => a - b);
    const startTicks = new Map<number, number>();
    const fullyRead = new Set<number>();
    const alive: number[] = [];

    try {
      await this.listEach(pids, skipPids, stats, startTicks, fullyRead, alive, pacer);
    } finally {
      this.cache.closeDir();
    }
    const entries = this.cache.entries;
    for (const pid of entries.keys()) if (!startTicks.has(pid)) entries.delete(pid);
    this.listing = { started, stats, pids: alive, startTicks, fullyRead };
  }

  private async listEach(
    pids: number[],
    skipPids: ReadonlySet<number>,
    stats: OwnerScanStats,
    startTicks: Map<number, number>,
    fullyRead: Set<number>,
    alive: number[],
    pacer: Pacer,
  ): Promise<void> {
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
      const cached = cache.entries.get(pid);
      const fresh = !cached || cached.startTicks !== ticks;
      // Read in full: without a listing where the kernel gives the count of open fds (fd-probe.ts).
      const probed = fresh ? await cache.probeAll(pid, ticks, stats, pacer) : 'list';
      if (probed === 'gone') continue;
      if (probed === 'read') {
        startTicks.set(pid, ticks);
        alive.push(pid);
        fullyRead.add(pid);
        continue;
      }
      const count = cache.listFds(pid, stats);
      if (count < 0) continue;
      startTicks.set(pid, ticks);
      alive.push(pid);
      if (!cached || fresh) {
        await cache.readAll(pid, ticks, count, stats, pacer);
        fullyRead.add(pid);
      } else {
        await cache.readNew(pid, cached, count, stats, pacer);
      }
    }
  }

  /** Phase 2: with the table inodes, re-read suspect fds, assign owners, fall back when an inode has none. */
  async resolve(tableInodes: InodeLookup, signal: AbortSignal): Promise<OwnerScanResult> {
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
      return await this.resolveListing(listing, tableInodes, new Pacer(signal, this.operationsPerYield));
    } finally {
      this.cache.closeDir();
    }
  }

  private async resolveListing(listing: Listing, tableInodes: InodeLookup, pacer: Pacer): Promise<OwnerScanResult> {
    const { stats, pids, startTicks, fullyRead } = listing;
    const cache = this.cache;
    pacer.check();
    for (const pid of pids) {
      if (fullyRead.has(pid)) continue;
      const entry = cache.entries.get(pid);
      if (!entry) continue;
      this.onProcess(pid);
      // A socket that was in the last tables and left them: its fd may have been closed and reused.
      const suspects: number[] = [];
      const inodes = entry.inodes;
      for (let i = 0; i < inodes.length; i++) {
        const inode = inodes[i] as number;
        if (inode !== 0 && !tableInodes.has(inode) && this.previousTable.has(inode)) suspects.push(i);
      }
      await cache.reread(pid, entry, suspects, stats, pacer);
      if (suspects.length > 0 || entry.touched) stats.partlyRescanned++;
      else stats.unchanged++;
    }

    let owners = await assignVerifiedOwners(cache, pids, tableInodes, stats, pacer, this.onProcess);
    // One pass finds both the ownerless inodes and whether any is new (which calls for the fallback).
    let unowned = new InodeSet();
    let newlyUnowned = false;
    const knownUnowned = this.knownUnowned;
    tableInodes.forEach((inode) => {
      if (owners.has(inode)) return;
      unowned.add(inode);
      if (!newlyUnowned && !knownUnowned.has(inode)) newlyUnowned = true;
    });
    if (newlyUnowned && stats.processes > fullyRead.size) {
      stats.fallback = true;
      for (const pid of pids) {
        const entry = cache.entries.get(pid);
        if (fullyRead.has(pid) || !entry) continue;
        this.onProcess(pid);
        await cache.readUnverified(pid, entry, tableInodes, stats, pacer);
      }
      owners = await assignVerifiedOwners(cache, pids, tableInodes, stats, pacer, this.onProcess);
      const stillUnowned = new InodeSet(unowned.size);
      unowned.forEach((inode) => {
        if (!owners.has(inode)) stillUnowned.add(inode);
      });
      unowned = stillUnowned;
    }
    this.knownUnowned = unowned;
    this.previousTable = tableInodes;
    this.quiet.remember(tableInodes, owners, startTicks);
    this.scans++;
    stats.tookMs = performance.now() - listing.started;
    this.lastStats = stats;
    this.lastFullStats = stats;
    return { owners, startTicks, unowned: unowned.size, stats };
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
    return { owners: answer.owners, startTicks: answer.startTicks, unowned: answer.unowned, stats };
  }
}
