/**
 * Process details from /proc/<pid>: comm, exe, cmdline, status (Uid) and stat
 * (start time). Cached by (pid, start time): a PID the kernel hands to a new
 * process has a new start time, so it never inherits the old one's name.
 */
import { readlinkSync } from 'node:fs';
import type { ProcessInfo } from '../types';
import { readTextOrNull, readTextQuietly } from './proc-fs';
import type { UserNames } from './users';

/**
 * USER_HZ, the unit of /proc/<pid>/stat's starttime. sysconf(_SC_CLK_TCK) would
 * say it, but Node has no binding for it and running `getconf` is an external
 * command; the kernel fixes USER_HZ at 100 on every architecture Node runs on
 * (x86, arm, arm64, ppc64, s390x, riscv), whatever CONFIG_HZ is.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

/** Field 22 (starttime, clock ticks after boot) of a /proc/<pid>/stat line, or null. */
export function parseStatStartTime(stat: string): number | null {
  // comm (field 2) may hold spaces and ')', so count fields from the last ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat.slice(close + 2).split(' ');
  const value = fields[22 - 3];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
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

export class ProcessInfoReader {
  private readonly cache = new Map<number, { startTicks: number; info: ProcessInfo }>();
  private bootTime: number | null | undefined;

  constructor(
    private readonly procRoot: string,
    private readonly users: UserNames,
  ) {}

  /** The start time of a live process in clock ticks after boot, or null when it is gone. */
  startTicks(pid: number): number | null {
    const stat = readTextOrNull(`${this.procRoot}/${pid}/stat`);
    return stat === null ? null : parseStatStartTime(stat);
  }

  /** Details of `pid`, whose start time the caller just read (or null to read it now). */
  get(pid: number, knownStartTicks: number | null = null): ProcessInfo | null {
    const startTicks = knownStartTicks ?? this.startTicks(pid);
    if (startTicks === null) return null;
    const cached = this.cache.get(pid);
    if (cached && cached.startTicks === startTicks) return cached.info;
    const info = this.read(pid, startTicks);
    if (info) this.cache.set(pid, { startTicks, info });
    return info;
  }

  /** Forgets processes that are gone (the caller passes the PIDs alive now). */
  prune(alive: ReadonlySet<number>): void {
    for (const pid of this.cache.keys()) if (!alive.has(pid)) this.cache.delete(pid);
  }

  private read(pid: number, startTicks: number): ProcessInfo | null {
    const dir = `${this.procRoot}/${pid}`;
    const comm = readTextQuietly(`${dir}/comm`, 'utf8');
    const status = readTextQuietly(`${dir}/status`, 'utf8');
    if (comm === null && status === null) return null;
    let exePath: string | null = null;
    try {
      // Fails for kernel threads and, when not root, for other users' processes.
      exePath = readlinkSync(`${dir}/exe`);
    } catch {
      exePath = null;
    }
    const cmdline = readTextQuietly(`${dir}/cmdline`, 'utf8');
    const args = cmdline === null ? [] : cmdline.split('\0').filter((a) => a !== '');
    const uid = status === null ? null : parseStatusUid(status);
    return {
      pid,
      name: comm === null ? null : comm.replace(/\n$/, ''),
      exePath,
      commandLine: args.length > 0 ? args.join(' ') : null,
      user: uid === null ? null : this.users.nameOf(uid),
      uid,
      startTime: this.epochMs(startTicks),
    };
  }

  private epochMs(startTicks: number): number | null {
    if (this.bootTime === undefined) {
      const procStat = readTextQuietly(`${this.procRoot}/stat`);
      this.bootTime = procStat === null ? null : parseBootTime(procStat);
    }
    if (this.bootTime === null) return null;
    return Math.round((this.bootTime + startTicks / CLOCK_TICKS_PER_SECOND) * 1000);
  }
}
