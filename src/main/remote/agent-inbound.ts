/**
 * Reading what a remote agent sends (remote-backend.ts): answers to calls and pushes, judged before the window
 * shows anything. WHY apart: the agent is another program, maybe older or foreign, so every message is untrusted
 * input; these readers are pure and testable without a socket.
 */
import { fail, ok, type ApiResult } from '../../shared/api';
import type { SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import { fitSnapshotSourceOf } from '../../shared/snapshot-source';
import { diffRowsError, noFieldsDropped, readInboundRows, type DroppedFields } from '../../shared/validate-rows';
import { isPackedSnapshot, packedRowsError, unpackSnapshot } from '../../shared/wire';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isApiResult(v: unknown): v is ApiResult<unknown> {
  if (!isRecord(v)) return false;
  if (v.ok === true) return 'value' in v;
  return v.ok === false && isRecord(v.error) && typeof v.error.code === 'string';
}

/** One message from the agent: a call's answer, a push, or null (garbled or of no known kind: ignored). */
export type AgentMessage =
  | {
      kind: 'answer';
      id: number;
      result: ApiResult<unknown>;
      /** The snapshot decoded from a packed answer, whose rows are judged already. */
      decoded: Snapshot | null;
    }
  | { kind: 'push'; channel: unknown; payload: unknown }
  | null;

/**
 * Reads one text message. A packed snapshot answer is decoded here; one with a malformed table or a required field
 * of the wrong kind becomes an io-error answer that says so (`unreadable` words it), never a throw.
 */
export function readAgentMessage(data: string, unreadable: (why: string) => string): AgentMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return null; // one garbled message loses nothing else
  }
  if (!isRecord(msg)) return null;
  if (msg.type === 'result' && typeof msg.id === 'number' && isApiResult(msg.result)) {
    const r = msg.result;
    if (!r.ok || !isPackedSnapshot(r.value)) return { kind: 'answer', id: msg.id, result: r, decoded: null };
    const wrong = packedRowsError(r.value.packed);
    if (wrong !== null)
      return { kind: 'answer', id: msg.id, result: fail('io-error', unreadable(wrong)), decoded: null };
    const snapshot = unpackSnapshot(r.value);
    return { kind: 'answer', id: msg.id, result: ok(snapshot), decoded: snapshot };
  }
  if (msg.type === 'push' && 'payload' in msg) return { kind: 'push', channel: msg.channel, payload: msg.payload };
  return null;
}

/**
 * A snapshot from the agent, pushed or answering getSnapshot (the agent's wire contract: packed or plain), or what is
 * wrong with its rows. A plain one's rows
 * are read as the page reads them (ws-inbound.ts); a packed one's required fields by packedRowsError, its optional
 * ones by its decoder. Optional fields of the wrong kind are left out and counted in `dropped`.
 */
export function readAgentSnapshot(
  payload: Record<string, unknown>,
): { snapshot: Snapshot; dropped: DroppedFields } | { wrong: string } {
  const packed = isPackedSnapshot(payload);
  const dropped = noFieldsDropped();
  const wrong = packed ? packedRowsError(payload.packed) : readInboundRows(payload.connections, dropped);
  if (wrong !== null) return { wrong };
  // A packed one's source is fitted by its decoder; a plain one's here (an import label a page would draw).
  const snapshot = packed ? unpackSnapshot(payload, dropped) : fitSnapshotSourceOf(payload as unknown as Snapshot);
  return { snapshot, dropped };
}

/**
 * A pushed diff, or what is wrong with its rows. WHY: an older or foreign agent may send `traffic: null` or counters
 * of the wrong kind (left out and counted in `dropped`, as the page's ws-inbound.ts does) or rows the views cannot
 * show (refused: the window asks for the whole snapshot instead, as after a gap).
 */
export function readDiffPush(
  payload: Record<string, unknown>,
): { diff: SnapshotDiff; dropped: DroppedFields } | { wrong: string } {
  const dropped = noFieldsDropped();
  const wrong = diffRowsError(payload, dropped);
  return wrong !== null ? { wrong } : { diff: payload as unknown as SnapshotDiff, dropped };
}
