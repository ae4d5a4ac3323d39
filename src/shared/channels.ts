/**
 * Channel names and their argument types: the one list that the preload,
 * the Electron IPC handlers and the WebSocket server are written against.
 */
import type { NetScopeApi } from './api';

/** Invoke-style requests: one per NetScopeApi method that returns a result. */
export const INVOKE_CHANNELS = {
  getSnapshot: 'netscope:get-snapshot',
  getStatus: 'netscope:get-status',
  getCapabilities: 'netscope:get-capabilities',
  setInterval: 'netscope:set-interval',
  pause: 'netscope:pause',
  resume: 'netscope:resume',
  refreshNow: 'netscope:refresh-now',
  exportCsv: 'netscope:export-csv',
  getProcessDetails: 'netscope:get-process-details',
  endProcess: 'netscope:end-process',
  revealFile: 'netscope:reveal-file',
  resolveHost: 'netscope:resolve-host',
  elevateOwners: 'netscope:elevate-owners',
} as const;

/** Pushes from the engine to the UI. */
export const PUSH_CHANNELS = {
  snapshot: 'netscope:snapshot',
  diff: 'netscope:diff',
  status: 'netscope:status',
  command: 'netscope:command',
} as const;

export type InvokeMethod = keyof typeof INVOKE_CHANNELS;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[InvokeMethod];
export type PushChannel = (typeof PUSH_CHANNELS)[keyof typeof PUSH_CHANNELS];

export type InvokeArgs<M extends InvokeMethod> = Parameters<NetScopeApi[M]>;
export type InvokeResult<M extends InvokeMethod> = Awaited<ReturnType<NetScopeApi[M]>>;

export const INVOKE_METHODS = Object.keys(INVOKE_CHANNELS) as InvokeMethod[];

export function methodForChannel(channel: string): InvokeMethod | null {
  for (const m of INVOKE_METHODS) if (INVOKE_CHANNELS[m] === channel) return m;
  return null;
}
