import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeHandlers } from '../../../test/helpers/fake-handlers';
import { ok } from '../../shared/api';
import { blankConnection, emptySnapshot, type Snapshot } from '../../shared/model';
import type { HeadRequest } from '../../shared/wire-head';
import { decodeSnapshotFrame } from '../../shared/wire-frame';
import type { Backend, PushMessage } from '../engine/backend-types';
import { createClientSession } from './client';
import type { ClientSocket } from './client-socket';
import { ENCODE_AT_ONCE_ROWS } from './snapshot-encoder';

// After a head, the page draws it; the whole snapshot's encoding (CPU the page needs then, on a shared machine)
// waits for that: headPaintMs, or the page's first message, whichever comes first (client.ts).

class FakeSocket implements ClientSocket {
  bufferedAmount = 0;
  sent: unknown[] = [];
  closed: number | null = null;
  send(data: string | Uint8Array): void {
    this.sent.push(typeof data === 'string' ? JSON.parse(data) : data);
  }
  close(code: number): void {
    this.closed = code;
  }
  terminate(): void {}
}

// Big enough to be encoded in slices (small snapshots are encoded at once and sent with their head).
const rows = ENCODE_AT_ONCE_ROWS + 10;
// A new object each time: the encoder keeps each snapshot's bytes, and an encoded one is sent with its head.
const bigSnapshot = () =>
  emptySnapshot({
    seq: 3,
    host: 'h',
    connections: Array.from({ length: rows }, (_, n) =>
      blankConnection({
        id: `c${n}`,
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: n % 60000,
        remoteAddress: '10.0.0.2',
        remotePort: 443,
        state: 'ESTABLISHED',
      }),
    ),
  });
const request: HeadRequest = { sort: null, filter: '', hideTimeWait: false, rows: 3 };
const diff: PushMessage = { channel: 'diff', payload: { seq: 4, baseSeq: 3 } as never };

/** snapshot null: the backend has none yet when the page connects (serve just started); push() sends it later. */
function session(
  headPaintMs: number | null,
  head: HeadRequest | null = request,
  snapshot: Snapshot | null = bigSnapshot(),
) {
  const listeners = new Set<(m: PushMessage) => void>();
  const backend: Backend = {
    handlers: fakeHandlers(vi.fn(async () => ok('done'))),
    subscribe: (l) => {
      listeners.add(l);
      if (snapshot !== null) l({ channel: 'snapshot', payload: snapshot });
      return () => listeners.delete(l);
    },
    sendCommand: () => undefined,
    start: () => undefined,
    stop: async () => undefined,
  };
  const socket = new FakeSocket();
  const s = createClientSession(socket, backend, {
    allowActions: false,
    binarySnapshots: true,
    head,
    limits: headPaintMs === null ? {} : { headPaintMs },
  });
  return { socket, s, snapshot, push: (m: PushMessage) => listeners.forEach((l) => l(m)) };
}

const kinds = (sent: unknown[]) =>
  sent.map((m) =>
    m instanceof Uint8Array
      ? 'snapshot'
      : ((m as { channel?: string; type: string }).channel ?? (m as { type: string }).type),
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('client session: the snapshot after a head waits for the page to paint it', () => {
  it('starts encoding only after headPaintMs, then sends the snapshot and the diffs held meanwhile, in order', async () => {
    vi.useFakeTimers();
    const { socket, push, snapshot } = session(200);
    push(diff);
    // The old code encoded at once (in slices between event-loop turns): by now the snapshot and diff were out.
    await vi.advanceTimersByTimeAsync(199);
    expect(kinds(socket.sent)).toEqual(['head']);
    await vi.advanceTimersByTimeAsync(1);
    await vi.runAllTimersAsync();
    expect(kinds(socket.sent)).toEqual(['head', 'snapshot', 'diff']);
    expect(decodeSnapshotFrame(socket.sent[1] as Uint8Array)).toEqual({
      route: { type: 'push', channel: 'snapshot' },
      snapshot,
    });
  });

  it("ends the wait at the page's first message (its app is running: the head is painted)", async () => {
    vi.useFakeTimers();
    const { socket, s } = session(60_000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds(socket.sent)).toEqual(['head']);
    s.onMessage(JSON.stringify({ type: 'invoke', id: 1, method: 'getStatus', args: [] }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds(socket.sent).slice(0, 2)).toEqual(['head', 'snapshot']);
    expect(kinds(socket.sent)).toContain('result');
  });

  it("by default waits for a page whose app speaks only once the head's frame is on screen (~500 ms)", async () => {
    vi.useFakeTimers();
    const { socket, s } = session(null);
    // The page's app starts when its first screen is presented (boot-sequence.ts afterPresented), then runs its
    // chunk: 250-500 ms after the head here. The old default (250 ms) encoded meanwhile, on the frame's raster.
    await vi.advanceTimersByTimeAsync(500);
    expect(kinds(socket.sent)).toEqual(['head']);
    s.onMessage(JSON.stringify({ type: 'invoke', id: 1, method: 'getStatus', args: [] }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds(socket.sent).slice(0, 2)).toEqual(['head', 'snapshot']);
  });

  it('by default still sends the snapshot to a page that never speaks, within a second of the head', async () => {
    vi.useFakeTimers();
    const { socket } = session(null);
    await vi.advanceTimersByTimeAsync(500);
    expect(kinds(socket.sent)).toEqual(['head']);
    // A page whose app never starts (a script blocked, a hidden tab) is not left without its rows.
    await vi.advanceTimersByTimeAsync(500);
    expect(kinds(socket.sent).slice(0, 2)).toEqual(['head', 'snapshot']);
  });

  it('does not wait when the page spoke before the first snapshot existed (its app runs: the head is painted)', async () => {
    vi.useFakeTimers();
    const { socket, s, push } = session(60_000, request, null);
    s.onMessage(JSON.stringify({ type: 'invoke', id: 1, method: 'getStatus', args: [] }));
    await vi.advanceTimersByTimeAsync(10);
    expect(kinds(socket.sent)).toEqual(['result']);
    push({ channel: 'snapshot', payload: bigSnapshot() });
    // The old code waited headPaintMs here (a minute in this test) for a page that had long painted.
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds(socket.sent)).toEqual(['result', 'head', 'snapshot']);
  });

  it('does not wait without a head, and sends nothing after the page left during the wait', async () => {
    vi.useFakeTimers();
    const plain = session(60_000, null);
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds(plain.socket.sent)).toEqual(['snapshot']);

    const gone = session(200);
    gone.s.dispose();
    await vi.runAllTimersAsync();
    expect(kinds(gone.socket.sent)).toEqual(['head']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
