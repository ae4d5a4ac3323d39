/**
 * Browser mode's socket (`netscope serve`): where it connects, with what, and
 * the one boot.ts opens before the app has loaded.
 *
 * WHY open early: on a first load the app's bundle (~420 KB, React) takes
 * 500-800 ms to arrive, compile, evaluate and render an empty grid; a socket
 * opened only then waits that long for the first screenful (the head). boot.ts,
 * the page's small entry, opens the same socket at once and buffers what
 * arrives (and draws the head, boot/); ws-api.ts adopts it on its first
 * connect. This file therefore imports only what the URL needs, not the client
 * or the views.
 */
import { TOKEN_PARAM, TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } from '../../shared/wire';
import { filterProblems } from '../../shared/filter-assist';
import { WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS } from '../../shared/wire-frame';
import { encodeHeadRequest, HEAD_PARAM, MAX_HEAD_ROWS, type HeadRequest } from '../../shared/wire-head';
import { EARLY_SOCKET_GLOBAL } from '../../shared/early-socket-script';
import { ROW_HEIGHT } from '../grid/geometry';
import { browserStorage, migratePrefs, PREFS_KEY, prefsStorage, type Prefs, type PrefsStorage } from '../store/prefs';
import type { SocketConstructor, SocketLike } from './ws-api-types';

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
 * The subprotocols offered: binary snapshots and diffs (which a server of this
 * version selects), binary snapshots alone (the build before), the JSON
 * protocol (older ones), and the token (which the server checks and never
 * echoes).
 */
export function wsProtocolsFor(token: string | null): string[] {
  const protocols = [WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS, WS_PROTOCOL];
  return token ? [...protocols, `${TOKEN_PROTOCOL_PREFIX}${token}`] : protocols;
}

/** The saved preferences as the store will read them at start (its defaults where none are saved). */
export function savedPrefs(storage: PrefsStorage | null): Prefs {
  const saved = prefsStorage(storage).getItem(PREFS_KEY);
  // This storage answers at once (localStorage); a thenable would be another storage's.
  const stored = saved !== null && 'then' in saved ? null : saved;
  return migratePrefs(stored?.state ?? null, stored?.version ?? 2).prefs;
}

/**
 * The view the page will show first, from the saved preferences (read as the
 * store will read them): its sort, filter (none if it cannot match, as the
 * store starts) and TIME_WAIT switch, and enough rows for a screen this tall.
 */
export function savedHeadRequest(storage: PrefsStorage | null, screenHeight: number): HeadRequest {
  const prefs = savedPrefs(storage);
  const filter = filterProblems(prefs.filter).length > 0 ? '' : prefs.filter;
  // Rows for the whole screen, plus the grid's overscan; the rest comes with the snapshot.
  const rows = Math.min(MAX_HEAD_ROWS, Math.max(1, Math.ceil(screenHeight / ROW_HEIGHT) + 8));
  return { sort: prefs.sort, filter, hideTimeWait: prefs.hideTimeWait, rows };
}

/** The socket's URL asking for the first screenful of this view (or the plain URL without one). */
export function urlWithHeadRequest(url: string, request: HeadRequest | null): string {
  if (request === null) return url;
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}${HEAD_PARAM}=${encodeURIComponent(encodeHeadRequest(request))}`;
}

/** What createWsApi needs in browser mode; the head is read at each connect (the prefs may change). */
export interface BrowserSocketOptions {
  url: string;
  protocols: string[];
  head: () => HeadRequest;
}

function sessionStore(): TokenStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

let options: BrowserSocketOptions | null = null;

/** This page's options, made once: taking the token cleans the address, so a second take would find none. */
export function browserSocketOptions(): BrowserSocketOptions {
  options ??= {
    url: wsUrlFor(window.location),
    protocols: wsProtocolsFor(takeToken(window.location, sessionStore(), window.history)),
    head: () => savedHeadRequest(browserStorage(), Math.max(window.innerHeight, window.screen?.height ?? 0)),
  };
  return options;
}

/** A socket opened before the client existed, and what it got meanwhile, in order (see ws-api.ts adopt). */
export interface EarlySocket {
  readonly socket: SocketLike;
  /** Each message's data as the socket gave it, in arrival order. */
  readonly messages: unknown[];
  opened: boolean;
  /** The close event, once the socket closed (a refused token, a server gone). */
  closed: { ev: unknown } | null;
  /** Told after each message and the close, while the page has not loaded the client (boot/boot-sequence.ts). */
  onArrive: (() => void) | null;
}

/** Opens the socket and buffers everything it reports until ws-api.ts takes it over; null if it cannot open. */
export function openEarlySocket(Impl: SocketConstructor, url: string, protocols: string[]): EarlySocket | null {
  let socket: SocketLike;
  try {
    socket = new Impl(url, protocols);
  } catch {
    return null; // The client then connects as it always did (and reports the failure).
  }
  const early: EarlySocket = { socket, messages: [], opened: false, closed: null, onArrive: null };
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    early.opened = true;
  };
  socket.onmessage = (ev) => {
    early.messages.push(ev.data);
    early.onArrive?.();
  };
  socket.onerror = () => {
    // A close event always follows.
  };
  socket.onclose = (ev) => {
    early.closed = { ev };
    early.onArrive?.();
  };
  return early;
}

let early: EarlySocket | null = null;

/** What index.html's inline script leaves on `window` (shared/early-socket-script.ts): an EarlySocket and its asks. */
interface InlineEarlySocket extends EarlySocket {
  readonly url: string;
  readonly protocols: readonly string[];
}

function isInlineEarlySocket(v: unknown): v is InlineEarlySocket {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<InlineEarlySocket>;
  return (
    typeof e.socket === 'object' &&
    e.socket !== null &&
    Array.isArray(e.messages) &&
    typeof e.url === 'string' &&
    Array.isArray(e.protocols)
  );
}

/**
 * The socket index.html's inline script opened, taken off `window` once; only if it asked for exactly what this page
 * asks for (URL with the head request, subprotocols with the token). Otherwise it is closed and null is returned:
 * the script's short reading of the saved view is not the store's (savedHeadRequest above), and a socket asking
 * for another view's head (or with another token) must not become the client's.
 */
export function adoptInlineSocket(
  win: Record<string, unknown>,
  url: string,
  protocols: readonly string[],
): EarlySocket | null {
  const found = win[EARLY_SOCKET_GLOBAL];
  Reflect.deleteProperty(win, EARLY_SOCKET_GLOBAL);
  if (!isInlineEarlySocket(found)) return null;
  const same =
    found.url === url &&
    found.protocols.length === protocols.length &&
    found.protocols.every((p, i) => p === protocols[i]);
  if (same) return found;
  // Not ours: its late messages and close must not reach anyone.
  found.onArrive = null;
  found.socket.onclose = null;
  found.socket.onmessage = null;
  found.socket.close();
  return null;
}

/**
 * boot.ts: in browser mode (no Electron preload, the same test as getApi), the socket getApi's client would open
 * first, with the same URL and head request: index.html's (opened while the page was parsed) when it asked for
 * exactly that, else one opened now.
 */
export function startEarlySocket(): EarlySocket | null {
  if (window.netscope || early !== null || options !== null) return null;
  const o = browserSocketOptions();
  const url = urlWithHeadRequest(o.url, o.head());
  early =
    adoptInlineSocket(window as unknown as Record<string, unknown>, url, o.protocols) ??
    openEarlySocket(WebSocket as unknown as SocketConstructor, url, o.protocols);
  return early;
}

/** The early socket, once: the first client adopts it, any later one opens its own. */
export function takeEarlySocket(): EarlySocket | null {
  const taken = early;
  early = null;
  return taken;
}
