/**
 * Quiet refreshes of the owner scan: when the socket tables hold no inode that the last full pass did not see, and
 * every process that owned one of them is still the same process (same PID, same start time), the owners are the
 * last full pass's, and the fd directories of every process are not listed again.
 *
 * WHY: on an idle host (a monitor left open at a 1 s interval) nothing changes between most refreshes, yet the full
 * pass opens and lists every process's /proc/<pid>/fd and reads its stat: about 160 opens and as many getdents64 on
 * a desktop with 80 processes, most of the idle refresh's cost (see bench/idle-refresh.mjs).
 *
 * What a quiet pass cannot see, and the bound on it: a socket that changes hands while its old owner lives on (passed
 * over a UNIX socket, or kept by a forked child while the parent closes it). Its row keeps the old owner until the next
 * full pass, which comes at most FULL_SCAN_EVERY refreshes after the last one. Everything else forces a full pass at
 * once: a new inode in the tables (a new socket, or an fd reused for one), an owner that exited (its sockets may live
 * on in a child), an owner PID reused by another process, and a process skipped because its reads hang.
 *
 * A full pass is also what follows a pass that saw a new inode: a host with churn keeps listing fd directories while
 * the tables are read (owner-scan.ts, phase 1), instead of waiting for the tables to decide.
 */
import { InodeMap, type InodeLookup } from './inode-table';

/** A full pass at least every this many refreshes (so at most FULL_SCAN_EVERY - 1 quiet ones in a row). */
export const FULL_SCAN_EVERY = 10;

/** What a quiet pass answers: the owners of the current table inodes, and the owners' start times. */
export interface QuietAnswer {
  owners: InodeMap;
  startTicks: Map<number, number>;
  unowned: number;
}

export class QuietPasses {
  /** Owners by inode, as the last full pass found them; null before the first full pass. */
  private owners: InodeMap | null = null;
  /** The table the last full pass resolved (a quiet pass's table is a subset of it). */
  private table: InodeLookup | null = null;
  /** pid -> start ticks of every owner of the last full pass. */
  private ownerTicks = new Map<number, number>();
  private quietInARow = 0;
  /** Whether the last pass saw a table inode the pass before it had not: then the next lists fds at once. */
  private sawNewInode = true;
  private spareAnswer: { map: InodeMap; expected: number } | null = null;

  /** @param fullEvery a full pass at least every `fullEvery` passes; 1 turns quiet passes off. */
  constructor(private readonly fullEvery: number = FULL_SCAN_EVERY) {}

  /** At the start of a pass: whether the fd listing may wait until the tables say whether it is needed. */
  mayDefer(skipPids: ReadonlySet<number>): boolean {
    return this.owners !== null && !this.sawNewInode && this.quietInARow + 1 < this.fullEvery && skipPids.size === 0;
  }

  /**
   * The owners without a listing, or null when a full pass is needed (what changed is remembered for the next
   * pass's mayDefer). `startTicksOf(pid)` reads a process's start time now (null when it is gone).
   */
  answer(tableInodes: InodeLookup, startTicksOf: (pid: number) => number | null): QuietAnswer | null {
    const known = this.owners;
    const table = this.table;
    if (known === null || table === null) return null;
    // One walk: every inode must be one the full pass saw; the owners are looked up on the way.
    const owners = this.answerMap(tableInodes.size);
    const startTicks = new Map<number, number>();
    let unowned = 0;
    let newInode = false;
    tableInodes.forEach((inode) => {
      if (newInode) return;
      if (!table.has(inode)) {
        newInode = true;
        return;
      }
      const pid = known.get(inode);
      if (pid === undefined) unowned++;
      else {
        owners.set(inode, pid);
        if (!startTicks.has(pid)) startTicks.set(pid, this.ownerTicks.get(pid) ?? -1);
      }
    });
    if (newInode) {
      this.sawNewInode = true;
      return null;
    }
    for (const [pid, ticks] of startTicks)
      if (startTicksOf(pid) !== ticks) {
        // An owner exited (a child may hold its sockets now) or its PID went to another process.
        this.sawNewInode = true;
        return null;
      }
    this.quietInARow++;
    return { owners, startTicks, unowned };
  }

  /**
   * The map a quiet answer fills: the last answer's, emptied (so an answer's owners are valid until the next answer()).
   * WHY: a new one was 4 MB (100k sockets) outside the owner thread's heap every quiet refresh, freed only when a GC
   * ran, which that thread's few JS allocations rarely bring: its resident memory grew every refresh (issue 11).
   */
  private answerMap(expected: number): InodeMap {
    const spare = this.spareAnswer;
    // Not kept at a spike's size once the host's sockets dropped.
    if (spare !== null && spare.expected <= expected * 4 + 1024) {
      spare.map.clear();
      return spare.map;
    }
    const map = new InodeMap(expected);
    this.spareAnswer = { map, expected };
    return map;
  }

  /**
   * After a full pass: its table and owners are what the next quiet passes answer from. Returns pid -> start ticks of
   * the processes that own a table inode (and have a start time). `owners` may hold sockets outside the table (a quiet
   * answer looks an inode up only once the table has it); it then comes with `tableOwners`, the table inodes' owners
   * (0 for none), from which the owning processes are taken.
   */
  remember(
    tableInodes: InodeLookup,
    owners: InodeMap,
    startTicks: ReadonlyMap<number, number>,
    tableOwners?: Int32Array,
  ): ReadonlyMap<number, number> {
    const previous = this.table;
    let newInode = previous === null;
    // On a cold pass (no table before) every inode is new: no walk over the table at all.
    if (previous !== null)
      tableInodes.forEach((inode) => {
        if (!newInode && !previous.has(inode)) newInode = true;
      });
    // Without tableOwners, the owners from the map's own slots (it then holds table inodes only), not one lookup per
    // table inode; a run of sockets of one process costs one comparison each.
    const ownerTicks = tableOwners ? ownersOfTable(tableOwners, startTicks) : new Map<number, number>();
    let last = -1;
    if (!tableOwners)
      owners.forEachValue((pid) => {
        if (pid === last) return;
        last = pid;
        if (ownerTicks.has(pid)) return;
        const ticks = startTicks.get(pid);
        if (ticks !== undefined) ownerTicks.set(pid, ticks);
      });
    this.sawNewInode = newInode;
    this.table = tableInodes;
    this.owners = owners;
    this.ownerTicks = ownerTicks;
    this.quietInARow = 0;
    return ownerTicks;
  }
}

/** pid -> start ticks of the PIDs in `pids` (0: none); a run of one process's sockets costs one comparison each. */
function ownersOfTable(pids: Int32Array, startTicks: ReadonlyMap<number, number>): Map<number, number> {
  const ownerTicks = new Map<number, number>();
  let last = 0;
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i] as number;
    if (pid === last || pid === 0) continue;
    last = pid;
    if (ownerTicks.has(pid)) continue;
    const ticks = startTicks.get(pid);
    if (ticks !== undefined) ownerTicks.set(pid, ticks);
  }
  return ownerTicks;
}
