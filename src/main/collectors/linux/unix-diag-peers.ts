/**
 * The UnixPeerSource of a live Linux host: one AF_UNIX sock_diag dump (what
 * `ss -x` reads) through the koffi netlink socket, decoded by
 * parsers/linux/unix-diag.ts into (inode -> peer inode and queues). /proc/net/unix has no
 * peers; where netlink is refused (a sandbox, no koffi) this throws and the
 * collector keeps its /proc/net/unix rows without peers.
 *
 * WHY in the calling thread and not in the reading lane's job queue: the dump
 * reads kernel memory only (no process files, nothing that can hang on a stuck
 * mount), and the socket's receive timeout bounds a dump that never ends.
 */
import { parseUnixDiagChunk, unixDiagRequest } from '../../parsers/linux/unix-diag';
import type { UnixSocket } from '../../../shared/unix-socket';
import { SockDiagSocket } from './netlink-socket';
import type { UnixDiagFacts, UnixPeerSource } from './unix-sockets';

/** The socket calls the dump needs; SockDiagSocket on a live host. */
export interface UnixDiagDumper {
  dumpWith(
    request: (sequence: number) => Uint8Array,
    what: string,
    onChunk: (bytes: Uint8Array, length: number) => void,
  ): void;
  close(): void;
}

/** Every UNIX socket as sock_diag sees it; throws when the dump fails or a reply is malformed. */
export function readUnixDiag(open: () => UnixDiagDumper = () => SockDiagSocket.open()): UnixSocket[] {
  const socket = open();
  const rows: UnixSocket[] = [];
  let malformed = 0;
  try {
    socket.dumpWith(unixDiagRequest, 'unix', (bytes, length) => {
      const chunk = parseUnixDiagChunk(bytes, length);
      malformed += chunk.malformed;
      for (const row of chunk.rows) rows.push(row);
    });
  } finally {
    socket.close();
  }
  if (malformed > 0) throw new Error(`netlink sock_diag (unix): ${malformed} malformed messages`);
  return rows;
}

export function createUnixDiagPeerSource(open?: () => UnixDiagDumper): UnixPeerSource {
  return async (signal) => {
    signal.throwIfAborted();
    const facts = new Map<number, UnixDiagFacts>();
    for (const row of readUnixDiag(open)) {
      if (row.inode !== null)
        facts.set(row.inode, { peerInode: row.peerInode, rxQueue: row.rxQueue, txQueue: row.txQueue });
    }
    return facts;
  };
}
