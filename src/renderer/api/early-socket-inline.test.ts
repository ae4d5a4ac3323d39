/**
 * index.html's inline script (shared/early-socket-script.ts) run as the page runs it, then boot's
 * startEarlySocket: for every saved view the script reads as the store does, the client adopts the script's socket
 * (one socket, the URL and token the client would have used); for one it reads otherwise, the client closes it and
 * opens its own, so nothing it gets wrong reaches the page.
 */
import { describe, expect, it, vi } from 'vitest';
import { EARLY_SOCKET_GLOBAL, EARLY_SOCKET_SCRIPT } from '../../shared/early-socket-script';
import { freshBrowserPage, loadBrowserSocket as load } from './browser-page.test-setup';
import { FakeSocket } from './fake-socket';

/** The inline script, as the browser runs it while it parses the page. */
const runInline = (): void => {
  (new Function(EARLY_SOCKET_SCRIPT) as () => unknown)();
};

const globals = window as unknown as Record<string, unknown>;

const saved = (prefs: unknown, version = 3): void =>
  localStorage.setItem('netscope.prefs', JSON.stringify({ state: { prefs }, version }));

describe("index.html's early socket, adopted by boot", () => {
  freshBrowserPage(() => Reflect.deleteProperty(globals, EARLY_SOCKET_GLOBAL));

  // Saved views the script reads as the store does: no entry, defaults, a sort, a filter, TIME_WAIT hidden, an
  // entry of another shape (defaults), an unparsable one (defaults), an older version's prefs.
  const same: [string, () => void][] = [
    ['nothing saved', () => undefined],
    ['defaults', () => saved({ sort: null, filter: '', hideTimeWait: false })],
    ['a sort, descending', () => saved({ sort: { column: 'pid', desc: true }, filter: '' })],
    ['a sort with a non-boolean desc', () => saved({ sort: { column: 'remoteAddress', desc: 'yes' } })],
    ['a valid filter and TIME_WAIT hidden', () => saved({ filter: 'port:443 state:est', hideTimeWait: true })],
    ['a filter longer than the store keeps', () => saved({ filter: `proc:${'x'.repeat(1200)}` })],
    ['not the persist shape', () => localStorage.setItem('netscope.prefs', '[1,2]')],
    ['not JSON', () => localStorage.setItem('netscope.prefs', '{oops')],
    ['version 2', () => saved({ sort: { column: 'state', desc: false } }, 2)],
  ];
  it.each(same)('%s: one socket, the inline one, with the URL and token the client uses', async (_, setUp) => {
    setUp();
    runInline();
    expect(FakeSocket.all).toHaveLength(1);
    const inline = FakeSocket.all[0] as FakeSocket;
    expect(inline.binaryType).toBe('arraybuffer');
    const { browserSocketOptions, startEarlySocket, takeEarlySocket, urlWithHeadRequest } = await load();
    const early = startEarlySocket();
    expect(FakeSocket.all).toHaveLength(1);
    expect(early?.socket).toBe(inline);
    const o = browserSocketOptions();
    expect(inline.url).toBe(urlWithHeadRequest(o.url, o.head()));
    expect(inline.protocols).toEqual(o.protocols);
    expect(inline.protocols).toContain('netscope.token.tok-1');
    expect(globals[EARLY_SOCKET_GLOBAL]).toBeUndefined();
    expect(takeEarlySocket()).toBe(early);
  });

  it('buffers what arrives before boot runs, for boot and the client, in order', async () => {
    runInline();
    const ws = FakeSocket.all[0] as FakeSocket;
    ws.open();
    const frame = new ArrayBuffer(4);
    ws.receive('{"type":"push","channel":"head"}');
    ws.receive(frame);
    const { startEarlySocket } = await load();
    const early = startEarlySocket();
    expect(early).toMatchObject({ opened: true, closed: null });
    expect(early?.messages).toEqual(['{"type":"push","channel":"head"}', frame]);
    const told = vi.fn();
    if (early) early.onArrive = told;
    ws.drop(1008, 'bad token');
    expect(told).toHaveBeenCalledOnce();
    expect(early?.closed).toEqual({ ev: { code: 1008, reason: 'bad token' } });
  });

  it('the token from the query or from this tab, as the client takes it', async () => {
    history.replaceState(null, '', '/?token=tok-q');
    runInline();
    let { startEarlySocket } = await load();
    expect(startEarlySocket()?.socket).toBe(FakeSocket.all[0]);
    expect((FakeSocket.all[0] as FakeSocket).protocols).toContain('netscope.token.tok-q');
    // Reloaded: the address has no token any more, the tab kept it.
    Reflect.deleteProperty(globals, EARLY_SOCKET_GLOBAL);
    FakeSocket.all = [];
    history.replaceState(null, '', '/');
    runInline();
    ({ startEarlySocket } = await load());
    expect(startEarlySocket()?.socket).toBe(FakeSocket.all[0]);
    expect(FakeSocket.all).toHaveLength(1);
    expect((FakeSocket.all[0] as FakeSocket).protocols).toContain('netscope.token.tok-q');
  });

  // Saved views the script cannot read as the store does: boot closes its socket and opens the right one.
  const other: [string, () => void][] = [
    ['a filter that does not parse (the store starts unfiltered)', () => saved({ filter: 'port:(' })],
    ['a sort column no longer known', () => saved({ sort: { column: 'gone', desc: false } })],
  ];
  it.each(other)('%s: the inline socket is closed unheard, the client opens its own', async (_, setUp) => {
    setUp();
    runInline();
    const inline = FakeSocket.all[0] as FakeSocket;
    const { browserSocketOptions, startEarlySocket, urlWithHeadRequest } = await load();
    const early = startEarlySocket();
    expect(inline.readyState).toBe(3);
    expect(inline.onmessage).toBeNull();
    expect(inline.onclose).toBeNull();
    expect(FakeSocket.all).toHaveLength(2);
    expect(early?.socket).toBe(FakeSocket.all[1]);
    const o = browserSocketOptions();
    expect((FakeSocket.all[1] as FakeSocket).url).toBe(urlWithHeadRequest(o.url, o.head()));
  });

  it("leaves version 1's entry to boot (no inline socket); does nothing in Electron", async () => {
    localStorage.setItem('netscope.prefs.v1', JSON.stringify({ filter: 'port:22' }));
    runInline();
    expect(FakeSocket.all).toHaveLength(0);
    localStorage.clear();
    window.netscope = {} as NonNullable<typeof window.netscope>;
    runInline();
    expect(FakeSocket.all).toHaveLength(0);
    expect(globals[EARLY_SOCKET_GLOBAL]).toBeUndefined();
    delete window.netscope;
    const { startEarlySocket } = await load();
    expect(startEarlySocket()?.socket).toBe(FakeSocket.all[0]);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('fails quietly (boot opens the socket) when the page cannot make one', async () => {
    vi.stubGlobal('WebSocket', function () {
      throw new SyntaxError('blocked');
    });
    expect(runInline).not.toThrow();
    expect(globals[EARLY_SOCKET_GLOBAL]).toBeUndefined();
  });
});
