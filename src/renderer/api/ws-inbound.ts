/**
 * The receiving side of the WebSocket client (used by ws-api.ts): every message the server sends, text or
 * binary, read and routed to the call it answers or to the push listeners, with a snapshot's head shown first
 * and what follows it held until its rows are painted. Split from ws-api.ts, which keeps the socket's
 * lifecycle (connect, reconnect, close) and the calls; this file owns the listeners it delivers to.
 */
import type { ApiResult } from '../../shared/api';
import type { Snapshot } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import { fitSnapshotSourceOf } from '../../shared/snapshot-source';
import { diffRowsError, readInboundRows } from '../../shared/validate-rows';
import { isPackedSnapshot, packedRowsError, unpackSnapshot } from '../../shared/wire';
import { decodeFrame } from '../../shared/wire-frame';
import { readHead, type SnapshotHead } from '../../shared/wire-head';
import { ioError, isApiResult, isRecord } from './ws-values';
import { afterNextFrame } from '../after-frame';

export type Listeners = {
  [C in PushMessage['channel']]: Set<(payload: Extract<PushMessage, { channel: C }>['payload']) => void>;
};

/**
 * What is wrong with the rows of a diff or a snapshot sent as plain JSON, after making them fit for the views
 * (shared/validate-rows.ts: a null, or a value of the wrong kind, in an optional field is left out of its row; a
 * required field of the wrong kind refuses the list); null when nothing is. WHY: an older or foreign server may
 * send `traffic: null`, and Top talkers and the traffic columns read an object there. Packed and binary snapshots
 * and heads are fitted by their decoders, column by column (optional fields; required ones are judged by
 * packedRowsError and by the binary decoder, which refuse them): a pass over 100k unpacked rows here cost 11-31 ms
 * against ~160 ms of unpacking. A push refused here is dropped: the store asks for a whole snapshot when the next
 * diff does not apply (as for an unreadable binary frame).
 */
function plainRowsError(channel: string, payload: unknown): string | null {
  if (!isRecord(payload)) return null;
  // Only rows are checked here: a payload without its lists is passed on as before (the contract's shape).
  if (channel === 'snapshot') return payload.connections === undefined ? null : readInboundRows(payload.connections);
  return channel === 'diff' ? diffRowsError(payload) : null;
}

/**
 * A snapshot sent as plain JSON with its source fitted as the packed and binary decoders fit theirs
 * (shared/snapshot-source.ts: an import label that is not short text is left out), so no path passes one on.
 */
function fitPlainSnapshot(payload: unknown): unknown {
  return isRecord(payload) && 'source' in payload ? fitSnapshotSourceOf(payload as Pick<Snapshot, 'source'>) : payload;
}

/** How long messages after a head wait for its frame at most. */
const HEAD_PAINT_WAIT_MS = 250;

export interface Inbound {
  /** The push listeners per channel (onSnapshot, onDiff, ...), which messages are delivered to. */
  readonly listeners: Listeners;
  readonly headListeners: Set<(head: SnapshotHead) => void>;
  /** One message's data as the socket gave it (a string or an ArrayBuffer). */
  receive(data: unknown): void;
  /** Whether a whole snapshot has been delivered (then heads are no longer asked for or shown). */
  snapshotSeen(): boolean;
}

/** `settle` resolves the pending call with that id (ws-api.ts), for answers read here. */
export function createInbound(settle: (id: number, result: ApiResult<unknown>) => void): Inbound {
  const listeners: Listeners = { snapshot: new Set(), diff: new Set(), status: new Set(), command: new Set() };
  const headListeners = new Set<(head: SnapshotHead) => void>();
  /** Messages that arrived after a head, held (in order) until the head's rows are painted; else null. */
  let held: unknown[] | null = null;
  let snapshotSeen = false;

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

  /** A binary frame: a full snapshot or a diff pushed, or the answer to getSnapshot (shared/wire-frame.ts). */
  function onBinary(data: ArrayBuffer): void {
    const frame = decodeFrame(data);
    if ('error' in frame) {
      // A push lost here is recovered by the store: the next diff does not apply, and it asks for a snapshot.
      if (frame.route?.type === 'result') settle(frame.route.id, ioError(`unreadable snapshot: ${frame.error}`));
      return;
    }
    if ('diff' in frame) deliver({ channel: 'diff', payload: frame.diff });
    else if (frame.route.type === 'result') settle(frame.route.id, { ok: true, value: frame.snapshot });
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
      const packed = r.ok && isPackedSnapshot(r.value) ? r.value : null;
      // A getSnapshot answer, packed or sent unpacked: its rows as a pushed snapshot's, refused with the reason.
      const plain = packed === null && r.ok && isRecord(r.value) && 'connections' in r.value ? r.value : null;
      const error =
        packed !== null ? packedRowsError(packed.packed) : plain !== null ? plainRowsError('snapshot', plain) : null;
      if (error !== null) return settle(msg.id, ioError(`the server sent rows this window cannot show: ${error}`));
      if (packed !== null) return settle(msg.id, { ok: true, value: unpackSnapshot(packed) });
      settle(msg.id, plain !== null ? { ok: true, value: fitPlainSnapshot(plain) } : r);
    } else if (msg.type === 'push' && msg.channel === 'head') {
      deliverHead(msg.payload);
    } else if (msg.type === 'push' && typeof msg.channel === 'string' && msg.channel in listeners && 'payload' in msg) {
      // The shape is the contract's; but the rows' optional fields come as the peer's build wrote them.
      if (msg.channel === 'snapshot' && isPackedSnapshot(msg.payload)) {
        if (packedRowsError(msg.payload.packed) === null)
          deliver({ channel: 'snapshot', payload: unpackSnapshot(msg.payload) });
      } else if (plainRowsError(msg.channel, msg.payload) === null) {
        const payload = msg.channel === 'snapshot' ? fitPlainSnapshot(msg.payload) : msg.payload;
        deliver({ channel: msg.channel, payload } as PushMessage);
      }
    }
  }

  return { listeners, headListeners, receive: onMessage, snapshotSeen: () => snapshotSeen };
}
