/**
 * The owner scan, run in its own lane (worker-lane.ts): a thread that keeps
 * the fd cache between refreshes, with the watchdog that every read of /proc
 * has.
 *
 * WHY its own thread: on a busy host the refresh is two big jobs of similar
 * size, the kernel walking its socket hash for /proc/net/tcp (the reading
 * lane, parsed by the main thread) and listing/reading /proc/<pid>/fd
 * (owners). Neither needs the other until the end, so on two cores they
 * overlap; only the cheap checks that need the table inodes wait for both.
 *
 * A process whose /proc files hang is skipped from then on, until the thread
 * stuck on it comes back: wholly when its fd listing hung (its sockets show no
 * owner), only its details when those hung (its sockets keep the PID).
 */
import type { OwnerScanStats } from './owner-scan';
import { PHASE_PROCESS_INFO, type OwnerResolveReply } from './proc-protocol';
import { createLane, type LaneOptions, type ProcLane, type StuckItem } from './worker-lane';

export interface OwnerSource {
  readonly lastStats: OwnerScanStats | null;
  /** Starts phase 1 (process and fd listings) where it can run alongside the table read. */
  begin(): void;
  /** Table inodes, piece by piece, in table order (the array is transferred). */
  add(inodes: Float64Array): void;
  /** The owner of each inode added since begin() (0 for none), in the order added. */
  finish(signal: AbortSignal): Promise<OwnerResolveReply>;
  /** Processes skipped because a read of theirs hangs: whole ones, and ones skipped for details only. */
  skipped(): { processes: number[]; details: number[] };
  /** After a collect, whatever happened: an idle thread must not keep a CLI process alive. */
  idle(): void;
  dispose(): Promise<void>;
}

const FDS_KEY = 'fds:';
const INFO_KEY = 'info:';
const LISTING_KEY = 'listing';

export function createOwnerSource(procRoot: string, options: Omit<LaneOptions, 'name'>): OwnerSource {
  return new LaneOwnerSource(procRoot, createLane({ ...options, name: 'owner scan' }));
}

export class LaneOwnerSource implements OwnerSource {
  lastStats: OwnerScanStats | null = null;
  /** The last piece of table inodes added, not sent yet. */
  private held: Float64Array | null = null;
  /** The last pass's listNotNeeded: this refresh's 'ownerList' may be left out (cleared by every begin()). */
  private listNotNeeded = false;
  /** This refresh's 'ownerList' arguments when the message was left out: they go with 'ownerResolve'. */
  private unsentList: { procRoot: string; skipPids: number[] } | null = null;
  constructor(
    private readonly procRoot: string,
    private readonly lane: ProcLane,
  ) {}

  begin(): void {
    // A piece left from a refresh that failed before finish(): not this refresh's.
    this.held = null;
    const listNotNeeded = this.listNotNeeded;
    this.listNotNeeded = false;
    this.unsentList = null;
    if (this.lane.isStuck(LISTING_KEY)) return;
    const list = { procRoot: this.procRoot, skipPids: this.skipped().processes };
    // WHY: on an idle host most passes are quiet, and a quiet pass's list() does nothing but wait for the tables
    // (owner-quiet.ts): one message and one wake of the owner thread fewer per refresh. Only right after a pass
    // that resolved (a refresh that failed half-way may have left pieces there: 'ownerList' drops them), and with
    // no process skipped (a skip set makes the listing run at once). The thread opens the pass at its first piece.
    if (listNotNeeded && list.skipPids.length === 0) this.unsentList = list;
    else this.lane.notify('ownerList', list);
  }

  add(inodes: Float64Array): void {
    // WHY one piece held back: the last one goes with 'ownerResolve' (finish), one message fewer each refresh; on
    // a host with few sockets (one piece) that is the only one. Earlier pieces still go at once, so that the owner
    // thread takes them in while this thread parses the rest of the tables.
    const held = this.held;
    this.held = inodes;
    if (held !== null) this.lane.notify('ownerInodes', { inodes: held }, [held.buffer as ArrayBuffer]);
  }

  async finish(signal: AbortSignal): Promise<OwnerResolveReply> {
    const held = this.held;
    this.held = null;
    if (this.lane.isStuck(LISTING_KEY))
      throw new Error(`owner scan: an earlier listing of ${this.procRoot} has not returned yet; skipped`);
    const reply = await this.lane.call(
      'ownerResolve',
      {
        skipInfoPids: this.skipped().details,
        ...(held === null ? {} : { inodes: held }),
        ...(this.unsentList === null ? {} : { list: this.unsentList }),
      },
      { signal, describe: (pid, phase) => this.describe(pid, phase) },
    );
    this.lastStats = reply.stats;
    this.listNotNeeded = reply.listNotNeeded;
    return reply;
  }

  skipped(): { processes: number[]; details: number[] } {
    const processes: number[] = [];
    const details: number[] = [];
    for (const key of this.lane.stuckKeys()) {
      if (key.startsWith(FDS_KEY)) processes.push(Number(key.slice(FDS_KEY.length)));
      else if (key.startsWith(INFO_KEY)) details.push(Number(key.slice(INFO_KEY.length)));
    }
    return { processes, details };
  }

  idle(): void {
    this.lane.release();
  }

  dispose(): Promise<void> {
    return this.lane.dispose();
  }

  private describe(pid: number, phase: number): StuckItem {
    if (pid <= 0) return { key: LISTING_KEY, label: `listing ${this.procRoot}` };
    return phase === PHASE_PROCESS_INFO
      ? { key: `${INFO_KEY}${pid}`, label: `reading the details of process ${pid} (${this.procRoot}/${pid})` }
      : { key: `${FDS_KEY}${pid}`, label: `reading the fds of process ${pid} (${this.procRoot}/${pid})` };
  }
}
