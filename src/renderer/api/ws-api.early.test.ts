/**
 * The client adopting the socket boot.ts opened before it existed
 * (browser-socket.ts): no second socket, what the early one got replayed in
 * order once the caller has subscribed, the head in the store before React's
 * first render, and reconnects as ever.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsApi } from './ws-api';
import { openEarlySocket, type EarlySocket } from './browser-socket';
import { FakeSocket } from './fake-socket';
import { assignConnectionIds, emptySnapshot } from '../../shared/model';
import { tcpRow } from '../../shared/test-helpers';
import { packSnapshot } from '../../shared/wire';
import { headMessage, snapshotHead, type HeadRequest, type SnapshotHead } from '../../shared/wire-head';
import { connectStore, createNetScopeStore } from '../store';

const rows = [1, 2, 3].map((port) => tcpRow('10.0.0.1', port, '10.0.0.2', 443, 'ESTABLISHED', { pid: null }));
const whole = emptySnapshot({ seq: 4, host: 'h', connections: assignConnectionIds(rows) });
const request: HeadRequest = { sort: { column: 'localPort', desc: true }, filter: '', hideTimeWait: false, rows: 2 };
const headPush = (): string => headMessage(snapshotHead(whole, request) as SnapshotHead);
const snapshotPush = { type: 'push', channel: 'snapshot', payload: packSnapshot(whole) };

/** An early socket as boot.ts leaves it: opened with the head's URL, and what came since. */
function early(setup: (ws: FakeSocket) => void): { early: EarlySocket; ws: FakeSocket } {
  const e = openEarlySocket(FakeSocket, 'ws://h/ws?head=early', ['netscope.v3', 'netscope.token.t']);
  const ws = FakeSocket.all.at(-1);
  if (!e || !ws) throw new Error('no early socket');
  setup(ws);
  return { early: e, ws };
}

const make = (e: EarlySocket | null) =>
  createWsApi({
    url: 'ws://h/ws',
    protocols: ['netscope.v3', 'netscope.token.t'],
    WebSocketImpl: FakeSocket,
    minBackoffMs: 100,
    head: () => request,
    early: e,
  });

describe('createWsApi adopting the early socket', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens no socket of its own, and replays what came in order once the caller subscribed', async () => {
    const { early: e, ws } = early((ws) => {
      ws.open();
      ws.receive({ type: 'push', channel: 'diff', payload: { seq: 3 } });
      ws.receive(headPush());
      ws.receive(snapshotPush);
    });
    const api = make(e);
    expect(FakeSocket.all).toEqual([ws]);
    const seen: string[] = [];
    api.onConnectionChange((s) => seen.push(s));
    api.onSnapshotHead((h) => seen.push(`head ${h.rows.map((c) => c.localPort).join(',')}`));
    api.onSnapshot((s) => seen.push(`snapshot ${s.seq}`));
    api.onDiff((d) => seen.push(`diff ${d.seq}`));
    const status = api.getStatus();
    expect(seen).toEqual([]);
    await Promise.resolve();
    // The head holds what follows it until its frame, as on a socket of its own.
    expect(seen).toEqual(['open', 'diff 3', 'head 3,2']);
    expect(ws.sent).toEqual([{ type: 'invoke', id: 1, method: 'getStatus', args: [] }]);
    vi.advanceTimersByTime(300);
    expect(seen).toEqual(['open', 'diff 3', 'head 3,2', 'snapshot 4']);
    // Later messages go straight to the client.
    ws.receive({ type: 'result', id: 1, result: { ok: true, value: { seq: 4 } } });
    await expect(status).resolves.toMatchObject({ ok: true, value: { seq: 4 } });
    ws.receive({ type: 'push', channel: 'diff', payload: { seq: 5 } });
    expect(seen.at(-1)).toBe('diff 5');
    api.close();
  });

  it("puts the head in a store connected right after it, before any task (React's first render) runs", async () => {
    const { early: e } = early((ws) => {
      ws.open();
      ws.receive(headPush());
      ws.receive(snapshotPush);
    });
    const api = make(e);
    const store = createNetScopeStore(api, null);
    connectStore(store, api);
    await Promise.resolve();
    expect(store.getState().head?.rows.map((c) => c.localPort)).toEqual([3, 2]);
    expect(store.getState().snapshot).toBeNull();
    api.close();
  });

  it('takes over a socket still connecting: its open and messages come as usual', () => {
    const { early: e, ws } = early(() => undefined);
    const api = make(e);
    const states: string[] = [];
    api.onConnectionChange((s) => states.push(s));
    const heads: SnapshotHead[] = [];
    api.onSnapshotHead((h) => heads.push(h));
    ws.open();
    ws.receive(headPush());
    expect(states).toEqual(['open']);
    expect(heads).toHaveLength(1);
    expect(FakeSocket.all).toHaveLength(1);
    api.close();
  });

  it('reports an early socket the server closed, then reconnects with a socket of its own', async () => {
    const { early: e } = early((ws) => ws.drop(1008, 'bad token'));
    const api = make(e);
    const states: string[] = [];
    api.onConnectionChange((s, reason) => states.push(reason ? `${s}: ${reason}` : s));
    await Promise.resolve();
    expect(states).toEqual(['closed: bad token']);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    const own = FakeSocket.all[1] as FakeSocket;
    expect(own.url).toContain('/ws?head=');
    expect(own.protocols).toEqual(['netscope.v3', 'netscope.token.t']);
    api.close();
  });

  it('after the adopted socket drops, reconnects as ever (a new socket, the status fetched again)', async () => {
    const { early: e, ws } = early((ws) => ws.open());
    const api = make(e);
    await Promise.resolve();
    ws.drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    const own = FakeSocket.all[1] as FakeSocket;
    own.open();
    expect(own.sent).toEqual([{ type: 'invoke', id: 1, method: 'getStatus', args: [] }]);
    api.close();
  });

  it('replays nothing into a client closed before the replay', async () => {
    const { early: e } = early((ws) => {
      ws.open();
      ws.receive(headPush());
    });
    const api = make(e);
    const heads: SnapshotHead[] = [];
    api.onSnapshotHead((h) => heads.push(h));
    api.close();
    await Promise.resolve();
    expect(heads).toEqual([]);
  });
});
