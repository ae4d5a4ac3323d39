/**
 * Connections: the six inet socket tables of /proc/net, then each socket's
 * owning process from the fd scan (owner-scan.ts), with its details cached by
 * (pid, start time) (process-info.ts).
 */
import { endianness } from 'node:os';
import type { Connection, Protocol } from '../../../shared/model';
import { parseProcNetSockets } from '../../parsers/linux/proc-net-sockets';
import type { Collected, CollectContext, Collector } from '../types';
import { SocketOwnerScanner, type OwnerScanStats } from './owner-scan';
import { readLargeTextOrNull, type ResolvedLinuxOptions } from './proc-fs';
import type { ProcessInfoReader } from './process-info';
import type { UserNames } from './users';

const TABLES: { file: string; protocol: Protocol }[] = [
  { file: 'tcp', protocol: 'tcp' },
  { file: 'tcp6', protocol: 'tcp' },
  { file: 'udp', protocol: 'udp' },
  { file: 'udp6', protocol: 'udp' },
  { file: 'raw', protocol: 'raw' },
  { file: 'raw6', protocol: 'raw' },
];

export interface LinuxConnectionsCollector extends Collector<Connection[]> {
  /** What the owner scan did on the last collect() (for tests and the benchmark). */
  readonly lastScanStats: OwnerScanStats | null;
}

/** Reads and parses the socket tables; a missing table (IPv6 disabled) is simply empty. */
export function readSocketTables(procRoot: string, warnings: string[]): Connection[] {
  const hostOrder = endianness() === 'LE' ? 'le' : 'be';
  const connections: Connection[] = [];
  for (const table of TABLES) {
    const text = readLargeTextOrNull(`${procRoot}/net/${table.file}`);
    if (text === null) continue;
    const result = parseProcNetSockets(text, { protocol: table.protocol, endianness: hostOrder });
    const rows = result.data.connections ?? [];
    for (const row of rows) connections.push(row);
    if (result.skipped.length > 0)
      warnings.push(`${result.skipped.length} unreadable lines in /proc/net/${table.file}`);
  }
  return connections;
}

export function createConnectionsCollector(
  options: ResolvedLinuxOptions,
  processes: ProcessInfoReader,
  users: UserNames,
): LinuxConnectionsCollector {
  const scanner = new SocketOwnerScanner(options.procRoot, options.operationsPerYield);
  return {
    name: 'connections',
    get lastScanStats() {
      return scanner.lastStats;
    },
    async collect(context: CollectContext): Promise<Collected<Connection[]>> {
      const warnings: string[] = [];
      users.refresh();
      const connections = readSocketTables(options.procRoot, warnings);
      const inodes = new Set<number>();
      for (const c of connections) if (c.inode !== null) inodes.add(c.inode);

      const scan = await scanner.scan(inodes, context.signal);
      for (const c of connections) {
        const pid = c.inode === null ? undefined : scan.owners.get(c.inode);
        if (pid !== undefined) {
          const info = processes.get(pid, scan.startTicks.get(pid) ?? null);
          c.pid = pid;
          if (info) {
            c.processName = info.name;
            c.exePath = info.exePath;
            c.commandLine = info.commandLine;
            // The process's user (who holds the socket now) rather than the socket's creator.
            if (info.uid !== null) {
              c.uid = info.uid;
              c.user = info.user;
              continue;
            }
          }
        }
        if (c.uid !== null) c.user = users.nameOf(c.uid);
      }
      processes.prune(new Set(scan.startTicks.keys()));

      if (scan.unowned > 0) {
        warnings.push(
          scan.stats.unreadableProcesses > 0
            ? `${scan.unowned} sockets belong to processes this user cannot read: run as root to see their owners`
            : `${scan.unowned} sockets have no owning process that /proc shows (kernel sockets, or closed during the scan)`,
        );
      }
      return { data: connections, warnings };
    },
  };
}
