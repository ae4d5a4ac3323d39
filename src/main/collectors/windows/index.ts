/**
 * The Windows collectors. OS access goes through small injectable pieces (IP
 * Helper, process reader, command runner, elevation) so everything above them
 * is tested on Linux with recorded results.
 */
import type { ElevationOutcome, PlatformCollectors, ProcessInfo } from '../types';
import { createConnectionsCollector } from './connections';
import { powershellRunAsRunner, resolveOwnersElevated, type ElevationDeps } from './elevation';
import { loadEStatsApi, type EStatsApi } from './estats';
import { loadIpHelper, type IpHelper } from './iphlpapi';
import { loadMibTables, type MibTables } from './mib-native';
import { rememberOwners, type OwnerCache } from './owners';
import { lookupProcesses, loadProcessImageReader, type ProcessImageReader } from './processes';
import { runCommand, type CommandRunner } from './run';
import { readNetworkDirect, type NetworkDirectSource } from './network-direct';
import { readTcpTemplates, type TcpTemplateSource } from './templates';
import { TcpTemplateCache } from './template-cache';
import { createInterfacesCollector, createProtocolStatsCollector, createRoutesCollector } from './system-tables';

export interface WindowsCollectorDeps {
  run: CommandRunner;
  loadIpHelper: () => Promise<IpHelper>;
  loadMibTables: () => Promise<MibTables>;
  loadProcessReader: () => Promise<ProcessImageReader>;
  /** The per-connection counters (GetPerTcpConnectionEStats); a rejection leaves the traffic columns empty. */
  loadEStats: () => Promise<EStatsApi>;
  elevation: ElevationDeps;
  /** The clock that spaces the Template column's netstat -any reads (a fake one in tests). */
  now: () => number;
}

export interface WindowsCollectors extends PlatformCollectors, TcpTemplateSource, NetworkDirectSource {
  /** Asks for administrator rights once and remembers the owners for later snapshots. */
  elevateOwners(): Promise<ElevationOutcome>;
}

/** Loads once; a failure is remembered too, so a missing DLL is not retried every tick. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () => (promise ??= load());
}

/**
 * The test-only switch NETSCOPE_WINDOWS_CONSOLE_ONLY=1 makes the collectors behave as if IP Helper could not be
 * loaded, so the console fallbacks (netstat -ano, route print, netstat -e) are exercised for real (test/wine).
 */
export const CONSOLE_ONLY_SWITCH = 'NETSCOPE_WINDOWS_CONSOLE_ONLY';

function unlessConsoleOnly<T>(load: () => Promise<T>): () => Promise<T> {
  if (process.env[CONSOLE_ONLY_SWITCH] !== '1') return load;
  return () => Promise.reject(new Error(`disabled by ${CONSOLE_ONLY_SWITCH}=1`));
}

async function defaultElevationDeps(run: CommandRunner): Promise<ElevationDeps> {
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  return {
    // PowerShell's Start-Process -Verb RunAs, not sudo-prompt: sudo-prompt's batch file does `cd /d <cwd>` and
    // runs bare program names, which cmd.exe looks up in that (user) folder first.
    runElevated: powershellRunAsRunner(run),
    makeTempDir: () => fs.mkdtemp(path.join(os.tmpdir(), 'netscope-owners-')),
    readFile: async (file) => new Uint8Array(await fs.readFile(file)),
    removeDir: (dir) => fs.rm(dir, { recursive: true, force: true }),
  };
}

export function createWindowsCollectors(deps: Partial<WindowsCollectorDeps> = {}): WindowsCollectors {
  const run = deps.run ?? runCommand;
  const ipHelper = once(unlessConsoleOnly(deps.loadIpHelper ?? loadIpHelper));
  const mibTables = once(unlessConsoleOnly(deps.loadMibTables ?? loadMibTables));
  const processReader = once(deps.loadProcessReader ?? loadProcessImageReader);
  const estats = once(unlessConsoleOnly(deps.loadEStats ?? loadEStatsApi));
  const readerOrNull = (): Promise<ProcessImageReader | null> => processReader().catch(() => null);
  const ownerCache: OwnerCache = new Map();
  const templates = TcpTemplateCache.fromRunner(run, deps.now);

  const processInfo = async (pid: number): Promise<ProcessInfo | null> => {
    const lookup = await lookupProcesses([pid], { reader: await readerOrNull(), run });
    const info = lookup.infos.get(pid) ?? null;
    return info && (info.name !== null || info.exePath !== null) ? info : null;
  };

  const collectors: WindowsCollectors = {
    platform: 'win32',
    connections: createConnectionsCollector({
      ipHelper,
      estats,
      processReader: readerOrNull,
      run,
      ownerCache,
      templates,
    }),
    routes: createRoutesCollector(run, mibTables),
    interfaces: createInterfacesCollector(run, mibTables),
    protocolStats: createProtocolStatsCollector(run),
    processInfo,
    tcpTemplates: (signal) => readTcpTemplates(run, signal),
    setTcpTemplates: (enabled) => templates.set(enabled),
    tcpTemplatesState: () => templates.state,
    networkDirect: (signal) => readNetworkDirect(run, signal),
    async elevateOwners() {
      const elevation = deps.elevation ?? (await defaultElevationDeps(run));
      const outcome = await resolveOwnersElevated(elevation);
      if (outcome.kind === 'accepted') {
        const reader = await readerOrNull();
        rememberOwners(ownerCache, outcome.owners, (pid) => {
          try {
            return reader?.read(pid)?.startTime ?? null;
          } catch {
            return null;
          }
        });
        return { kind: 'accepted', resolved: outcome.owners.size };
      }
      return outcome;
    },
  };
  return collectors;
}
