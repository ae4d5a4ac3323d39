/**
 * The Linux platform: everything from /proc and /sys, no external commands.
 * Each call makes a new, cold instance; the connections collector keeps its fd
 * cache inside the instance, across collect() calls.
 */
import type { PlatformCollectors, ProcessInfo } from '../types';
import { createConnectionsCollector, type LinuxConnectionsCollector } from './connections';
import { createInterfacesCollector } from './interfaces';
import { resolveLinuxOptions, type LinuxCollectorOptions } from './proc-fs';
import { ProcessInfoReader } from './process-info';
import { createProtocolStatsCollector } from './protocol-stats';
import { createRoutesCollector } from './routes';
import { UserNames } from './users';

export type { LinuxCollectorOptions } from './proc-fs';
export type { OwnerScanStats } from './owner-scan';

export interface LinuxPlatformCollectors extends PlatformCollectors {
  connections: LinuxConnectionsCollector;
}

export function createLinuxCollectors(options: LinuxCollectorOptions = {}): LinuxPlatformCollectors {
  const resolved = resolveLinuxOptions(options);
  const users = new UserNames(resolved.passwdPath);
  const processes = new ProcessInfoReader(resolved.procRoot, users);
  const connections = createConnectionsCollector(resolved, processes, users);
  return {
    platform: 'linux',
    connections,
    routes: createRoutesCollector(resolved),
    interfaces: createInterfacesCollector(resolved),
    protocolStats: createProtocolStatsCollector(resolved),
    async processInfo(pid: number): Promise<ProcessInfo | null> {
      if (!Number.isInteger(pid) || pid <= 0) return null;
      users.refresh();
      return processes.get(pid);
    },
    dispose: () => connections.dispose(),
  };
}
