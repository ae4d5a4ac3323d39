/**
 * This process's PID namespace, as /proc/self/ns/pid names it ('pid:[4026531836]' in the host's initial one).
 * WHY: root in a container run with --net=host but its own PID namespace reads the host's socket tables and only its
 * own processes, and nothing is refused; without this an unowned socket there would read as held by no process.
 * A process never changes its own PID namespace (setns and unshare move only its children), so it is read once.
 */
import { readlink } from 'node:fs/promises';

/** The initial PID namespace's inode: fixed by the kernel (PROC_PID_INIT_INO), the same on every Linux host. */
export const INITIAL_PID_NAMESPACE = 'pid:[4026531836]';

/** A reader of `<procRoot>/self/ns/pid` that reads it on its first call only; null where it cannot be read. */
export function pidNamespaceReader(procRoot: string): () => Promise<string | null> {
  let read: Promise<string | null> | null = null;
  return () => (read ??= readlink(`${procRoot}/self/ns/pid`).then(String, () => null));
}
