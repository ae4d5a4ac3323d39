/**
 * The Windows connections collector: IP Helper tables (fast, in-process), or
 * `netstat -ano` when they are unavailable; then owners from the process reader
 * (with tasklist as fallback) and from an earlier elevated `netstat -anob`.
 */
import { assignConnectionIds, type Connection, type SocketEngineStatus } from '../../../shared/model';
import { skippedCount } from '../../parsers/format';
import { decodeConsoleOutput } from '../../parsers/windows/codepage';
import { parseWindowsNetstat } from '../../parsers/windows/netstat-connections';
import type { Collected, Collector, ProcessInfo } from '../types';
import { trafficNote, WindowsTrafficSampler, type EStatsApi, type TrafficState } from './estats';
import { readAllTables, type IpHelper } from './iphlpapi';
import { mergeElevatedOwners, type OwnerCache } from './owners';
import { lookupProcesses, type ProcessImageReader } from './processes';
import type { CommandRunner } from './run';
import { readTcpTable2 } from './tcp-table2';
import type { TcpTemplateCache } from './template-cache';

export interface WindowsConnectionDeps {
  /** Resolves once (the first call loads the DLL); rejections make the collector use netstat -ano. */
  ipHelper: () => Promise<IpHelper>;
  /** The per-connection counters (estats.ts); absent or rejecting: no traffic, and the status says why. */
  estats?: () => Promise<EStatsApi>;
  processReader: () => Promise<ProcessImageReader | null>;
  run: CommandRunner;
  ownerCache: OwnerCache;
  /** The Template column's cache (template-cache.ts): applied to the TCP rows while the app shows the column. */
  templates?: TcpTemplateCache;
}

export function unreadableWarning(count: number): string {
  return `${count} sockets belong to processes this user cannot read: use "Resolve owners as administrator" (--elevate)`;
}

/**
 * Said when Windows names no owner for any socket that has one on a real system: every listening or connected
 * socket's PID is 0 (the System Idle Process, which on Windows owns only TIME_WAIT sockets). WHY: under Wine the
 * sockets belong to Linux processes Windows cannot see, and a listing of "System Idle Process" everywhere read as
 * a finding; the warning says what it means. Null when some socket has an owner, or none could have one.
 */
export function noOwnersWarning(connections: readonly Connection[]): string | null {
  let owned = 0;
  for (const c of connections) {
    if (c.state === 'TIME_WAIT') continue;
    if (c.pid !== 0) return null;
    owned++;
  }
  if (owned === 0) return null;
  return (
    `Windows names no owning process for any of ${owned === 1 ? 'the 1 socket' : `these ${owned} sockets`} (PID 0, ` +
    'the System Idle Process): their processes are not in its process list, as under Wine, where Linux processes ' +
    'own them'
  );
}

async function rawConnections(
  deps: WindowsConnectionDeps,
  signal: AbortSignal,
): Promise<Collected<Connection[]> & { source: string; fallbackReason: string | null }> {
  let reason: string;
  try {
    const helper = await deps.ipHelper();
    // TCP through GetTcpTable2 where it answers: the same rows with the offload state (netstat -t's column).
    const offloadWarnings: string[] = [];
    const tables = readAllTables(helper, (family) => readTcpTable2(helper, family, offloadWarnings));
    const warnings = [...tables.warnings, ...offloadWarnings];
    return { data: tables.connections, warnings, source: 'iphlpapi', fallbackReason: null };
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const result = await deps.run('netstat', ['-ano'], { signal, timeoutMs: 60_000 });
  const parsed = parseWindowsNetstat(decodeConsoleOutput(result.stdout).text);
  const warnings = [`IP Helper unavailable (${reason}): read netstat -ano instead`, ...parsed.warnings];
  // skippedCount: the parser keeps only the first skipped lines as examples.
  if (skippedCount(parsed) > 0) warnings.push(`${skippedCount(parsed)} netstat lines did not parse`);
  return { data: parsed.data.connections ?? [], warnings, source: 'netstat', fallbackReason: reason };
}

/** Counters onto the rows (when Windows allows), and the status that tells the traffic columns why they are empty. */
async function addTraffic(
  rows: readonly Connection[],
  sampler: () => Promise<WindowsTrafficSampler>,
): Promise<Pick<SocketEngineStatus, 'traffic' | 'trafficNote'>> {
  let state: TrafficState;
  try {
    state = (await sampler()).sample(rows);
  } catch (error) {
    state = { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  const note = trafficNote(state);
  return { traffic: note === null && rows.some((r) => r.traffic !== undefined), trafficNote: note };
}

/** Fills process fields from the lookup; returns how many sockets have an owner we could not read. */
export function applyProcessInfo(
  connections: Connection[],
  infos: ReadonlyMap<number, ProcessInfo>,
  unreadable: ReadonlySet<number>,
): number {
  let unreadableSockets = 0;
  for (const c of connections) {
    if (c.pid === null) continue;
    const info = infos.get(c.pid);
    if (info) {
      c.processName ??= info.name;
      c.exePath ??= info.exePath;
    }
    if (unreadable.has(c.pid) && c.exePath === null) unreadableSockets++;
  }
  return unreadableSockets;
}

export function createConnectionsCollector(deps: WindowsConnectionDeps): Collector<Connection[]> {
  // One sampler for the collector's life: it keeps the previous counters (rates) and what it switched on.
  let sampler: Promise<WindowsTrafficSampler> | null = null;
  const loadSampler = (): Promise<WindowsTrafficSampler> =>
    (sampler ??= (deps.estats ?? (() => Promise.reject(new Error('not loaded'))))().then(
      (api) => new WindowsTrafficSampler(api),
    ));
  return {
    name: 'connections',
    async collect({ signal }) {
      const raw = await rawConnections(deps, signal);
      const traffic = await addTraffic(raw.data, loadSampler);
      const pids = raw.data.flatMap((c) => (c.pid === null ? [] : [c.pid]));
      const reader = await deps.processReader().catch(() => null);
      const lookup = await lookupProcesses(pids, { reader, run: deps.run });
      const { connections, stalePids } = mergeElevatedOwners(raw.data, deps.ownerCache, lookup.infos);
      for (const pid of stalePids) deps.ownerCache.delete(pid);
      const unreadable = applyProcessInfo(connections, lookup.infos, lookup.unreadable);
      const warnings = [...raw.warnings, ...lookup.warnings];
      if (unreadable > 0) warnings.push(unreadableWarning(unreadable));
      const ownerless = noOwnersWarning(connections);
      if (ownerless !== null) warnings.push(ownerless);
      if (deps.templates) for (const w of deps.templates.applyTo(connections)) warnings.push(w);
      const engine: SocketEngineStatus = {
        name: raw.source,
        requested: null,
        fallbackReason: raw.fallbackReason,
        ...traffic,
      };
      return { data: assignConnectionIds(connections), warnings, engine };
    },
  };
}
