/**
 * The Linux collectors for a one-shot `netscope -r`, `-e`, `-i` or `-s`: routes, interfaces and protocol statistics,
 * read in this thread (files-lane.ts), and no socket table. WHY a module of its own: index.ts loads the socket
 * engines, the owner scan and the worker lanes, which these commands never run (see files-lane.ts for the cost).
 */
import { notCollected } from '../not-collected';
import type { PlatformCollectors } from '../types';
import { FilesLane } from './files-lane';
import { createInterfacesCollector } from './interfaces';
import { resolveLinuxOptions, type LinuxCollectorOptions } from './proc-fs';
import { createProtocolStatsCollector } from './protocol-stats';
import { createRoutesCollector } from './routes';

export function createLinuxTableCollectors(options: LinuxCollectorOptions = {}): PlatformCollectors {
  const resolved = resolveLinuxOptions(options);
  const io = new FilesLane();
  return {
    platform: 'linux',
    connections: notCollected('connections', []),
    routes: createRoutesCollector(resolved, io),
    interfaces: createInterfacesCollector(resolved, io),
    protocolStats: createProtocolStatsCollector(resolved, io),
    processInfo: async () => null,
    dispose: async () => undefined,
  };
}
