/**
 * One browser connection: validates and dispatches its invokes, forwards the
 * engine's pushes, and bounds the memory a slow reader can pin. Written
 * against the minimal socket of client-socket.ts so the back-pressure rules
 * are testable without a network.
 */
import { fail, type ApiResult } from '../../shared/api';
import type { PushMessage } from '../../shared/push';
import { runInvoke } from '../../shared/dispatch';
import { validateClientMessage, type ValidInvoke } from '../../shared/validate';
import { CLOSE_TRY_AGAIN_LATER, type ServerMessage } from '../../shared/wire';
import type { Snapshot } from '../../shared/model';
import { snapshotFrame, type SnapshotRoute } from '../../shared/wire-frame';
import type { HeadRequest } from '../../shared/wire-head';
import type { Backend } from '../engine/backend-types';
import type { BudgetMember, BufferBudget } from './budget';
import { diffData, encodable, headJson, pushJson, snapshotJson } from './push-json';
import { encodeColumnsInSlices, encodeColumnsNow, encodedColumns } from './snapshot-encoder';
import { DEFAULT_LIMITS, type ClientLimits, type ClientSession, type ClientSocket } from './client-socket';

/** What waits while a snapshot is encoded: a push, or an answer to send in its turn. */
type Held = PushMessage | (() => void);

/** Above this much unsent, an evicted client cannot receive its close frame soon: cut it at once. */
const EVICT_AT_ONCE_BYTES = 64 * 1024;
const CLOSE_GRACE_MS = 1000;

export function createClientSession(
  socket: ClientSocket,
  backend: Backend,
  options: {
    allowActions: boolean;
    limits?: Partial<ClientLimits>;
    budget?: BufferBudget;
    /** The client chose `netscope.v4` or v5: full snapshots go as binary frames. */
    binarySnapshots?: boolean;
    /** The client chose `netscope.v5`: diffs go as binary frames too. */
    binaryDiffs?: boolean;
    /** The first screenful the page asked for on connect (`?head=`): sent before its first snapshot. */
    head?: HeadRequest | null;
  },
): ClientSession {
  const budget = options.budget ?? null;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let disposed = false;
  let lagging = false;
  let inFlight = 0;
  let drainTimer: ReturnType<typeof setInterval> | null = null;
  let unsubscribe: (() => void) | null = null;
  /** Only the first snapshot has a head: later ones (a lagging client's resync) replace a page already shown. */
  let headWanted = options.head ?? null;
  /** The page sent a message: its app is running, so any head it gets is painted already. */
  let pageSpoke = false;

  const evict = (reason: string): void => {
    if (disposed) return;
    dispose();
    socket.close(CLOSE_TRY_AGAIN_LATER, reason);
    // A client that is not reading would never get the close frame; its bytes are freed only by cutting it.
    if (socket.bufferedAmount > EVICT_AT_ONCE_BYTES) socket.terminate();
    else setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref?.();
  };
  const member: BudgetMember = {
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    evict,
  };

  const binary = options.binarySnapshots === true;
  const binaryDiffs = options.binaryDiffs === true;
  const byteLength = (data: string | Uint8Array): number =>
    typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  /** What to send for a snapshot: a binary frame for v2 clients, packed JSON (built by `json`) otherwise. */
  const snapshotData = (snapshot: Snapshot, route: SnapshotRoute, json: () => string): string | Uint8Array =>
    binary && encodable(snapshot) ? snapshotFrame(route, encodeColumnsNow(snapshot)) : json();

  const send = (message: ServerMessage | string | Uint8Array): void => {
    if (disposed) return;
    if (socket.bufferedAmount > limits.hardBufferBytes) {
      // The client is not reading; holding more for it would grow without bound.
      dispose();
      socket.terminate();
      return;
    }
    const data = typeof message === 'string' || message instanceof Uint8Array ? message : JSON.stringify(message);
    // The server-wide limit may evict the client holding the most, this one included.
    if (budget && !budget.reserve(member, byteLength(data))) return;
    socket.send(data);
    budget?.noteSent();
  };

  /**
   * Pushes that came while this client's snapshot was being encoded (snapshot-encoder.ts, in slices of the event
   * loop): sent in order right after it, so the page still gets its snapshot and then every diff. null: none held.
   */
  let held: Held[] | null = null;

  const onPush = (message: PushMessage): void => {
    if (disposed) return;
    if (held !== null) held.push(message);
    else deliver(message);
  };

  /** Sends now, or after the held pushes: an answer must not overtake a snapshot the page has not got yet. */
  const sendInTurn = (sendIt: () => void): void => {
    if (held !== null) held.push(sendIt);
    else sendIt();
  };

  const deliverHeld = (item: Held): void => {
    if (typeof item === 'function') item();
    else deliver(item);
  };

  const deliver = (message: PushMessage): void => {
    if (message.channel === 'snapshot' && headWanted !== null) {
      const request = headWanted;
      headWanted = null;
      // Sent before the whole snapshot is encoded: the page paints these rows while the rest is on its way.
      const head = encodable(message.payload) ? headJson(message.payload, request) : null;
      if (head !== null) {
        send(head);
        // The page now draws these rows. WHY wait before encoding the rest: at 100k rows the encoding is 65-300 ms
        // of CPU, and where the page and the server share the cores (2 here) it took them from the head's frame
        // (the server busy 150-420 ms right after the socket opened, note-s31). The pushes after it are held.
        // Not once the page has spoken: its app runs already (it spoke before serve had a snapshot), nothing to wait for.
        if (!pageSpoke && binary && encodedColumns(message.payload) === null) {
          held = [];
          headPainting = setTimeout(() => endHeadPaint(), limits.headPaintMs);
          headPainting.unref?.();
          afterHeadPaint = () => encodeAndRelease(message);
          return;
        }
      }
    }
    if (message.channel === 'snapshot' && binary && encodable(message.payload)) {
      const route: SnapshotRoute = { type: 'push', channel: 'snapshot' };
      const columns = encodedColumns(message.payload);
      if (columns !== null) return sendBulky(message, snapshotFrame(route, columns));
      held = [];
      encodeAndRelease(message);
      return;
    }
    sendBulky(message, binaryDiffs && message.channel === 'diff' ? diffData(message.payload) : pushJson(message));
  };

  /**
   * Encodes a pushed snapshot in slices (shared with the pages joining with this snapshot), `held` set by the
   * caller; then sends it and what was held. A failed encode (an odd row the encoder cannot take) sends the packed
   * JSON, which v3 pages read.
   */
  const encodeAndRelease = (message: PushMessage & { channel: 'snapshot' }): void => {
    const route: SnapshotRoute = { type: 'push', channel: 'snapshot' };
    encodeColumnsInSlices(message.payload)
      .then(
        (bytes) => release(message, snapshotFrame(route, bytes)),
        () => release(message, pushJson(message)),
      )
      // Nothing else waits on this promise: whatever fails here (a snapshot not even JSON can take) ends this
      // client, as a throw from a push would have, instead of an unhandled rejection ending the server.
      .catch(() => {
        if (disposed) return;
        dispose();
        socket.close(1011, 'could not send the snapshot');
      });
  };

  /** Set while the page paints its head (deliver): the snapshot's encoding, started when that wait ends. */
  let afterHeadPaint: (() => void) | null = null;
  let headPainting: ReturnType<typeof setTimeout> | null = null;
  const endHeadPaint = (): void => {
    if (headPainting !== null) clearTimeout(headPainting);
    headPainting = null;
    const start = afterHeadPaint;
    afterHeadPaint = null;
    if (start && !disposed) start();
  };

  /** Sends the snapshot whose encoding held the pushes, then those pushes, in order. */
  const release = (message: PushMessage, data: string | Uint8Array): void => {
    const queue = held ?? [];
    held = null;
    if (disposed) return;
    sendBulky(message, data);
    let next = queue.shift();
    for (; next !== undefined && held === null; next = queue.shift()) deliverHeld(next);
    // A later snapshot is being encoded in its turn (deliver set `held`): what followed it waits for it too.
    const waiting = held as Held[] | null;
    if (waiting !== null) {
      if (next !== undefined) waiting.push(next);
      for (const m of queue) waiting.push(m);
    }
  };

  const sendBulky = (message: PushMessage, data: string | Uint8Array): void => {
    if (disposed) return;
    const bulky = message.channel === 'snapshot' || message.channel === 'diff';
    const overBudget = budget !== null && budget.total() + byteLength(data) > budget.limits.maxBufferedBytes;
    if (bulky && (lagging || socket.bufferedAmount > limits.softBufferBytes || overBudget)) {
      // A dropped diff breaks the client's chain, so it must not get the later ones
      // either: it waits for a fresh snapshot once its buffer has drained.
      if (!lagging) startLagging();
      return;
    }
    send(data);
  };

  const subscribe = (): void => {
    // The backend sends its newest full snapshot to every new listener first.
    unsubscribe = backend.subscribe(onPush);
  };

  const startLagging = (): void => {
    lagging = true;
    drainTimer = setInterval(() => {
      if (disposed || socket.bufferedAmount > limits.resumeBufferBytes) return;
      stopDrainTimer();
      lagging = false;
      unsubscribe?.();
      subscribe();
    }, limits.drainCheckMs);
    drainTimer.unref?.();
  };

  const stopDrainTimer = (): void => {
    if (drainTimer !== null) clearInterval(drainTimer);
    drainTimer = null;
  };

  const invoke = async (id: number, call: ValidInvoke): Promise<void> => {
    const { method } = call;
    // validateClientMessage has checked the arguments: the call runs without a second validation.
    const result: ApiResult<unknown> =
      method === 'endProcess' && !options.allowActions
        ? // The backend refuses too (allowEndProcess); this keeps it true for any backend.
          fail('forbidden', 'Ending processes is disabled; start `netscope serve --allow-actions` to allow it.')
        : await runInvoke(backend.handlers, call);
    // WHY in turn: while a pushed snapshot is encoded in slices its diffs are held; a newer snapshot answered at
    // once would reach the page first, and the held older one would then take the page back a refresh.
    if (method === 'getSnapshot' && result.ok) {
      const snapshot = result.value as Snapshot;
      sendInTurn(() =>
        send(
          snapshotData(
            snapshot,
            { type: 'result', id },
            () => `{"type":"result","id":${id},"result":{"ok":true,"value":${snapshotJson(snapshot)}}}`,
          ),
        ),
      );
    } else {
      sendInTurn(() => send({ type: 'result', id, result }));
    }
  };

  const onMessage = (data: string | null): void => {
    if (disposed) return;
    // The page's app is running: its head is painted.
    pageSpoke = true;
    endHeadPaint();
    if (data === null) {
      socket.close(1003, 'text frames only');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      // No id to answer to: tell the client by closing (1008 = policy violation).
      socket.close(1008, 'malformed JSON');
      return;
    }
    const v = validateClientMessage(raw);
    if (!v.ok) {
      if (v.id === null) socket.close(1008, 'malformed message');
      else send({ type: 'result', id: v.id, result: { ok: false, error: v.error } });
      return;
    }
    if (inFlight >= limits.maxInFlight) {
      send({ type: 'result', id: v.id, result: fail('cancelled', 'Too many requests at once; retry later.') });
      return;
    }
    inFlight++;
    void invoke(v.id, v.call).finally(() => inFlight--);
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    budget?.leave(member);
    stopDrainTimer();
    endHeadPaint();
    unsubscribe?.();
    unsubscribe = null;
  };

  if (budget && !budget.admit(member)) {
    disposed = true;
    const max = budget.limits.maxClients;
    socket.close(
      CLOSE_TRY_AGAIN_LATER,
      `too many browser connections (max ${max}); close another tab or raise --max-clients`,
    );
    return { onMessage: () => undefined, dispose: () => undefined };
  }
  subscribe();
  return { onMessage, dispose };
}
