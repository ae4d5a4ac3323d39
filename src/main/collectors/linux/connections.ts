/**
 * Connections: the six inet socket tables of /proc/net, then each socket's
 * owning process from the fd scan (owner-scan.ts), with its details cached by
 * (pid, start time) (process-info.ts).
 */
import { endianness } from 'node:os';
import type { Connection, Protocol } from '../../../shared/model';
import { parseProcNetSockets } from '../../parsers/linux/proc-net-sockets';
import type { Collected, CollectContext, Collector } from '../types';
import type { OwnerScanStats } from './owner-scan';
import { createOwnerSource } from './owner-source';
import { readLinesInChunks, type ResolvedLinuxOptions } from './proc-fs';
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
  /** Ends the owner-scan worker (a later collect() starts a new, cold one). */
  dispose(): Promise<void>;
}

/**
 * Reads and parses the socket tables; a missing table (IPv6 disabled) is simply
 * empty. `onRows` sees each parsed piece as soon as it is ready.
 */
export function readSocketTables(
  procRoot: string,
  warnings: string[],
  onRows?: (rows: Connection[]) => void,
): Connection[] {
  const hostOrder = endianness() === 'LE' ? 'le' : 'be';
  const connections: Connection[] = [];
  for (const table of TABLES) {
    let skipped = 0;
    readLinesInChunks(`${procRoot}/net/${table.file}`, (text) => {
      const result = parseProcNetSockets(text, { protocol: table.protocol, endianness: hostOrder });
      const rows = result.data.connections ?? [];
      for (const row of rows) connections.push(row);
      onRows?.(rows);
      skipped += result.skipped.length;
    });
    if (skipped > 0) warnings.push(`${skipped} unreadable lines in /proc/net/${table.file}`);
  }
  return connections;
}

export function createConnectionsCollector(
  options: ResolvedLinuxOptions,
  processes: ProcessInfoReader,
  users: UserNames,
): LinuxConnectionsCollector {
  const owners = createOwnerSource(options.procRoot, options.operationsPerYield);
  return {
    name: 'connections',
    get lastScanStats() {
      return owners.lastStats;
    },
    dispose: () => owners.dispose(),
    async collect(context: CollectContext): Promise<Collected<Connection[]>> {
      const warnings: string[] = [];
      // The fd side starts first so that it runs while this thread reads the tables.
      owners.begin();
      try {
        users.refresh();
        // WHY piece by piece: the worker builds its set of table inodes while this
        // thread still parses, so little is left to do once the last table is read.
        const connections = readSocketTables(options.procRoot, warnings, (rows) => {
          let withInode = 0;
          for (const c of rows) if (c.inode !== null) withInode++;
          const inodes = new Float64Array(withInode);
          let i = 0;
          for (const c of rows) if (c.inode !== null) inodes[i++] = c.inode;
          owners.add(inodes);
        });

        const scan = await owners.finish(context.signal);
        const startTicks = new Map<number, number>();
        for (let i = 0; i < scan.startPids.length; i++)
          startTicks.set(scan.startPids[i] as number, scan.startTicks[i] as number);
        let k = 0;
        for (const c of connections) {
          const pid = c.inode === null ? 0 : (scan.owners[k++] ?? 0);
          if (pid !== 0) {
            // The cached ProcessInfo: its strings are one instance per process, shared by all its sockets.
            const info = processes.get(pid, startTicks.get(pid) ?? null);
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
        processes.prune(new Set(startTicks.keys()));

        if (scan.unowned > 0) {
          warnings.push(
            scan.stats.unreadableProcesses > 0
              ? `${scan.unowned} sockets belong to processes this user cannot read: run as root to see their owners`
              : `${scan.unowned} sockets have no owning process that /proc shows (kernel sockets, or closed during the scan)`,
          );
        }
        return { data: connections, warnings };
      } finally {
        owners.idle();
      }
    },
  };
}
