/**
 * What an elevated `netstat -anob` told us about socket owners, kept across
 * snapshots. A PID is only trusted while it names the same process: the key is
 * (pid, start time) when the start time is known, else (pid, executable name),
 * so a PID reused by another program does not inherit the old owner's services.
 */
import type { Connection } from '../../../shared/model';
import type { ProcessInfo } from '../types';
import { basename } from './processes';

export interface ElevatedOwner {
  pid: number;
  /** Executable name as -b prints it ('svchost.exe'), or null when even elevated netstat could not tell. */
  exe: string | null;
  exePath: string | null;
  components: string[];
}

export interface CachedOwner extends ElevatedOwner {
  startTime: number | null;
}

export type OwnerCache = Map<number, CachedOwner>;

function sameName(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

/** Whether a cached owner still describes the process now running under its PID. */
export function ownerStillValid(
  cached: CachedOwner,
  current: Pick<ProcessInfo, 'name' | 'startTime'> | undefined,
): boolean {
  if (!current) return true; // we cannot tell otherwise; the PID is in use by some process with sockets
  if (cached.startTime !== null && current.startTime !== null) return cached.startTime === current.startTime;
  if (cached.exe !== null && current.name !== null) return sameName(cached.exe, current.name);
  return true;
}

/** Adds an elevation result to the cache, stamping each owner with its process's start time. */
export function rememberOwners(
  cache: OwnerCache,
  owners: ReadonlyMap<number, ElevatedOwner>,
  startTimeOf: (pid: number) => number | null,
): OwnerCache {
  for (const [pid, owner] of owners) cache.set(pid, { ...owner, startTime: startTimeOf(pid) });
  return cache;
}

/**
 * Fills processName / exePath / components of connections from the cache (pure
 * apart from returning the cache minus owners whose PID now names another process).
 */
export function mergeElevatedOwners(
  connections: Connection[],
  cache: OwnerCache,
  processes: ReadonlyMap<number, Pick<ProcessInfo, 'name' | 'startTime'>>,
): { connections: Connection[]; stalePids: number[] } {
  const stale = new Set<number>();
  const merged = connections.map((c) => {
    if (c.pid === null) return c;
    const cached = cache.get(c.pid);
    if (!cached) return c;
    if (!ownerStillValid(cached, processes.get(c.pid))) {
      stale.add(c.pid);
      return c;
    }
    const next: Connection = { ...c };
    next.processName ??= cached.exe ?? (cached.exePath ? basename(cached.exePath) : null);
    next.exePath ??= cached.exePath;
    if (cached.components.length > 0) next.components = [...cached.components];
    return next;
  });
  return { connections: merged, stalePids: [...stale] };
}

/** Owners per PID from parsed `netstat -anob` rows (rows without a PID carry nothing to key on). */
export function ownersFromNetstat(
  connections: readonly Connection[],
  paths: ReadonlyMap<number, string>,
): Map<number, ElevatedOwner> {
  const owners = new Map<number, ElevatedOwner>();
  for (const c of connections) {
    if (c.pid === null) continue;
    const existing = owners.get(c.pid);
    const components = new Set([...(existing?.components ?? []), ...(c.components ?? [])]);
    owners.set(c.pid, {
      pid: c.pid,
      exe: existing?.exe ?? c.processName,
      exePath: paths.get(c.pid) ?? existing?.exePath ?? null,
      components: [...components],
    });
  }
  return owners;
}
