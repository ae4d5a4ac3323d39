/**
 * Channel names and their argument types: the one list that the preload,
 * the Electron IPC handlers and the WebSocket server are written against.
 */
import type { ApiResult, NetScopeApi } from './api';

/** Invoke-style requests: one per NetScopeApi method that returns a result. */
export const INVOKE_CHANNELS = {
  getSnapshot: 'netscope:get-snapshot',
  getStatus: 'netscope:get-status',
  getCapabilities: 'netscope:get-capabilities',
  setInterval: 'netscope:set-interval',
  setUnixSockets: 'netscope:set-unix-sockets',
  setTcpTemplates: 'netscope:set-tcp-templates',
  setSocketEngine: 'netscope:set-socket-engine',
  pause: 'netscope:pause',
  resume: 'netscope:resume',
  refreshNow: 'netscope:refresh-now',
  exportCsv: 'netscope:export-csv',
  getProcessDetails: 'netscope:get-process-details',
  endProcess: 'netscope:end-process',
  revealFile: 'netscope:reveal-file',
  resolveHost: 'netscope:resolve-host',
  elevateOwners: 'netscope:elevate-owners',
  connectRemote: 'netscope:connect-remote',
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
/** The value a method's ApiResult carries when it succeeds. */
export type InvokeResult<M extends InvokeMethod> =
  Awaited<ReturnType<NetScopeApi[M]>> extends ApiResult<infer T> ? T : never;

/**
 * One handler per invoke method, each typed by NetScopeApi: the engine's
 * implementation, the preload's and the WebSocket client's method objects,
 * and every in-process caller use this one type.
 */
export type ApiHandlers = {
  [M in InvokeMethod]: (...args: InvokeArgs<M>) => Promise<ApiResult<InvokeResult<M>>>;
};

/** Sends one call somewhere (an IPC channel, a WebSocket, another backend) with method and arguments tied. */
export type Invoker = <M extends InvokeMethod>(method: M, args: InvokeArgs<M>) => Promise<ApiResult<InvokeResult<M>>>;

export const INVOKE_METHODS = Object.keys(INVOKE_CHANNELS) as InvokeMethod[];

/**
 * The method object for a transport, built from the one list of methods: a
 * method added to INVOKE_CHANNELS and NetScopeApi appears here by itself, and
 * none can be routed to another method's channel.
 */
export function buildHandlers(invoke: Invoker): ApiHandlers {
  const handlers: Partial<Record<InvokeMethod, (...args: never[]) => unknown>> = {};
  for (const method of INVOKE_METHODS) {
    handlers[method] = (...args: InvokeArgs<typeof method>) => invoke(method, args);
  }
  // Every key of INVOKE_METHODS was filled above, each with its own method's invoker.
  return handlers as ApiHandlers;
}

/** Calls one handler; the generic keeps the method and its arguments tied. */
export function callHandler<M extends InvokeMethod>(
  handlers: ApiHandlers,
  method: M,
  args: InvokeArgs<M>,
): Promise<ApiResult<InvokeResult<M>>> {
  // TypeScript cannot call through an indexed mapped type with a generic key; ApiHandlers guarantees the shape.
  const handler = handlers[method] as unknown as (...a: InvokeArgs<M>) => Promise<ApiResult<InvokeResult<M>>>;
  return handler(...args);
}

/** The keys of a channel map whose channel another key uses too (never when all are distinct). */
export type SharedChannelKeys<T extends Record<string, string>> = {
  [K in keyof T]: T[K] extends T[Exclude<keyof T, K>] ? K : never;
}[keyof T];

/** Compile-time: no two methods share a channel (the preload would otherwise answer one method with another). */
const channelsAreDistinct: [SharedChannelKeys<typeof INVOKE_CHANNELS>] extends [never] ? true : false = true;
void channelsAreDistinct;
