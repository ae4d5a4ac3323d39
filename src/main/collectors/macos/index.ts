/** macOS collectors: lsof/netstat/ps/nettop through an injectable command runner. */
import { runCommand } from '../run-command';
import type { PlatformCollectors } from '../types';
import type { MacosDeps } from './command-text';
import { createConnectionsCollector } from './connections';
import { DEFAULT_NETTOP_OPTIONS, NettopSampler, type NettopSamplerOptions } from './nettop-sampler';
import { macosProcessInfo } from './process-info';
import { createInterfacesCollector, createProtocolStatsCollector, createRoutesCollector } from './tables';
import { MacosTraffic } from './traffic';

export type { MacosDeps } from './command-text';

export function createMacosCollectors(
  deps: Partial<MacosDeps> & { nettop?: Partial<Omit<NettopSamplerOptions, 'run'>> } = {},
): PlatformCollectors {
  const full: MacosDeps = {
    run: deps.run ?? runCommand,
    isRoot: deps.isRoot ?? (() => typeof process.getuid === 'function' && process.getuid() === 0),
    timeoutMs: deps.timeoutMs ?? 15_000,
  };
  const nettop = new NettopSampler({ ...DEFAULT_NETTOP_OPTIONS, ...deps.nettop, run: full.run });
  return {
    platform: 'darwin',
    connections: createConnectionsCollector(full, new MacosTraffic(nettop)),
    routes: createRoutesCollector(full),
    interfaces: createInterfacesCollector(full),
    protocolStats: createProtocolStatsCollector(full),
    processInfo: (pid) => macosProcessInfo(full, pid),
    // A nettop still running is killed; the next refresh starts a new one.
    dispose: async () => nettop.dispose(),
    stopChildren: () => nettop.dispose(),
  };
}
