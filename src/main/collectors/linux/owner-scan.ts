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
 */
import { readdirSync } from 'node:fs';
import { createFdLinks, type FdLinks } from './fd-links';
import { PROBE_MIN_FDS, readEveryFd } from './fd-probe';
import { InodeMap, InodeSet, type InodeLookup } from './inode-table';
import { FULL_SCAN_EVERY, QuietPasses } from './owner-quiet';
import { Pacer, readSmallTextOrNull } from './proc-fs';
import { parseStatStartTime } from './process-info';

/**
 * One process's fds, compact: a process with 100k sockets costs 1.2 MB of
 * typed arrays here (outside the JS heap) instead of 100k name strings and a
 * 100k-entry Map that the GC would trace on every full collection.
 */
interface ProcessFds {
  startTicks: number;
  /** Its fd numbers, ascending. */
  fds: Int32Array;
  /**
   * inodes[i]: the socket inode fds[i] held when read (of any kind), 0 for none.
   * WHY any kind: list() runs before the tables are known; a socket made after
   * the table read is then already cached when the next table lists it.
   */
  inodes: Float64Array;
  /** Whether list() changed this entry (new fds read, vanished ones dropped) in the current pass. */
  touched: boolean;
}

export interface OwnerScanStats {
  /** No cache existed: every process was read in full. */
  cold: boolean;
  processes: number;
  /** Processes whose every fd link was read (new, or a PID with a new start time). */
  fullyRescanned: number;
  /** Processes where only new or suspect fds were read. */
  partlyRescanned: number;
  /** Processes served from the cache after one fd-directory listing. */
  unchanged: number;
  readlinks: number;
  /** Whether unowned inodes forced the fallback (every fd not holding a verified socket read again). */
  fallback: boolean;
  /**
   * No fd directory was listed: the tables held no inode the last full pass had not seen and every owner still ran
   * (owner-quiet.ts); `processes` then counts the owners checked, and the other counts are the last full pass's.
   */
  quiet: boolean;
  /** Processes whose fds this user may not read (EACCES). */
  unreadableProcesses: number;
  /** Processes left out because an earlier read of their /proc files never returned (see worker-lane.ts). */
  skippedProcesses: number;
  tookMs: number;
}

export interface OwnerScanResult {
  /** inode -> lowest PID holding it. */
  owners: InodeMap;
  /** pid -> start time in clock ticks, for every process seen (for ProcessInfo). */
  startTicks: Map<number, number>;
  /** Non-zero inodes of the tables that no readable process holds. */
  unowned: number;
  stats: OwnerScanStats;
}

/** What list() leaves for resolve(). */
interface Listing {
  started: number;
  stats: OwnerScanStats;
  pids: number[];
  startTicks: Map<number, number>;
  fullyRead: Set<number>;
}

export class SocketOwnerScanner {
  private cache = new Map<number, ProcessFds>();
  private knownUnowned = new InodeSet();
  /** The table inodes of the previous pass: a cached socket that left them may have had its fd reused. */
  private previousTable: InodeLookup = new InodeSet();
  /** The fd directory open now (one process at a time: its listing, then its links), or -1. */
  private openHandle = -1;
  private openPid = -1;
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
    private readonly links: FdLinks = createFdLinks(),
    /** A full pass at least every this many (owner-quiet.ts); 1: every pass is full. */
    fullScanEvery: number = FULL_SCAN_EVERY,
  ) {
    this.quiet = new QuietPasses(fullScanEvery);
  }

  async scan(tableInodes: InodeLookup, signal: AbortSignal): Promise<OwnerScanResult> {
    await this.list(signal);
    return this.resolve(tableInodes, signal);
  }

  /** How many fds held a socket (of any kind) when last read: a size hint for the set of table inodes. */
  socketFdCount(): number {
    let count = 0;
    for (const entry of this.cache.values()) {
      const inodes = entry.inodes;
      for (let i = 0; i < inodes.length; i++) if (inodes[i] !== 0) count++;
    }
    return count;
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
    const stats: OwnerScanStats = {
      cold: this.scans === 0,
      processes: 0,
      fullyRescanned: 0,
      partlyRescanned: 0,
      unchanged: 0,
      readlinks: 0,
      fallback: false,
      quiet: false,
      unreadableProcesses: 0,
      skippedProcesses: 0,
      tookMs: 0,
    };
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
      this.closeDir();
    }
    for (const pid of this.cache.keys()) if (!startTicks.has(pid)) this.cache.delete(pid);
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
    for (const pid of pids) {
      if (pacer.due()) await pacer.pause();
      if (skipPids.has(pid)) {
        stats.skippedProcesses++;
        this.cache.delete(pid);
        continue;
      }
      this.onProcess(pid);
      const stat = readSmallTextOrNull(`${this.procRoot}/${pid}/stat`);
      const ticks = stat === null ? null : parseStatStartTime(stat);
      if (ticks === null) continue; // exited since the listing
      const cached = this.cache.get(pid);
      const fresh = !cached || cached.startTicks !== ticks;
      // Read in full: without a listing where the kernel gives the count of open fds (fd-probe.ts).
      const probed = fresh ? await this.probeAll(pid, ticks, stats, pacer) : 'list';
      if (probed === 'gone') continue;
      if (probed === 'read') {
        startTicks.set(pid, ticks);
        alive.push(pid);
        fullyRead.add(pid);
        continue;
      }
      const count = this.listFds(pid, stats);
      if (count < 0) continue;
      startTicks.set(pid, ticks);
      alive.push(pid);
      if (!cached || fresh) {
        await this.readAll(pid, ticks, count, stats, pacer);
        fullyRead.add(pid);
      } else {
        await this.readNew(pid, cached, count, stats, pacer);
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
        this.closeDir();
      }
    }
    const listing = this.listing;
    if (!listing) throw new Error('owner scan: resolve() without list()');
    this.listing = null;
    try {
      return await this.resolveListing(listing, tableInodes, new Pacer(signal, this.operationsPerYield));
    } finally {
      this.closeDir();
    }
  }

  private async resolveListing(listing: Listing, tableInodes: InodeLookup, pacer: Pacer): Promise<OwnerScanResult> {
    const { stats, pids, startTicks, fullyRead } = listing;
    pacer.check();
    for (const pid of pids) {
      if (fullyRead.has(pid)) continue;
      const entry = this.cache.get(pid);
      if (!entry) continue;
      this.onProcess(pid);
      // A socket that was in the last tables and left them: its fd may have been closed and reused.
      const suspects: number[] = [];
      const inodes = entry.inodes;
      for (let i = 0; i < inodes.length; i++) {
        const inode = inodes[i] as number;
        if (inode !== 0 && !tableInodes.has(inode) && this.previousTable.has(inode)) suspects.push(i);
      }
      await this.reread(pid, entry, suspects, stats, pacer);
      if (suspects.length > 0 || entry.touched) stats.partlyRescanned++;
      else stats.unchanged++;
    }

    let owners = await this.assignVerifiedOwners(pids, tableInodes, stats, pacer);
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
        const entry = this.cache.get(pid);
        if (fullyRead.has(pid) || !entry) continue;
        this.onProcess(pid);
        await this.readUnverified(pid, entry, tableInodes, stats, pacer);
      }
      owners = await this.assignVerifiedOwners(pids, tableInodes, stats, pacer);
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

  /**
   * Lists a process's fds into `links.fds`, ascending; the count, or -1 when the
   * process is gone or unreadable (counted). Its directory stays open for the
   * reads of its links that follow.
   */
  private listFds(pid: number, stats: OwnerScanStats): number {
    const handle = this.openDir(pid);
    const count = typeof handle === 'string' ? -1 : this.links.list(handle);
    if (count < 0) {
      if (handle === 'EACCES' || handle === 'EPERM') stats.unreadableProcesses++;
      this.cache.delete(pid);
      return -1;
    }
    stats.processes++;
    const fds = this.links.fds;
    for (let i = 1; i < count; i++)
      if ((fds[i] as number) < (fds[i - 1] as number)) {
        // /proc lists fds in ascending order; other directories (test fixtures) may not.
        fds.subarray(0, count).sort();
        break;
      }
    return count;
  }

  /** The open fd directory of `pid` (opened now unless it is the one open), or why it cannot be opened. */
  private openDir(pid: number): number | string {
    if (this.openPid === pid && this.openHandle >= 0) return this.openHandle;
    this.closeDir();
    const handle = this.links.open(`${this.procRoot}/${pid}/fd`);
    if (typeof handle === 'number') {
      this.openHandle = handle;
      this.openPid = pid;
    }
    return handle;
  }

  private closeDir(): void {
    if (this.openHandle >= 0) this.links.close(this.openHandle);
    this.openHandle = -1;
    this.openPid = -1;
  }

  /** The inode an fd link names, or 0 for non-sockets and fds closed meanwhile. */
  private readSocketInode(pid: number, fd: number, stats: OwnerScanStats): number {
    stats.readlinks++;
    const handle = this.openDir(pid);
    return typeof handle === 'string' ? 0 : this.links.socketInode(handle, fd);
  }

  /**
   * A new process (or a reused PID) read in full by probing its fd numbers: 'read', 'gone' (it exited), or 'list'
   * where the kernel gives no count (or few fds: a listing is as cheap) and the fds must be listed first.
   */
  private async probeAll(
    pid: number,
    startTicks: number,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<'read' | 'gone' | 'list'> {
    const handle = this.openDir(pid);
    // Cannot be opened: listFds says why (and counts it).
    if (typeof handle === 'string') return 'list';
    const open = this.links.openCount(handle);
    if (open < PROBE_MIN_FDS) return 'list';
    const every = await readEveryFd(this.links, handle, open, pacer, () => this.onProcess(pid));
    if (every === null) {
      this.cache.delete(pid);
      return 'gone';
    }
    stats.processes++;
    stats.readlinks += every.reads;
    stats.fullyRescanned++;
    this.cache.set(pid, { startTicks, fds: every.fds, inodes: every.inodes, touched: true });
    return 'read';
  }

  private async readAll(pid: number, startTicks: number, count: number, stats: OwnerScanStats, pacer: Pacer) {
    const fds = this.links.fds.slice(0, count);
    const inodes = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      if (pacer.due()) await pacer.pause();
      // A process with 100k+ sockets takes a while: still a sign of life for the watchdog.
      if ((i & 4095) === 4095) this.onProcess(pid);
      inodes[i] = this.readSocketInode(pid, fds[i] as number, stats);
    }
    this.cache.set(pid, { startTicks, fds, inodes, touched: true });
    stats.fullyRescanned++;
  }

  /** A known process: reads the fds that are new since the last listing, forgets vanished ones. */
  private async readNew(pid: number, cached: ProcessFds, count: number, stats: OwnerScanStats, pacer: Pacer) {
    cached.touched = false;
    const scratch = this.links.fds;
    const oldFds = cached.fds;
    if (oldFds.length === count) {
      let same = true;
      for (let i = 0; i < count; i++)
        if (oldFds[i] !== scratch[i]) {
          same = false;
          break;
        }
      if (same) return;
    }
    cached.touched = true;
    const fds = scratch.slice(0, count);
    const inodes = new Float64Array(count);
    const toRead: number[] = [];
    // Both lists ascend: one merge keeps the inodes of the fds that stayed.
    let j = 0;
    for (let i = 0; i < count; i++) {
      const fd = fds[i] as number;
      while (j < oldFds.length && (oldFds[j] as number) < fd) j++;
      if (j < oldFds.length && oldFds[j] === fd) inodes[i] = cached.inodes[j] as number;
      else toRead.push(i);
    }
    cached.fds = fds;
    cached.inodes = inodes;
    await this.reread(pid, cached, toRead, stats, pacer);
  }

  /** Reads again the fds at these indexes of the entry. */
  private async reread(pid: number, entry: ProcessFds, indexes: number[], stats: OwnerScanStats, pacer: Pacer) {
    for (const i of indexes) {
      if (pacer.due()) await pacer.pause();
      entry.inodes[i] = this.readSocketInode(pid, entry.fds[i] as number, stats);
    }
  }

  /** The fallback: reads every fd of a process that is not a table socket verified in this pass. */
  private async readUnverified(
    pid: number,
    entry: ProcessFds,
    tableInodes: InodeLookup,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
    const toRead: number[] = [];
    const inodes = entry.inodes;
    for (let i = 0; i < inodes.length; i++) {
      const inode = inodes[i] as number;
      if (inode === 0 || !tableInodes.has(inode)) toRead.push(i);
    }
    await this.reread(pid, entry, toRead, stats, pacer);
  }

  /**
   * inode -> owner; pids ascend, so a socket shared after fork() goes to the lowest PID.
   * WHY the re-read: a table inode that several processes claim may be a stale
   * claim (one of them closed the fd and reused its number for a file after a
   * fork); the claimants' fds are read again before the lowest PID wins.
   */
  private async assignVerifiedOwners(
    pids: number[],
    tableInodes: InodeLookup,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<InodeMap> {
    const { owners, shared } = this.assignOwners(pids, tableInodes);
    if (shared.size === 0) return owners;
    let changed = false;
    for (const pid of pids) {
      const entry = this.cache.get(pid);
      if (!entry) continue;
      const claims: number[] = [];
      this.onProcess(pid);
      for (let i = 0; i < entry.inodes.length; i++) if (shared.has(entry.inodes[i] as number)) claims.push(i);
      for (const i of claims) {
        if (pacer.due()) await pacer.pause();
        const before = entry.inodes[i];
        const inode = this.readSocketInode(pid, entry.fds[i] as number, stats);
        entry.inodes[i] = inode;
        if (inode !== before) changed = true;
      }
    }
    return changed ? this.assignOwners(pids, tableInodes).owners : owners;
  }

  private assignOwners(pids: number[], tableInodes: InodeLookup): { owners: InodeMap; shared: InodeSet } {
    const owners = new InodeMap(tableInodes.size);
    const shared = new InodeSet();
    for (const pid of pids) {
      const entry = this.cache.get(pid);
      if (!entry) continue;
      // Indexed, and one lookup per claim: on a cold pass this runs once over 100k fds, mostly not yet optimized.
      const inodes = entry.inodes;
      for (let i = 0; i < inodes.length; i++) {
        const inode = inodes[i] as number;
        if (inode === 0 || !tableInodes.has(inode)) continue;
        if (owners.claim(inode, pid) !== pid) shared.add(inode);
      }
    }
    return { owners, shared };
  }
}
