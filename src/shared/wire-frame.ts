/**
 * Full snapshots as binary WebSocket frames (protocol `netscope.v4`): the
 * connections in the columnar format of wire-columns.ts, behind a small JSON
 * route that says which message this is (a push, or the answer to a
 * getSnapshot call). The columns are encoded once per snapshot and shared by
 * every browser and answer; only the route differs per frame.
 *
 * Frame: `NSF1`, the route's byte length (u32 little-endian), the route as
 * UTF-8 JSON, zero padding to 8 bytes, then the columnar message (8-byte
 * aligned, so its typed arrays are read in place).
 *
 * Clients that offer only `netscope.v1` (the desktop app's remote-agent link,
 * scripts, older pages) keep getting the packed JSON of wire.ts.
 */
import type { Snapshot } from './model';
import { fitSnapshotSourceOf } from './snapshot-source';
import { encodeColumns, encodeColumnsInSteps } from './wire-columns';
import { WireFormatError } from './wire-columns-format';
import { decodeColumns } from './wire-columns-decode';
import type { DroppedFields } from './validate-rows';

/**
 * Offered by pages that read binary snapshot frames; the server prefers it to `netscope.v1`.
 * WHY v4: session 41 added the object column kind 'o' (wire-columns-objects.ts: traffic counters as a number column
 * per key), which a page built for `netscope.v3` cannot decode (session 21's v3 did the same for the text kind 's'
 * over v2). A tab left open across a server upgrade offers v3 and v1; the new server does not know v3 and selects
 * v1 (packed JSON), so the old page keeps working instead of failing on its first snapshot with counters. The
 * columns' own magic (NSC1) stays: a reader that knows the kind reads the rest as before.
 */
export const WS_PROTOCOL_COLUMNS = 'netscope.v4';
const FRAME_MAGIC = 'NSF1';

export type SnapshotRoute = { type: 'push'; channel: 'snapshot' } | { type: 'result'; id: number };

/** The snapshot's connections and the rest of it, once per snapshot (the route is added per frame). */
export function encodeSnapshotColumns(snapshot: Snapshot): Uint8Array {
  const { connections, ...rest } = snapshot;
  return encodeColumns(connections, rest);
}

/** encodeSnapshotColumns in steps (wire-columns.ts encodeColumnsInSteps), for a caller that yields between them. */
export function encodeSnapshotColumnsInSteps(snapshot: Snapshot): Generator<void, Uint8Array, void> {
  const { connections, ...rest } = snapshot;
  return encodeColumnsInSteps(connections, rest);
}

export function snapshotFrame(route: SnapshotRoute, columns: Uint8Array): Uint8Array {
  const routeBytes = new TextEncoder().encode(JSON.stringify(route));
  const start = (8 + routeBytes.length + 7) & ~7;
  const out = new Uint8Array(start + columns.length);
  for (let i = 0; i < 4; i++) out[i] = FRAME_MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, routeBytes.length, true);
  out.set(routeBytes, 8);
  out.set(columns, start);
  return out;
}

function parseRoute(v: unknown): SnapshotRoute | null {
  if (typeof v === 'object' && v !== null) {
    const r = v as Record<string, unknown>;
    if (r.type === 'push' && r.channel === 'snapshot') return { type: 'push', channel: 'snapshot' };
    if (r.type === 'result' && typeof r.id === 'number') return { type: 'result', id: r.id };
  }
  return null;
}

export type DecodedFrame =
  | { route: SnapshotRoute; snapshot: Snapshot }
  /** Not a frame snapshotFrame wrote: why, and its route when that much was readable (so a call can fail). */
  | { route: SnapshotRoute | null; error: string };

/**
 * The route and snapshot of a frame snapshotFrame wrote; for anything else, the error and what route was readable.
 * `dropped`, when given, counts the optional fields of the wrong kind left out of their rows (validate-rows.ts).
 */
export function decodeSnapshotFrame(data: ArrayBuffer | Uint8Array, dropped?: DroppedFields): DecodedFrame {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let route: SnapshotRoute | null = null;
  try {
    if (bytes.length < 8) throw new WireFormatError('frame shorter than its preamble');
    for (let i = 0; i < 4; i++)
      if (bytes[i] !== FRAME_MAGIC.charCodeAt(i)) throw new WireFormatError(`no ${FRAME_MAGIC} magic`);
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
    if (8 + length > bytes.length) throw new WireFormatError('route longer than the frame');
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    } catch {
      throw new WireFormatError('route is not JSON');
    }
    route = parseRoute(parsed);
    if (route === null) throw new WireFormatError('the frame is neither a snapshot push nor a call result');
    const start = (8 + length + 7) & ~7;
    const { envelope, rows } = decodeColumns(bytes.subarray(Math.min(start, bytes.length)), dropped);
    // The rest of the Snapshot is the server's, as the JSON protocol always sent it.
    const snapshot = fitSnapshotSourceOf({ ...envelope, connections: rows } as unknown as Snapshot);
    return { route, snapshot };
  } catch (e) {
    return { route, error: e instanceof Error ? e.message : String(e) };
  }
}
