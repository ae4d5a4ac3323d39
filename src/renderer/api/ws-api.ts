/**
 * NetScopeApi over the WebSocket of `netscope serve` (see shared/wire.ts).
 * Calls are JSON `invoke` messages correlated by id; pushes fan out to the
 * on* listeners. The socket reconnects with exponential backoff, and no call
 * ever hangs: calls queue while connecting, and resolve to an io-error when
 * the connection drops under them or after the timeout.
 */
import type { ApiResult, EngineStatus, NetScopeApi, ShellCommand, Unsubscribe } from '../../shared/api';
import { buildHandlers, type InvokeArgs, type InvokeMethod, type InvokeResult } from '../../shared/channels';
import type { SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import { isPackedSnapshot, unpackSnapshot, type InvokeMessage } from '../../shared/wire';
import { decodeSnapshotFrame } from '../../shared/wire-frame';
import { encodeHeadRequest, HEAD_PARAM, readHead, type HeadRequest, type SnapshotHead } from '../../shared/wire-head';

/** The part of the DOM WebSocket this client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  /** Set to 'arraybuffer': binary snapshot frames (protocol netscope.v2) arrive as ArrayBuffers. */
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type SocketConstructor = new (url: string, protocols?: string[]) => SocketLike;

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsApiOptions {
  url: string;
  /** Offered on every connect: `netscope.v1` and the token's `netscope.token.<T>` (see index.ts). */
  protocols?: string[];
  WebSocketImpl?: SocketConstructor;
  timeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * The view the page will show first, asked for in the socket's URL until a
   * snapshot arrived: the server then sends that view's first screenful
   * before the whole snapshot (shared/wire-head.ts). Read at each connect.
   */
  head?: () => HeadRequest | null;
}

export interface WsApi extends NetScopeApi {
  /**
   * The server pushes its newest snapshot to every socket as it connects, so
   * the store need not ask for one too (at 100k rows that is 35 MB twice).
   */
  readonly pushesSnapshotOnConnect: true;
  /**
   * Browser mode only: the socket's state, for the status bar. When the server
   * closed the socket with a reason (too many clients, send buffer full), the
   * reason comes with 'closed'.
   */
  onConnectionChange(listener: (state: ConnectionState, reason?: string) => void): Unsubscribe;
  onSnapshotHead(listener: (head: SnapshotHead) => void): Unsubscribe;
  /** Stops reconnecting and fails pending calls (tests, page unload). */
  close(): void;
}

const OPEN = 1;

type Listeners = {
  [C in PushMessage['channel']]: Set<(payload: Extract<PushMessage, { channel: C }>['payload']) => void>;
};

interface PendingCall {
  message: InvokeMessage;
  sent: boolean;
  resolve: (result: ApiResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

function ioError(message: string): ApiResult<never> {
  return { ok: false, error: { code: 'io-error', message } };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The reason a server gave in its close frame, if any. */
function closeReason(ev: unknown): string | undefined {
  if (!isRecord(ev) || typeof ev.reason !== 'string' || ev.reason === '') return undefined;
  return ev.reason;
}

/** Runs fn once the next frame is painted, or after `fallbackMs` where no frame comes (a hidden tab). */
function afterNextFrame(fn: () => void, fallbackMs: number): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, fallbackMs);
}

/** How long messages after a head wait for its frame at most. */
const HEAD_PAINT_WAIT_MS = 250;

function isApiResult(v: unknown): v is ApiResult<unknown> {
  if (!isRecord(v)) return false;
  if (v.ok === true) return 'value' in v;
  return v.ok === false && isRecord(v.error) && typeof v.error.code === 'string';
}

export function createWsApi(options: WsApiOptions): WsApi {
  const Impl: SocketConstructor = options.WebSocketImpl ?? (WebSocket as unknown as SocketConstructor);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 10_000;

  const pending = new Map<number, PendingCall>();
  const listeners: Listeners = { snapshot: new Set(), diff: new Set(), status: new Set(), command: new Set() };
  const stateListeners = new Set<(s: ConnectionState, reason?: string) => void>();
  const headListeners = new Set<(head: SnapshotHead) => void>();
  /** Messages that arrived after a head, held (in order) until the head's rows are painted; else null. */
  let held: unknown[] | null = null;
  let snapshotSeen = false;
  let nextId = 1;
  let socket: SocketLike | null = null;
  let attempts = 0;
  let everOpened = false;
  let closedForGood = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

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

  function deliver(msg: PushMessage): void {
    // Each branch keeps the payload's type tied to its channel.
    switch (msg.channel) {
      case 'snapshot':
        snapshotSeen = true;
        return listeners.snapshot.forEach((l) => l(msg.payload));
      case 'diff':
        return listeners.diff.forEach((l) => l(msg.payload));
      case 'status':
        return listeners.status.forEach((l) => l(msg.payload));
      case 'command':
        return listeners.command.forEach((l) => l(msg.payload));
    }
  }

  /** A binary frame: a full snapshot pushed, or the answer to getSnapshot (shared/wire-frame.ts). */
  function onBinary(data: ArrayBuffer): void {
    const frame = decodeSnapshotFrame(data);
    if ('error' in frame) {
      // A push lost here is recovered by the store: the next diff does not apply, and it asks for a snapshot.
      if (frame.route?.type === 'result') settle(frame.route.id, ioError(`unreadable snapshot: ${frame.error}`));
      return;
    }
    if (frame.route.type === 'result') settle(frame.route.id, { ok: true, value: frame.snapshot });
    else deliver({ channel: 'snapshot', payload: frame.snapshot });
  }

  /**
   * WHY hold what follows a head: the whole snapshot comes right behind it,
   * and decoding and storing 100k rows takes the main thread for ~100 ms; run
   * before the head's frame, it would delay the very paint the head is for.
   * Holding everything after it (not just the snapshot) keeps diffs in order.
   */
  function onMessage(data: unknown): void {
    if (held !== null) {
      held.push(data);
      return;
    }
    dispatch(data);
  }

  function releaseHeld(): void {
    const queue = held ?? [];
    held = null;
    while (queue.length > 0) {
      // A message released here may be another head, which holds the rest again.
      // (dispatch() below may have set it: TypeScript cannot see that.)
      const holding = held as unknown[] | null;
      if (holding !== null) {
        held = holding.concat(queue);
        return;
      }
      dispatch(queue.shift());
    }
  }

  function deliverHead(payload: unknown): void {
    const head = readHead(payload);
    // A malformed head is dropped: the whole snapshot follows anyway.
    if (head === null || snapshotSeen) return;
    headListeners.forEach((l) => l(head));
    held = [];
    afterNextFrame(releaseHeld, HEAD_PAINT_WAIT_MS);
  }

  function dispatch(data: unknown): void {
    if (data instanceof ArrayBuffer) return onBinary(data);
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (!isRecord(msg)) return;
    // Full snapshots arrive as a table (shared/wire.ts): unpacked here, so listeners and callers get a Snapshot.
    if (msg.type === 'result' && typeof msg.id === 'number' && isApiResult(msg.result)) {
      const r = msg.result;
      settle(msg.id, r.ok && isPackedSnapshot(r.value) ? { ok: true, value: unpackSnapshot(r.value) } : r);
    } else if (msg.type === 'push' && msg.channel === 'head') {
      deliverHead(msg.payload);
    } else if (msg.type === 'push' && typeof msg.channel === 'string' && msg.channel in listeners && 'payload' in msg) {
      const payload =
        msg.channel === 'snapshot' && isPackedSnapshot(msg.payload) ? unpackSnapshot(msg.payload) : msg.payload;
      // The server validates what it sends; the shape is the contract's.
      deliver({ channel: msg.channel, payload } as PushMessage);
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
    let ws: SocketLike;
    try {
      ws = new Impl(urlWithHead(), options.protocols);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      if (socket !== ws) return;
      attempts = 0;
      setState('open');
      for (const call of pending.values()) if (!call.sent) trySend(call);
      if (everOpened) void resyncAfterReconnect();
      everOpened = true;
    };
    ws.onmessage = (ev) => {
      if (socket === ws) onMessage(ev.data);
    };
    ws.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    ws.onclose = (ev) => {
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
  }

  /** The socket's URL, with the first view's request while no snapshot has come yet. */
  function urlWithHead(): string {
    const request = snapshotSeen ? null : (options.head?.() ?? null);
    if (request === null) return options.url;
    const sep = options.url.includes('?') ? '&' : '?';
    return `${options.url}${sep}${HEAD_PARAM}=${encodeURIComponent(encodeHeadRequest(request))}`;
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
