/** What the engine pushes to a UI, over Electron IPC or the WebSocket. */
import type { EngineStatus, ShellCommand } from './api';
import type { SnapshotDiff } from './diff';
import type { Snapshot } from './model';

export type PushMessage =
  | { channel: 'snapshot'; payload: Snapshot }
  | { channel: 'diff'; payload: SnapshotDiff }
  | { channel: 'status'; payload: EngineStatus }
  | { channel: 'command'; payload: ShellCommand };
