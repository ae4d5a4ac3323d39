/**
 * The two Windows processes with fixed PIDs and no executable: TCPView, Task Manager and `netstat -b` call PID 4
 * "System" (the kernel: SMB on 445, NetBIOS on 139, http.sys listeners) and PID 0 "System Idle Process" (TIME_WAIT
 * sockets). The live collector names them (collectors/windows/processes.ts); an imported `netstat -ano` has PIDs
 * and no names, and `netstat -anob` says only "Can not obtain ownership information" for them, so the import names
 * them too, where the file names no owner.
 */
import type { Connection } from '../../../shared/model';

export const WINDOWS_KERNEL_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'System Idle Process'],
  [4, 'System'],
]);

/** Names a row owned by PID 0 or 4 that has no name; any other row, or one the file named, is left as it is. */
export function nameKernelOwner(row: Connection): void {
  if (row.processName !== null || row.pid === null) return;
  const name = WINDOWS_KERNEL_NAMES.get(row.pid);
  if (name !== undefined) row.processName = name;
}
