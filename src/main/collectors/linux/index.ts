/**
 * The Linux platform: everything from /proc and /sys, no external commands.
 * Each call makes a new, cold instance; the connections collector keeps its fd
 * cache inside the instance, across collect() calls.
 *
 * No read runs on the calling thread: two lanes (worker-lane.ts), each a worker
 * thread with a watchdog, do them all. The reading lane serves the socket
 * tables, routes, /sys, statistics, /etc/passwd and the process panel; the
 * owner lane runs the fd scan (and reads the details of the processes it
 * finds), alongside the table read. A later netlink (sock_diag) reader belongs
 * in the reading lane too, as one more job.
 */
import { join } from 'node:path';
import type { PlatformCollectors, ProcessInfo } from '../types';
import { createConnectionsCollector, type LinuxConnectionsCollector } from './connections';
import { createInterfacesCollector } from './interfaces';
import { createOwnerSource } from './owner-source';
import { resolveLinuxOptions, type LinuxCollectorOptions } from './proc-fs';
import { ProcessInfoReader } from './process-info';
import { createProtocolStatsCollector } from './protocol-stats';
import { createRoutesCollector } from './routes';
import { UserNames } from './users';
import { createLane } from './worker-lane';

export type { LinuxCollectorOptions } from './proc-fs';
export type { OwnerScanStats } from './owner-scan';

/** The worker bundle's name; the builds (vite.cli.config.mts, electron.vite.config.ts) put it beside index.js. */
export const PROC_WORKER_FILE = 'proc-worker.js';

export interface LinuxPlatformCollectors extends PlatformCollectors {
  connections: LinuxConnectionsCollector;
}

export interface LinuxCollectorsOptions extends LinuxCollectorOptions {
  /**
   * The reading lane in the calling thread; the owner scan keeps its thread and watchdog. For a one-shot
   * listing (src/main/cli/platform.ts): that lane reads the kernel's own tables (/proc/net, /proc/stat, /sys)
   * and /etc/passwd, which no stuck process can hang, while the owner scan reads every process's files, which
   * can. Starting a thread (and sending it the tables through messages) costs more than these reads.
   */
  readerInThisThread?: boolean;
}

export function createLinuxCollectors(options: LinuxCollectorsOptions = {}): LinuxPlatformCollectors {
  const resolved = resolveLinuxOptions(options);
  const lane = {
    workerFile: resolved.workerFile === undefined ? join(__dirname, PROC_WORKER_FILE) : resolved.workerFile,
    watchdogMs: resolved.watchdogMs,
    operationsPerYield: resolved.operationsPerYield,
  };
  const io = createLane({ ...lane, ...(options.readerInThisThread ? { workerFile: null } : {}), name: 'proc reader' });
  const owners = createOwnerSource(resolved.procRoot, lane);
  const users = new UserNames(resolved.passwdPath, io);
  const processes = new ProcessInfoReader(resolved.procRoot, io, users);
  const connections = createConnectionsCollector(resolved, io, owners, processes, users);
  return {
    platform: 'linux',
    connections,
    routes: createRoutesCollector(resolved, io),
    interfaces: createInterfacesCollector(resolved, io),
    protocolStats: createProtocolStatsCollector(resolved, io),
    async processInfo(pid: number): Promise<ProcessInfo | null> {
      if (!Number.isInteger(pid) || pid <= 0) return null;
      await users.refresh();
      return processes.read(pid);
    },
    setSocketEngine(engine) {
      connections.socketEngine = engine;
    },
    socketEngineChoice: () => connections.socketEngine,
    socketEngineFromLaunch: resolved.socketEngineFromLaunch,
    dispose: async () => {
      await connections.dispose();
      await io.dispose();
    },
  };
}
