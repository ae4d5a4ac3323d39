/**
 * "Who is using my bandwidth?": connections' traffic summed per process or per
 * remote host, refresh after refresh (the app's Top talkers view and
 * `netscope top`). Current rates are the sum of the connections' rates; totals
 * count the bytes moved since the tracker first saw the group, so they keep
 * the share of connections that have closed since. A connection present at the
 * first refresh with counters counts from there (its earlier bytes were not seen
 * moving); one that appears later counts whole (it was opened while we watched).
 * A refresh without counters (a procfs fallback, the engine switched, an
 * imported listing skipped) is a gap: the next refresh with counters counts new
 * connections from there, as the first did. A connection's last counters are
 * kept through gaps and for a few refreshes that miss it (a dump that skipped a
 * socket, a failed per-row read), so its return counts what it moved since,
 * not its whole life again.
 */
import type { Connection } from './model';
import { pastBusiest, type BusiestOrder } from './busiest-cut';

export type TalkerGrouping = 'process' | 'host';

export interface TalkerRow {
  /** 'pid:1234' or 'host:10.0.0.1': stable across refreshes, for charts and selection. */
  key: string;
  /** The process name (or '(no owner)') or the remote address. */
  label: string;
  pid: number | null;
  host: string | null;
  /** Bytes per second now; 0 when none of its connections has a rate yet. */
  sendRate: number;
  receiveRate: number;
  /** Bytes since first seen. */
  sent: number;
  received: number;
  /** Its connections with counters now. */
  connections: number;
}

interface Group {
  /** The row key ('pid:1234', 'host:10.0.0.1'), made once when the group is first seen. */
  key: string;
  label: string;
  pid: number | null;
  host: string | null;
  sent: number;
  received: number;
}

interface Seen {
  sent: number;
  received: number;
  /**
   * The number of the last refresh with counters where this connection had its own; while `present`, the refresh
   * it was last read at (applyChanges() reads only the rows that changed: the others count as read at every refresh).
   */
  lastCounted: number;
  /** In the rows of the last refresh taken (read at it, or since, as unchanged by applyChanges()). */
  present: boolean;
}

const ZERO = { sent: 0, received: 0 };

/**
 * How many refreshes with counters a connection may miss and still count on
 * from its last counters when it returns. Three covers a dump or per-row read
 * that failed once or twice; more would keep closed sockets' entries (memory)
 * for longer on a busy host.
 */
export const SEEN_GRACE_REFRESHES = 3;

/** How many groups without connections a tracker keeps at least, the busiest (forgetQuietGone). */
export const GONE_GROUPS_KEPT = 10_000;

/** forgetQuietGone's order of the gone groups: the most bytes moved first, then by key. */
const GONE_ORDER: BusiestOrder<[number | string, Group]> = {
  bytes: ([, g]) => g.sent + g.received,
  key: ([, g]) => g.key,
};

/** The inode that identifies a socket across refreshes (the seen maps), or null: it is then known by its row id. */
function socketInode(c: Connection): number | null {
  return c.inode !== null && c.inode !== undefined && c.inode !== 0 ? c.inode : null;
}

/** A remote that is no peer (a listening or unconnected socket). */
const NO_PEER = new Set(['', '*', '0.0.0.0', '::']);

/** The group of connections without an owner, among the PIDs (numbers) of the process grouping. */
const NO_OWNER = 'none';

/**
 * What a connection is grouped under, as a Map key: its PID (or NO_OWNER), or its remote address; null for no
 * peer. WHY not the row key ('pid:1234'): that is a new string per connection per refresh, hashed again for each
 * lookup; at 100k connections with counters the two trackers took ~500 ms a refresh, most of it such keys and
 * the object groupOf made per row (Node 20). The row key is made once, with the group.
 */
function groupIdOf(c: Connection, by: TalkerGrouping): number | string | null {
  if (by === 'host') return NO_PEER.has(c.remoteAddress) ? null : c.remoteAddress;
  return c.pid ?? NO_OWNER;
}

function newGroup(c: Connection, by: TalkerGrouping): Group {
  if (by === 'host')
    return {
      key: `host:${c.remoteAddress}`,
      label: c.remoteAddress,
      pid: null,
      host: c.remoteAddress,
      sent: 0,
      received: 0,
    };
  if (c.pid === null) return { key: 'pid:none', label: labelOf(c), pid: null, host: null, sent: 0, received: 0 };
  return { key: `pid:${c.pid}`, label: labelOf(c), pid: c.pid, host: null, sent: 0, received: 0 };
}

/**
 * A new group's label: its process name, "PID n" while none of its connections has given one, "(no owner)"; a
 * process group then takes the latest name a connection gives (never back to "PID n"), so the label does not
 * depend on which of its connections was read last. The host grouping's label never changes.
 */
function labelOf(c: Connection): string {
  return c.pid === null ? '(no owner)' : (c.processName ?? `PID ${c.pid}`);
}

/**
 * Rates are summed in steps of 1/RATE_STEPS byte per second: a connection's rate is rounded to one first (rateOf).
 * WHY: a group's rate is the sum of its connections'; update() sums them afresh in the snapshot's order, while
 * applyChanges() keeps the sum by adding the entering rows' and taking away the leaving rows', and with any float
 * the two differ in the last bits (0.1 + 0.2 - 0.1 is not 0.2), so a row's rate, its place among rows of equal
 * rates and `netscope top --json`'s figures would depend on which path ran. Multiples of 2^-16 add and take away
 * exactly while a group's rate stays below 2^37 B/s (137 GB/s): both paths give the same double, to the bit. A
 * connection's rate moves by at most 2^-17 B/s (so a group of 100k connections' by at most 0.8 B/s, in practice far
 * less: the roundings go both ways); 2^-10 moved `--json`'s figures in the third decimal against the float sums.
 */
const RATE_STEPS = 65_536;

/** A connection's rate as the trackers sum it: 0 when it has none yet, else rounded to a step (RATE_STEPS). */
function rateOf(rate: number | null | undefined): number {
  return rate === null || rate === undefined ? 0 : Math.round(rate * RATE_STEPS) / RATE_STEPS;
}

/** Whether a group moves bytes now (is in the chart's sample). */
function moves(row: TalkerRow): boolean {
  return row.sendRate + row.receiveRate !== 0;
}

/**
 * At update()'s `refresh`: the sockets present until now that it did not read have left, last counted at the
 * refresh before (as update() would have stamped them there: applyChanges() does not stamp rows it did not read);
 * drops the sockets missed for more than SEEN_GRACE_REFRESHES refreshes with counters, and adds the others it did
 * not read to `unseen` as having left after their last count (forgetLeft's queue; forEach: no entry arrays).
 */
function forgetUnseen<K extends number | string>(
  seen: Map<K, Seen>,
  refresh: number,
  unseen: Left[],
  byInode: boolean,
): void {
  seen.forEach((s, key) => {
    if (s.lastCounted >= refresh) return;
    if (s.present) {
      s.present = false;
      s.lastCounted = refresh - 1;
    }
    if (refresh - s.lastCounted > SEEN_GRACE_REFRESHES) seen.delete(key);
    else if (byInode) unseen.push({ inode: key as number, id: '', refresh: s.lastCounted + 1 });
    else unseen.push({ inode: null, id: key as string, refresh: s.lastCounted + 1 });
  });
}

/** A socket that may have left (TalkerTracker.left): its seen maps' key (inode, else row id) and the refresh. */
interface Left {
  inode: number | null;
  id: string;
  refresh: number;
}

/**
 * Oldest first, as forgetLeft() reads the queue. WHY update() makes the queue: applyChanges() forgets only what is
 * queued, so a socket that closed at a whole read and stayed away was remembered for as long as diffs followed, and
 * counted from its old counters on its return where update() alone would have counted it whole (the page reads every
 * row when a diff does not follow; `netscope top` after a gap or an engine switch, and follows diffs again after).
 */
function byLeaving(a: Left, b: Left): number {
  return a.refresh - b.refresh;
}

/**
 * What busiest() keeps between calls. WHY: by remote host at 100k connections to as many hosts, its pass over every
 * group took ~10 ms of the page's main thread per refresh (CPU profile, bench/renderer-talkers.mjs), while a diff
 * changes a few thousand of them; a group applyChanges() did not touch keeps its place against every other it did not
 * touch. So the next call reads only `ids` and the groups changed since (TalkerTracker.changed): every group outside
 * `ids` ranks after `floor` (byRate), so the first `limit` of those that still rank before it are the busiest, as long
 * as there are `limit` of them; else (and after update(), or when many groups changed) it reads every group again.
 */
interface Head {
  limit: number;
  withGone: boolean;
  /** Group ids, in byRate order as of the call that kept them. */
  ids: (number | string)[];
  /** A copy of the row that ranked next after `ids` when they were kept; null: there was none (`ids` are all). */
  floor: TalkerRow | null;
}

/** How many times `limit` rows a Head keeps (HEAD_KEPT * limit after a pass over all, at most twice that after). */
const HEAD_KEPT = 2;

export interface TalkerSample {
  /** Epoch milliseconds of the snapshot. */
  at: number;
  /** Send plus receive rate per group key. */
  rates: Map<string, number>;
}

export class TalkerTracker {
  /** By group id (groupIdOf): a PID, NO_OWNER or a remote address. */
  private readonly groups = new Map<number | string, Group>();
  /**
   * The last counters of each socket, by what identifies it across refreshes: its inode where the engine reads
   * one (a new socket on the same 4-tuple has another, so it counts whole even when its counters exceed the old
   * ones), else its row id. Two maps, so neither key is made into a string per connection per refresh.
   */
  private readonly seenByInode = new Map<number, Seen>();
  private readonly seenById = new Map<string, Seen>();
  /** Whether the last refresh had counters: false before the first one and after a gap. */
  private counting = false;
  /** Refreshes with counters so far: ages the entries of the seen maps. */
  private countedRefreshes = 0;
  /** The rows of the last refresh, by group id. */
  private current = new Map<number | string, TalkerRow>();
  /**
   * The groups not in `current` (gone quiet: their last connection closed), kept as groups come and go, so that
   * forgetQuietGone, rows(true) and busiest(n, true) read them alone; null after update() made `current` anew, until
   * one of them next needs it (goneGroups: then found by a pass over every group, as every time before). WHY: by
   * remote host at 100k connections that pass over ~115k groups took 10-50 ms, once every ~15 refreshes, inside the
   * Top talkers view's refresh.
   */
  private gone: Set<number | string> | null = new Set();
  /** The groups of `current` whose rate is not 0, in the order they started moving (the chart's sample). */
  private readonly moving = new Set<number | string>();
  /**
   * The sockets that may have left, oldest first, with the refresh they left at (forgetLeft): the rows applyChanges()
   * took away, and the sockets an update() did not see (its seen entries it kept within the grace).
   */
  private left: Left[] = [];
  /** When the first refresh with counters was taken (epoch ms): the totals count from there; null before it. */
  private firstAt: number | null = null;
  private readonly samples: TalkerSample[] = [];
  /** What busiest() found last, to start from at the next call (Head); null: a pass over every group is due. */
  private head: Head | null = null;
  /** The groups whose rows applyChanges() changed since busiest() last ran (while `head` is kept). */
  private readonly changed = new Set<number | string>();
  /** How many groups the last busiest() read (a test's and a bench's figure). */
  private lastRead = 0;

  /**
   * @param by what a row is: a process or a remote host.
   * @param historyLength how many refreshes of rates to keep for the chart (300: five minutes at 1 s).
   */
  constructor(
    readonly by: TalkerGrouping,
    private readonly historyLength = 300,
    private readonly goneKept = GONE_GROUPS_KEPT,
  ) {}

  /**
   * Takes one refresh's connections (with Connection.traffic where the engine
   * reads it). `counted`: whether the engine read counters this time (a
   * snapshot's trafficAbsentReason() is null); false makes the refresh a gap
   * (see gap()). Unsaid, a refresh where no row has counters is taken for one.
   */
  update(connections: readonly Connection[], at: number, counted?: boolean): void {
    const rows = new Map<number | string, TalkerRow>();
    const refresh = this.countedRefreshes + 1;
    let anyCounters = false;
    for (let i = 0; i < connections.length; i++) {
      const c = connections[i] as Connection;
      // null is no counters too: the type has no null, but a row from an older peer may (validate-rows.ts drops it
      // on the WebSocket; read here, one null used to throw on every snapshot).
      if (c.traffic === undefined || c.traffic === null) continue;
      anyCounters = true;
      this.enter(c, rows, refresh);
    }
    if (!(counted ?? anyCounters)) {
      // The engine read no counters this time: keep the last ones, unaged, for when it does again.
      this.counting = false;
    } else {
      this.countedRefreshes = refresh;
      // The queue of sockets that may have left is made anew: the ones this refresh kept without reading them.
      const unseen: Left[] = [];
      forgetUnseen(this.seenByInode, refresh, unseen, true);
      forgetUnseen(this.seenById, refresh, unseen, false);
      this.left = unseen.sort(byLeaving);
      this.counting = true;
      this.firstAt ??= at;
    }
    this.moving.clear();
    for (const [id, row] of rows) this.settleRow(id, row);
    this.current = rows;
    this.gone = null;
    // Every row is made anew: busiest() reads them all at its next call.
    this.forgetHead();
    this.forgetQuietGone();
    this.sample(at);
  }

  /**
   * One refresh from the connections that changed since the last one taken (by update() or here): `leaving` are
   * the rows that left the snapshot (closed, or the versions a change replaced), `entering` the rows that came in
   * (new ones, and the changed versions); every other connection is as it was, so it moves no bytes and keeps its
   * rate. False, taking nothing, where the last refresh was no counted one (before the first, after a gap): the
   * caller then gives update() the whole list.
   *
   * WHY: update() reads every connection, O(rows) per refresh on the page's main thread, ~300 ms at 100k rows with
   * counters; a diff changes a few percent of them (bench/talkers.mjs).
   */
  applyChanges(leaving: readonly Connection[], entering: readonly Connection[], at: number): boolean {
    if (!this.counting) return false;
    const refresh = this.countedRefreshes + 1;
    const touched = new Set<number | string>();
    for (let i = 0; i < leaving.length; i++) {
      const c = leaving[i] as Connection;
      const t = c.traffic;
      if (t === undefined || t === null) continue;
      const id = groupIdOf(c, this.by);
      if (id === null) continue;
      const row = this.current.get(id);
      if (row !== undefined) {
        row.sendRate -= rateOf(t.sendRate);
        row.receiveRate -= rateOf(t.receiveRate);
        row.connections--;
        touched.add(id);
      }
      // Read at every refresh until this one (unchanged, or changed: then its new version is counted below).
      const inode = socketInode(c);
      const seen = inode !== null ? this.seenByInode.get(inode) : this.seenById.get(c.id);
      if (seen !== undefined && seen.present) {
        seen.present = false;
        seen.lastCounted = refresh - 1;
      }
      this.left.push({ inode, id: c.id, refresh });
    }
    for (let i = 0; i < entering.length; i++) {
      const c = entering[i] as Connection;
      if (c.traffic === undefined || c.traffic === null) continue;
      const id = this.enter(c, this.current, refresh);
      if (id !== null) touched.add(id);
    }
    this.countedRefreshes = refresh;
    this.forgetLeft(refresh);
    for (const id of touched) {
      const row = this.current.get(id);
      if (row === undefined) continue;
      if (row.connections <= 0) {
        this.current.delete(id);
        this.gone?.add(id);
        this.moving.delete(id);
        continue;
      }
      this.settleRow(id, row);
    }
    this.noteChanged(touched);
    this.forgetQuietGone();
    this.sample(at);
    return true;
  }

  /** A row of this refresh given its group's label and totals, and in the chart's sample or not. */
  private settleRow(id: number | string, row: TalkerRow): void {
    const group = this.groups.get(id) as Group;
    row.label = group.label;
    row.sent = group.sent;
    row.received = group.received;
    if (moves(row)) this.moving.add(id);
    else this.moving.delete(id);
  }

  /**
   * Counts one connection with counters at `refresh`: its bytes since its last counters into its group's totals,
   * its rate into `rows`. Returns its group id, or null when it has no group (no peer).
   */
  private enter(c: Connection, rows: Map<number | string, TalkerRow>, refresh: number): number | string | null {
    const t = c.traffic as NonNullable<Connection['traffic']>;
    const id = groupIdOf(c, this.by);
    if (id === null) return null;
    const inode = socketInode(c);
    const before = inode !== null ? this.seenByInode.get(inode) : this.seenById.get(c.id);
    // Counters that went backwards are a new socket on the same 4-tuple: all of it is new.
    const restarted = before !== undefined && (t.bytesSent < before.sent || t.bytesReceived < before.received);
    // Not seen before: opened while we counted (whole), or there before counting (re)started (from now).
    const baseline =
      before === undefined
        ? this.counting
          ? ZERO
          : { sent: t.bytesSent, received: t.bytesReceived }
        : restarted
          ? ZERO
          : before;
    const sentDelta = t.bytesSent - baseline.sent;
    const receivedDelta = t.bytesReceived - baseline.received;
    if (before === undefined) {
      const entry = { sent: t.bytesSent, received: t.bytesReceived, lastCounted: refresh, present: true };
      if (inode !== null) this.seenByInode.set(inode, entry);
      else this.seenById.set(c.id, entry);
    } else {
      before.sent = t.bytesSent;
      before.received = t.bytesReceived;
      before.lastCounted = refresh;
      before.present = true;
    }
    let group = this.groups.get(id);
    if (group === undefined) {
      group = newGroup(c, this.by);
      this.groups.set(id, group);
    } else if (this.by === 'process' && c.pid !== null && c.processName !== null) group.label = c.processName;
    group.sent += sentDelta;
    group.received += receivedDelta;
    let row = rows.get(id);
    if (row === undefined) {
      row = {
        key: group.key,
        label: group.label,
        pid: group.pid,
        host: group.host,
        sendRate: 0,
        receiveRate: 0,
        sent: 0,
        received: 0,
        connections: 0,
      };
      rows.set(id, row);
      // A group back from gone (applyChanges, where `rows` is `current`; update() leaves `gone` to be found again).
      if (rows === this.current) this.gone?.delete(id);
    }
    row.sendRate += rateOf(t.sendRate);
    row.receiveRate += rateOf(t.receiveRate);
    row.connections++;
    return id;
  }

  /**
   * The sockets that left more than SEEN_GRACE_REFRESHES refreshes ago and have not been counted since are
   * forgotten (update() ages every entry; here only the ones that left can be stale).
   */
  private forgetLeft(refresh: number): void {
    let n = 0;
    for (; n < this.left.length; n++) {
      const { inode, id, refresh: leftAt } = this.left[n] as Left;
      // Last counted the refresh before it left: forgotten as update() forgets it, after GRACE more without it.
      if (refresh - (leftAt - 1) <= SEEN_GRACE_REFRESHES) break;
      const entry = inode !== null ? this.seenByInode.get(inode) : this.seenById.get(id);
      if (entry === undefined || entry.present || entry.lastCounted >= leftAt) continue;
      if (inode !== null) this.seenByInode.delete(inode);
      else this.seenById.delete(id);
    }
    if (n > 0) this.left.splice(0, n);
  }

  /**
   * Keeps the `goneKept` gone groups that moved the most bytes (rows(true) lists them) once half as many again
   * have gone, and forgets the rest. WHY: a group is kept after its last connection closed, so by remote host the
   * map grew by every peer ever seen (a busy server: thousands of new peers a minute) for as long as the page ran.
   */
  private forgetQuietGone(): void {
    if (this.groups.size - this.current.size <= this.goneKept * 1.5) return;
    const goneIds = this.goneGroups();
    const gone: [number | string, Group][] = [];
    for (const id of goneIds) gone.push([id, this.groups.get(id) as Group]);
    for (const [id] of pastBusiest(gone, this.goneKept, GONE_ORDER)) {
      this.groups.delete(id);
      goneIds.delete(id);
    }
  }

  /** The ids of the groups gone quiet (in `groups`, not in `current`): `gone`, found by a pass when unknown. */
  private goneGroups(): Set<number | string> {
    if (this.gone === null) {
      this.gone = new Set();
      for (const id of this.groups.keys()) if (!this.current.has(id)) this.gone.add(id);
    }
    return this.gone;
  }

  /** This refresh's chart sample: the rates of the groups moving bytes. */
  private sample(at: number): void {
    // Only the groups moving bytes now: the chart reads a missing one as 0 (chartPoints), and at 100k connections
    // to as many idle hosts, 300 samples of every group would be tens of millions of entries.
    const rates = new Map<string, number>();
    for (const id of this.moving) {
      const row = this.current.get(id) as TalkerRow;
      rates.set(row.key, row.sendRate + row.receiveRate);
    }
    this.samples.push({ at, rates });
    // One sample per update: at most one too many.
    if (this.samples.length > this.historyLength) this.samples.shift();
  }

  /**
   * A refresh the caller did not pass because it has no counters (the app
   * skips those): connections first seen after it count from there, not whole.
   */
  gap(): void {
    this.counting = false;
  }

  /**
   * The groups with connections now, busiest first (send plus receive rate,
   * then total bytes, then label, then key), and groups gone since with their totals
   * (rate 0) after them when `withGone` (at least the busiest `goneKept`: forgetQuietGone).
   */
  rows(withGone = false): TalkerRow[] {
    // Copies: applyChanges() updates the rows it keeps in place, and a caller may hold these across refreshes.
    const out: TalkerRow[] = [];
    for (const row of this.current.values()) out.push({ ...row });
    if (withGone) for (const id of this.goneGroups()) out.push(goneRow(this.groups.get(id) as Group));
    return out.sort(byRate);
  }

  /**
   * The first `limit` of rows(withGone), and how many rows() would give, without copying or sorting the others.
   * WHY: the Top talkers table shows the busiest 100; by remote host at 100k connections to as many hosts, rows()
   * copied and sorted ~110k groups on every refresh (~22 ms of the page's main thread) for those 100.
   */
  busiest(limit: number, withGone = false): { rows: TalkerRow[]; total: number } {
    // Every group with connections has its group (enter()); forgetQuietGone forgets only gone ones.
    const total = withGone ? this.groups.size : this.current.size;
    if (limit <= 0) return { rows: [], total };
    const head = this.head;
    if (head !== null && head.limit === limit && head.withGone === withGone) {
      const rows = this.busiestFromHead(head);
      if (rows !== null) return { rows, total };
    }
    return { rows: this.busiestOfAll(limit, withGone), total };
  }

  /**
   * busiest()'s pass over every group: the first `limit` rows, and a Head of the first HEAD_KEPT * limit (or all there
   * are) for the next call, with the row after them as its floor.
   */
  private busiestOfAll(limit: number, withGone: boolean): TalkerRow[] {
    const kept = Math.max(limit * HEAD_KEPT, limit + 1);
    const best: TalkerRow[] = [];
    for (const row of this.current.values()) keepIfBusier(best, kept + 1, row);
    let read = this.current.size;
    if (withGone) {
      for (const id of this.goneGroups()) {
        read++;
        // Compared through one scratch row, copied only when it is among the busiest so far.
        fillGone(SCRATCH, this.groups.get(id) as Group);
        keepIfBusier(best, kept + 1, SCRATCH);
      }
    }
    this.lastRead = read;
    const floor = best.length > kept ? (best.pop() as TalkerRow) : null;
    this.head = { limit, withGone, ids: best.map((r) => this.idOfKey(r)), floor };
    this.changed.clear();
    return best.slice(0, limit);
  }

  /**
   * busiest() from the Head of the last call: its groups and the ones changed since, each read once; null where
   * fewer than `limit` of them still rank before the floor (the groups behind it may now be among the first).
   */
  private busiestFromHead(head: Head): TalkerRow[] | null {
    const candidates = new Set(head.ids);
    for (const id of this.changed) candidates.add(id);
    this.changed.clear();
    this.lastRead = candidates.size;
    const before: TalkerRow[] = [];
    for (const id of candidates) {
      const live = this.current.get(id);
      let row: TalkerRow;
      if (live !== undefined) row = live;
      else {
        const g = head.withGone ? this.groups.get(id) : undefined;
        // Gone (not listed without withGone), or forgotten (forgetQuietGone).
        if (g === undefined) continue;
        row = fillGone(SCRATCH, g);
      }
      if (head.floor === null || byRate(row, head.floor) < 0) before.push({ ...row });
    }
    if (before.length < head.limit && head.floor !== null) {
      this.head = null;
      return null;
    }
    before.sort(byRate);
    // Kept from growing: the rows cut off rank after the first one cut, which is the floor from now on.
    const most = head.limit * HEAD_KEPT * 2;
    let floor = head.floor;
    if (before.length > most) {
      floor = before[head.limit * HEAD_KEPT] as TalkerRow;
      before.length = head.limit * HEAD_KEPT;
    }
    this.head = { ...head, ids: before.map((r) => this.idOfKey(r)), floor };
    return before.slice(0, head.limit);
  }

  /** The group id (groupIdOf) of a row, from its key ('pid:1234', 'pid:none', 'host:10.0.0.1'). */
  private idOfKey(row: TalkerRow): number | string {
    if (this.by === 'host') return row.host as string;
    return row.pid ?? NO_OWNER;
  }

  /** applyChanges()' changed groups, for busiest()'s next call; past a share of all groups, a pass over all is due. */
  private noteChanged(touched: Set<number | string>): void {
    if (this.head === null) return;
    for (const id of touched) this.changed.add(id);
    if (this.changed.size > Math.max(this.groups.size / 8, 1000)) this.forgetHead();
  }

  private forgetHead(): void {
    this.head = null;
    this.changed.clear();
  }

  /** How many groups the last busiest() read: every one at a pass over all, else its Head's and the changed ones. */
  get busiestRead(): number {
    return this.lastRead;
  }

  /** When the totals start (the first refresh's time, epoch ms), or null before any. */
  since(): number | null {
    return this.firstAt;
  }

  /** The rates of the last refreshes, oldest first (for the chart). */
  history(): readonly TalkerSample[] {
    return this.samples;
  }
}

/** A group without connections as rows() lists it: its totals, rate 0. */
function goneRow(g: Group): TalkerRow {
  return fillGone({ ...SCRATCH }, g);
}

function fillGone(row: TalkerRow, g: Group): TalkerRow {
  row.key = g.key;
  row.label = g.label;
  row.pid = g.pid;
  row.host = g.host;
  row.sendRate = 0;
  row.receiveRate = 0;
  row.sent = g.sent;
  row.received = g.received;
  row.connections = 0;
  return row;
}

const SCRATCH: TalkerRow = {
  key: '',
  label: '',
  pid: null,
  host: null,
  sendRate: 0,
  receiveRate: 0,
  sent: 0,
  received: 0,
  connections: 0,
};

/**
 * Puts a copy of `row` into `best` (in byRate order, at most `limit` long) when it ranks before its last: a binary
 * search and a splice of at most `limit` slots, and for most rows of a long list one comparison with the last.
 */
function keepIfBusier(best: TalkerRow[], limit: number, row: TalkerRow): void {
  if (limit <= 0) return;
  if (best.length === limit && byRate(row, best[limit - 1] as TalkerRow) >= 0) return;
  let lo = 0;
  let hi = best.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byRate(best[mid] as TalkerRow, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  best.splice(lo, 0, { ...row });
  if (best.length > limit) best.pop();
}

export function byRate(a: TalkerRow, b: TalkerRow): number {
  return (
    b.sendRate + b.receiveRate - (a.sendRate + a.receiveRate) ||
    b.sent + b.received - (a.sent + a.received) ||
    a.label.localeCompare(b.label) ||
    // Keys are unique: equal rows (two idle processes of one name) keep one order, not the order the tracker met them.
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/** The filter that shows a talker's connections in the grid (as the other drill-downs do). */
export function talkerFilter(row: Pick<TalkerRow, 'pid' | 'host' | 'key'>): string {
  if (row.host !== null) return `raddr:=${row.host}`;
  if (row.pid !== null) return `pid:${row.pid}`;
  return 'pid:none';
}
