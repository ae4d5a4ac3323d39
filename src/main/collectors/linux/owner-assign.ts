/** The owner scan's general resolve: each table inode to the lowest PID that holds it, checked where several claim it. */
import { InodeMap, InodeSet, type InodeLookup } from './inode-table';
import type { ProcessFdCache } from './owner-fd-cache';
import type { Listing, OwnerScanStats } from './owner-scan-types';
import type { Pacer } from './proc-fs';

/**
 * The general resolve of a listing: re-reads the fds whose socket left the tables, assigns owners (verified where
 * several processes claim one), and when a table inode has no owner that an earlier pass had not already found
 * ownerless, reads every fd not holding a verified table socket in each process not read in full (the fallback,
 * see owner-scan.ts), then assigns again.
 */
export async function resolveGeneral(
  cache: ProcessFdCache,
  listing: Listing,
  tableInodes: InodeLookup,
  context: {
    previousTable: InodeLookup;
    knownUnowned: InodeLookup;
    pacer: Pacer;
    onProcess: (pid: number) => void;
  },
): Promise<{ owners: InodeMap; unowned: InodeSet }> {
  const { stats, pids, fullyRead } = listing;
  const { knownUnowned, pacer, onProcess } = context;
  await cache.recheckLeft(pids, fullyRead, tableInodes, context.previousTable, stats, pacer);
  let owners = await assignVerifiedOwners(cache, pids, tableInodes, stats, pacer, onProcess);
  // One pass finds both the ownerless inodes and whether any is new (which calls for the fallback).
  let unowned = new InodeSet();
  let newlyUnowned = false;
  tableInodes.forEach((inode) => {
    if (owners.has(inode)) return;
    unowned.add(inode);
    if (!newlyUnowned && !knownUnowned.has(inode)) newlyUnowned = true;
  });
  if (newlyUnowned && stats.processes > fullyRead.size) {
    stats.fallback = true;
    await cache.readUnverified(pids, fullyRead, tableInodes, stats, pacer);
    owners = await assignVerifiedOwners(cache, pids, tableInodes, stats, pacer, onProcess);
    const stillUnowned = new InodeSet(unowned.size);
    unowned.forEach((inode) => {
      if (!owners.has(inode)) stillUnowned.add(inode);
    });
    unowned = stillUnowned;
  }
  return { owners, unowned };
}

/**
 * inode -> owner; pids ascend, so a socket shared after fork() goes to the lowest PID.
 * WHY the re-read: a table inode that several processes claim may be a stale
 * claim (one of them closed the fd and reused its number for a file after a
 * fork); the claimants' fds are read again before the lowest PID wins.
 */
async function assignVerifiedOwners(
  cache: ProcessFdCache,
  pids: number[],
  tableInodes: InodeLookup,
  stats: OwnerScanStats,
  pacer: Pacer,
  onProcess: (pid: number) => void,
): Promise<InodeMap> {
  const { owners, shared } = assignOwners(cache, pids, tableInodes);
  if (shared.size === 0) return owners;
  let changed = false;
  for (const pid of pids) {
    const entry = cache.entries.get(pid);
    if (!entry) continue;
    const claims: number[] = [];
    onProcess(pid);
    for (let i = 0; i < entry.inodes.length; i++) if (shared.has(entry.inodes[i] as number)) claims.push(i);
    for (const i of claims) {
      if (pacer.due()) await pacer.pause();
      const before = entry.inodes[i];
      const inode = cache.readSocketInode(pid, entry.fds[i] as number, stats);
      entry.inodes[i] = inode;
      if (inode !== before) changed = true;
    }
  }
  return changed ? assignOwners(cache, pids, tableInodes).owners : owners;
}

function assignOwners(
  cache: ProcessFdCache,
  pids: number[],
  tableInodes: InodeLookup,
): { owners: InodeMap; shared: InodeSet } {
  const owners = new InodeMap(tableInodes.size);
  const shared = new InodeSet();
  for (const pid of pids) {
    const entry = cache.entries.get(pid);
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
