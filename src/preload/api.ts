/**
 * NetScopeApi over Electron IPC. Built from an injected ipcRenderer so the
 * renderer only ever receives these closures, never ipcRenderer itself (a
 * page holding ipcRenderer could send on any channel).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { NetScopeApi, Unsubscribe } from '../shared/api';
import { buildHandlers, INVOKE_CHANNELS, PUSH_CHANNELS, type Invoker } from '../shared/channels';

type Ipc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createIpcApi(ipc: Ipc): NetScopeApi {
  const subscribe =
    <T>(channel: string) =>
    (listener: (payload: T) => void): Unsubscribe => {
      // The wrapper drops the IpcRendererEvent: it carries `sender` (the
      // ipcRenderer), which must never reach the page.
      const wrapper = (_event: IpcRendererEvent, payload: T): void => listener(payload);
      ipc.on(channel, wrapper);
      return () => {
        ipc.removeListener(channel, wrapper);
      };
    };

  // Each method goes to its own channel, taken from the one list of methods. ipc.invoke
  // answers `any`: the main process's handler for that channel returns the method's ApiResult.
  const invoke: Invoker = (method, args) => ipc.invoke(INVOKE_CHANNELS[method], ...args);

  return {
    ...buildHandlers(invoke),
    onSnapshot: subscribe(PUSH_CHANNELS.snapshot),
    onDiff: subscribe(PUSH_CHANNELS.diff),
    onStatus: subscribe(PUSH_CHANNELS.status),
    onCommand: subscribe(PUSH_CHANNELS.command),
  };
}
