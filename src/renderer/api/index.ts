/**
 * The one way the renderer reaches the engine: Electron's preload bridge when
 * present, else the WebSocket of `netscope serve` (browser-socket.ts: its URL,
 * token and the socket boot.ts may have opened already).
 */
import type { NetScopeApi } from '../../shared/api';
import { browserSocketOptions, takeEarlySocket } from './browser-socket';
import { createWsApi } from './ws-api';

export { savedHeadRequest, takeToken, TOKEN_STORAGE_KEY, wsProtocolsFor, wsUrlFor } from './browser-socket';

let api: NetScopeApi | null = null;

export function getApi(): NetScopeApi {
  if (api) return api;
  if (window.netscope) api = window.netscope;
  else api = createWsApi({ ...browserSocketOptions(), early: takeEarlySocket() });
  return api;
}
