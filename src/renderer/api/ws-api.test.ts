import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { createWsApi, type SocketLike } from './ws-api';
import { wsUrlFor } from './index';
import { blankConnection, emptySnapshot } from '../../shared/model';
import { packSnapshot } from '../../shared/wire';
import type { EngineStatus } from '../../shared/api';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: typeof msg === 'string' ? msg : JSON.stringify(msg) });
  }
}

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
    createWsApi({ url: 'ws://h/ws?token=t', WebSocketImpl: FakeSocket, minBackoffMs: 100, maxBackoffMs: 800 });

  it('connects to the given URL and correlates results by id', async () => {
    const api = make();
    expect(latest().url).toBe('ws://h/ws?token=t');
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
      connections: [
        blankConnection({
          id: 'x',
          protocol: 'udp',
          family: 6,
          localAddress: '::',
          localPort: 53,
          remoteAddress: '::',
          remotePort: 0,
          state: 'NONE',
          components: ['Dnscache'],
        }),
      ],
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

  it('resolves calls after close() to an io-error', async () => {
    const api = make();
    api.close();
    const r = await api.getStatus();
    expect(r).toMatchObject({ ok: false, error: { code: 'io-error' } });
  });
});

describe('wsUrlFor', () => {
  it('builds ws/wss URLs with the page token', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:7000', search: '?token=a%2Bb' })).toBe(
      'ws://127.0.0.1:7000/ws?token=a%2Bb',
    );
    expect(wsUrlFor({ protocol: 'https:', host: 'h', search: '' })).toBe('wss://h/ws');
  });
});
