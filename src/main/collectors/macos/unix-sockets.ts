/**
 * UNIX domain sockets on macOS: `netstat -an -f unix` lists every one (type,
 * queues, path, the peer's kernel address), and `lsof -U` names the process
 * holding each, matched by the socket's kernel address. Without lsof (or
 * when it fails) the rows keep no owner and a warning says so; without
 * netstat the sockets lsof saw are listed alone (no type or state).
 */
import { assignUnixSocketIds, blankUnixSocket, type UnixSocket } from '../../../shared/unix-socket';
import { parseBsdNetstat } from '../../parsers/macos/netstat-an';
import { kernelAddressKey, parseLsofUnixFields, type LsofUnixFile } from '../../parsers/macos/lsof-unix';
import { runCommand } from '../run-command';
import type { Collected, CollectContext, Collector } from '../types';
import { commandText, skippedWarning, type MacosDeps } from './command-text';

export const LSOF_UNIX_ARGS = ['-nP', '-U', '-F', 'pcuLfdn'] as const;
export const NETSTAT_UNIX_ARGS = ['-an', '-f', 'unix'] as const;

/** Owners (and, where netstat gave nothing, the sockets themselves) from lsof's files. */
export function joinOwners(sockets: UnixSocket[], files: readonly LsofUnixFile[]): UnixSocket[] {
  const byAddress = new Map<string, LsofUnixFile>();
  for (const f of files) if (!byAddress.has(f.address)) byAddress.set(f.address, f);
  for (const s of sockets) {
    const key = s.kernelAddress === undefined ? null : kernelAddressKey(s.kernelAddress);
    const owner = key === null ? undefined : byAddress.get(key);
    if (!owner) continue;
    s.pid = owner.pid;
    s.processName = owner.command;
    s.uid = owner.uid;
    s.user = owner.user;
  }
  if (sockets.length > 0) return sockets;
  // netstat printed nothing: lsof's own view (no type, no state).
  return [...byAddress.values()].map((f) =>
    blankUnixSocket({
      type: 'unknown',
      state: f.peerAddress !== null ? 'CONNECTED' : 'UNKNOWN',
      path: f.path,
      kernelAddress: f.address,
      peerKernelAddress: f.peerAddress,
      pid: f.pid,
      processName: f.command,
      uid: f.uid,
      user: f.user,
    }),
  );
}

export function createMacosUnixSocketsCollector(deps?: MacosDeps): Collector<UnixSocket[]> {
  const full: MacosDeps = deps ?? {
    run: runCommand,
    isRoot: () => typeof process.getuid === 'function' && process.getuid() === 0,
    timeoutMs: 15_000,
  };
  return {
    name: 'unix-sockets',
    async collect({ signal }: CollectContext): Promise<Collected<UnixSocket[]>> {
      const warnings: string[] = [];
      const [netstat, lsof] = await Promise.allSettled([
        commandText(full, 'netstat', NETSTAT_UNIX_ARGS, signal),
        commandText(full, 'lsof', LSOF_UNIX_ARGS, signal, true),
      ]);
      if (netstat.status === 'rejected' && lsof.status === 'rejected') throw netstat.reason;
      const listed = netstat.status === 'fulfilled' ? parseBsdNetstat(netstat.value) : null;
      if (!listed) warnings.push(`netstat -f unix failed (${reason(netstat)}): sockets from lsof, without types`);
      else for (const w of skippedWarning('netstat -an -f unix', listed)) warnings.push(w);
      const owners = lsof.status === 'fulfilled' ? parseLsofUnixFields(lsof.value) : null;
      if (!owners) warnings.push(`lsof -U failed (${reason(lsof)}): UNIX sockets without their processes`);
      else if (!full.isRoot()) warnings.push("lsof shows only this user's processes: run as root to see every owner");
      return { data: assignUnixSocketIds(joinOwners(listed?.data.unixSockets ?? [], owners?.files ?? [])), warnings };
    },
  };
}

function reason(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return '';
  return result.reason instanceof Error ? result.reason.message : String(result.reason);
}
