import { describe, it, expect, vi, afterEach } from 'vitest';
import { fakeHandlers } from '../../../test/helpers/fake-handlers';
import { ok, type ApiResult } from '../../shared/api';
import type { Backend, PushMessage } from '../engine/backend-types';
import { createClientSession } from './client';
import type { ClientSocket } from './client-socket';
import { blankConnection, emptySnapshot, type Snapshot } from '../../shared/model';
import { readHead, snapshotHead, type HeadRequest } from '../../shared/wire-head';
import { isPackedSnapshot, unpackSnapshot } from '../../shared/wire';
import { decodeFrame, decodeSnapshotFrame } from '../../shared/wire-frame';
import { diffSnapshots } from '../../shared/diff';
import { tcpRow } from '../../shared/test-helpers';

class FakeSocket implements ClientSocket {
  bufferedAmount = 0;
  sent: unknown[] = [];
  closed: number | null = null;
  terminated = false;
  send(data: string | Uint8Array): void {
    this.sent.push(typeof data === 'string' ? JSON.parse(data) : data);
  }
  close(code: number): void {
    this.closed = code;
  }
  terminate(): void {
    this.terminated = true;
  }
}

function setup(
  limits = { softBufferBytes: 100, resumeBufferBytes: 10, hardBufferBytes: 1000, maxInFlight: 2, drainCheckMs: 50 },
) {
  const listeners = new Set<(m: PushMessage) => void>();
  let subscribeCount = 0;
  const pending: (() => void)[] = [];
  const backend: Backend = {
    handlers: fakeHandlers(
      vi.fn(() => new Promise<ApiResult<unknown>>((resolve) => pending.push(() => resolve(ok('done'))))),
    ),
    subscribe: (l) => {
      subscribeCount++;
      listeners.add(l);
      l({ channel: 'snapshot', payload: { seq: subscribeCount } as never });
      return () => listeners.delete(l);
    },
    sendCommand: () => undefined,
    start: () => undefined,
    stop: async () => undefined,
  };
  const socket = new FakeSocket();
  const session = createClientSession(socket, backend, { allowActions: true, limits });
  const push = (m: PushMessage) => listeners.forEach((l) => l(m));
  return { socket, session, push, listeners, pending, subscribes: () => subscribeCount };
}

const diff = (n: number): PushMessage => ({ channel: 'diff', payload: { seq: n } as never });

afterEach(() => {
  vi.useRealTimers();
});

describe('client session back-pressure', () => {
  it('sends the first snapshot at once', () => {
    const t = setup();
    expect(t.socket.sent).toEqual([{ type: 'push', channel: 'snapshot', payload: { seq: 1 } }]);
  });

  it('drops diffs while the client lags, then resyncs with a fresh snapshot', () => {
    vi.useFakeTimers();
    const t = setup();
    t.socket.sent.length = 0;
    t.socket.bufferedAmount = 500; // over the soft limit
    t.push(diff(2));
    t.push({ channel: 'status', payload: { paused: false } as never });
    t.socket.bufferedAmount = 50; // below soft but above resume: still lagging, diffs still dropped
    t.push(diff(3));
    expect(t.socket.sent).toEqual([{ type: 'push', channel: 'status', payload: { paused: false } }]);
    vi.advanceTimersByTime(200);
    expect(t.subscribes()).toBe(1);
    t.socket.bufferedAmount = 0;
    vi.advanceTimersByTime(60);
    expect(t.subscribes()).toBe(2);
    expect(t.listeners.size).toBe(1);
    expect(t.socket.sent.at(-1)).toEqual({ type: 'push', channel: 'snapshot', payload: { seq: 2 } });
    t.push(diff(4));
    expect(t.socket.sent.at(-1)).toEqual({ type: 'push', channel: 'diff', payload: { seq: 4 } });
  });

  it('terminates a client whose buffer passes the hard limit', () => {
    const t = setup();
    t.socket.bufferedAmount = 5000;
    t.push({ channel: 'command', payload: 'about' });
    expect(t.socket.terminated).toBe(true);
    expect(t.listeners.size).toBe(0);
  });

  it('caps requests in flight', async () => {
    const t = setup();
    t.socket.sent.length = 0;
    for (const id of [1, 2, 3])
      t.session.onMessage(JSON.stringify({ type: 'invoke', id, method: 'getStatus', args: [] }));
    expect(t.socket.sent).toEqual([
      { type: 'result', id: 3, result: { ok: false, error: { code: 'cancelled', message: expect.any(String) } } },
    ]);
    t.pending.forEach((resolve) => resolve());
    await vi.waitFor(() => expect(t.socket.sent).toHaveLength(3));
  });

  it('closes on binary frames and on messages without an id', () => {
    const a = setup();
    a.session.onMessage(null);
    expect(a.socket.closed).toBe(1003);
    const b = setup();
    b.session.onMessage('[1,2]');
    expect(b.socket.closed).toBe(1008);
  });

  it('stops forwarding after dispose', () => {
    const t = setup();
    t.session.dispose();
    expect(t.listeners.size).toBe(0);
    t.session.onMessage(JSON.stringify({ type: 'invoke', id: 1, method: 'getStatus', args: [] }));
    expect(t.socket.sent).toHaveLength(1);
  });
});

describe('client session snapshots', () => {
  it('sends full snapshots packed as a table, serialized once for every client', () => {
    const connections = [0, 1, 2].map((n) =>
      blankConnection({
        id: `c${n}`,
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: n,
        remoteAddress: '10.0.0.2',
        remotePort: 443,
        state: 'ESTABLISHED',
        processName: 'w',
      }),
    );
    const snapshot = emptySnapshot({ seq: 9, connections });
    const backend: Backend = {
      handlers: fakeHandlers(vi.fn(async () => ok(snapshot))),
      subscribe: (l) => {
        l({ channel: 'snapshot', payload: snapshot });
        return () => undefined;
      },
      sendCommand: () => undefined,
      start: () => undefined,
      stop: async () => undefined,
    };
    const raw: (string | Uint8Array)[] = [];
    const socket: ClientSocket = {
      bufferedAmount: 0,
      send: (d) => void raw.push(d),
      close: () => undefined,
      terminate: () => undefined,
    };
    const session = createClientSession(socket, backend, { allowActions: false });
    createClientSession(socket, backend, { allowActions: false });
    expect(raw[0]).toBe(raw[1]);
    const msg = JSON.parse(raw[0] as string) as { type: string; channel: string; payload: unknown };
    expect(msg).toMatchObject({ type: 'push', channel: 'snapshot' });
    expect(isPackedSnapshot(msg.payload)).toBe(true);
    if (isPackedSnapshot(msg.payload)) expect(unpackSnapshot(msg.payload)).toEqual(snapshot);
    session.onMessage(JSON.stringify({ type: 'invoke', id: 4, method: 'getSnapshot', args: [] }));
    return vi.waitFor(() => {
      const answer = JSON.parse(raw.at(-1) as string) as { id: number; result: { ok: boolean; value: unknown } };
      expect(answer.id).toBe(4);
      expect(isPackedSnapshot(answer.result.value)).toBe(true);
    });
  });

  it('sends a netscope.v4 client its snapshots as one binary frame, encoded once for every client and answer', async () => {
    const connections = Array.from({ length: 50 }, (_, n) =>
      blankConnection({
        id: `c${n}`,
        protocol: 'tcp',
        family: 6,
        localAddress: '::1',
        localPort: n,
        remoteAddress: `2001:db8::${n}`,
        remotePort: 443,
        state: 'ESTABLISHED',
        processName: n % 2 ? 'w' : null,
      }),
    );
    const snapshot = emptySnapshot({ seq: 9, host: 'h', connections });
    const backend: Backend = {
      handlers: fakeHandlers(vi.fn(async () => ok(snapshot))),
      subscribe: (l) => {
        l({ channel: 'snapshot', payload: snapshot });
        l({ channel: 'diff', payload: { seq: 10, baseSeq: 9, added: [], removed: ['c1'], changed: [] } as never });
        return () => undefined;
      },
      sendCommand: () => undefined,
      start: () => undefined,
      stop: async () => undefined,
    };
    const binary = new FakeSocket();
    const text = new FakeSocket();
    const session = createClientSession(binary, backend, { allowActions: false, binarySnapshots: true });
    createClientSession(text, backend, { allowActions: false });
    const frame = binary.sent[0];
    expect(frame).toBeInstanceOf(Uint8Array);
    expect(decodeSnapshotFrame(frame as Uint8Array)).toEqual({
      route: { type: 'push', channel: 'snapshot' },
      snapshot,
    });
    // Diffs stay JSON; a v1 client on the same server still gets packed JSON.
    expect(binary.sent[1]).toMatchObject({ type: 'push', channel: 'diff' });
    expect(isPackedSnapshot((text.sent[0] as { payload: unknown }).payload)).toBe(true);
    session.onMessage(JSON.stringify({ type: 'invoke', id: 4, method: 'getSnapshot', args: [] }));
    await vi.waitFor(() => expect(binary.sent.length).toBe(3));
    const answer = binary.sent.find((m) => m instanceof Uint8Array && m !== frame) as Uint8Array;
    expect(decodeSnapshotFrame(answer)).toEqual({ route: { type: 'result', id: 4 }, snapshot });
  });

  it('sends a netscope.v5 client its diffs as binary frames made once for every such client, odd diffs as JSON', () => {
    const row = (n: number) => tcpRow('10.0.0.1', n, '10.0.0.2', 443, 'ESTABLISHED', { id: `c${n}` });
    const before = emptySnapshot({ seq: 1, connections: [row(1), row(2)] });
    const diff = diffSnapshots(before, emptySnapshot({ seq: 2, connections: [row(2), row(3)] }));
    const pushes: PushMessage[] = [
      { channel: 'snapshot', payload: before },
      { channel: 'diff', payload: diff },
      // A diff without its row lists (a test double, a foreign backend): the encoder refuses it; it goes as JSON.
      { channel: 'diff', payload: { seq: 3, baseSeq: 2 } as never },
    ];
    const backend: Backend = {
      handlers: fakeHandlers(vi.fn(async () => ok(before))),
      subscribe: (l) => {
        pushes.forEach(l);
        return () => undefined;
      },
      sendCommand: () => undefined,
      start: () => undefined,
      stop: async () => undefined,
    };
    const [a, b, v4] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    createClientSession(a, backend, { allowActions: false, binarySnapshots: true, binaryDiffs: true });
    createClientSession(b, backend, { allowActions: false, binarySnapshots: true, binaryDiffs: true });
    createClientSession(v4, backend, { allowActions: false, binarySnapshots: true });
    expect(a.sent[1]).toBeInstanceOf(Uint8Array);
    expect(b.sent[1]).toBe(a.sent[1]);
    expect(decodeFrame(a.sent[1] as Uint8Array)).toEqual({ route: { type: 'push', channel: 'diff' }, diff });
    expect(a.sent[2]).toEqual({ type: 'push', channel: 'diff', payload: { seq: 3, baseSeq: 2 } });
    expect(v4.sent[1]).toEqual({ type: 'push', channel: 'diff', payload: JSON.parse(JSON.stringify(diff)) });
  });
});

describe("client session: a snapshot's first screenful (head)", () => {
  const connections = Array.from({ length: 30 }, (_, n) =>
    blankConnection({
      id: `c${n}`,
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: n,
      remoteAddress: `10.0.${n % 7}.1`,
      remotePort: 443,
      state: n % 3 ? 'ESTABLISHED' : 'TIME_WAIT',
    }),
  );
  const snapshot = emptySnapshot({ seq: 9, host: 'h', connections });
  const request: HeadRequest = {
    sort: { column: 'remoteAddress', desc: true },
    filter: '',
    hideTimeWait: true,
    rows: 5,
  };
  const backendWith = (snapshots: Snapshot[]) => {
    const listeners = new Set<(m: PushMessage) => void>();
    const backend: Backend = {
      handlers: fakeHandlers(vi.fn(async () => ok(snapshot))),
      subscribe: (l) => {
        listeners.add(l);
        for (const s of snapshots) l({ channel: 'snapshot', payload: s });
        return () => listeners.delete(l);
      },
      sendCommand: () => undefined,
      start: () => undefined,
      stop: async () => undefined,
    };
    return { backend, listeners };
  };

  it("sends the asked view's first rows before the first snapshot only", () => {
    const { backend, listeners } = backendWith([snapshot]);
    const socket = new FakeSocket();
    createClientSession(socket, backend, { allowActions: false, binarySnapshots: true, head: request });
    expect(socket.sent).toHaveLength(2);
    const head = readHead((socket.sent[0] as { channel: string; payload: unknown }).payload);
    expect(socket.sent[0]).toMatchObject({ type: 'push', channel: 'head' });
    expect(head).toEqual(snapshotHead(snapshot, request));
    expect(head?.rows).toHaveLength(5);
    expect(socket.sent[1]).toBeInstanceOf(Uint8Array);
    // A later snapshot (a resync) comes whole, with no head.
    listeners.forEach((l) => l({ channel: 'snapshot', payload: { ...snapshot, seq: 10 } }));
    expect(socket.sent).toHaveLength(3);
    expect(socket.sent[2]).toBeInstanceOf(Uint8Array);
  });

  it('makes one head per snapshot and view for every client, and none for a column only the page has', () => {
    const { backend } = backendWith([snapshot]);
    const a = new FakeSocket();
    const b = new FakeSocket();
    createClientSession(a, backend, { allowActions: false, head: request });
    createClientSession(b, backend, { allowActions: false, head: request });
    expect(a.sent[0]).toEqual(b.sent[0]);
    expect(a.sent[0]).toMatchObject({ channel: 'head' });
    const other = new FakeSocket();
    createClientSession(other, backend, {
      allowActions: false,
      head: { ...request, sort: { column: 'fqdn', desc: false } },
    });
    expect(other.sent).toHaveLength(1);
    expect(isPackedSnapshot((other.sent[0] as { payload: unknown }).payload)).toBe(true);
    // Without a request, as before: the snapshot alone.
    const plain = new FakeSocket();
    createClientSession(plain, backend, { allowActions: false });
    expect(plain.sent).toHaveLength(1);
  });

  it('sends no head for an odd payload that is no snapshot', () => {
    const { backend } = backendWith([{ seq: 1 } as never]);
    const socket = new FakeSocket();
    createClientSession(socket, backend, { allowActions: false, head: request });
    expect(socket.sent).toEqual([{ type: 'push', channel: 'snapshot', payload: { seq: 1 } }]);
  });
});
