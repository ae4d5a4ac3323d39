/**
 * NetScopeApi over the WebSocket of `netscope serve` (see shared/wire.ts).
 * Calls are JSON `invoke` messages correlated by id; pushes fan out to the
 * on* listeners. The socket reconnects with exponential backoff, and no call
 * ever hangs: calls queue while connecting, and resolve to an io-error when
 * the connection drops under them or after the timeout.
 *
 * This file holds the socket's lifecycle and the calls. Split out of it:
 * ws-inbound.ts (reading what the server sends and delivering it, with the
 * snapshot head's hold), ws-api-types.ts (the socket, options and API types)
 * and ws-values.ts (the io-error result and JSON guards both use).
 */
import type { ApiResult, EngineStatus, ShellCommand, Unsubscribe } from '../../shared/api';
import { buildHandlers, type InvokeArgs, type InvokeMethod, type InvokeResult } from '../../shared/channels';
import type { SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import type { InvokeMessage } from '../../shared/wire';
import { urlWithHeadRequest, type EarlySocket } from './browser-socket';
import type { ConnectionState, SocketConstructor, SocketLike, WsApi, WsApiOptions } from './ws-api-types';
import { createInbound, type Listeners } from './ws-inbound';
import { ioError, isRecord } from './ws-values';

const OPEN = 1;

interface PendingCall {
  message: InvokeMessage;
  sent: boolean;
  resolve: (result: ApiResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The reason a server gave in its close frame, if any. */
function closeReason(ev: unknown): string | undefined {
  if (!isRecord(ev) || typeof ev.reason !== 'string' || ev.reason === '') return undefined;
  return ev.reason;
}

export interface WsApiStart extends WsApiOptions {
  /**
   * A socket already opened with this URL (boot.ts), adopted by the first
   * connect instead of a new one, with what it got so far; reconnects open
   * their own as usual.
   */
  early?: EarlySocket | null;
}

export function createWsApi(options: WsApiStart): WsApi {
  const Impl: SocketConstructor = options.WebSocketImpl ?? (WebSocket as unknown as SocketConstructor);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 10_000;

  const pending = new Map<number, PendingCall>();
  const inbound = createInbound(settle);
  const { listeners, headListeners } = inbound;
  const stateListeners = new Set<(s: ConnectionState, reason?: string) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let attempts = 0;
  let everOpened = false;
  let closedForGood = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let early = options.early ?? null;

  const setState = (s: ConnectionState, reason?: string): void => stateListeners.forEach((l) => l(s, reason));

  function settle(id: number, result: ApiResult<unknown>): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    clearTimeout(call.timer);
    call.resolve(result);
  }

  function trySend(call: PendingCall): void {
    if (!socket || socket.readyState !== OPEN) return;
    try {
      socket.send(JSON.stringify(call.message));
      call.sent = true;
    } catch {
      // Left queued; the close that follows a broken send fails or resends it.
    }
  }

  /**
   * After a reconnect the pushes in between are lost. The server pushes its
   * newest snapshot to the new socket by itself (pushesSnapshotOnConnect), so
   * only the status is fetched: asking for the snapshot as well would send the
   * largest message twice.
   */
  async function resyncAfterReconnect(): Promise<void> {
    const status = await invoke('getStatus', []);
    if (status.ok) listeners.status.forEach((l) => l(status.value));
  }

  function connect(): void {
    if (closedForGood) return;
    setState('connecting');
    const adopted = early;
    early = null;
    let ws: SocketLike;
    if (adopted) ws = adopted.socket;
    else {
      try {
        ws = new Impl(urlWithHead(), options.protocols);
      } catch {
        scheduleReconnect();
        return;
      }
    }
    socket = ws;
    ws.binaryType = 'arraybuffer';
    const onOpen = (): void => {
      if (socket !== ws) return;
      attempts = 0;
      setState('open');
      for (const call of pending.values()) if (!call.sent) trySend(call);
      if (everOpened) void resyncAfterReconnect();
      everOpened = true;
    };
    const onClose = (ev: unknown): void => {
      if (socket !== ws) return;
      socket = null;
      const reason = closeReason(ev);
      // The server cannot answer calls sent on a dead socket: fail them now.
      for (const [id, call] of pending) {
        if (call.sent)
          settle(id, ioError(reason ? `NetScope closed the connection: ${reason}` : 'connection to NetScope lost'));
      }
      setState('closed', reason);
      scheduleReconnect();
    };
    ws.onopen = onOpen;
    ws.onmessage = (ev) => {
      if (socket === ws) inbound.receive(ev.data);
    };
    ws.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    ws.onclose = onClose;
    if (!adopted) return;
    // What the early socket saw is replayed in its order, in a microtask: after the caller's
    // synchronous subscriptions (main.tsx connects the store right after getApi), so the head
    // reaches the store before React's first render, and before any event the socket queues next.
    queueMicrotask(() => {
      if (socket !== ws) return;
      if (adopted.opened) onOpen();
      for (const data of adopted.messages.splice(0)) if (socket === ws) inbound.receive(data);
      if (adopted.closed) onClose(adopted.closed.ev);
    });
  }

  /** The socket's URL, with the first view's request while no snapshot has come yet. */
  function urlWithHead(): string {
    return urlWithHeadRequest(options.url, inbound.snapshotSeen() ? null : (options.head?.() ?? null));
  }

  function scheduleReconnect(): void {
    if (closedForGood || reconnectTimer !== null) return;
    const delay = Math.min(maxBackoff, minBackoff * 2 ** attempts);
    attempts++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function invoke<M extends InvokeMethod>(method: M, args: InvokeArgs<M>): Promise<ApiResult<InvokeResult<M>>> {
    return new Promise((resolve) => {
      if (closedForGood) {
        resolve(ioError('NetScope connection closed'));
        return;
      }
      const id = nextId++;
      const call: PendingCall = {
        message: { type: 'invoke', id, method, args },
        sent: false,
        // The server answers with the method's result type (wire contract).
        resolve: resolve as (r: ApiResult<unknown>) => void,
        timer: setTimeout(
          () => settle(id, ioError(`no answer from NetScope to ${method} within ${timeoutMs} ms`)),
          timeoutMs,
        ),
      };
      pending.set(id, call);
      trySend(call);
    });
  }

  function subscribe<C extends PushMessage['channel']>(
    channel: C,
    listener: Listeners[C] extends Set<infer L> ? L : never,
  ): Unsubscribe {
    const set = listeners[channel] as Set<typeof listener>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  connect();

  return {
    pushesSnapshotOnConnect: true,
    ...buildHandlers(invoke),
    onSnapshot: (l: (s: Snapshot) => void) => subscribe('snapshot', l),
    onDiff: (l: (d: SnapshotDiff) => void) => subscribe('diff', l),
    onStatus: (l: (s: EngineStatus) => void) => subscribe('status', l),
    onCommand: (l: (c: ShellCommand) => void) => subscribe('command', l),
    onSnapshotHead(listener) {
      headListeners.add(listener);
      return () => {
        headListeners.delete(listener);
      };
    },
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      closedForGood = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      for (const id of [...pending.keys()]) settle(id, ioError('NetScope connection closed'));
      const ws = socket;
      socket = null;
      ws?.close();
      setState('closed');
    },
  };
}
