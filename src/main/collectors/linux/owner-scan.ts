/**
 * Socket inode -> owning PID, by the /proc/<pid>/fd links ('socket:[12345]').
 *
 * Why it is built this way: reading every fd link of every process (what `ss -p`
 * and `netstat -p` do) is what makes a cold scan slow; one readlink per fd, 100k+
 * of them on a busy server. Listing a process's fd directory is far cheaper than
 * reading each link, and between two refreshes almost every process keeps the
 * same fds. So the scanner keeps, per process (pid, start time), its fd names and
 * the fds that held sockets of the inet tables, and on a warm refresh reads links
 * only where something may have changed:
 *   - a new process, or a PID with a new start time (a reused PID): every fd;
 *   - a changed fd list: the new fd names, plus the checks below;
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
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { errorCode, Pacer, readTextOrNull } from './proc-fs';
import { parseStatStartTime } from './process-info';

interface ProcessFds {
  startTicks: number;
  fdNames: string[];
  /** fd name -> inode, for fds that held a socket of the inet tables when read. */
  sockets: Map<string, number>;
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
  /** Processes whose fds this user may not read (EACCES). */
  unreadableProcesses: number;
  tookMs: number;
}

export interface OwnerScanResult {
  /** inode -> lowest PID holding it. */
  owners: Map<number, number>;
  /** pid -> start time in clock ticks, for every process seen (for ProcessInfo). */
  startTicks: Map<number, number>;
  /** Non-zero inodes of the tables that no readable process holds. */
  unowned: number;
  stats: OwnerScanStats;
}

const SOCKET_PREFIX = 'socket:[';

export class SocketOwnerScanner {
  private cache = new Map<number, ProcessFds>();
  private knownUnowned = new Set<number>();
  /** Inodes that more than one process held in the last pass. */
  private sharedInodes = new Set<number>();
  private scans = 0;
  lastStats: OwnerScanStats | null = null;

  constructor(
    private readonly procRoot: string,
    private readonly operationsPerYield: number,
  ) {}

  async scan(tableInodes: ReadonlySet<number>, signal: AbortSignal): Promise<OwnerScanResult> {
    const started = performance.now();
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
      unreadableProcesses: 0,
      tookMs: 0,
    };
    const pids = readdirSync(this.procRoot)
      .filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57)
      .map(Number)
      .sort((a, b) => a - b);
    const startTicks = new Map<number, number>();
    const fullyRead = new Set<number>();
    const listings = new Map<number, string[]>();

    for (const pid of pids) {
      if (pacer.due()) await pacer.pause();
      const stat = readTextOrNull(`${this.procRoot}/${pid}/stat`);
      const ticks = stat === null ? null : parseStatStartTime(stat);
      if (ticks === null) continue; // exited since the listing
      const names = this.listFds(pid, stats);
      if (names === null) continue;
      startTicks.set(pid, ticks);
      listings.set(pid, names);
      const cached = this.cache.get(pid);
      if (!cached || cached.startTicks !== ticks) {
        await this.readAll(pid, ticks, names, tableInodes, stats, pacer);
        fullyRead.add(pid);
      } else {
        await this.refresh(pid, cached, names, tableInodes, stats, pacer);
      }
    }
    for (const pid of this.cache.keys()) if (!startTicks.has(pid)) this.cache.delete(pid);

    let owners = this.assignOwners(pids, tableInodes);
    const newlyUnowned = [...tableInodes].some((inode) => !owners.has(inode) && !this.knownUnowned.has(inode));
    if (newlyUnowned && stats.processes > fullyRead.size) {
      stats.fallback = true;
      for (const pid of pids) {
        const entry = this.cache.get(pid);
        if (fullyRead.has(pid) || !entry) continue;
        await this.readUnverified(pid, entry, tableInodes, stats, pacer);
      }
      owners = this.assignOwners(pids, tableInodes);
    }
    this.knownUnowned = new Set([...tableInodes].filter((inode) => !owners.has(inode)));
    this.scans++;
    stats.tookMs = performance.now() - started;
    this.lastStats = stats;
    return { owners, startTicks, unowned: this.knownUnowned.size, stats };
  }

  /** The fd names of a process, or null when it is gone or unreadable (counted). */
  private listFds(pid: number, stats: OwnerScanStats): string[] | null {
    try {
      const names = readdirSync(`${this.procRoot}/${pid}/fd`);
      stats.processes++;
      return names;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EACCES' || code === 'EPERM') stats.unreadableProcesses++;
      this.cache.delete(pid);
      return null;
    }
  }

  /** The inode an fd link names, or null for non-sockets and fds closed meanwhile. */
  private readSocketInode(pid: number, fd: string, stats: OwnerScanStats): number | null {
    stats.readlinks++;
    let target: string;
    try {
      target = readlinkSync(`${this.procRoot}/${pid}/fd/${fd}`);
    } catch {
      return null;
    }
    // 'socket:[12345]', read by char code: this runs 100k times on a cold scan.
    if (target.charCodeAt(0) !== 115 || !target.startsWith(SOCKET_PREFIX)) return null;
    let inode = 0;
    for (let i = SOCKET_PREFIX.length; i < target.length - 1; i++) {
      const digit = target.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return null;
      inode = inode * 10 + digit;
    }
    return inode;
  }

  private async readAll(
    pid: number,
    startTicks: number,
    names: string[],
    tableInodes: ReadonlySet<number>,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
    const sockets = new Map<string, number>();
    for (const fd of names) {
      if (pacer.due()) await pacer.pause();
      const inode = this.readSocketInode(pid, fd, stats);
      if (inode !== null && tableInodes.has(inode)) sockets.set(fd, inode);
    }
    this.cache.set(pid, { startTicks, fdNames: names, sockets });
    stats.fullyRescanned++;
  }

  private async refresh(
    pid: number,
    cached: ProcessFds,
    names: string[],
    tableInodes: ReadonlySet<number>,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
    const sameList = sameNames(cached.fdNames, names);
    const toRead: string[] = [];
    if (!sameList) {
      const before = new Set(cached.fdNames);
      for (const fd of names) if (!before.has(fd)) toRead.push(fd);
      const now = new Set(names);
      for (const fd of cached.sockets.keys()) if (!now.has(fd)) cached.sockets.delete(fd);
    }
    for (const [fd, inode] of cached.sockets)
      if (!tableInodes.has(inode) || this.sharedInodes.has(inode)) toRead.push(fd);
    for (const fd of toRead) {
      if (pacer.due()) await pacer.pause();
      const inode = this.readSocketInode(pid, fd, stats);
      if (inode !== null && tableInodes.has(inode)) cached.sockets.set(fd, inode);
      else cached.sockets.delete(fd);
    }
    cached.fdNames = names;
    if (toRead.length > 0 || !sameList) stats.partlyRescanned++;
    else stats.unchanged++;
  }

  /** The fallback: reads every fd of a process that is not a table socket verified in this pass. */
  private async readUnverified(
    pid: number,
    entry: ProcessFds,
    tableInodes: ReadonlySet<number>,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
    for (const fd of entry.fdNames) {
      if (entry.sockets.has(fd)) continue;
      if (pacer.due()) await pacer.pause();
      const inode = this.readSocketInode(pid, fd, stats);
      if (inode !== null && tableInodes.has(inode)) entry.sockets.set(fd, inode);
    }
  }

  /** inode -> owner; pids ascend, so a socket shared after fork() goes to the lowest PID. */
  private assignOwners(pids: number[], tableInodes: ReadonlySet<number>): Map<number, number> {
    const owners = new Map<number, number>();
    const shared = new Set<number>();
    for (const pid of pids) {
      const entry = this.cache.get(pid);
      if (!entry) continue;
      for (const inode of entry.sockets.values()) {
        if (!tableInodes.has(inode)) continue;
        if (owners.has(inode)) shared.add(inode);
        else owners.set(inode, pid);
      }
    }
    this.sharedInodes = shared;
    return owners;
  }
}

function sameNames(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
