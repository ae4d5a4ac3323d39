/**
 * Diffs between snapshots. A diff carries the connections that were added,
 * removed (by id) and changed, and the smaller parts (routes, interfaces,
 * statistics, collector reports) whole; applying the diffs of a run in order
 * to its first snapshot gives its last (proved by property tests).
 */
import type { Connection, Snapshot } from './model';

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

const CONNECTION_FIELDS: (keyof Connection)[] = [
  'protocol',
  'family',
  'localAddress',
  'localPort',
  'remoteAddress',
  'remotePort',
  'state',
  'pid',
  'processName',
  'exePath',
  'commandLine',
  'user',
  'uid',
  'inode',
  'rxQueue',
  'txQueue',
];

export function connectionsEqual(a: Connection, b: Connection): boolean {
  for (const f of CONNECTION_FIELDS) if (a[f] !== b[f]) return false;
  const ac = a.components ?? [];
  const bc = b.components ?? [];
  return ac.length === bc.length && ac.every((v, i) => v === bc[i]);
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

export function diffSnapshots(base: Snapshot, next: Snapshot): SnapshotDiff {
  const before = new Map<string, Connection>();
  for (const c of base.connections) before.set(c.id, c);
  const added: Connection[] = [];
  const changed: Connection[] = [];
  const seen = new Set<string>();
  for (const c of next.connections) {
    seen.add(c.id);
    const old = before.get(c.id);
    if (!old) added.push(c);
    else if (!connectionsEqual(old, c)) changed.push(c);
  }
  const removed: string[] = [];
  for (const id of before.keys()) if (!seen.has(id)) removed.push(id);
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
