/**
 * The one way the renderer reaches the engine: Electron's preload bridge when
 * present, else the WebSocket of `netscope serve`.
 */
import type { NetScopeApi } from '../../shared/api';
import { TOKEN_PARAM, WS_PATH } from '../../shared/wire';
import { createWsApi } from './ws-api';

let api: NetScopeApi | null = null;

/** The WebSocket URL for this page: same host, ws or wss to match the page, token passed on. */
export function wsUrlFor(loc: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(loc.search).get(TOKEN_PARAM);
  const query = token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : '';
  return `${scheme}://${loc.host}${WS_PATH}${query}`;
}

export function getApi(): NetScopeApi {
  if (api) return api;
  api = window.netscope ?? createWsApi({ url: wsUrlFor(window.location) });
  return api;
}
