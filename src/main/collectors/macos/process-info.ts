/** One process's details from ps (start time, user, executable, command line). */
import { parsePsLine } from '../../parsers/macos/ps';
import type { ProcessInfo } from '../types';
import { commandText, type MacosDeps } from './command-text';

export const PS_FIELDS = 'pid=,uid=,lstart=,user=,comm=,args=';

export async function macosProcessInfo(deps: MacosDeps, pid: number): Promise<ProcessInfo | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const text = await commandText(
      deps,
      'ps',
      ['-o', PS_FIELDS, '-p', String(pid)],
      AbortSignal.timeout(deps.timeoutMs),
    );
    const info = parsePsLine(text);
    return info && info.pid === pid ? info : null;
  } catch {
    // ps exits 1 for a PID that does not exist (any more): that is "no such process".
    return null;
  }
}
