/**
 * The sandboxed preload: imports nothing but 'electron' (the bundle inlines
 * src/shared) and exposes exactly one object, window.netscope.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcApi } from './api';

contextBridge.exposeInMainWorld('netscope', createIpcApi(ipcRenderer));
