/** What the owner scan (owner-scan.ts) reports, and the per-process fd record its cache keeps. */
import type { InodeMap } from './inode-table';
import type { OwnerIndex } from './owner-index';

/**
 * One process's fds, compact: a process with 100k sockets costs 1.2 MB of
 * typed arrays here (outside the JS heap) instead of 100k name strings and a
 * 100k-entry Map that the GC would trace on every full collection.
 */
export interface ProcessFds {
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
  /**
   * Processes whose fd table the BPF iterator read (fd-bpf.ts) since this thread started: their owners are known
   * from it until they exit. With bpfOff, what the status bar says about how owners were read.
   */
  bpfProcesses: number;
  /** Why the BPF fd reader reads nothing, once it was asked for a large process (refused, or turned off); else null. */
  bpfOff: string | null;
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
  /** The owner of each inode of the pieces given to resolve(), in their order (0: none), where the pass had them. */
  pieceOwners?: Int32Array<ArrayBuffer>;
  /**
   * pid -> start ticks of the processes that own a table inode (a subset of startTicks), where the pass had them.
   * WHY: the owner thread sends the details of owners it has not sent yet; walking these few processes instead of
   * every socket's owner saves three map lookups per socket on every refresh (issue 11).
   */
  ownerTicks?: ReadonlyMap<number, number>;
}

/** The counts of a full pass before it starts. */
export function emptyScanStats(cold: boolean): OwnerScanStats {
  return {
    cold,
    processes: 0,
    fullyRescanned: 0,
    partlyRescanned: 0,
    unchanged: 0,
    readlinks: 0,
    fallback: false,
    quiet: false,
    unreadableProcesses: 0,
    skippedProcesses: 0,
    bpfProcesses: 0,
    bpfOff: null,
    tookMs: 0,
  };
}

/** What list() leaves for resolve(). */
export interface Listing {
  started: number;
  stats: OwnerScanStats;
  /** The processes listed, ascending. */
  pids: number[];
  startTicks: Map<number, number>;
  fullyRead: Set<number>;
  /** Owners by inode while every process so far was read in full (owner-index.ts); null once one was not. */
  index: OwnerIndex | null;
}
