/**
 * How many sockets the tables will list, from /proc/net/sockstat{,6}: a cold
 * pass (no last refresh) sizes its sets with it instead of growing them from
 * empty (connections.ts).
 */
import { parseSockstat } from '../../parsers/linux/proc-net-sockstat';
import { readFiles } from './proc-reads';
import type { ProcLane } from './worker-lane';

/**
 * The rows the tables list, from sockstat: the sockets in use (with an inode) and the TIME_WAIT ones ('TCP tw', both
 * families), which are rows too (the reuse pass and the record memory are sized by rows, issue 11); 0 when unknown.
 */
const ROWS = ['TCP inuse', 'TCP6 inuse', 'UDP inuse', 'UDP6 inuse', 'RAW inuse', 'RAW6 inuse', 'TCP tw'];

/**
 * How many rows a cold pass will have, to size its sets. Only a size: a file that cannot be read gives 0, and one
 * whose read hangs is said (the tables' read then skips it, as it does every file still hanging).
 */
export async function socketCountHint(
  io: ProcLane,
  procRoot: string,
  warnings: string[],
  signal?: AbortSignal,
): Promise<number> {
  const paths = [`${procRoot}/net/sockstat`, `${procRoot}/net/sockstat6`];
  if (paths.some((path) => io.isStuck(path))) return 0;
  const files = await readFiles(io, paths, 'latin1', signal);
  files.forEach(({ problem }, i) => {
    if (problem !== null && io.isStuck(paths[i] as string)) warnings.push(problem);
  });
  const counts = parseSockstat(files.map((f) => f.text ?? '').join(''));
  return ROWS.reduce((sum, key) => sum + (counts.get(key) ?? 0), 0);
}
