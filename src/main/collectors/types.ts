/**
 * What the engine asks of a platform. Each collector reads one source; the
 * engine runs them in isolation (a timeout and a try/catch each), so one that
 * fails leaves an error in the snapshot and the others still arrive.
 */
import type { Connection, NetInterface, ProtocolStats, Route } from '../../shared/model';

export interface CollectContext {
  /** Aborted when the engine's per-collector timeout passes. */
  signal: AbortSignal;
}

export interface Collected<T> {
  data: T;
  /** Human-readable, e.g. '42 sockets belong to other users: run as root to see their processes'. */
  warnings: string[];
}

export interface Collector<T> {
  readonly name: string;
  collect(context: CollectContext): Promise<Collected<T>>;
}

/** A running process as the platform sees it; (pid, startTime) names it uniquely. */
export interface ProcessInfo {
  pid: number;
  name: string | null;
  exePath: string | null;
  commandLine: string | null;
  user: string | null;
  uid: number | null;
  /** Epoch milliseconds, or null where the OS would not say. */
  startTime: number | null;
}

export interface PlatformCollectors {
  platform: string;
  connections: Collector<Connection[]>;
  routes: Collector<Route[]>;
  interfaces: Collector<NetInterface[]>;
  protocolStats: Collector<ProtocolStats>;
  /** Details of one process, or null when it does not exist (or is not readable). */
  processInfo(pid: number): Promise<ProcessInfo | null>;
  /**
   * Windows only: resolve owners the user cannot read by running `netstat -anob`
   * elevated (an OS prompt the user must accept). Absent where not supported.
   */
  elevateOwners?(): Promise<ElevationOutcome>;
  /**
   * Releases what the collectors hold between refreshes (Linux: the owner-scan
   * worker thread). Optional; collecting again afterwards still works (cold).
   */
  dispose?(): Promise<void>;
}

export type ElevationOutcome =
  { kind: 'accepted'; resolved: number } | { kind: 'declined'; message: string } | { kind: 'failed'; message: string };
