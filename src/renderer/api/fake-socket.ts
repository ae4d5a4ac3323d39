/**
 * A WebSocket stand-in for the client's tests (ws-api, the early socket): it records what the client sends,
 * and the test opens, drops and feeds it. Not imported by the app.
 */
import type { SocketLike } from './ws-api-types';

export class FakeSocket implements SocketLike {
  /** Every socket made, in order (a test empties it before it starts). */
  static all: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
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
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  /** A message from the server: text and binary frames as they are, anything else as its JSON. */
  receive(msg: unknown): void {
    const data = typeof msg === 'string' || msg instanceof ArrayBuffer ? msg : JSON.stringify(msg);
    this.onmessage?.({ data });
  }
}
