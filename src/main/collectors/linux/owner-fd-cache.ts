/**
 * The owner scan's per-process fd cache, and every read of /proc/<pid>/fd that fills it: listings, probes
 * (fd-probe.ts) and readlinks. owner-scan.ts decides which fds to read; this file reads them.
 *
 * One fd directory is open at a time (a process's listing, then its links); readlinks go through it
 * (readlinkat), so a process's path is not built again for each fd.
 */
import { createFdLinks, type FdLinks } from './fd-links';
import { PROBE_MIN_FDS, readEveryFd, type EveryFd } from './fd-probe';
import type { InodeLookup } from './inode-table';
import type { Pacer } from './proc-fs';
import type { OwnerScanStats, ProcessFds } from './owner-scan-types';

export class ProcessFdCache {
  /** pid -> its fds as last read. */
  readonly entries = new Map<number, ProcessFds>();
  /** The fd directory open now, or -1. */
  private openHandle = -1;
  private openPid = -1;
  /**
   * Processes whose fd table was last read whole by the BPF iterator (OwnerScanStats.bpfProcesses): a set, not a
   * count of reads, so the status says how many processes it serves now, not how many reads it made since start.
   */
  private readonly bpfPids = new Set<number>();

  constructor(
    private readonly procRoot: string,
    /** The worker's heartbeat (see owner-scan.ts). */
    private readonly onProcess: (pid: number) => void,
    /** How fd directories are listed and their links read (libc where koffi loads, else node:fs). */
    private readonly links: FdLinks = createFdLinks(),
  ) {}

  /** How far the BPF fd reader got (OwnerScanStats.bpfProcesses and bpfOff), for a pass's stats. */
  noteBpfUse(stats: OwnerScanStats): void {
    // Processes gone since (owner-scan.ts drops their entries) are not served any more.
    for (const pid of this.bpfPids) if (!this.entries.has(pid)) this.bpfPids.delete(pid);
    stats.bpfProcesses = this.bpfPids.size;
    stats.bpfOff = this.links.everyFdOff?.() ?? null;
  }

  /** How many fds held a socket (of any kind) when last read: a size hint for the set of table inodes. */
  socketFdCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) {
      const inodes = entry.inodes;
      for (let i = 0; i < inodes.length; i++) if (inodes[i] !== 0) count++;
    }
    return count;
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
      this.entries.delete(pid);
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

  /**
   * Reads a process for a pass: in full when it is new (or its PID was reused), else only its new fds. 'full',
   * 'part', or 'gone' (it exited, or cannot be read: counted).
   */
  async readProcess(
    pid: number,
    ticks: number,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<'full' | 'part' | 'gone'> {
    const cached = this.entries.get(pid);
    const fresh = !cached || cached.startTicks !== ticks;
    // Read in full: without a listing where the kernel gives the count of open fds (fd-probe.ts).
    const probed = fresh ? await this.probeAll(pid, ticks, stats, pacer) : 'list';
    if (probed !== 'list') return probed === 'read' ? 'full' : 'gone';
    const count = this.listFds(pid, stats);
    if (count < 0) return 'gone';
    if (!fresh && cached) {
      await this.readNew(pid, cached, count, stats, pacer);
      return 'part';
    }
    await this.readAll(pid, ticks, count, stats, pacer);
    return 'full';
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

  closeDir(): void {
    if (this.openHandle >= 0) this.links.close(this.openHandle);
    this.openHandle = -1;
    this.openPid = -1;
  }

  /** The inode an fd link names, or 0 for non-sockets and fds closed meanwhile. */
  readSocketInode(pid: number, fd: number, stats: OwnerScanStats): number {
    stats.readlinks++;
    const handle = this.openDir(pid);
    return typeof handle === 'string' ? 0 : this.links.socketInode(handle, fd);
  }

  /**
   * A new process (or a reused PID) read in full without a listing: by BPF (fd-bpf.ts), or by probing its fd numbers.
   * 'read', 'gone' (it exited), or 'list' where neither can (no BPF, and the kernel gives no count or few fds: a
   * listing is as cheap) and the fds must be listed first.
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
    // A large fd table at once where the kernel can give it (fd-bpf.ts). An empty answer (a process that exited,
    // one whose fds only threads of their own hold) goes the /proc way.
    const table = this.procRoot === '/proc' && bpfPays(open) ? (this.links.everyFd?.(pid) ?? null) : null;
    let every: EveryFd | null;
    if (table !== null && table.fds.length > 0) {
      every = { ...table, reads: 0 };
      this.bpfPids.add(pid);
    } else {
      this.bpfPids.delete(pid);
      if (open < PROBE_MIN_FDS) return 'list';
      every = await readEveryFd(this.links, handle, open, pacer, () => this.onProcess(pid));
    }
    if (every === null) {
      this.entries.delete(pid);
      return 'gone';
    }
    stats.processes++;
    stats.readlinks += every.reads;
    stats.fullyRescanned++;
    this.entries.set(pid, { startTicks, fds: every.fds, inodes: every.inodes, touched: true });
    return 'read';
  }

  /** Reads every fd of the listing just made (listFds) for a new process. */
  private async readAll(
    pid: number,
    startTicks: number,
    count: number,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
    const fds = this.links.fds.slice(0, count);
    const inodes = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      if (pacer.due()) await pacer.pause();
      // A process with 100k+ sockets takes a while: still a sign of life for the watchdog.
      if ((i & 4095) === 4095) this.onProcess(pid);
      inodes[i] = this.readSocketInode(pid, fds[i] as number, stats);
    }
    this.entries.set(pid, { startTicks, fds, inodes, touched: true });
    stats.fullyRescanned++;
  }

  /** A known process: reads the fds that are new since the last listing, forgets vanished ones. */
  private async readNew(
    pid: number,
    cached: ProcessFds,
    count: number,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
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
  async reread(pid: number, entry: ProcessFds, indexes: number[], stats: OwnerScanStats, pacer: Pacer): Promise<void> {
    for (const i of indexes) {
      if (pacer.due()) await pacer.pause();
      entry.inodes[i] = this.readSocketInode(pid, entry.fds[i] as number, stats);
    }
  }

  /**
   * The processes listed but not read in full (`pids` minus `fullyRead`): reads again each fd whose socket was in the
   * last tables and left them (its number may have been closed and reused), and counts each process as partly
   * rescanned or unchanged.
   */
  async recheckLeft(
    pids: readonly number[],
    fullyRead: ReadonlySet<number>,
    tableInodes: InodeLookup,
    previousTable: InodeLookup,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
    for (const pid of pids) {
      if (fullyRead.has(pid)) continue;
      const entry = this.entries.get(pid);
      if (!entry) continue;
      this.onProcess(pid);
      const suspects: number[] = [];
      const inodes = entry.inodes;
      for (let i = 0; i < inodes.length; i++) {
        const inode = inodes[i] as number;
        if (inode !== 0 && !tableInodes.has(inode) && previousTable.has(inode)) suspects.push(i);
      }
      await this.reread(pid, entry, suspects, stats, pacer);
      if (suspects.length > 0 || entry.touched) stats.partlyRescanned++;
      else stats.unchanged++;
    }
  }

  /** The fallback: in each process not read in full, reads every fd that is not a table socket verified in this pass. */
  async readUnverified(
    pids: readonly number[],
    fullyRead: ReadonlySet<number>,
    tableInodes: InodeLookup,
    stats: OwnerScanStats,
    pacer: Pacer,
  ): Promise<void> {
    for (const pid of pids) {
      const entry = this.entries.get(pid);
      if (fullyRead.has(pid) || !entry) continue;
      this.onProcess(pid);
      const toRead: number[] = [];
      const inodes = entry.inodes;
      for (let i = 0; i < inodes.length; i++) {
        const inode = inodes[i] as number;
        if (inode === 0 || !tableInodes.has(inode)) toRead.push(i);
      }
      await this.reread(pid, entry, toRead, stats, pacer);
    }
  }
}

/**
 * Processes with at least this many open fds are read by BPF (fd-bpf.ts); smaller ones, and all where the kernel
 * does not count fds (before 6.2), by their /proc links. WHY a size: the reader's first use reads and parses the
 * kernel's BTF and loads its program, ~50-70 ms once (a `netscope -tunap` on a desktop took ~50 ms longer with it),
 * while a link costs ~4 us: the reader pays from a process of some 10k fds on (a busy server's, or this machine's
 * load generator's 16k). NETSCOPE_FD_BPF=1 uses it for every process (the tests, and a user who wants it).
 */
export const BPF_MIN_FDS = 8192;

function bpfPays(open: number): boolean {
  return open >= BPF_MIN_FDS || process.env.NETSCOPE_FD_BPF === '1';
}
