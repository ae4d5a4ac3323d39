/**
 * Gives a diff's rows the string objects the store already holds for equal values (used by rows.ts receiveDiff).
 *
 * WHY: a whole snapshot arrives as columns whose table columns give every row of one process the same string
 * objects, but a diff arrives as JSON (or a structured clone over Electron IPC), and both make a fresh copy of
 * every longer string value. Each added or changed row then kept private copies of its exePath, processName,
 * commandLine... which the row's life promotes to the old generation: a heap snapshot of the bench page at 100k
 * rows held 16,866 exePath strings for 500 values after 20 diffs (1,881 after load), ~1 MB more with processName.
 * Here the copies are dropped while still young.
 *
 * A changed row takes its previous row's strings where they are equal (same id, so almost always; a compare, no
 * lookup), ids and addresses included. An added row looks the fields that repeat across rows up in a table of
 * values seen in earlier diffs. Remote addresses and ids of added rows are left as they came: mostly distinct, they
 * would only fill the table. The table lives on the id index, so a whole snapshot starts a new one, and it is
 * cleared when it reaches STRING_TABLE_LIMIT values, so it cannot grow without bound on a machine whose values
 * keep changing (each command line distinct, say).
 */
import type { Connection } from '../../shared/model';

/** Each value seen, to the string object rows share for it. */
export type StringTable = Map<string, string>;

/** Values the table holds before it starts over (a few hundred processes' names, paths and users fit easily). */
export const STRING_TABLE_LIMIT = 4096;

/** The table's string for `s` (s itself, recorded, the first time). */
function held<T extends string | null>(table: StringTable, s: T): T {
  if (s === null) return s;
  const found = table.get(s);
  if (found !== undefined) return found as T;
  if (table.size >= STRING_TABLE_LIMIT) table.clear();
  table.set(s, s);
  return s;
}

/**
 * An added row's repeating fields, written with the table's strings. Field by field (as diff.ts connectionsEqual):
 * a loop over a key list makes every access a megamorphic keyed one.
 */
export function shareAdded(table: StringTable, row: Connection): void {
  row.processName = held(table, row.processName);
  row.exePath = held(table, row.exePath);
  row.commandLine = held(table, row.commandLine);
  row.user = held(table, row.user);
  row.state = held(table, row.state);
  row.localAddress = held(table, row.localAddress);
}

/** A changed row's fields, written with its previous row's strings where equal, else the table's. */
export function shareChanged(table: StringTable, row: Connection, old: Connection): void {
  row.id = old.id; // Equal always: receiveDiff found `old` by this id.
  if (row.remoteAddress === old.remoteAddress) row.remoteAddress = old.remoteAddress;
  row.processName = row.processName === old.processName ? old.processName : held(table, row.processName);
  row.exePath = row.exePath === old.exePath ? old.exePath : held(table, row.exePath);
  row.commandLine = row.commandLine === old.commandLine ? old.commandLine : held(table, row.commandLine);
  row.user = row.user === old.user ? old.user : held(table, row.user);
  row.state = row.state === old.state ? old.state : held(table, row.state);
  row.localAddress = row.localAddress === old.localAddress ? old.localAddress : held(table, row.localAddress);
}
