/** macOS collectors: lsof/netstat/ps through an injectable command runner. */
import { runCommand } from '../run-command';
import type { PlatformCollectors } from '../types';
import type { MacosDeps } from './command-text';
import { createConnectionsCollector } from './connections';
import { macosProcessInfo } from './process-info';
import { createInterfacesCollector, createProtocolStatsCollector, createRoutesCollector } from './tables';

export type { MacosDeps } from './command-text';

export function createMacosCollectors(deps: Partial<MacosDeps> = {}): PlatformCollectors {
  const full: MacosDeps = {
    run: deps.run ?? runCommand,
    isRoot: deps.isRoot ?? (() => typeof process.getuid === 'function' && process.getuid() === 0),
    timeoutMs: deps.timeoutMs ?? 15_000,
  };
  return {
    platform: 'darwin',
    connections: createConnectionsCollector(full),
    routes: createRoutesCollector(full),
    interfaces: createInterfacesCollector(full),
    protocolStats: createProtocolStatsCollector(full),
    processInfo: (pid) => macosProcessInfo(full, pid),
  };
}
