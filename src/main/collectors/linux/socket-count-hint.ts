/**
 * How many sockets the tables will list, from /proc/net/sockstat{,6}: a cold
 * pass (no last refresh) sizes its sets with it instead of growing them from
 * empty (connections.ts).
 */
import { parseSockstat } from '../../parsers/linux/proc-net-sockstat';
import { readFiles } from './proc-reads';
import type { ProcLane } from './worker-lane';

/** The sockets in use, both families: the ones with an inode. */
const IN_USE = ['TCP inuse', 'TCP6 inuse', 'UDP inuse', 'UDP6 inuse', 'RAW inuse', 'RAW6 inuse'];
/** TIME_WAIT sockets ('TCP tw' counts both families): rows of the tables, but with inode 0. */
const TIME_WAIT = 'TCP tw';

/** A cold pass's sizes, from sockstat; 0 when unknown. */
export interface SocketCountHint {
  /**
   * The rows the tables list: the sockets in use and the TIME_WAIT ones, which are rows too (the reuse pass and the
   * record memory are sized by rows, issue 11).
   */
  rows: number;
  /**
   * The sockets in use alone: the inodes the tables list. WHY apart: the set of inodes seen in a pass is kept for the
   * process's life and emptied (filled with zeros) every refresh; TIME_WAIT sockets are never in it, and sized by
   * rows it was twice what it needed on a host with as many TIME_WAIT as open sockets.
   */
  inUse: number;
}

const UNKNOWN: SocketCountHint = { rows: 0, inUse: 0 };

/**
 * How many rows and inodes a cold pass will have, to size its sets. Only sizes: a file that cannot be read gives 0,
 * and one whose read hangs is said (the tables' read then skips it, as it does every file still hanging).
 */
export async function socketCountHint(
  io: ProcLane,
  procRoot: string,
  warnings: string[],
  signal?: AbortSignal,
): Promise<SocketCountHint> {
  const paths = [`${procRoot}/net/sockstat`, `${procRoot}/net/sockstat6`];
  if (paths.some((path) => io.isStuck(path))) return UNKNOWN;
  const files = await readFiles(io, paths, 'latin1', signal);
  files.forEach(({ problem }, i) => {
    if (problem !== null && io.isStuck(paths[i] as string)) warnings.push(problem);
  });
  const counts = parseSockstat(files.map((f) => f.text ?? '').join(''));
  const inUse = IN_USE.reduce((sum, key) => sum + (counts.get(key) ?? 0), 0);
  return { rows: inUse + (counts.get(TIME_WAIT) ?? 0), inUse };
}
