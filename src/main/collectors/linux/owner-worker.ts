/**
 * Worker-thread entry (its own bundle: out/cli/owner-worker.js, out/main/owner-worker.js)
 * that runs the SocketOwnerScanner, so the fd side of a refresh (listing
 * /proc/<pid>/fd, reading links) runs on the second core while the main thread
 * reads and parses /proc/net/tcp*. The cache lives here, between refreshes.
 *
 * Protocol (see owner-source.ts): 'list' starts phase 1 at once; 'inodes'
 * messages bring the table inodes piece by piece while the main thread parses;
 * 'resolve' answers with the owner of each inode, in the order sent, as typed
 * arrays (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InodeSet } from './inode-table';
import { SocketOwnerScanner } from './owner-scan';
import { ownerReplyOf, type OwnerRequest, type OwnerWorkerReply } from './owner-protocol';

const port = parentPort;
const procRoot = (workerData as { procRoot?: unknown } | null)?.procRoot;
if (port && typeof procRoot === 'string') {
  // No pacing here: this thread has nothing else to do, and aborts end it from outside.
  const scanner = new SocketOwnerScanner(procRoot, Number.MAX_SAFE_INTEGER);
  const never = new AbortController().signal;
  let listed: Promise<void> = Promise.resolve();
  let pieces: Float64Array[] = [];
  let table = new InodeSet();
  const post = (reply: OwnerWorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);
  port.on('message', (request: OwnerRequest) => {
    if (request.kind === 'list') {
      pieces = [];
      // Sized like the last table, so that it does not grow by rehashing piece by piece.
      table = new InodeSet(table.size);
      listed = scanner.list(never);
      listed.catch(() => undefined);
      return;
    }
    if (request.kind === 'inodes') {
      pieces.push(request.inodes);
      for (const inode of request.inodes) table.add(inode);
      return;
    }
    const sent = pieces;
    const tableInodes = table;
    pieces = [];
    void listed
      .then(() => scanner.resolve(tableInodes, never))
      .then(
        (result) => {
          const reply = ownerReplyOf(sent, result);
          post(reply, [reply.owners.buffer, reply.startPids.buffer, reply.startTicks.buffer]);
        },
        (error: unknown) => post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
  });
}
