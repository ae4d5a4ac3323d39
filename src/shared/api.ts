/**
 * The API between the engine and any UI. The renderer knows only this
 * interface; Electron's preload implements it over IPC and the browser mode
 * over a WebSocket, so the views run unchanged on both.
 */
import type { Connection, Snapshot } from './model';
import type { SnapshotDiff } from './diff';

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

export interface EngineStatus {
  intervalMs: number;
  paused: boolean;
  /** Seq of the newest snapshot, 0 before the first. */
  seq: number;
  /** True while showing an imported file (read-only, no refresh). */
  readOnly: boolean;
  /** The window title's subject: the host name, or the imported file's name. */
  title: string;
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

export type CsvRows = 'all' | 'filtered';

export interface ExportCsvRequest {
  /** Column ids in order (see CONNECTION_COLUMNS). */
  columns: string[];
  /** Ids of the rows to export, when only the filtered rows are wanted; null for all. */
  rowIds: string[] | null;
}

export interface ExportCsvResult {
  /** Where it was written (Electron), or null when the browser downloads it. */
  path: string | null;
  /** The CSV text for the browser to download; null when written to disk. */
  csv: string | null;
  rows: number;
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

export interface NetScopeApi {
  getSnapshot(): Promise<ApiResult<Snapshot>>;
  getStatus(): Promise<ApiResult<EngineStatus>>;
  getCapabilities(): Promise<ApiResult<Capabilities>>;
  setInterval(ms: number): Promise<ApiResult<EngineStatus>>;
  pause(): Promise<ApiResult<EngineStatus>>;
  resume(): Promise<ApiResult<EngineStatus>>;
  refreshNow(): Promise<ApiResult<EngineStatus>>;
  exportCsv(request: ExportCsvRequest): Promise<ApiResult<ExportCsvResult>>;
  getProcessDetails(pid: number): Promise<ApiResult<ProcessDetails>>;
  endProcess(request: EndProcessRequest): Promise<ApiResult<{ ended: true }>>;
  revealFile(path: string): Promise<ApiResult<{ shown: true }>>;
  resolveHost(address: string): Promise<ApiResult<string | null>>;
  elevateOwners(): Promise<ApiResult<ElevateResult>>;
  /** A full snapshot: first on subscribe, and whenever a gap forces a resync. */
  onSnapshot(listener: (snapshot: Snapshot) => void): Unsubscribe;
  onDiff(listener: (diff: SnapshotDiff) => void): Unsubscribe;
  onStatus(listener: (status: EngineStatus) => void): Unsubscribe;
  /** Menu commands pushed from the shell (e.g. 'export-csv'). */
  onCommand(listener: (command: ShellCommand) => void): Unsubscribe;
}

export type ShellCommand = 'export-csv' | 'focus-filter' | 'about';
