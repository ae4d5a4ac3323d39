/**
 * TCP and UDP sockets (IPv4 and IPv6) through netlink sock_diag: one
 * 'sockDiag' job in the reading thread (worker-lane.ts, with its watchdog),
 * whose chunks of netlink messages are decoded here. TCP rows carry the
 * kernel's counters (Connection.traffic). Raw sockets still come from
 * /proc/net/raw{,6} (socket-tables.ts).
 */
import type { Connection } from '../../../shared/model';
import { parseSockDiagChunk } from '../../parsers/linux/netlink-sock-diag';
import type { SockDiagQuery } from './proc-protocol';
import type { ProcLane } from './worker-lane';

const QUERIES: SockDiagQuery[] = [
  { family: 4, protocol: 'tcp' },
  { family: 6, protocol: 'tcp' },
  { family: 4, protocol: 'udp' },
  { family: 6, protocol: 'udp' },
];

/**
 * Every TCP and UDP row, or a thrown error (the netlink socket refused, a
 * dump failed, the read hung): then the caller reads procfs instead.
 * WHY the rows are returned whole rather than piece by piece: on a failure
 * half-way the caller starts over from procfs, and rows already handed on
 * (their inodes sent to the owner scan) could not be taken back.
 */
export async function readSockDiagTables(io: ProcLane, signal?: AbortSignal): Promise<Connection[]> {
  const rows: Connection[] = [];
  let malformed = 0;
  await io.call(
    'sockDiag',
    { queries: QUERIES },
    {
      signal,
      onChunk: (bytes, length, part) => {
        const query = QUERIES[part] as SockDiagQuery;
        const chunk = parseSockDiagChunk(bytes, length, query.protocol);
        malformed += chunk.malformed;
        for (const row of chunk.rows) rows.push(row);
      },
      describe: (item) => {
        const query = QUERIES[item];
        const what = query ? `IPv${query.family} ${query.protocol}` : '?';
        return { key: 'netlink sock_diag', label: `reading ${what} sockets through netlink sock_diag` };
      },
    },
  );
  if (malformed > 0) throw new Error(`netlink sock_diag: ${malformed} malformed messages`);
  return rows;
}
