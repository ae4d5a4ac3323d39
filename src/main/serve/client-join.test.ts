/**
 * A netscope.v4 client whose snapshot is too big to encode at once
 * (snapshot-encoder.ts): the snapshot is encoded in slices, and the pushes
 * that come meanwhile wait for it and follow it in order.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeHandlers } from '../../../test/helpers/fake-handlers';
import { ok } from '../../shared/api';
import { blankConnection, emptySnapshot, type Snapshot } from '../../shared/model';
import { decodeSnapshotFrame } from '../../shared/wire-frame';
import type { Backend, PushMessage } from '../engine/backend-types';
import { createClientSession } from './client';
import type { ClientSocket } from './client-socket';
import { ENCODE_AT_ONCE_ROWS, encodeColumnsInSlices, runInSlices } from './snapshot-encoder';

class FakeSocket implements ClientSocket {
  bufferedAmount = 0;
  sent: (string | Uint8Array)[] = [];
  closed: number | null = null;
  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  close(code: number): void {
    this.closed = code;
  }
  terminate(): void {}
}

function bigSnapshot(seq: number): Snapshot {
  const connections = Array.from({ length: ENCODE_AT_ONCE_ROWS * 3 }, (_, i) =>
    blankConnection({
      id: `c${i}`,
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.1',
      localPort: 1000 + (i % 50000),
      remoteAddress: `10.1.${(i >> 8) & 255}.${i & 255}`,
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
  );
  return emptySnapshot({ seq, connections });
}

const diff = (seq: number): PushMessage => ({ channel: 'diff', payload: { seq, baseSeq: seq - 1 } as never });

function backendWith(first: Snapshot, answer: unknown = null) {
  const listeners = new Set<(m: PushMessage) => void>();
  const backend: Backend = {
    handlers: fakeHandlers(vi.fn(async () => ok(answer))),
    subscribe: (l) => {
      listeners.add(l);
      l({ channel: 'snapshot', payload: first });
      return () => listeners.delete(l);
    },
    sendCommand: () => undefined,
    start: () => undefined,
    stop: async () => undefined,
  };
  return { backend, push: (m: PushMessage) => listeners.forEach((l) => l(m)) };
}

/** What the socket got: a snapshot frame's seq, or a diff's. */
function sentSeqs(socket: FakeSocket): string[] {
  return socket.sent.map((data) => {
    if (typeof data === 'string') return `diff ${(JSON.parse(data) as { payload: { seq: number } }).payload.seq}`;
    const frame = decodeSnapshotFrame(data);
    return 'error' in frame ? `error ${frame.error}` : `snapshot ${frame.snapshot.seq}`;
  });
}

describe('a big snapshot for a joining page', () => {
  it('is sent once encoded, then the diffs that came meanwhile, in order', async () => {
    const { backend, push } = backendWith(bigSnapshot(1));
    const socket = new FakeSocket();
    createClientSession(socket, backend, { allowActions: false, binarySnapshots: true });
    push(diff(2));
    push(diff(3));
    // Nothing goes before the snapshot: a diff the page cannot apply yet would break its chain.
    expect(socket.sent).toHaveLength(0);
    await vi.waitFor(() => expect(socket.sent.length).toBeGreaterThan(0));
    push(diff(4));
    expect(sentSeqs(socket)).toEqual(['snapshot 1', 'diff 2', 'diff 3', 'diff 4']);
  });

  it('holds what follows a second big snapshot (a resync) behind it too', async () => {
    const { backend, push } = backendWith(bigSnapshot(1));
    const socket = new FakeSocket();
    createClientSession(socket, backend, { allowActions: false, binarySnapshots: true });
    push(diff(2));
    push({ channel: 'snapshot', payload: bigSnapshot(7) });
    push(diff(8));
    await vi.waitFor(() => expect(socket.sent).toHaveLength(4));
    expect(sentSeqs(socket)).toEqual(['snapshot 1', 'diff 2', 'snapshot 7', 'diff 8']);
  });

  it('answers a getSnapshot after the snapshot being encoded and its held diffs, not before them', async () => {
    // A page resyncing while its pushed snapshot is still encoded: the newer answer must not arrive first, or the
    // older snapshot after it would take the page back a refresh.
    const { backend, push } = backendWith(bigSnapshot(1), emptySnapshot({ seq: 9 }));
    const socket = new FakeSocket();
    const session = createClientSession(socket, backend, { allowActions: false, binarySnapshots: true });
    push(diff(2));
    session.onMessage(JSON.stringify({ type: 'invoke', id: 5, method: 'getSnapshot', args: [] }));
    await vi.waitFor(() => expect(socket.sent).toHaveLength(3));
    expect(sentSeqs(socket)).toEqual(['snapshot 1', 'diff 2', 'snapshot 9']);
  });

  it('shares one encoding between the pages joining with the same snapshot, and sends nothing to one that left', async () => {
    const snapshot = bigSnapshot(1);
    const { backend } = backendWith(snapshot);
    const a = new FakeSocket();
    const b = new FakeSocket();
    const gone = new FakeSocket();
    createClientSession(a, backend, { allowActions: false, binarySnapshots: true });
    createClientSession(b, backend, { allowActions: false, binarySnapshots: true });
    createClientSession(gone, backend, { allowActions: false, binarySnapshots: true }).dispose();
    await vi.waitFor(() => expect(b.sent).toHaveLength(1));
    expect(a.sent).toHaveLength(1);
    expect(a.sent[0]).toEqual(b.sent[0]);
    // One encode for both: the second page joined the first one's.
    const other = bigSnapshot(2);
    expect(encodeColumnsInSlices(other)).toBe(encodeColumnsInSlices(other));
    expect(gone.sent).toHaveLength(0);
  });
});

describe('a big snapshot that cannot be sent', () => {
  it('closes that client (1011) instead of failing the server with an unhandled rejection', async () => {
    const odd = bigSnapshot(1);
    // A value neither the columns' header nor JSON can hold.
    (odd.connections[5] as unknown as Record<string, unknown>).extra = 10n;
    const { backend, push } = backendWith(odd);
    const socket = new FakeSocket();
    createClientSession(socket, backend, { allowActions: false, binarySnapshots: true });
    push(diff(2));
    await vi.waitFor(() => expect(socket.closed).toBe(1011));
    expect(socket.sent).toHaveLength(0);
  });
});

describe('runInSlices', () => {
  it('lets timers and I/O run between slices and returns the last value', async () => {
    const order: string[] = [];
    function* steps(): Generator<void, string, void> {
      for (let i = 0; i < 6; i++) {
        order.push(`step ${i}`);
        // Busy for longer than a slice: each step is a slice of its own.
        const until = performance.now() + 3;
        while (performance.now() < until);
        yield;
      }
      return 'done';
    }
    setTimeout(() => order.push('timer'), 0);
    const result = await runInSlices(steps(), 1);
    expect(result).toBe('done');
    expect(order.indexOf('timer')).toBeGreaterThan(0);
    expect(order.indexOf('timer')).toBeLessThan(order.length - 1);
  });
});
