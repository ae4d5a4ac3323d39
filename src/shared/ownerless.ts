/**
 * A socket without an owner, as the grid's Program cell says it: a dim "—" with why, only where the source could
 * read owners (shared/model.ts OwnerlessMeaning). WHY not one word for every empty owner: an imported `ss -tan` has
 * no owner columns (every row would read as orphaned), and a user's view of other users' sockets is "not known",
 * not "none". Sorting, the filter, the CSV and the CLI keep the empty value (netstat's unowned field).
 */
import type { Connection, OwnerlessMeaning, Snapshot, SocketState } from './model';

/** The mark of a socket no process holds. */
export const OWNERLESS_MARK = '—';

const TIME_WAIT_WHY =
  'No process owns this socket: the kernel keeps a closed connection in TIME_WAIT for a while after its process closed it';
/*
 * Why no process holds a socket when every process was read (held-by-none), by its state. WHY by state: a socket
 * not yet accept()ed (SYN_RECV, or ESTABLISHED in a listener's queue) and one its process has closed but the kernel
 * still finishes have no owner either (`ss -tanp` shows them without users); "a kernel socket" said of every one of
 * them would put thousands of wrong rows in front of a SYN flood.
 */
const SYN_RECV_WHY = "No process owns this socket yet: the connection is not yet accepted by its listener's process";
const CLOSING_WHY = 'No process owns this socket: closed by its process; the kernel finishes the close';
const HELD_BY_NONE_WHY =
  'No process found holding this socket: not yet accepted by its listener, a kernel socket, ' +
  'a process in another PID namespace, or closed while NetScope read';
const HELD_BY_NONE_BY_STATE: Readonly<Partial<Record<SocketState, string>>> = {
  SYN_RECV: SYN_RECV_WHY,
  FIN_WAIT1: CLOSING_WHY,
  FIN_WAIT2: CLOSING_WHY,
  CLOSING: CLOSING_WHY,
  LAST_ACK: CLOSING_WHY,
};
const NOT_KNOWN_WHY =
  "No owner known: it may be another user's process, which only root (administrator) can read, or none (the kernel's)";

/** What a socket without an owner means in this snapshot, where its connections collector says; else null. */
export function ownerlessMeaningOf(snapshot: Pick<Snapshot, 'collectors'> | null): OwnerlessMeaning | null {
  if (snapshot === null) return null;
  for (const report of snapshot.collectors) if (report.ownerless) return report.ownerless;
  return null;
}

/**
 * The Program cell of a socket without an owner: its text and hover text; null for a socket with an owner, or where
 * the source names no owners (the cell says nothing, as before).
 */
export function ownerlessCell(
  c: Pick<Connection, 'pid' | 'processName' | 'state'>,
  meaning: OwnerlessMeaning | null,
): { text: string; why: string } | null {
  if (meaning === null || c.pid !== null || c.processName !== null) return null;
  // No process holds a TIME_WAIT socket, whoever reads it.
  if (c.state === 'TIME_WAIT') return { text: OWNERLESS_MARK, why: TIME_WAIT_WHY };
  return meaning === 'held-by-none'
    ? { text: OWNERLESS_MARK, why: HELD_BY_NONE_BY_STATE[c.state] ?? HELD_BY_NONE_WHY }
    : { text: '', why: NOT_KNOWN_WHY };
}
