/**
 * The server side of NetScopeApi, shared by the two adapters (Electron IPC in
 * src/main/electron, the WebSocket in src/main/serve). In-process callers (the
 * menu, the switchable backend) call the typed handlers; the adapters hand
 * untyped wire input to src/shared/dispatch.ts, which validates it once (see
 * src/shared/validate.ts) and returns an ApiResult, never throws.
 */
import type { ShellCommand } from '../../shared/api';
import type { ApiHandlers } from '../../shared/channels';
import type { Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import type { PlatformCollectors } from '../collectors/types';

export type { PushMessage };

export interface Backend {
  /** One handler per NetScopeApi invoke method, typed per method. Arguments are trusted: validate wire input first. */
  readonly handlers: ApiHandlers;
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
  /**
   * Electron: shows the file in the OS file manager. Called only for paths the app
   * produced (a CSV exported in this session, an executable in the current snapshot).
   */
  revealFile?: (path: string) => Promise<void>;
  /**
   * Electron: asks the user, in the main process (a native dialog naming the process),
   * before a process is ended; resolves true to go ahead. Awaited before the signal.
   */
  confirmEndProcess?: (target: { pid: number; name: string | null; path: string | null }) => Promise<boolean>;
  /** Defaults to the collectors of this OS. */
  collectors?: PlatformCollectors;
  intervalMs?: number;
  /** A read-only snapshot (an imported file) instead of live collection. */
  fixedSnapshot?: Snapshot;
  /**
   * `serve`: stop collecting this long after the last subscriber left (or
   * after start, when none came); the first subscriber after a quiet spell
   * gets a fresh snapshot. An unwatched server once spent 9 CPU-minutes an
   * hour on nobody. The grace keeps a page reload from waiting for a cold
   * collection. Absent: always collect (Electron).
   */
  idleAfterMs?: number;
}
