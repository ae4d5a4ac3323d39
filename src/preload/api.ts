/**
 * NetScopeApi over Electron IPC. Built from an injected ipcRenderer so the
 * renderer only ever receives these closures, never ipcRenderer itself (a
 * page holding ipcRenderer could send on any channel).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { NetScopeApi, Unsubscribe } from '../shared/api';
import { INVOKE_CHANNELS, PUSH_CHANNELS } from '../shared/channels';

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

  return {
    getSnapshot: () => ipc.invoke(INVOKE_CHANNELS.getSnapshot),
    getStatus: () => ipc.invoke(INVOKE_CHANNELS.getStatus),
    getCapabilities: () => ipc.invoke(INVOKE_CHANNELS.getCapabilities),
    setInterval: (ms) => ipc.invoke(INVOKE_CHANNELS.setInterval, ms),
    pause: () => ipc.invoke(INVOKE_CHANNELS.pause),
    resume: () => ipc.invoke(INVOKE_CHANNELS.resume),
    refreshNow: () => ipc.invoke(INVOKE_CHANNELS.refreshNow),
    exportCsv: (request) => ipc.invoke(INVOKE_CHANNELS.exportCsv, request),
    getProcessDetails: (pid) => ipc.invoke(INVOKE_CHANNELS.getProcessDetails, pid),
    endProcess: (request) => ipc.invoke(INVOKE_CHANNELS.endProcess, request),
    revealFile: (path) => ipc.invoke(INVOKE_CHANNELS.revealFile, path),
    resolveHost: (address) => ipc.invoke(INVOKE_CHANNELS.resolveHost, address),
    elevateOwners: () => ipc.invoke(INVOKE_CHANNELS.elevateOwners),
    onSnapshot: subscribe(PUSH_CHANNELS.snapshot),
    onDiff: subscribe(PUSH_CHANNELS.diff),
    onStatus: subscribe(PUSH_CHANNELS.status),
    onCommand: subscribe(PUSH_CHANNELS.command),
  };
}
