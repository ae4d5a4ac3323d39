/**
 * One refresh's pass of the connection reuse (connection-reuse.ts says why): its rows, the columns kept beside them
 * (table uid, inode, origin, carried) and the lookup of a socket's previous row. Split from connection-reuse.ts, which
 * keeps what lives across refreshes (the committed rows and the spare columns).
 */
import { connectionKey, type Connection } from '../../../shared/model';
import { InodeMap } from './inode-table';
import { sameTableRow } from './same-table-row';

const LOOKAHEAD = 4;

export interface Previous {
  rows: Connection[];
  /** The uid each row had in its table line (the row's own uid may be its process's). */
  tableUids: Float64Array;
  /**
   * Each row's inode (-1: none). WHY beside the rows: an idle refresh looks up every socket's previous row, and
   * reading the inode from a typed array instead of each row object keeps the lookups from touching ~2k objects
   * that, between two refreshes a second apart, have left the CPU's caches (issue 11).
   */
  inodes: Float64Array;
}

/** What a committed pass refers to instead of the rows it was compared with. */
export const NO_PREVIOUS: Previous = { rows: [], tableUids: new Float64Array(0), inodes: new Float64Array(0) };

/**
 * Typed arrays a committed pass no longer needs, for the next pass to fill again.
 * WHY: a pass lives across many turns of the event loop, so its arrays' small wrappers reach the old generation and
 * their few MB at 100k rows (the uid and carried columns, the inode index) were freed only by a full GC: outside the
 * JS heap, they piled up refresh after refresh (~5 MB each at 50k connections) until one ran.
 */
export interface SpareArrays {
  tableUids: Float64Array | null;
  inodes: Float64Array | null;
  carried: Uint8Array | null;
  origins: Int32Array | null;
  index: InodeMap | null;
}

/** A spare array that holds `rows` rows without keeping much more than needed after the host's sockets dropped. */
function fits<T extends Float64Array | Int32Array | Uint8Array>(array: T | null, rows: number): array is T {
  return array !== null && array.length >= rows && array.length <= rows * 4 + 1024;
}

export class ReusePass {
  /**
   * The rows, in a list made at the expected size up front (holes past `count`). WHY: pushed one by one, a 100k-row
   * list is copied ~10 times as it grows, and the copies over 128 KB live in the large-object space, which only a
   * full GC frees: ~1.5 MB more heap at every warm refresh (issue 11).
   */
  private list: Connection[];
  private count = 0;
  /** tableUids[i]: the uid in rows[i]'s table line (-1 for none). Typed arrays: outside the JS heap. */
  private tableUids: Float64Array;
  /** inodes[i]: rows[i]'s inode (-1 for none; see Previous.inodes). */
  private inodes: Float64Array;
  /** origins[i]: where a carried rows[i] was in the previous rows (-1: not carried). */
  private origins: Int32Array;
  /** carried[i] === 1 when rows[i] is an object of the previous snapshot (must not be written into). */
  private carried: Uint8Array;
  /** Rows every column holds (grown together past it). */
  private capacity: number;
  private cursor = 0;
  private byInode: InodeMap | null = null;
  private byKey: Map<string, number> | null = null;

  constructor(
    private previous: Previous,
    expectedRows: number,
    private readonly onCommit: (
      next: Previous,
      done: { carried: Uint8Array; origins: Int32Array; index: InodeMap | null },
    ) => void,
    private readonly spare: SpareArrays = { tableUids: null, inodes: null, carried: null, origins: null, index: null },
  ) {
    // The spare arrays are taken (never shared with another pass: an abandoned pass simply keeps them).
    const { tableUids, inodes, origins, carried } = spare;
    spare.tableUids = spare.inodes = spare.origins = spare.carried = null;
    this.tableUids = fits(tableUids, expectedRows) ? tableUids : new Float64Array(expectedRows);
    this.inodes = fits(inodes, expectedRows) ? inodes : new Float64Array(expectedRows);
    this.origins = fits(origins, expectedRows) ? origins : new Int32Array(expectedRows);
    this.carried = fits(carried, expectedRows) ? carried : new Uint8Array(expectedRows);
    // The spares are of different ages and sizes: rows fit up to the shortest (issue 11: past it, rows lost their
    // inode and table uid, and owners went to the wrong rows).
    this.capacity = Math.min(this.tableUids.length, this.inodes.length, this.origins.length, this.carried.length);
    // Only slots below `count` are read, each written when its row is added.
    this.list = new Array<Connection>(expectedRows);
  }

  /**
   * Makes room for `rows` rows at once, when more than the pass was started with (the rows added so far are kept).
   * WHY: a cold pass starts with no previous rows to size it by; grown by doubling from 64, the list and its four
   * columns were copied ~11 times on the way to 100k rows, the list's copies over 128 KB in the large-object space
   * (issue 11). The caller that learns the expected count (sockstat, socket-count-hint.ts) sizes it here.
   */
  reserve(rows: number): void {
    if (rows <= this.capacity && rows <= this.list.length) return;
    if (rows > this.capacity) this.resize(rows);
    if (rows > this.list.length) {
      const list = new Array<Connection>(rows);
      for (let i = 0; i < this.count; i++) list[i] = this.list[i] as Connection;
      this.list = list;
    }
  }

  /** How many rows were added so far (the index the next one gets). */
  get size(): number {
    return this.count;
  }

  /** The rows added so far; the list trimmed to them (so while rows are still added, size is the cheaper call). */
  get rows(): Connection[] {
    if (this.list.length !== this.count) this.list.length = this.count;
    return this.list;
  }

  /** The row added last (the added one, or the previous snapshot's equal object that add() kept instead). */
  lastRow(): Connection | undefined {
    return this.count === 0 ? undefined : this.list[this.count - 1];
  }

  private append(row: Connection): void {
    this.list[this.count++] = row;
  }

  /** Adds a freshly parsed row (in table order): the row itself or the previous snapshot's equal object. */
  add(row: Connection): void {
    const i = this.count;
    if (i === this.capacity) this.grow();
    this.tableUids[i] = row.uid ?? -1;
    this.inodes[i] = row.inode ?? -1;
    const at = this.find(row);
    const old = at < 0 ? undefined : this.previous.rows[at];
    if (old !== undefined && sameTableRow(old, this.previous.tableUids[at] as number, row)) {
      this.append(old);
      this.carried[i] = 1;
      this.origins[i] = at;
    } else {
      this.append(row);
      // A reused column may hold an earlier pass's 1 here.
      this.carried[i] = 0;
      this.origins[i] = -1;
    }
  }

  /**
   * Where the previous snapshot's row of socket `inode` is (-1: none), looked up as add() does (a few rows after
   * the last one found, else by an index): for a caller that knows a socket is unchanged without parsing it.
   */
  previousOf(inode: number): number {
    const { rows, inodes } = this.previous;
    if (rows.length === 0) return -1;
    const end = Math.min(rows.length, this.cursor + LOOKAHEAD);
    for (let j = this.cursor; j < end; j++) if (inodes[j] === inode) return j;
    return this.inodeIndex().get(inode) ?? -1;
  }

  /** The previous snapshot's row at `at` (from previousOf()). */
  previousRow(at: number): Connection | undefined {
    return this.previous.rows[at];
  }

  /** Adds the previous snapshot's row at `at` (from previousOf()) as it is: the caller knows its socket is unchanged. */
  carry(at: number): Connection {
    const old = this.previous.rows[at] as Connection;
    const i = this.count;
    if (i === this.capacity) this.grow();
    this.tableUids[i] = this.previous.tableUids[at] as number;
    this.inodes[i] = this.previous.inodes[at] as number;
    this.append(old);
    this.carried[i] = 1;
    this.origins[i] = at;
    this.cursor = at + 1;
    return old;
  }

  /**
   * Adds `row`, a new object standing for the previous snapshot's row at `at` (from previousOf()): the same socket
   * and table line, with something else changed (its rates).
   */
  addUpdated(at: number, row: Connection): Connection {
    const i = this.count;
    if (i === this.capacity) this.grow();
    this.tableUids[i] = this.previous.tableUids[at] as number;
    this.inodes[i] = this.previous.inodes[at] as number;
    this.append(row);
    this.carried[i] = 0;
    this.origins[i] = -1;
    this.cursor = at + 1;
    return row;
  }

  isCarried(i: number): boolean {
    return this.carried[i] === 1;
  }

  /** Where rows[i], carried over as it is, was in the previous rows (-1: not carried). */
  originOf(i: number): number {
    return this.carried[i] === 1 ? (this.origins[i] as number) : -1;
  }

  tableUid(i: number): number | null {
    const uid = this.tableUids[i] as number;
    return uid < 0 ? null : uid;
  }

  /** Whether rows[i] has an inode (read from the pass's column, not from the row). */
  hasInode(i: number): boolean {
    return (this.inodes[i] as number) >= 0;
  }

  /** Replaces a carried row whose owner changed (by a copy, see the file comment). */
  replace(i: number, row: Connection): void {
    this.list[i] = row;
    this.carried[i] = 0;
  }

  /** The rows become the previous ones of the next refresh. */
  commit(): void {
    this.onCommit(
      { rows: this.rows, tableUids: this.tableUids, inodes: this.inodes },
      { carried: this.carried, origins: this.origins, index: this.byInode },
    );
    // The committed pass stays reachable until the next refresh (shape-anchor.ts): not the rows before these.
    this.previous = NO_PREVIOUS;
    this.byKey = null;
  }

  /** Doubles the columns together; only the rows added so far are copied (a spare column may be longer). */
  private grow(): void {
    this.resize(this.capacity * 2);
  }

  private resize(capacity: number): void {
    this.capacity = capacity;
    this.tableUids = grownCopy(this.tableUids, new Float64Array(this.capacity), this.count);
    this.inodes = grownCopy(this.inodes, new Float64Array(this.capacity), this.count);
    this.origins = grownCopy(this.origins, new Int32Array(this.capacity), this.count);
    this.carried = grownCopy(this.carried, new Uint8Array(this.capacity), this.count);
  }

  private find(row: Connection): number {
    const rows = this.previous.rows;
    let at = -1;
    // WHY a few rows ahead: a socket closed since the last refresh leaves a gap
    // of one row or so; a Map of all 100k rows is built only when that fails.
    const end = Math.min(rows.length, this.cursor + LOOKAHEAD);
    for (let j = this.cursor; j < end && at < 0; j++) {
      const candidate = rows[j] as Connection;
      if (candidate.inode !== row.inode) continue;
      if (row.inode !== null || sameTableRow(candidate, this.previous.tableUids[j] as number, row)) at = j;
    }
    if (at < 0)
      at =
        row.inode !== null ? (this.inodeIndex().get(row.inode) ?? -1) : (this.keyIndex().get(connectionKey(row)) ?? -1);
    if (at >= 0) this.cursor = at + 1;
    return at;
  }

  /** Typed (inode-table.ts): a new socket anywhere means building it, so on a busy host most refreshes do. */
  private inodeIndex(): InodeMap {
    if (this.byInode) return this.byInode;
    const rows = this.previous.rows;
    const spare = this.spare.index;
    this.spare.index = null;
    let map: InodeMap;
    if (spare !== null) {
      map = spare;
      map.clear();
    } else map = new InodeMap(rows.length);
    const inodes = this.previous.inodes;
    for (let i = 0; i < rows.length; i++) {
      const inode = inodes[i] as number;
      if (inode >= 0) map.set(inode, i);
    }
    return (this.byInode = map);
  }

  /** By id, which is the key for all but rows sharing a key (those are simply not carried over). */
  private keyIndex(): Map<string, number> {
    if (this.byKey) return this.byKey;
    const map = new Map<string, number>();
    this.previous.rows.forEach((c, i) => {
      if (c.inode === null && c.id !== '') map.set(c.id, i);
    });
    return (this.byKey = map);
  }
}

/** `into` holding the first `count` entries of `from`. */
function grownCopy<T extends Float64Array | Int32Array | Uint8Array>(from: T, into: T, count: number): T {
  into.set(from.subarray(0, count));
  return into;
}
