/**
 * UNIX domain sockets on Linux: /proc/net/unix (path or abstract name, type,
 * state, inode), and each socket's owner by the same exact inode scan as the
 * inet sockets (SocketOwnerScanner: the process holding an fd whose link is
 * socket:[inode]). Off unless asked for: a server has thousands.
 *
 * Peers and queues: /proc/net/unix has neither. On a live host they come from
 * sock_diag for AF_UNIX (UNIX_DIAG_PEER and RQLEN, what `ss -x` shows;
 * unix-diag-peers.ts) through the UnixPeerSource seam; where netlink is refused
 * the rows keep none and a warning says why.
 *
 * Seam left on purpose:
 * - Thread: this scanner runs in the calling thread, apart from the owner-scan
 *   thread of the inet connections (one extra fd walk when both are shown).
 *   Feeding these inodes to that thread's batch (connections.ts) would share it.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { UnixSocket } from '../../../shared/unix-socket';
import { assignUnixSocketIds } from '../../../shared/unix-socket';
import { parseProcNetUnix } from '../../parsers/linux/proc-net-unix';
import type { Collected, CollectContext, Collector } from '../types';
import { InodeSet } from './inode-table';
import { SocketOwnerScanner } from './owner-scan';
import { createUnixDiagPeerSource } from './unix-diag-peers';

export interface UnixSocketsOptions {
  /** '/proc' on a live host; a fake tree in tests. */
  procRoot?: string;
  /** How many /proc reads the scan makes before it yields to the event loop. */
  operationsPerYield?: number;
}

/** What sock_diag tells of a socket that /proc/net/unix does not: its peer (UNIX_DIAG_PEER) and queues (RQLEN). */
export interface UnixDiagFacts {
  peerInode: number | null;
  rxQueue: number | null;
  txQueue: number | null;
}

/** Where peers (and queues) come from besides /proc/net/unix, by inode: sock_diag on a live host. */
export type UnixPeerSource = (signal: AbortSignal) => Promise<Map<number, UnixDiagFacts> | null>;

/** No peers (a fake /proc tree: the live host's peers would not belong to it). */
export const noPeers: UnixPeerSource = async () => null;

export function createUnixSocketsCollector(
  options: UnixSocketsOptions = {},
  peers?: UnixPeerSource,
): Collector<UnixSocket[]> {
  const procRoot = options.procRoot ?? '/proc';
  const peerSource = peers ?? (procRoot === '/proc' ? createUnixDiagPeerSource() : noPeers);
  const scanner = new SocketOwnerScanner(procRoot, options.operationsPerYield ?? 2000);
  return {
    name: 'unix-sockets',
    async collect(context: CollectContext): Promise<Collected<UnixSocket[]>> {
      const warnings: string[] = [];
      const text = await readFile(path.join(procRoot, 'net/unix'), { encoding: 'utf8', signal: context.signal });
      const parsed = parseProcNetUnix(text);
      if (parsed.skipped.length > 0)
        warnings.push(`${parsed.skipped.length} lines of /proc/net/unix could not be read`);
      const sockets = dropRepeats(parsed.data.unixSockets ?? []);
      const inodes = new InodeSet(sockets.length);
      for (const s of sockets) if (s.inode !== null && s.inode !== 0) inodes.add(s.inode);
      const scan = await scanner.scan(inodes, context.signal);
      if (scan.stats.unreadableProcesses > 0) {
        warnings.push(
          `${scan.stats.unreadableProcesses} processes belong to other users: run as root to see their UNIX sockets' owners`,
        );
      }
      const owners = new Map<number, { name: string | null; uid: number | null }>();
      const userNames = sockets.some((s) => s.inode !== null && scan.owners.has(s.inode))
        ? await readUserNames()
        : null;
      for (const socket of sockets) {
        const pid = socket.inode === null ? undefined : scan.owners.get(socket.inode);
        if (pid === undefined || pid === 0) continue;
        socket.pid = pid;
        let owner = owners.get(pid);
        if (owner === undefined) {
          owner = await processOwner(procRoot, pid);
          owners.set(pid, owner);
        }
        socket.processName = owner.name;
        socket.uid = owner.uid;
        socket.user = owner.uid === null ? null : (userNames?.get(owner.uid) ?? null);
      }
      const peerMap = await peerSource(context.signal).catch((error: unknown) => {
        warnings.push(`no peers (sock_diag refused: ${error instanceof Error ? error.message : String(error)})`);
        return null;
      });
      if (peerMap) withPeers(sockets, peerMap);
      return { data: assignUnixSocketIds(sockets), warnings };
    },
  };
}

/** One inode is one socket: a row the kernel's iterator handed out twice (the table changed mid-read) is dropped. */
function dropRepeats(sockets: UnixSocket[]): UnixSocket[] {
  const seen = new Set<number>();
  return sockets.filter((s) => {
    if (s.inode === null) return true;
    if (seen.has(s.inode)) return false;
    seen.add(s.inode);
    return true;
  });
}

export function withPeers(sockets: UnixSocket[], facts: ReadonlyMap<number, UnixDiagFacts>): void {
  for (const socket of sockets) {
    if (socket.inode === null) continue;
    const known = facts.get(socket.inode);
    if (known === undefined) continue;
    if (known.peerInode !== null && known.peerInode !== 0) socket.peerInode = known.peerInode;
    socket.rxQueue = known.rxQueue;
    socket.txQueue = known.txQueue;
  }
}

/** uid -> name from /etc/passwd (local accounts; a directory service's users keep their uid only). */
export async function readUserNames(file = '/etc/passwd'): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

/** The process's name (comm) and the uid that owns its /proc directory; nulls when it has gone. */
async function processOwner(procRoot: string, pid: number): Promise<{ name: string | null; uid: number | null }> {
  const dir = path.join(procRoot, String(pid));
  const [comm, info] = await Promise.all([
    readFile(path.join(dir, 'comm'), 'utf8').catch(() => null),
    stat(dir).catch(() => null),
  ]);
  return { name: comm === null ? null : comm.replace(/\n$/, ''), uid: info?.uid ?? null };
}
