/**
 * The owner each committed row was given (connections.ts): its PID, its process's cached details and its user name,
 * by row index, so that a row carried over as it is (connection-reuse.ts) whose owner did not change is left alone
 * without reading it.
 *
 * WHY: after the fd scan every row's owner fields were compared with what the scan found, which read each of ~2k row
 * objects on an idle refresh; a second after the last refresh those have left the CPU's caches, and these reads were
 * most of what is left of the main thread's work per row (issue 11). Here the comparison reads typed columns and two
 * lists of references instead. A row's owner fields are exactly what was noted for it: they are written (a new row),
 * compared equal (a carried row), or given to a copy (a carried row whose owner changed), and never written after.
 */
import type { ProcessInfo } from '../types';

export class RowOwners {
  private pids = new Int32Array(0);
  private infos: (ProcessInfo | null)[] = [];
  private users: (string | null)[] = [];
  /** How many rows the committed refresh had. */
  private committed = 0;
  private nextPids = new Int32Array(0);
  private nextInfos: (ProcessInfo | null)[] = [];
  private nextUsers: (string | null)[] = [];
  private count = 0;

  /**
   * A refresh of `rows` rows starts noting its owners. WHY the columns are made at a size with room and kept from
   * refresh to refresh: lists grown one row at a time were copied ~25 times on the way to 100k rows.
   */
  begin(rows: number): void {
    if (this.nextPids.length < rows || this.nextPids.length > rows * 4 + 1024) {
      const capacity = rows + (rows >> 3);
      this.nextPids = new Int32Array(capacity);
      this.nextInfos = new Array<ProcessInfo | null>(capacity).fill(null);
      this.nextUsers = new Array<string | null>(capacity).fill(null);
    }
    this.count = rows;
  }

  /** Whether the committed row `at` was given this owner (`pid` 0: none). */
  same(at: number, pid: number, info: ProcessInfo | null, user: string | null): boolean {
    return at < this.committed && this.pids[at] === pid && this.infos[at] === info && this.users[at] === user;
  }

  /** Row `i` of the refresh under way has this owner. */
  note(i: number, pid: number, info: ProcessInfo | null, user: string | null): void {
    this.nextPids[i] = pid;
    this.nextInfos[i] = info;
    this.nextUsers[i] = user;
  }

  /** The refresh's rows were committed (every row noted): compare with them from now on. */
  commit(): void {
    const pids = this.pids;
    this.pids = this.nextPids;
    this.nextPids = pids;
    const infos = this.infos;
    this.infos = this.nextInfos;
    this.nextInfos = infos;
    const users = this.users;
    this.users = this.nextUsers;
    this.nextUsers = users;
    this.committed = this.count;
  }
}
