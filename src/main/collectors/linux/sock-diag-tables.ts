/**
 * TCP and UDP sockets (IPv4 and IPv6) through netlink sock_diag: one
 * 'sockDiag' job in the reading thread (worker-lane.ts, with its watchdog),
 * which sends each changed socket as a fixed-size record (sock-diag-record.ts)
 * and each unchanged one as its inode (sock-diag-diff.ts), in chunks;
 * netlink-rows.ts makes rows of each chunk as it arrives. TCP rows
 * carry the kernel's counters (Connection.traffic). Raw sockets still come
 * from /proc/net/raw{,6} (socket-tables.ts).
 */
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import type { SockDiagQuery } from './proc-protocol';
import { readDiffChunk, type DiffChunk } from './sock-diag-diff';
import type { ProcLane } from './worker-lane';

const QUERIES: SockDiagQuery[] = [
  { family: 4, protocol: 'tcp' },
  { family: 6, protocol: 'tcp' },
  { family: 4, protocol: 'udp' },
  { family: 6, protocol: 'udp' },
];

/** Records back to back in dump order (sock-diag-record.ts): a piece of a dump, or a whole one (tests). */
export interface SockDiagTable {
  bytes: Uint8Array;
  /** The same bytes as 32-bit words, RECORD_WORDS a record (to fingerprint records quickly). */
  words: Int32Array;
  count: number;
  /** When the dump ended, on performance.now()'s clock: the rates' time base (0 for a piece). */
  readAt: number;
}

/** What a whole dump was: how many sockets, when it ended, and the generation to compare the next one with. */
export interface SockDiagDump {
  count: number;
  readAt: number;
  generation: number;
  /** Whether sockstat, read with the dump, showed no raw socket (then /proc/net/raw{,6} need no read). */
  rawEmpty: boolean;
}

export const RECORD_WORDS = RECORD_BYTES / 4;

/** Names each dump (sock-diag-diff.ts): unique in this process, so a new reading thread never matches an old name. */
let lastGeneration = 0;

/**
 * Reads every TCP and UDP socket, handing each chunk to `onChunk` as it arrives (sock-diag-diff.ts: the records of
 * the sockets that changed since dump `compareWith`, whose rows the caller holds, and the inodes of the others; its
 * bytes are not kept, they may be a reused buffer), or throws (the netlink socket refused, a dump failed, a
 * message was malformed, the read hung, `onChunk` threw): then the caller reads procfs instead.
 * WHY chunks are not gathered into one table: at 100k sockets that table is ~10 MB outside the heap, grown by
 * copies on a cold pass; the caller makes rows of each chunk at once (netlink-rows.ts), and on a failure
 * half-way it drops those rows (their inodes were not sent to the owner scan yet) and starts over from procfs.
 */
export async function readSockDiagTables(
  io: ProcLane,
  signal: AbortSignal | undefined,
  compareWith: number,
  onChunk: (chunk: DiffChunk) => void,
): Promise<SockDiagDump> {
  const generation = ++lastGeneration;
  let count = 0;
  let malformed = 0;
  // Thrown after the dump (a netlink failure: procfs is read instead), never from inside the lane's message handler.
  let chunkFailed: unknown = null;
  const { rawEmpty } = await io.call(
    'sockDiag',
    { queries: QUERIES, generation, compareWith },
    {
      signal,
      onChunk: (bytes, length) => {
        if (malformed > 0 || chunkFailed !== null) return;
        const chunk = readDiffChunk(bytes, length);
        if (chunk === null) {
          malformed++;
          return;
        }
        count += chunk.entries.length;
        try {
          onChunk(chunk);
        } catch (error) {
          chunkFailed = error;
        }
      },
      describe: (item) => {
        const query = QUERIES[item];
        // IPv4 TCP's item also stands for IPv6 TCP when one dump reads both (proc-jobs.ts, netlink-socket.ts dumpTcp).
        const what = !query
          ? '?'
          : query.protocol === 'tcp' && query.family === 4
            ? 'TCP'
            : `IPv${query.family} ${query.protocol}`;
        return { key: 'netlink sock_diag', label: `reading ${what} sockets through netlink sock_diag` };
      },
    },
  );
  if (chunkFailed !== null) throw chunkFailed;
  if (malformed > 0) throw new Error(`netlink sock_diag: ${malformed} chunks whose lengths do not add up`);
  return { count, readAt: performance.now(), generation, rawEmpty };
}
