/**
 * Ending a process safely: the UI names the process by (PID, start time); we
 * look the PID up again and refuse when its start time differs, so a PID that
 * was reused by another program between the click and the kill is never hit.
 *
 * Some processes are never ended, whatever the page asks: PID 0/1 (the kernel's
 * idle task and init/launchd: ending init panics or reboots a Linux box), the
 * System process on Windows, NetScope itself, and every process above it
 * (its shell, terminal or launcher: ending one of those ends NetScope too).
 * The main process asks the user (a native dialog naming the process, through
 * `confirm`) before the signal, so a compromised or buggy page cannot end a
 * process by itself.
 */
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { fail, ok, type ApiResult, type EndProcessRequest } from '../../shared/api';
import type { PlatformCollectors } from '../collectors/types';
import { statNumber } from '../collectors/linux/proc-stat-line';

export type KillFunction = (pid: number, signal: NodeJS.Signals) => void;

/** What the confirmation dialog names. */
export interface EndProcessTarget {
  pid: number;
  name: string | null;
  path: string | null;
}

export interface EndProcessOptions {
  kill?: KillFunction;
  /** Resolves true when the user agreed to end the process (Electron: a native dialog). */
  confirm?: (target: EndProcessTarget) => Promise<boolean>;
  /** This process's PID (tests pass another). */
  selfPid?: number;
  /** The parent of a PID, or null at the top or when unknown (tests pass a fake process tree). */
  parentOf?: (pid: number) => Promise<number | null>;
  platform?: NodeJS.Platform;
}

/** Parent chains are short; the cap only guards against a cycle in a fake or racing process table. */
const MAX_ANCESTORS = 256;

export async function endProcess(
  platform: PlatformCollectors,
  request: EndProcessRequest,
  options: EndProcessOptions = {},
): Promise<ApiResult<{ ended: true }>> {
  const kill = options.kill ?? ((pid, signal) => process.kill(pid, signal));
  const refused = await protectedReason(request.pid, options);
  if (refused) return fail('forbidden', refused);
  const current = await platform.processInfo(request.pid);
  const changed = checkSame(request, current);
  if (changed || !current) return changed ?? fail('not-found', `No process with PID ${request.pid} is running`);
  if (options.confirm) {
    const agreed = await options.confirm({ pid: request.pid, name: current.name, path: current.exePath });
    if (!agreed) return fail('cancelled', `PID ${request.pid} (${current.name ?? 'unknown'}) was not ended`);
    // The dialog may have stayed open for minutes: the PID must still be the process the user agreed to.
    const after = await platform.processInfo(request.pid);
    const changedSince = checkSame(request, after);
    if (changedSince) return changedSince;
  }
  try {
    kill(request.pid, 'SIGTERM');
    return ok({ ended: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM')
      return fail('forbidden', `Not permitted to end PID ${request.pid}: it belongs to another user`);
    if (code === 'ESRCH') return fail('not-found', `PID ${request.pid} exited before it could be ended`);
    return fail('internal', `Could not end PID ${request.pid}: ${(error as Error).message}`);
  }
}

function checkSame(
  request: EndProcessRequest,
  current: { name: string | null; startTime: number | null } | null,
): ApiResult<never> | null {
  if (!current) return fail('not-found', `No process with PID ${request.pid} is running (it may have exited)`);
  if (current.startTime !== request.startTime) {
    return fail(
      'process-changed',
      `PID ${request.pid} now belongs to another process (${current.name ?? 'unknown'}); nothing was ended`,
    );
  }
  return null;
}

/** Why this PID must never be ended, or null when it may be. */
export async function protectedReason(pid: number, options: EndProcessOptions = {}): Promise<string | null> {
  const self = options.selfPid ?? process.pid;
  const os = options.platform ?? process.platform;
  if (pid <= 1) return `NetScope will not end PID ${pid}: it is the system's ${pid === 1 ? 'init process' : 'kernel'}`;
  if (os === 'win32' && pid === 4) return 'NetScope will not end PID 4: it is the Windows System process';
  if (pid === self) return 'NetScope will not end its own process';
  const parentOf = options.parentOf ?? parentPid;
  let at: number | null = self;
  for (let depth = 0; depth < MAX_ANCESTORS && at !== null && at > 1; depth++) {
    at = await parentOf(at).catch(() => null);
    if (at === pid) {
      return `NetScope will not end PID ${pid}: it is one of NetScope's parent processes (ending it would end NetScope too)`;
    }
  }
  return null;
}

/** The parent PID of a process: /proc on Linux, ps on macOS and BSD; on Windows only our own parent is known. */
export async function parentPid(pid: number): Promise<number | null> {
  if (pid === process.pid) return process.ppid;
  if (process.platform === 'linux') {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    const ppid = stat === null ? null : statNumber(stat, 4);
    return ppid !== null && ppid > 0 ? ppid : null;
  }
  if (process.platform === 'win32') return null;
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'ppid=', '-p', String(pid)], { timeout: 2000 }, (error, stdout) => {
      const ppid = Number(String(stdout).trim());
      resolve(!error && Number.isSafeInteger(ppid) && ppid > 0 ? ppid : null);
    });
  });
}
