import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { createWsApi } from './ws-api';
import { FakeSocket } from './fake-socket';
import { savedHeadRequest, TOKEN_STORAGE_KEY, takeToken, wsProtocolsFor, wsUrlFor } from './index';
import { assignConnectionIds, emptySnapshot } from '../../shared/model';
import { tcpRow, udpRow } from '../../shared/test-helpers';
import { headMessage, MAX_HEAD_ROWS, snapshotHead, type HeadRequest, type SnapshotHead } from '../../shared/wire-head';
import { packSnapshot } from '../../shared/wire';
import { diffFrame, encodeSnapshotColumns, snapshotFrame } from '../../shared/wire-frame';
import { encodeDiffColumns } from '../../shared/wire-diff-frame';
import { diffSnapshots } from '../../shared/diff';
import type { EngineStatus } from '../../shared/api';

const latest = (): FakeSocket => {
  const s = FakeSocket.all.at(-1);
  if (!s) throw new Error('no socket');
  return s;
};

const status: EngineStatus = { intervalMs: 1000, paused: false, seq: 3, readOnly: false, title: 'host' };

describe('createWsApi', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = () =>
    createWsApi({
      url: 'ws://h/ws',
      protocols: ['netscope.v1', 'netscope.token.t'],
      WebSocketImpl: FakeSocket,
      minBackoffMs: 100,
      maxBackoffMs: 800,
    });

  it('offers the given subprotocols on every connect and reconnect', () => {
    const api = make();
    expect(latest().protocols).toEqual(['netscope.v1', 'netscope.token.t']);
    latest().drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    expect(latest().protocols).toEqual(['netscope.v1', 'netscope.token.t']);
    api.close();
  });

  it("passes the server's close reason on with 'closed' and in failed calls", async () => {
    const api = make();
    latest().open();
    const states: [string, string | undefined][] = [];
    api.onConnectionChange((s, reason) => states.push([s, reason]));
    const call = api.getStatus();
    latest().drop(1013, 'too many browser connections (max 8)');
    expect(states).toEqual([['closed', 'too many browser connections (max 8)']]);
    expect(await call).toMatchObject({
      ok: false,
      error: { code: 'io-error', message: 'NetScope closed the connection: too many browser connections (max 8)' },
    });
    api.close();
  });

  it('connects to the given URL and correlates results by id', async () => {
    const api = make();
    expect(latest().url).toBe('ws://h/ws');
    latest().open();
    const a = api.getStatus();
    const b = api.setInterval(2000);
    expect(latest().sent).toEqual([
      { type: 'invoke', id: 1, method: 'getStatus', args: [] },
      { type: 'invoke', id: 2, method: 'setInterval', args: [2000] },
    ]);
    // Answered out of order.
    latest().receive({ type: 'result', id: 2, result: { ok: true, value: { ...status, intervalMs: 2000 } } });
    latest().receive({ type: 'result', id: 1, result: { ok: true, value: status } });
    expect(await a).toEqual({ ok: true, value: status });
    expect(await b).toEqual({ ok: true, value: { ...status, intervalMs: 2000 } });
    api.close();
  });

  it('queues calls made while connecting and sends them on open', async () => {
    const api = make();
    const p = api.getCapabilities();
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ type: 'invoke', id: 1, method: 'getCapabilities', args: [] }]);
    latest().receive({ type: 'result', id: 1, result: { ok: false, error: { code: 'internal', message: 'x' } } });
    expect(await p).toEqual({ ok: false, error: { code: 'internal', message: 'x' } });
    api.close();
  });

  it('times out unanswered calls with an io-error after 30 s', async () => {
    const api = make();
    const p = api.refreshNow();
    vi.advanceTimersByTime(29_999);
    let settled = false;
    void p.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    const r = await p;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('io-error');
    api.close();
  });

  it('fails calls in flight when the socket drops, and reconnects with backoff', async () => {
    const api = make();
    latest().open();
    const p = api.getSnapshot();
    latest().drop();
    const r = await p;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'io-error' });
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    latest().drop();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    latest().drop();
    latest(); // third failure: 400 ms, then capped at 800
    vi.advanceTimersByTime(400);
    expect(FakeSocket.all).toHaveLength(4);
    latest().drop();
    vi.advanceTimersByTime(800);
    latest().drop();
    vi.advanceTimersByTime(800);
    expect(FakeSocket.all).toHaveLength(6);
    api.close();
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(6);
  });

  it('delivers pushes to listeners and stops after unsubscribe', () => {
    const api = make();
    latest().open();
    const snaps: number[] = [];
    const commands: string[] = [];
    const statuses: EngineStatus[] = [];
    const diffs: number[] = [];
    const off = api.onSnapshot((s) => snaps.push(s.seq));
    api.onCommand((c) => commands.push(c));
    api.onStatus((s) => statuses.push(s));
    api.onDiff((d) => diffs.push(d.seq));
    latest().receive({ type: 'push', channel: 'snapshot', payload: emptySnapshot({ seq: 7 }) });
    latest().receive({ type: 'push', channel: 'command', payload: 'export-csv' });
    latest().receive({ type: 'push', channel: 'status', payload: status });
    latest().receive({ type: 'push', channel: 'diff', payload: { seq: 8, baseSeq: 7 } });
    off();
    latest().receive({ type: 'push', channel: 'snapshot', payload: emptySnapshot({ seq: 9 }) });
    expect(snaps).toEqual([7]);
    expect(commands).toEqual(['export-csv']);
    expect(statuses).toEqual([status]);
    expect(diffs).toEqual([8]);
    api.close();
  });

  it('ignores garbage and unknown messages', async () => {
    const api = make();
    latest().open();
    const seen: unknown[] = [];
    api.onSnapshot((s) => seen.push(s));
    const p = api.pause();
    latest().receive('not json');
    latest().receive({ type: 'push', channel: 'evil', payload: 1 });
    latest().receive({ type: 'result', id: 1, result: { nope: true } });
    latest().receive({ type: 'result', id: 99, result: { ok: true, value: 1 } });
    latest().onmessage?.({ data: new ArrayBuffer(2) });
    expect(seen).toEqual([]);
    latest().receive({ type: 'result', id: 1, result: { ok: true, value: status } });
    expect(await p).toEqual({ ok: true, value: status });
    api.close();
  });

  it('refetches the status after a reconnect and takes the snapshot the server pushes', async () => {
    const api = make();
    latest().open();
    const snaps: number[] = [];
    const states: string[] = [];
    api.onSnapshot((s) => snaps.push(s.seq));
    api.onConnectionChange((s) => states.push(s));
    latest().drop();
    vi.advanceTimersByTime(100);
    latest().open();
    const methods = latest().sent.map((m) => (m as { method: string }).method);
    expect(methods).toEqual(['getStatus']);
    for (const m of latest().sent as { id: number; method: string }[]) {
      latest().receive({ type: 'result', id: m.id, result: { ok: true, value: status } });
    }
    latest().receive({ type: 'push', channel: 'snapshot', payload: packSnapshot(emptySnapshot({ seq: 42 })) });
    await vi.waitFor(() => expect(snaps).toEqual([42]));
    expect(states).toEqual(['closed', 'connecting', 'open']);
    expect(api.pushesSnapshotOnConnect).toBe(true);
    api.close();
  });

  it('unpacks packed snapshots, pushed or answered, into plain ones', async () => {
    const api = make();
    latest().open();
    const snap = emptySnapshot({
      seq: 5,
      connections: [udpRow('::', 53, '::', 0, 'NONE', { id: 'x', components: ['Dnscache'] })],
    });
    const pushed: unknown[] = [];
    api.onSnapshot((s) => pushed.push(s));
    latest().receive({ type: 'push', channel: 'snapshot', payload: packSnapshot(snap) });
    expect(pushed).toEqual([snap]);
    const p = api.getSnapshot();
    const call = latest().sent.at(-1) as { id: number };
    latest().receive({ type: 'result', id: call.id, result: { ok: true, value: packSnapshot(snap) } });
    expect(await p).toEqual({ ok: true, value: snap });
    api.close();
  });

  it('reads binary snapshot frames, pushed or answered, and fails a call whose frame is unreadable', async () => {
    const api = make();
    latest().open();
    expect(latest().binaryType).toBe('arraybuffer');
    const snap = emptySnapshot({
      seq: 6,
      host: 'h',
      connections: [
        tcpRow('fe80::1%eth0', 22, '2001:db8::2', 50000, 'ESTABLISHED', { id: 'y', pid: 2 ** 32 - 1, user: '' }),
      ],
    });
    const columns = encodeSnapshotColumns(snap);
    const frame = (route: Parameters<typeof snapshotFrame>[0]): ArrayBuffer => {
      const bytes = snapshotFrame(route, columns);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    };
    const pushed: unknown[] = [];
    api.onSnapshot((s) => pushed.push(s));
    latest().receive(frame({ type: 'push', channel: 'snapshot' }));
    expect(pushed).toEqual([snap]);
    const p = api.getSnapshot();
    const call = latest().sent.at(-1) as { id: number };
    latest().receive(frame({ type: 'result', id: call.id }));
    expect(await p).toEqual({ ok: true, value: snap });

    const broken = api.getSnapshot();
    const id = (latest().sent.at(-1) as { id: number }).id;
    const bad = new Uint8Array(frame({ type: 'result', id }));
    const cut = bad.buffer.slice(0, bad.length - 16);
    latest().receive(cut);
    expect(await broken).toMatchObject({ ok: false, error: { code: 'io-error', message: /unreadable snapshot/ } });
    // A garbled push is dropped, not delivered half-built.
    latest().receive(new Uint8Array([1, 2, 3]).buffer);
    expect(pushed).toHaveLength(1);
    api.close();
  });

  it('reads binary diff frames as diffs, and drops an unreadable one', () => {
    const api = make();
    latest().open();
    const row = tcpRow('10.0.0.1', 22, '10.0.0.2', 50000, 'ESTABLISHED', { id: 'y', pid: 7 });
    const before = emptySnapshot({ seq: 6, connections: [row] });
    const after = emptySnapshot({
      seq: 7,
      connections: [
        { ...row, state: 'FIN_WAIT1' },
        { ...row, id: 'z' },
      ],
    });
    const diff = diffSnapshots(before, after);
    const bytes = diffFrame(encodeDiffColumns(diff));
    const diffs: unknown[] = [];
    const snapshots: unknown[] = [];
    api.onDiff((d) => diffs.push(d));
    api.onSnapshot((s) => snapshots.push(s));
    latest().receive(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(diffs).toEqual([diff]);
    // Cut short: neither delivered as a diff nor taken for a snapshot (the store resyncs on the next diff's gap).
    latest().receive(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - 16) as ArrayBuffer);
    expect(diffs).toHaveLength(1);
    expect(snapshots).toHaveLength(0);
    api.close();
  });

  describe("a snapshot's first screenful (head)", () => {
    const rows = [1, 2, 3].map((port) => tcpRow('10.0.0.1', port, '10.0.0.2', 443, 'ESTABLISHED', { pid: null }));
    const whole = emptySnapshot({ seq: 4, host: 'h', connections: assignConnectionIds(rows) });
    const request: HeadRequest = {
      sort: { column: 'localPort', desc: true },
      filter: '',
      hideTimeWait: false,
      rows: 2,
    };
    const headPush = (): string => headMessage(snapshotHead(whole, request) as SnapshotHead);
    const makeWithHead = () =>
      createWsApi({ url: 'ws://h/ws', WebSocketImpl: FakeSocket, minBackoffMs: 100, head: () => request });

    it('is asked for in the URL until a snapshot came, and reaches the head listeners', () => {
      const api = makeWithHead();
      const url = new URL(latest().url);
      expect(url.pathname).toBe('/ws');
      expect(JSON.parse(url.searchParams.get('head') ?? '')).toEqual(request);
      latest().open();
      const heads: SnapshotHead[] = [];
      api.onSnapshotHead((h) => heads.push(h));
      latest().receive(headPush());
      expect(heads).toHaveLength(1);
      expect(heads[0]?.rows.map((c) => c.localPort)).toEqual([3, 2]);
      expect(heads[0]).toMatchObject({ seq: 4, total: 3, matched: 3, view: { sort: request.sort } });
      // Reconnecting before any snapshot asks again; after one, not.
      latest().drop();
      vi.advanceTimersByTime(100);
      expect(latest().url).toContain('?head=');
      latest().open();
      latest().receive({ type: 'push', channel: 'snapshot', payload: packSnapshot(whole) });
      vi.advanceTimersByTime(1000);
      latest().drop();
      vi.advanceTimersByTime(200);
      expect(latest().url).toBe('ws://h/ws');
      api.close();
    });

    it('holds what follows it until its frame is painted, in order, and drops a malformed one', () => {
      const api = makeWithHead();
      latest().open();
      const seen: string[] = [];
      api.onSnapshotHead(() => seen.push('head'));
      api.onSnapshot((s) => seen.push(`snapshot ${s.seq}`));
      api.onDiff((d) => seen.push(`diff ${d.seq}`));
      latest().receive({ type: 'push', channel: 'head', payload: { seq: 'x' } });
      latest().receive({ type: 'push', channel: 'diff', payload: { seq: 3 } });
      expect(seen).toEqual(['diff 3']);
      latest().receive(headPush());
      latest().receive({ type: 'push', channel: 'snapshot', payload: packSnapshot(whole) });
      latest().receive({ type: 'push', channel: 'diff', payload: { seq: 5 } });
      expect(seen).toEqual(['diff 3', 'head']);
      vi.advanceTimersByTime(300);
      expect(seen).toEqual(['diff 3', 'head', 'snapshot 4', 'diff 5']);
      // Once a snapshot came, a late head is not shown, and nothing is held.
      latest().receive(headPush());
      latest().receive({ type: 'push', channel: 'diff', payload: { seq: 6 } });
      expect(seen).toEqual(['diff 3', 'head', 'snapshot 4', 'diff 5', 'diff 6']);
      api.close();
    });

    it('is not asked for without a view, or when the view says none', () => {
      make();
      expect(latest().url).toBe('ws://h/ws');
      createWsApi({ url: 'ws://h/ws?x=1', WebSocketImpl: FakeSocket, head: () => null });
      expect(latest().url).toBe('ws://h/ws?x=1');
      createWsApi({ url: 'ws://h/ws?x=1', WebSocketImpl: FakeSocket, head: () => request });
      expect(latest().url).toMatch(/^ws:\/\/h\/ws\?x=1&head=/);
    });
  });

  it('resolves calls after close() to an io-error', async () => {
    const api = make();
    api.close();
    const r = await api.getStatus();
    expect(r).toMatchObject({ ok: false, error: { code: 'io-error' } });
  });
});

describe('wsUrlFor and wsProtocolsFor', () => {
  it('builds ws/wss URLs that never carry the token', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:7000' })).toBe('ws://127.0.0.1:7000/ws');
    expect(wsUrlFor({ protocol: 'https:', host: 'h' })).toBe('wss://h/ws');
  });
  it('offers binary snapshots and diffs (netscope.v5), binary snapshots (v4) and v1 for older servers, then the token', () => {
    expect(wsProtocolsFor('abc')).toEqual(['netscope.v5', 'netscope.v4', 'netscope.v1', 'netscope.token.abc']);
    expect(wsProtocolsFor(null)).toEqual(['netscope.v5', 'netscope.v4', 'netscope.v1']);
  });
});

describe('takeToken', () => {
  function harness(href: string, stored: string | null = null) {
    const url = new URL(href);
    const store = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]]);
    const replaced: string[] = [];
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    const history = {
      state: null,
      replaceState: (_s: unknown, _t: string, u?: string | URL | null) => void replaced.push(String(u)),
    };
    return { loc: { pathname: url.pathname, search: url.search, hash: url.hash }, storage, history, store, replaced };
  }

  it('takes the token from the fragment, keeps it for reloads, and removes it from the address', () => {
    const h = harness('http://127.0.0.1:7870/#token=secret-1');
    expect(takeToken(h.loc, h.storage, h.history)).toBe('secret-1');
    expect(h.store.get(TOKEN_STORAGE_KEY)).toBe('secret-1');
    expect(h.replaced).toEqual(['/']);
  });

  it('takes it from the query too, keeping the other parameters', () => {
    const h = harness('http://127.0.0.1:7870/?view=routes&token=secret-2#x=1');
    expect(takeToken(h.loc, h.storage, h.history)).toBe('secret-2');
    expect(h.replaced).toEqual(['/?view=routes#x=1']);
  });

  it('after a reload (no token in the address) uses the kept one and leaves the address alone', () => {
    const h = harness('http://127.0.0.1:7870/', 'kept-token');
    expect(takeToken(h.loc, h.storage, h.history)).toBe('kept-token');
    expect(h.replaced).toEqual([]);
  });

  it('without storage still connects and cleans the address; with nothing given, no token', () => {
    const h = harness('http://127.0.0.1:7870/#token=secret-3');
    expect(takeToken(h.loc, null, h.history)).toBe('secret-3');
    expect(h.replaced).toEqual(['/']);
    const none = harness('http://127.0.0.1:7870/');
    expect(takeToken(none.loc, none.storage, none.history)).toBeNull();
  });
});

describe('savedHeadRequest', () => {
  const stored = (prefs: object) => ({
    getItem: (k: string) => (k === 'netscope.prefs' ? JSON.stringify({ state: { prefs }, version: 2 }) : null),
    setItem: () => undefined,
  });

  it('asks for the saved sort, filter and TIME_WAIT switch, with rows for the screen', () => {
    const r = savedHeadRequest(
      stored({ sort: { column: 'pid', desc: true }, filter: 'proc:nginx', hideTimeWait: true }),
      220,
    );
    expect(r).toEqual({ sort: { column: 'pid', desc: true }, filter: 'proc:nginx', hideTimeWait: true, rows: 18 });
  });

  it('drops a saved filter that cannot match (the store starts unfiltered), and has defaults without storage', () => {
    expect(savedHeadRequest(stored({ filter: 'port:abc' }), 0)).toMatchObject({ filter: '', rows: 8 });
    expect(savedHeadRequest(null, 100_000)).toEqual({
      sort: null,
      filter: '',
      hideTimeWait: false,
      rows: MAX_HEAD_ROWS,
    });
  });
});
