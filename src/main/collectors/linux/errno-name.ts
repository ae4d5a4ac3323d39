import { constants } from 'node:os';

/**
 * Names of this platform's errno values, the first name of each (EAGAIN before its alias EWOULDBLOCK): what the
 * koffi-based readers (netlink socket, fd links, the BPF fd reader) put in their error texts.
 */
const NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) if (!NAMES.has(value)) NAMES.set(value, name);

/** 'EINVAL', or 'errno 4242' for a number this platform does not name. */
export function errnoName(errno: number): string {
  return NAMES.get(errno) ?? `errno ${errno}`;
}
