/**
 * The server side of NetScopeApi, shared by the two adapters (Electron IPC in
 * src/main/electron, the WebSocket in src/main/serve). Adapters only move
 * messages: dispatch() validates the method name and every argument (see
 * src/shared/validate.ts) and returns an ApiResult, never throws.
 */
import type { ApiResult, ShellCommand } from '../../shared/api';
import type { Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import type { PlatformCollectors } from '../collectors/types';

export type { PushMessage };

export interface Backend {
  /** method: a NetScopeApi invoke method name; args: the raw argument array from the wire. */
  dispatch(method: unknown, args: unknown): Promise<ApiResult<unknown>>;
  /** The newest full snapshot is sent to a new listener at once, then diffs and status. */
  subscribe(listener: (message: PushMessage) => void): () => void;
  /** Sends a shell command (menu item) to every listener. */
  sendCommand(command: ShellCommand): void;
  start(): void;
  stop(): Promise<void>;
}

export interface BackendOptions {
  mode: 'electron' | 'browser';
  /** Ending processes; the browser mode enables it only with --allow-actions. */
  allowEndProcess: boolean;
  /** Electron: asks where to save and writes; resolves to the path, or null when the user cancelled. */
  saveCsv?: (csv: string, suggestedName: string) => Promise<string | null>;
  /** Electron: shows the file in the OS file manager. */
  revealFile?: (path: string) => Promise<void>;
  /** Defaults to the collectors of this OS. */
  collectors?: PlatformCollectors;
  intervalMs?: number;
  /** A read-only snapshot (an imported file) instead of live collection. */
  fixedSnapshot?: Snapshot;
}
