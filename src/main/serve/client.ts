/**
 * One browser connection: validates and dispatches its invokes, forwards the
 * engine's pushes, and bounds the memory a slow reader can pin. Written
 * against a minimal socket interface so the back-pressure rules are testable
 * without a network.
 */
import { fail, type ApiResult } from '../../shared/api';
import type { PushMessage } from '../../shared/push';
import { validateClientMessage } from '../../shared/validate';
import { packSnapshot, type ServerMessage } from '../../shared/wire';
import type { Snapshot } from '../../shared/model';
import type { Backend } from '../engine/backend-types';

export interface ClientSocket {
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

export interface ClientLimits {
  /** Above this much unsent data, snapshots and diffs are dropped until the client catches up. */
  softBufferBytes: number;
  /** Below this, a lagging client gets a fresh snapshot and live diffs again. */
  resumeBufferBytes: number;
  /** Above this, the client is disconnected. */
  hardBufferBytes: number;
  /** Invokes a client may have running at once. */
  maxInFlight: number;
  /** How often a lagging client's buffer is checked. */
  drainCheckMs: number;
}

export const DEFAULT_LIMITS: ClientLimits = {
  softBufferBytes: 64 * 1024 * 1024,
  resumeBufferBytes: 1024 * 1024,
  hardBufferBytes: 128 * 1024 * 1024,
  maxInFlight: 32,
  drainCheckMs: 250,
};

/**
 * A snapshot's packed JSON (shared/wire.ts), made once per snapshot object:
 * every browser gets the same one, and a getSnapshot answer right after the
 * push reuses it. Packing 100k rows costs tens of ms; stringifying 100k
 * objects cost hundreds.
 */
const packedJson = new WeakMap<object, string>();

function snapshotJson(snapshot: Snapshot): string {
  // Test doubles and odd payloads without a connections array go as they are.
  if (!Array.isArray((snapshot as { connections?: unknown }).connections)) return JSON.stringify(snapshot);
  let json = packedJson.get(snapshot);
  if (json === undefined) {
    json = JSON.stringify(packSnapshot(snapshot));
    packedJson.set(snapshot, json);
  }
  return json;
}

export interface ClientSession {
  /** A text or binary frame from the client. */
  onMessage(data: string | null): void;
  /** The socket closed: stop listening to the engine. */
  dispose(): void;
}

export function createClientSession(
  socket: ClientSocket,
  backend: Backend,
  options: { allowActions: boolean; limits?: Partial<ClientLimits> },
): ClientSession {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let disposed = false;
  let lagging = false;
  let inFlight = 0;
  let drainTimer: ReturnType<typeof setInterval> | null = null;
  let unsubscribe: (() => void) | null = null;

  const send = (message: ServerMessage | string): void => {
    if (disposed) return;
    if (socket.bufferedAmount > limits.hardBufferBytes) {
      // The client is not reading; holding more for it would grow without bound.
      dispose();
      socket.terminate();
      return;
    }
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  };

  const onPush = (message: PushMessage): void => {
    if (disposed) return;
    const bulky = message.channel === 'snapshot' || message.channel === 'diff';
    if (bulky && (lagging || socket.bufferedAmount > limits.softBufferBytes)) {
      // A dropped diff breaks the client's chain, so it must not get the later ones
      // either: it waits for a fresh snapshot once its buffer has drained.
      if (!lagging) startLagging();
      return;
    }
    if (message.channel === 'snapshot')
      send(`{"type":"push","channel":"snapshot","payload":${snapshotJson(message.payload)}}`);
    else send({ type: 'push', ...message });
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

  const invoke = async (id: number, method: string, args: unknown[]): Promise<void> => {
    let result: ApiResult<unknown>;
    if (method === 'endProcess' && !options.allowActions) {
      // The backend refuses too (allowEndProcess); this keeps it true for any backend.
      result = fail('forbidden', 'Ending processes is disabled; start `netscope serve --allow-actions` to allow it.');
    } else {
      try {
        result = await backend.dispatch(method, args);
      } catch (error) {
        // dispatch() should never throw; if it does, the caller still gets an answer.
        result = fail('internal', error instanceof Error ? error.message : String(error));
      }
    }
    if (method === 'getSnapshot' && result.ok) {
      send(`{"type":"result","id":${id},"result":{"ok":true,"value":${snapshotJson(result.value as Snapshot)}}}`);
    } else {
      send({ type: 'result', id, result });
    }
  };

  const onMessage = (data: string | null): void => {
    if (disposed) return;
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
    void invoke(v.id, v.call.method, v.call.args).finally(() => inFlight--);
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    stopDrainTimer();
    unsubscribe?.();
    unsubscribe = null;
  };

  subscribe();
  return { onMessage, dispose };
}
