/**
 * The page the early-socket tests run in: WebSocket replaced by FakeSocket, storage empty, the token in the URL's
 * fragment as `netscope serve` prints it, and a fresh copy of browser-socket.ts (its early socket is per page).
 * Shared by browser-socket.test.ts and early-socket-inline.test.ts. Not imported by the app.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { FakeSocket } from './fake-socket';

/** A fresh copy of browser-socket.ts, as a new page would load it. */
export const loadBrowserSocket = async (): Promise<typeof import('./browser-socket')> => {
  vi.resetModules();
  return import('./browser-socket');
};

/** Gives each test of the calling describe a fresh page (`beforeEach`), then puts the globals back. */
export function freshBrowserPage(beforeEachToo: () => void = () => undefined): void {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    localStorage.clear();
    sessionStorage.clear();
    history.replaceState(null, '', '/#token=tok-1');
    beforeEachToo();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    delete window.netscope;
  });
}
