/**
 * The one way the renderer reaches the engine: Electron's preload bridge when
 * present, else the WebSocket of `netscope serve`.
 */
import type { NetScopeApi } from '../../shared/api';
import { TOKEN_PARAM, TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } from '../../shared/wire';
import { filterProblems } from '../../shared/filter-assist';
import { WS_PROTOCOL_COLUMNS } from '../../shared/wire-frame';
import { MAX_HEAD_ROWS, type HeadRequest } from '../../shared/wire-head';
import { ROW_HEIGHT } from '../grid/GridRow';
import { browserStorage, migratePrefs, PREFS_KEY, prefsStorage, type PrefsStorage } from '../store/prefs';
import { createWsApi } from './ws-api';

let api: NetScopeApi | null = null;

/** Where the page keeps the token so a reload still connects; per tab, gone when the tab closes. */
export const TOKEN_STORAGE_KEY = 'netscope.token';

type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The access token, taken once from the address the user opened (`#token=`
 * as printed, or `?token=`), kept in sessionStorage for reloads, and removed
 * from the address bar and the history entry so it is not shown, bookmarked,
 * shared in a screenshot or sent in a later request.
 */
export function takeToken(
  loc: Pick<Location, 'pathname' | 'search' | 'hash'>,
  storage: TokenStorage | null,
  history: Pick<History, 'replaceState' | 'state'>,
): string | null {
  const query = new URLSearchParams(loc.search);
  const fragment = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const given = fragment.get(TOKEN_PARAM) ?? query.get(TOKEN_PARAM);
  if (given === null || given === '') {
    try {
      return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
    } catch {
      return null; // Storage can be disabled; the user then opens the printed URL again.
    }
  }
  try {
    storage?.setItem(TOKEN_STORAGE_KEY, given);
  } catch {
    // Without storage a reload needs the printed URL again; the token still leaves the address bar.
  }
  query.delete(TOKEN_PARAM);
  fragment.delete(TOKEN_PARAM);
  const search = query.toString();
  const hash = fragment.toString();
  history.replaceState(history.state, '', `${loc.pathname}${search ? `?${search}` : ''}${hash ? `#${hash}` : ''}`);
  return given;
}

/** The WebSocket URL for this page: same host, ws or wss to match the page. The token never goes in a URL. */
export function wsUrlFor(loc: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}${WS_PATH}`;
}

/**
 * The subprotocols offered: binary snapshots (which a server of this version
 * selects), the JSON protocol (which an older one does), and the token (which
 * the server checks and never echoes).
 */
export function wsProtocolsFor(token: string | null): string[] {
  const protocols = [WS_PROTOCOL_COLUMNS, WS_PROTOCOL];
  return token ? [...protocols, `${TOKEN_PROTOCOL_PREFIX}${token}`] : protocols;
}

/**
 * The view the page will show first, from the saved preferences (read as the
 * store will read them): its sort, filter (none if it cannot match, as the
 * store starts) and TIME_WAIT switch, and enough rows for a screen this tall.
 */
export function savedHeadRequest(storage: PrefsStorage | null, screenHeight: number): HeadRequest {
  const saved = prefsStorage(storage).getItem(PREFS_KEY);
  // This storage answers at once (localStorage); a thenable would be another storage's.
  const stored = saved !== null && 'then' in saved ? null : saved;
  const { prefs } = migratePrefs(stored?.state ?? null, stored?.version ?? 2);
  const filter = filterProblems(prefs.filter).length > 0 ? '' : prefs.filter;
  // Rows for the whole screen, plus the grid's overscan; the rest comes with the snapshot.
  const rows = Math.min(MAX_HEAD_ROWS, Math.max(1, Math.ceil(screenHeight / ROW_HEIGHT) + 8));
  return { sort: prefs.sort, filter, hideTimeWait: prefs.hideTimeWait, rows };
}

function sessionStore(): TokenStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function getApi(): NetScopeApi {
  if (api) return api;
  if (window.netscope) api = window.netscope;
  else {
    const token = takeToken(window.location, sessionStore(), window.history);
    api = createWsApi({
      url: wsUrlFor(window.location),
      protocols: wsProtocolsFor(token),
      head: () => savedHeadRequest(browserStorage(), Math.max(window.innerHeight, window.screen?.height ?? 0)),
    });
  }
  return api;
}
