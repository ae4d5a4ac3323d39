/**
 * The API between the engine and any UI. The renderer knows only this
 * interface; Electron's preload implements it over IPC and the browser mode
 * over a WebSocket, so the views run unchanged on both.
 */
import type { SocketEngineChoice } from './traffic';
import type { Connection, Snapshot } from './model';
import type { SnapshotDiff } from './diff';
import type { SnapshotHead } from './wire-head';

export type ApiErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'forbidden'
  | 'unsupported'
  | 'process-changed'
  | 'cancelled'
  | 'io-error'
  | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}
export function fail<T = never>(code: ApiErrorCode, message: string): ApiResult<T> {
  return { ok: false, error: { code, message } };
}

export type TcpTemplatesState = 'off' | 'first-read' | 'on';

export interface EngineStatus {
  intervalMs: number;
  paused: boolean;
  /** Seq of the newest snapshot, 0 before the first. */
  seq: number;
  /** True while showing an imported file (read-only, no refresh). */
  readOnly: boolean;
  /** The window title's subject: the host name, or the imported file's name. */
  title: string;
  /**
   * UNIX domain sockets as grid rows (protocol 'unix'): true while collected, false while off (the default: a
   * server has thousands), absent where this engine cannot list them (Windows, an imported file without them).
   */
  unixSockets?: boolean;
  /**
   * Windows live: the TCP template column (netstat -y), read by `netstat -any` only while asked (setTcpTemplates):
   * 'off', 'first-read' (on, the first read has not answered yet) or 'on'. Absent where templates are not read
   * (other systems, an imported file).
   */
  tcpTemplates?: TcpTemplatesState;
  /** The socket engine asked for, where the engine can switch (Linux live); what ran is in the snapshot. */
  socketEngine?: SocketEngineChoice;
  /**
   * True where the engine was named at launch (`--socket-engine` or NETSCOPE_SOCKET_ENGINE): a page then leaves it
   * as launched instead of asking for the engine it saved last time (whoever started `serve` chose on purpose).
   */
  socketEngineFromLaunch?: boolean;
  /** Set while the desktop app shows a remote agent (`netscope serve`) instead of this computer. */
  remote?: RemoteAgentStatus;
}

/** The desktop app's link to a remote agent, for the status bar and the lost-agent banner. */
export interface RemoteAgentStatus {
  /** host:port as the user gave it (often an SSH tunnel's local end). */
  address: string;
  /** The agent's own host name, once it said. */
  hostName: string | null;
  state: 'open' | 'reconnecting';
  /** Why the link is down and when the next try is, while reconnecting. */
  message: string | null;
}

export interface Capabilities {
  mode: 'electron' | 'browser';
  /** Ending processes: Electron always; browser mode only with --allow-actions. */
  canEndProcess: boolean;
  /** Show the executable in the file manager: Electron only. */
  canRevealFile: boolean;
  /** Windows: resolve owners through an elevated `netstat -anob`. */
  canElevate: boolean;
  platform: string;
}

export interface ProcessDetails {
  pid: number;
  name: string | null;
  exePath: string | null;
  commandLine: string | null;
  user: string | null;
  /** Epoch milliseconds; with the PID it names the process uniquely. */
  startTime: number | null;
  connections: Connection[];
}

/**
 * Saving an export: the page builds the CSV from the rows on screen, in their
 * order (src/shared/csv.ts), and the engine only writes the text to the file
 * the user picks (Electron, atomically). Browser mode never sends it: the page
 * downloads it, and the server answers 'unsupported'.
 */
export interface ExportCsvRequest {
  csv: string;
  /** The file name to offer in the save dialog, e.g. netscope-2024-05-01T10-20-30.csv. */
  fileName: string;
}

export interface ExportCsvResult {
  /** Where it was written. */
  path: string;
}

export interface EndProcessRequest {
  pid: number;
  /** The start time the UI saw; the engine refuses if the PID now names another process. */
  startTime: number | null;
}

export interface ElevateResult {
  resolved: number;
  message: string;
}

export type Unsubscribe = () => void;

/** The state of a transport that can drop and reconnect (the browser mode's WebSocket). */
export type TransportState = 'connecting' | 'open' | 'closed';

export interface NetScopeApi {
  getSnapshot(): Promise<ApiResult<Snapshot>>;
  getStatus(): Promise<ApiResult<EngineStatus>>;
  getCapabilities(): Promise<ApiResult<Capabilities>>;
  setInterval(ms: number): Promise<ApiResult<EngineStatus>>;
  /** Starts (true) or stops listing UNIX domain sockets as rows; a refresh follows at once. */
  setUnixSockets(enabled: boolean): Promise<ApiResult<EngineStatus>>;
  /** Windows: starts (true) or stops reading each TCP connection's template (netstat -y) for the Template column. */
  setTcpTemplates(enabled: boolean): Promise<ApiResult<EngineStatus>>;
  /** Linux: read sockets through netlink (traffic counters), procfs or auto; a refresh follows at once. */
  setSocketEngine(engine: SocketEngineChoice): Promise<ApiResult<EngineStatus>>;
  pause(): Promise<ApiResult<EngineStatus>>;
  resume(): Promise<ApiResult<EngineStatus>>;
  refreshNow(): Promise<ApiResult<EngineStatus>>;
  exportCsv(request: ExportCsvRequest): Promise<ApiResult<ExportCsvResult>>;
  getProcessDetails(pid: number): Promise<ApiResult<ProcessDetails>>;
  endProcess(request: EndProcessRequest): Promise<ApiResult<{ ended: true }>>;
  revealFile(path: string): Promise<ApiResult<{ shown: true }>>;
  resolveHost(address: string): Promise<ApiResult<string | null>>;
  elevateOwners(): Promise<ApiResult<ElevateResult>>;
  /**
   * Desktop only: show a remote `netscope serve` (its printed URL with #token=) in this window.
   * Resolves when connected, or with a clear error (wrong token, nothing listening, ...).
   */
  connectRemote(url: string): Promise<ApiResult<{ title: string }>>;
  /** A full snapshot: first on subscribe, and whenever a gap forces a resync. */
  onSnapshot(listener: (snapshot: Snapshot) => void): Unsubscribe;
  onDiff(listener: (diff: SnapshotDiff) => void): Unsubscribe;
  onStatus(listener: (status: EngineStatus) => void): Unsubscribe;
  /** Menu commands pushed from the shell (e.g. 'export-csv'). */
  onCommand(listener: (command: ShellCommand) => void): Unsubscribe;
  /**
   * Optional transport features (the WebSocket has them, Electron's IPC does not):
   * the transport's state, for the status bar, with the server's reason when
   * it closed the connection (too many clients, send buffer full) ...
   */
  onConnectionChange?(listener: (state: TransportState, reason?: string) => void): Unsubscribe;
  /** ... and whether it pushes the newest snapshot on (re)connect by itself, so the page need not ask. */
  readonly pushesSnapshotOnConnect?: boolean;
  /**
   * ... and a snapshot's first screenful, pushed before the whole of it on the
   * first connect (the WebSocket; shared/wire-head.ts). Electron's IPC sends
   * whole snapshots only.
   */
  onSnapshotHead?(listener: (head: SnapshotHead) => void): Unsubscribe;
}

export type ShellCommand = 'export-csv' | 'focus-filter' | 'about' | 'connect-remote';
