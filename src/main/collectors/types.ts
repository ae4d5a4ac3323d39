/**
 * What the engine asks of a platform. Each collector reads one source; the
 * engine runs them in isolation (a timeout and a try/catch each), so one that
 * fails leaves an error in the snapshot and the others still arrive.
 */
import type {
  Connection,
  NetInterface,
  OwnerlessMeaning,
  ProcessInfo,
  ProtocolStats,
  Route,
  SocketEngineStatus,
} from '../../shared/model';
import type { TcpTemplatesState } from '../../shared/api';
import type { SocketEngineChoice } from '../../shared/traffic';
import type { UnixSocket } from '../../shared/unix-socket';

export interface CollectContext {
  /** Aborted when the engine's per-collector timeout passes. */
  signal: AbortSignal;
}

export interface Collected<T> {
  data: T;
  /** Human-readable, e.g. '42 sockets belong to other users: run as root to see their processes'. */
  warnings: string[];
  /** The connections collector: which socket engine ran (see SocketEngineStatus). */
  engine?: SocketEngineStatus;
  /** The connections collector: what a socket without an owner means (see OwnerlessMeaning). */
  ownerless?: OwnerlessMeaning;
}

export interface Collector<T> {
  readonly name: string;
  collect(context: CollectContext): Promise<Collected<T>>;
}

// ProcessInfo is part of the shared model: the macOS `ps` parser builds it too, and parsers import no collector code.
export type { ProcessInfo };

export interface PlatformCollectors {
  platform: string;
  connections: Collector<Connection[]>;
  routes: Collector<Route[]>;
  interfaces: Collector<NetInterface[]>;
  protocolStats: Collector<ProtocolStats>;
  /** UNIX domain sockets: present only when asked for (`-x`; a server has thousands), and where supported. */
  unixSockets?: Collector<UnixSocket[]>;
  /** Details of one process, or null when it does not exist (or is not readable). */
  processInfo(pid: number): Promise<ProcessInfo | null>;
  /**
   * Windows only: resolve owners the user cannot read by running `netstat -anob`
   * elevated (an OS prompt the user must accept). Absent where not supported.
   */
  elevateOwners?(): Promise<ElevationOutcome>;
  /** Linux: the socket engine to use from the next refresh on (absent where there is no choice). */
  setSocketEngine?(engine: SocketEngineChoice): void;
  /** The engine asked for, where setSocketEngine exists. */
  socketEngineChoice?(): SocketEngineChoice;
  /** True where the engine was named at launch (`--socket-engine`, NETSCOPE_SOCKET_ENGINE), not left to the default. */
  socketEngineFromLaunch?: boolean;
  /**
   * Windows: start or stop reading each TCP connection's template (netstat -y) for the connections collector's
   * rows; returns whether it changed. Absent where templates cannot be read.
   */
  setTcpTemplates?(enabled: boolean): boolean;
  /** Where setTcpTemplates exists: off, on before the first read answered, or on. */
  tcpTemplatesState?(): TcpTemplatesState;
  /**
   * Releases what the collectors hold between refreshes (Linux: the owner-scan
   * worker thread). Optional; collecting again afterwards still works (cold).
   */
  dispose?(): Promise<void>;
  /**
   * Kills child processes still running for a later refresh (macOS: a nettop sample), at once. A one-shot listing
   * calls it after printing: a child left running would keep the process alive after its output. Unlike dispose(),
   * it never waits (Linux's dispose may wait for a reading thread stuck in a read).
   */
  stopChildren?(): void;
}

export type ElevationOutcome =
  { kind: 'accepted'; resolved: number } | { kind: 'declined'; message: string } | { kind: 'failed'; message: string };
