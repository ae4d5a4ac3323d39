/**
 * Process details from /proc/<pid>: comm, exe, cmdline, status (Uid) and stat
 * (start time), read by the reading thread (proc-jobs.ts) and parsed here.
 * Cached by (pid, start time): a PID the kernel hands to a new process has a
 * new start time, so it never inherits the old one's name.
 */
import type { ProcessInfo } from '../types';
import type { RawProcess } from './proc-protocol';
import { readFiles } from './proc-reads';
import { statNumber } from './proc-stat-line';
import type { UserNames } from './users';
import type { ProcLane } from './worker-lane';

/**
 * USER_HZ, the unit of /proc/<pid>/stat's starttime. sysconf(_SC_CLK_TCK) would
 * say it, but Node has no binding for it and running `getconf` is an external
 * command; the kernel fixes USER_HZ at 100 on every architecture Node runs on
 * (x86, arm, arm64, ppc64, s390x, riscv), whatever CONFIG_HZ is.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

/** Field 22 (starttime, clock ticks after boot) of a /proc/<pid>/stat line, or null. */
export function parseStatStartTime(stat: string): number | null {
  return statNumber(stat, 22);
}

/** btime (boot time, epoch seconds) from /proc/stat, or null. */
export function parseBootTime(procStat: string): number | null {
  const match = /^btime\s+(\d+)$/m.exec(procStat);
  return match ? Number(match[1]) : null;
}

/** Real uid from the 'Uid:' line of /proc/<pid>/status. */
export function parseStatusUid(status: string): number | null {
  const match = /^Uid:\s+(\d+)/m.exec(status);
  return match ? Number(match[1]) : null;
}

/**
 * Process details, parsed here from what the reading thread sent (RawProcess)
 * and cached by (pid, start time).
 */
export class ProcessInfoReader {
  private readonly cache = new Map<number, { startTicks: number; info: ProcessInfo }>();
  private bootTime: number | null | undefined;

  constructor(
    private readonly procRoot: string,
    private readonly io: ProcLane,
    private readonly users: UserNames,
  ) {}

  /** Reads btime once (the first collect), through the reading thread. */
  async prepare(signal?: AbortSignal): Promise<void> {
    if (this.bootTime !== undefined) return;
    const [procStat] = await readFiles(this.io, [`${this.procRoot}/stat`], 'latin1', signal);
    // A read that failed is tried again next time (start times are shown empty meanwhile); a missing file is final.
    if (procStat?.problem) return;
    this.bootTime = procStat?.text ? parseBootTime(procStat.text) : null;
  }

  /** Takes in the details the owner scan read (owners seen for the first time). */
  ingest(raws: readonly RawProcess[]): void {
    for (const raw of raws) {
      const info = this.parse(raw);
      if (info) this.cache.set(raw.pid, { startTicks: raw.startTicks, info });
    }
  }

  /** Cached details of `pid` if it still has this start time, else null. */
  get(pid: number, startTicks: number | null): ProcessInfo | null {
    const cached = this.cache.get(pid);
    return cached && cached.startTicks === startTicks ? cached.info : null;
  }

  /** Reads one process now (the process panel), through the reading thread. */
  async read(pid: number): Promise<ProcessInfo | null> {
    const key = `pid:${pid}`;
    // Asking again would only strand one more thread on the same hung read.
    if (this.io.isStuck(key))
      throw new Error(`an earlier read of ${this.procRoot}/${pid} has not returned yet (a hung mount?)`);
    await this.prepare();
    const raw = await this.io.call(
      'processInfo',
      { procRoot: this.procRoot, pid },
      { describe: () => ({ key, label: `reading ${this.procRoot}/${pid}` }) },
    );
    return raw ? this.parse(raw) : null;
  }

  /** Forgets processes that are gone (the caller passes the PIDs alive now). */
  prune(alive: ReadonlySet<number>): void {
    for (const pid of this.cache.keys()) if (!alive.has(pid)) this.cache.delete(pid);
  }

  /** Drops everything (the reading thread that sent it was replaced, and sends all again). */
  clear(): void {
    this.cache.clear();
  }

  private parse(raw: RawProcess): ProcessInfo | null {
    const { comm, status, cmdline } = raw;
    if (comm === null && status === null) return null;
    const args = cmdline === null ? [] : cmdline.split('\0').filter((a) => a !== '');
    const uid = status === null ? null : parseStatusUid(status);
    return {
      pid: raw.pid,
      name: comm === null ? null : comm.replace(/\n$/, ''),
      exePath: raw.exe,
      commandLine: args.length > 0 ? args.join(' ') : null,
      user: uid === null ? null : this.users.nameOf(uid),
      uid,
      startTime:
        this.bootTime === null || this.bootTime === undefined
          ? null
          : Math.round((this.bootTime + raw.startTicks / CLOCK_TICKS_PER_SECOND) * 1000),
    };
  }
}
