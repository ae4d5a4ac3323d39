/// <reference types="vite/client" />
import type { NetScopeApi } from '../shared/api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode (`netscope serve`). */
    netscope?: NetScopeApi;
  }
}

export {};
