/**
 * The socket boot.ts opens before the main bundle: what it buffers for
 * ws-api.ts, and that it opens only in browser mode, with the URL, head
 * request and token the client itself would use.
 */
import { describe, expect, it } from 'vitest';
import { freshBrowserPage, loadBrowserSocket as load } from './browser-page.test-setup';
import { FakeSocket } from './fake-socket';

describe('openEarlySocket', () => {
  it('buffers what the socket reports, in order, binary frames as ArrayBuffers', async () => {
    const { openEarlySocket } = await load();
    const early = openEarlySocket(FakeSocket, 'ws://h/ws?head=x', ['netscope.v3']);
    const ws = FakeSocket.all.at(-1);
    expect(early?.socket).toBe(ws);
    expect(ws?.binaryType).toBe('arraybuffer');
    expect(early).toMatchObject({ opened: false, closed: null, messages: [] });
    ws?.onopen?.({});
    const frame = new ArrayBuffer(4);
    ws?.onmessage?.({ data: 'head' });
    ws?.onmessage?.({ data: frame });
    ws?.onerror?.({});
    ws?.onclose?.({ code: 1008, reason: 'bad token' });
    expect(early?.opened).toBe(true);
    expect(early?.messages).toEqual(['head', frame]);
    expect(early?.closed).toEqual({ ev: { code: 1008, reason: 'bad token' } });
  });

  it('gives null when the socket cannot be made (the client then connects itself)', async () => {
    const { openEarlySocket } = await load();
    const Throwing = function () {
      throw new SyntaxError('bad URL');
    } as unknown as typeof FakeSocket;
    expect(openEarlySocket(Throwing, 'ws://h/ws', [])).toBeNull();
  });
});

describe('startEarlySocket', () => {
  freshBrowserPage();

  it("opens the client's first socket at once: same URL with the saved view's head, same token", async () => {
    localStorage.setItem(
      'netscope.prefs',
      JSON.stringify({ state: { prefs: { sort: { column: 'pid', desc: true }, filter: 'port:443' } }, version: 2 }),
    );
    const { browserSocketOptions, startEarlySocket, takeEarlySocket } = await load();
    startEarlySocket();
    expect(FakeSocket.all).toHaveLength(1);
    const ws = FakeSocket.all[0] as FakeSocket;
    const url = new URL(ws.url);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`ws://${location.host}/ws`);
    expect(JSON.parse(url.searchParams.get('head') ?? '')).toMatchObject({
      sort: { column: 'pid', desc: true },
      filter: 'port:443',
    });
    expect(ws.protocols).toContain('netscope.token.tok-1');
    // The token left the address once; the client's options are the same ones, token included.
    expect(location.hash).toBe('');
    expect(browserSocketOptions().protocols).toEqual(ws.protocols);
    expect(takeEarlySocket()?.socket).toBe(ws);
    expect(takeEarlySocket()).toBeNull();
    // Started twice (or after the client took it), it opens nothing more.
    startEarlySocket();
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('does nothing in Electron (the preload bridge is there)', async () => {
    window.netscope = {} as NonNullable<typeof window.netscope>;
    const { startEarlySocket, takeEarlySocket } = await load();
    startEarlySocket();
    expect(FakeSocket.all).toHaveLength(0);
    expect(takeEarlySocket()).toBeNull();
    // The token is left for getApi, which never reads it in Electron anyway.
    expect(location.hash).toBe('#token=tok-1');
  });

  it('does nothing once the client made its options (it opens its own socket)', async () => {
    const { browserSocketOptions, startEarlySocket } = await load();
    browserSocketOptions();
    startEarlySocket();
    expect(FakeSocket.all).toHaveLength(0);
  });
});
