/**
 * What the server sends every browser, made once per snapshot or push and
 * shared by all of them (client.ts): packed JSON snapshots, heads, diffs.
 */
import type { SnapshotDiff } from '../../shared/diff';
import type { PushMessage } from '../../shared/push';
import { packSnapshot } from '../../shared/wire';
import type { Snapshot } from '../../shared/model';
import { encodeHeadRequest, headMessage, snapshotHead, type HeadRequest } from '../../shared/wire-head';
import { encodeDiffColumns } from '../../shared/wire-diff-frame';
import { diffFrame } from '../../shared/wire-frame';

/**
 * A snapshot's packed JSON (shared/wire.ts), made once per snapshot object:
 * every browser gets the same one, and a getSnapshot answer right after the
 * push reuses it. Packing 100k rows costs tens of ms; stringifying 100k
 * objects cost hundreds.
 */
const packedJson = new WeakMap<object, string>();

export function snapshotJson(snapshot: Snapshot): string {
  // Test doubles and odd payloads without a connections array go as they are.
  if (!Array.isArray((snapshot as { connections?: unknown }).connections)) return JSON.stringify(snapshot);
  let json = packedJson.get(snapshot);
  if (json === undefined) {
    json = JSON.stringify(packSnapshot(snapshot));
    packedJson.set(snapshot, json);
  }
  return json;
}

/** Whether a payload is a snapshot the columnar encoder can take (test doubles may send odd ones). */
export function encodable(snapshot: unknown): snapshot is Snapshot {
  return Array.isArray((snapshot as { connections?: unknown } | null)?.connections);
}

/**
 * Head messages (shared/wire-head.ts) per snapshot and request: pages opened
 * together with the same saved view get the same one, made once. null where
 * the server cannot order by the view's column.
 */
const headCache = new WeakMap<object, Map<string, string | null>>();

export function headJson(snapshot: Snapshot, request: HeadRequest): string | null {
  let bySpec = headCache.get(snapshot);
  if (bySpec === undefined) headCache.set(snapshot, (bySpec = new Map()));
  const spec = encodeHeadRequest(request);
  let json = bySpec.get(spec);
  if (json === undefined) {
    const head = snapshotHead(snapshot, request);
    json = head ? headMessage(head) : null;
    bySpec.set(spec, json);
  }
  return json;
}

/** A diff or status, stringified once for every browser (not once per browser). */
const pushJsonCache = new WeakMap<object, string>();

export function pushJson(message: PushMessage): string {
  if (message.channel === 'snapshot')
    return `{"type":"push","channel":"snapshot","payload":${snapshotJson(message.payload)}}`;
  const payload = message.payload as unknown;
  if (typeof payload !== 'object' || payload === null) return JSON.stringify({ type: 'push', ...message });
  let json = pushJsonCache.get(payload);
  if (json === undefined) {
    json = JSON.stringify({ type: 'push', ...message });
    pushJsonCache.set(payload, json);
  }
  return json;
}

/** A diff's binary frame (shared/wire-diff-frame.ts), or its JSON where the encoder cannot take it; once per diff. */
const diffDataCache = new WeakMap<object, string | Uint8Array>();

/**
 * What a `netscope.v5` page gets for a diff: its binary frame, made once for every such page. A diff the columnar
 * encoder refuses (a row of a shape it cannot write: a test double, a foreign backend) goes as its JSON, which the
 * page reads too: the page loses nothing either way.
 */
export function diffData(diff: SnapshotDiff): string | Uint8Array {
  if (typeof diff !== 'object' || diff === null) return pushJson({ channel: 'diff', payload: diff });
  let data = diffDataCache.get(diff);
  if (data === undefined) {
    try {
      data = diffFrame(encodeDiffColumns(diff));
    } catch {
      data = pushJson({ channel: 'diff', payload: diff });
    }
    diffDataCache.set(diff, data);
  }
  return data;
}
