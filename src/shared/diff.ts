/**
 * Diffs between snapshots. A diff carries the connections that were added,
 * removed (by id) and changed, and the smaller parts (routes, interfaces,
 * statistics, collector reports) whole; applying the diffs of a run in order
 * to its first snapshot gives its last (proved by property tests).
 */
import type { ComparedField, SameKeys } from './connection-fields';
import { matchRowsById, ROW_CHANGED, ROW_SAME } from './diff-match';
import { trafficEqual, type Connection, type Snapshot } from './model';
import { settlePendingRates } from './pending-rates';

export interface SnapshotDiff {
  /** The seq of the snapshot this diff produces. */
  seq: number;
  /** The seq it applies to; a receiver holding another seq must resync. */
  baseSeq: number;
  takenAt: number;
  tookMs: number;
  added: Connection[];
  removed: string[];
  changed: Connection[];
  /** Present only when they differ from the base. */
  routes?: Snapshot['routes'];
  interfaces?: Snapshot['interfaces'];
  protocolStats?: Snapshot['protocolStats'];
  collectors: Snapshot['collectors'];
}

/**
 * The fields connectionsEqual() compares, in its order. The compiler checks
 * the list against Connection; connection-fields.test.ts checks the function
 * against the list by changing each field in turn.
 */
type ConnectionsEqualField =
  | 'rxQueue'
  | 'txQueue'
  | 'state'
  | 'inode'
  | 'pid'
  | 'localPort'
  | 'remotePort'
  | 'protocol'
  | 'family'
  | 'localAddress'
  | 'remoteAddress'
  | 'uid'
  | 'user'
  | 'processName'
  | 'exePath'
  | 'commandLine'
  | 'components'
  | 'traffic'
  | 'offloadState'
  | 'template'
  | 'unixType'
  | 'peerInode';
const comparesEveryField: SameKeys<ConnectionsEqualField, ComparedField> = true;
void comparesEveryField;

/**
 * Field by field, written out: a loop over a key list makes every read a
 * megamorphic keyed load, ~5x slower at 100k rows. The fields that change
 * most (queues, state) come first so unequal rows fail fast.
 */
export function connectionsEqual(a: Connection, b: Connection): boolean {
  if (a === b) return true;
  if (
    a.rxQueue !== b.rxQueue ||
    a.txQueue !== b.txQueue ||
    a.state !== b.state ||
    a.inode !== b.inode ||
    a.pid !== b.pid ||
    a.localPort !== b.localPort ||
    a.remotePort !== b.remotePort ||
    a.protocol !== b.protocol ||
    a.family !== b.family ||
    a.localAddress !== b.localAddress ||
    a.remoteAddress !== b.remoteAddress ||
    a.uid !== b.uid ||
    a.user !== b.user ||
    a.processName !== b.processName ||
    a.exePath !== b.exePath ||
    a.commandLine !== b.commandLine ||
    a.offloadState !== b.offloadState ||
    a.template !== b.template ||
    a.unixType !== b.unixType ||
    a.peerInode !== b.peerInode ||
    !trafficEqual(a.traffic, b.traffic)
  )
    return false;
  const ac = a.components;
  const bc = b.components;
  if (ac === bc) return true;
  const al = ac?.length ?? 0;
  if (al !== (bc?.length ?? 0)) return false;
  for (let i = 0; i < al; i++) if ((ac as string[])[i] !== (bc as string[])[i]) return false;
  return true;
}

/** Structural equality for the small JSON parts (routes, interfaces, stats). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

// WHY module-local copies: loaders that keep modules apart (vitest, jiti) turn each read of an imported
// binding into a property load on the module object; in the loop over 100k rows that was ~5 ms.
const SAME = ROW_SAME;
const CHANGED = ROW_CHANGED;

/**
 * Rows are paired by id with matchRowsById() (diff-match.ts): a walk that
 * compares ids in place and stays O(n) with a small constant when rows were
 * inserted, removed or moved anywhere. `added` and `changed` keep next's order,
 * `removed` base's.
 */
export function diffSnapshots(base: Snapshot, next: Snapshot): SnapshotDiff {
  const older = base.connections;
  const newer = next.connections;
  const { status, kept } = matchRowsById(older, newer, connectionsEqual);
  // Rows the engine handed over with "no rate yet" (pending-rates.ts) get rates 0 now, after the matching: `base`
  // may hold the very objects. Changed, whatever the matching found: the receiver still shows no rate.
  settlePendingRates(newer, (i) => {
    if (status[i] === SAME) status[i] = CHANGED;
  });
  // WHY counted first: lists made at their size. Pushed one by one, a list of 100k changed rows (every row, on the
  // refresh after a cold one) is copied ~10 times as it grows, into the large-object space that only a full GC frees.
  let changedCount = 0;
  let addedCount = 0;
  for (let i = 0; i < newer.length; i++) {
    const state = status[i];
    if (state === CHANGED) changedCount++;
    else if (state !== SAME) addedCount++;
  }
  const added = new Array<Connection>(addedCount);
  const changed = new Array<Connection>(changedCount);
  for (let i = 0, a = 0, c = 0; i < newer.length; i++) {
    const state = status[i];
    if (state === CHANGED) changed[c++] = newer[i] as Connection;
    else if (state !== SAME) added[a++] = newer[i] as Connection;
  }
  const removed: string[] = [];
  for (let i = 0; i < older.length; i++) if (kept[i] !== 1) removed.push((older[i] as Connection).id);
  const diff: SnapshotDiff = {
    seq: next.seq,
    baseSeq: base.seq,
    takenAt: next.takenAt,
    tookMs: next.tookMs,
    added,
    removed,
    changed,
    collectors: next.collectors,
  };
  if (!jsonEqual(base.routes, next.routes)) diff.routes = next.routes;
  if (!jsonEqual(base.interfaces, next.interfaces)) diff.interfaces = next.interfaces;
  if (!jsonEqual(base.protocolStats, next.protocolStats)) diff.protocolStats = next.protocolStats;
  return diff;
}

export class DiffGapError extends Error {
  constructor(
    readonly haveSeq: number,
    readonly diffBaseSeq: number,
  ) {
    super(`diff applies to seq ${diffBaseSeq} but the snapshot is at seq ${haveSeq}: resync needed`);
    this.name = 'DiffGapError';
  }
}

/**
 * Applies a diff and returns a new snapshot (the input is not changed).
 * Order: surviving connections keep their place (changed ones replaced in
 * place), added ones are appended in the diff's order.
 */
export function applyDiff(snapshot: Snapshot, diff: SnapshotDiff): Snapshot {
  if (diff.baseSeq !== snapshot.seq) throw new DiffGapError(snapshot.seq, diff.baseSeq);
  const removed = new Set(diff.removed);
  const changed = new Map<string, Connection>();
  for (const c of diff.changed) changed.set(c.id, c);
  const connections: Connection[] = [];
  for (const c of snapshot.connections) {
    if (removed.has(c.id)) continue;
    connections.push(changed.get(c.id) ?? c);
  }
  for (const c of diff.added) connections.push(c);
  return snapshotAfterDiff(snapshot, diff, connections);
}

/**
 * The snapshot a diff produces, given its connection list already worked out
 * (applyDiff's, or the renderer store's O(changes) copy): the one place that
 * knows which other parts a diff carries.
 */
export function snapshotAfterDiff(snapshot: Snapshot, diff: SnapshotDiff, connections: Connection[]): Snapshot {
  return {
    ...snapshot,
    seq: diff.seq,
    takenAt: diff.takenAt,
    tookMs: diff.tookMs,
    connections,
    routes: diff.routes ?? snapshot.routes,
    interfaces: diff.interfaces ?? snapshot.interfaces,
    protocolStats: diff.protocolStats ?? snapshot.protocolStats,
    collectors: diff.collectors,
  };
}
