/**
 * Ending a process safely: the UI names the process by (PID, start time); we
 * look the PID up again and refuse when its start time differs, so a PID that
 * was reused by another program between the click and the kill is never hit.
 */
import { fail, ok, type ApiResult, type EndProcessRequest } from '../../shared/api';
import type { PlatformCollectors } from '../collectors/types';

export type KillFunction = (pid: number, signal: NodeJS.Signals) => void;

export async function endProcess(
  platform: PlatformCollectors,
  request: EndProcessRequest,
  kill: KillFunction = (pid, signal) => process.kill(pid, signal),
): Promise<ApiResult<{ ended: true }>> {
  if (request.pid === process.pid) return fail('forbidden', 'NetScope will not end its own process');
  const current = await platform.processInfo(request.pid);
  if (!current) return fail('not-found', `No process with PID ${request.pid} is running (it may have exited)`);
  if (current.startTime !== request.startTime) {
    return fail(
      'process-changed',
      `PID ${request.pid} now belongs to another process (${current.name ?? 'unknown'}); nothing was ended`,
    );
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
