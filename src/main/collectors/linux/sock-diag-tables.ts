/**
 * TCP and UDP sockets (IPv4 and IPv6) through netlink sock_diag: one
 * 'sockDiag' job in the reading thread (worker-lane.ts, with its watchdog),
 * which sends each socket as a fixed-size record (sock-diag-record.ts),
 * gathered here into one table; netlink-rows.ts makes rows of them. TCP rows
 * carry the kernel's counters (Connection.traffic). Raw sockets still come
 * from /proc/net/raw{,6} (socket-tables.ts).
 */
import { RECORD_BYTES } from '../../parsers/linux/sock-diag-record';
import type { SockDiagQuery } from './proc-protocol';
import type { ProcLane } from './worker-lane';

const QUERIES: SockDiagQuery[] = [
  { family: 4, protocol: 'tcp' },
  { family: 6, protocol: 'tcp' },
  { family: 4, protocol: 'udp' },
  { family: 6, protocol: 'udp' },
];

/** A whole dump's records, back to back in dump order (sock-diag-record.ts). */
export interface SockDiagTable {
  bytes: Uint8Array;
  /** The same bytes as 32-bit words, RECORD_WORDS a record (to compare records quickly). */
  words: Int32Array;
  count: number;
  /** When the dump ended, on performance.now()'s clock: the rates' time base. */
  readAt: number;
}

export const RECORD_WORDS = RECORD_BYTES / 4;

/** The size of the last dump: the next one's buffer starts that big. */
let lastDumpBytes = 0;
/**
 * A table's buffer no longer needed (recycleTable), for the next dump.
 * WHY: at 100k sockets a table is ~10 MB outside the JS heap; a new one each
 * refresh counts as external memory growth, which makes V8 run full GCs.
 */
let spare: Uint8Array | null = null;

/** `table`'s bytes may be written over by the next dump (no row refers to them: rows copy what they show). */
export function recycleTable(table: SockDiagTable): void {
  if (table.bytes.length > 0 && (spare === null || spare.length < table.bytes.length)) spare = table.bytes;
}

/**
 * Every TCP and UDP socket, or a thrown error (the netlink socket refused, a
 * dump failed, a message was malformed, the read hung): then the caller reads
 * procfs instead.
 * WHY the table is returned whole rather than piece by piece: on a failure
 * half-way the caller starts over from procfs, and rows already handed on
 * (their inodes sent to the owner scan) could not be taken back. `onRecords`
 * sees the table as it grows (after each chunk), for work that can be dropped.
 */
export async function readSockDiagTables(
  io: ProcLane,
  signal?: AbortSignal,
  onRecords?: (table: SockDiagTable) => void,
): Promise<SockDiagTable> {
  // Sized like the last dump, so that it rarely grows.
  const wanted = lastDumpBytes + 64 * RECORD_BYTES;
  const bytes = spare !== null && spare.length >= wanted ? spare : new Uint8Array(wanted);
  spare = null;
  // The records so far (count grows, bytes and words are replaced when the buffer grows); readAt is set at the end.
  const table: SockDiagTable = {
    bytes,
    words: new Int32Array(bytes.buffer, 0, bytes.length >> 2),
    count: 0,
    readAt: 0,
  };
  let odd = 0;
  // Thrown after the dump (a netlink failure: procfs is read instead), never from inside the lane's message handler.
  let recordsFailed: unknown = null;
  await io.call(
    'sockDiag',
    { queries: QUERIES },
    {
      signal,
      // Copied into one table: in the calling thread (no worker bundle) the bytes are the job's reused buffer.
      onChunk: (chunk, length) => {
        if (length % RECORD_BYTES !== 0) {
          odd++;
          return;
        }
        const used = table.count * RECORD_BYTES;
        if (used + length > table.bytes.length) {
          const grown = new Uint8Array(Math.max(table.bytes.length * 2, used + length));
          grown.set(table.bytes.subarray(0, used));
          table.bytes = grown;
          table.words = new Int32Array(grown.buffer, 0, grown.length >> 2);
        }
        table.bytes.set(chunk.subarray(0, length), used);
        table.count += length / RECORD_BYTES;
        if (odd > 0 || recordsFailed !== null || onRecords === undefined) return;
        try {
          onRecords(table);
        } catch (error) {
          recordsFailed = error;
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
  if (odd > 0) throw new Error(`netlink sock_diag: ${odd} chunks that are not whole records`);
  if (recordsFailed !== null) throw recordsFailed;
  lastDumpBytes = table.count * RECORD_BYTES;
  table.words = new Int32Array(table.bytes.buffer, 0, lastDumpBytes >> 2);
  table.readAt = performance.now();
  return table;
}
