/**
 * The types of the WebSocket client (ws-api.ts): the socket it drives (SocketLike, which tests fake), its
 * options and the API it returns. Split from ws-api.ts so that file holds only the connection's behaviour.
 */
import type { NetScopeApi, Unsubscribe } from '../../shared/api';
import type { HeadRequest, SnapshotHead } from '../../shared/wire-head';

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
