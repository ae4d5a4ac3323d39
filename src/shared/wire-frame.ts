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
 * Diffs travel the same way to pages that offer `netscope.v5` (route
 * `{"type":"push","channel":"diff"}`, columns as wire-diff-frame.ts writes
 * them); `netscope.v4` pages get binary snapshots and JSON diffs.
 *
 * Clients that offer only `netscope.v1` (the desktop app's remote-agent link,
 * scripts, older pages) keep getting the packed JSON of wire.ts.
 */
import type { SnapshotDiff } from './diff';
import type { Snapshot } from './model';
import { fitSnapshotSourceOf } from './snapshot-source';
import { encodeColumns, encodeColumnsInSteps } from './wire-columns';
import { WireFormatError } from './wire-columns-format';
import { decodeColumns } from './wire-columns-decode';
import type { DroppedFields } from './validate-rows';
import { diffOfColumns } from './wire-diff-frame';

/**
 * Offered by pages that read binary snapshot frames; the server prefers it to `netscope.v1`.
 * WHY v4: session 41 added the object column kind 'o' (wire-columns-objects.ts: traffic counters as a number column
 * per key), which a page built for `netscope.v3` cannot decode (session 21's v3 did the same for the text kind 's'
 * over v2). A tab left open across a server upgrade offers v3 and v1; the new server does not know v3 and selects
 * v1 (packed JSON), so the old page keeps working instead of failing on its first snapshot with counters. The
 * columns' own magic (NSC1) stays: a reader that knows the kind reads the rest as before.
 */
export const WS_PROTOCOL_COLUMNS = 'netscope.v4';
/**
 * Offered by pages that also read binary diff frames; the server prefers it to v4. WHY a version of its own: a v4
 * page (a tab left open across a server upgrade) reads every binary frame as a snapshot and would refuse each diff,
 * then resync every refresh; it still offers v4 and gets JSON diffs.
 */
export const WS_PROTOCOL_BINARY_DIFFS = 'netscope.v5';
const FRAME_MAGIC = 'NSF1';

export type SnapshotRoute = { type: 'push'; channel: 'snapshot' } | { type: 'result'; id: number };
export type DiffRoute = { type: 'push'; channel: 'diff' };
export type FrameRoute = SnapshotRoute | DiffRoute;

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
  return frameOf(route, columns);
}

/** A diff's frame, its columns from wire-diff-frame.ts encodeDiffColumns. */
export function diffFrame(columns: Uint8Array): Uint8Array {
  return frameOf({ type: 'push', channel: 'diff' }, columns);
}

function frameOf(route: FrameRoute, columns: Uint8Array): Uint8Array {
  const routeBytes = new TextEncoder().encode(JSON.stringify(route));
  const start = (8 + routeBytes.length + 7) & ~7;
  const out = new Uint8Array(start + columns.length);
  for (let i = 0; i < 4; i++) out[i] = FRAME_MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, routeBytes.length, true);
  out.set(routeBytes, 8);
  out.set(columns, start);
  return out;
}

function parseRoute(v: unknown): FrameRoute | null {
  if (typeof v === 'object' && v !== null) {
    const r = v as Record<string, unknown>;
    if (r.type === 'push' && r.channel === 'snapshot') return { type: 'push', channel: 'snapshot' };
    if (r.type === 'push' && r.channel === 'diff') return { type: 'push', channel: 'diff' };
    if (r.type === 'result' && typeof r.id === 'number') return { type: 'result', id: r.id };
  }
  return null;
}

export type DecodedFrame =
  | { route: SnapshotRoute; snapshot: Snapshot }
  /** Not a frame snapshotFrame wrote: why, and its route when that much was readable (so a call can fail). */
  | { route: SnapshotRoute | null; error: string };

/** Any frame a `netscope.v5` page may get: a snapshot's, a diff's, or why it is unreadable. */
export type DecodedAnyFrame =
  DecodedFrame | { route: DiffRoute; diff: SnapshotDiff } | { route: DiffRoute; error: string };

const isDiffRoute = (route: FrameRoute): route is DiffRoute => route.type === 'push' && route.channel === 'diff';

/**
 * The route and snapshot of a frame snapshotFrame wrote; for anything else (a diff frame too), the error and what
 * route was readable. `dropped`, when given, counts the optional fields of the wrong kind left out of their rows
 * (validate-rows.ts).
 */
export function decodeSnapshotFrame(data: ArrayBuffer | Uint8Array, dropped?: DroppedFields): DecodedFrame {
  return decode(data, false, dropped) as DecodedFrame;
}

/** decodeSnapshotFrame for a page that also takes diff frames: the route says which the frame holds. */
export function decodeFrame(data: ArrayBuffer | Uint8Array, dropped?: DroppedFields): DecodedAnyFrame {
  return decode(data, true, dropped);
}

function decode(data: ArrayBuffer | Uint8Array, diffs: boolean, dropped?: DroppedFields): DecodedAnyFrame {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let route: FrameRoute | null = null;
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
    const read = parseRoute(parsed);
    if (read === null || (!diffs && isDiffRoute(read)))
      throw new WireFormatError(
        diffs
          ? 'the frame is neither a snapshot push, a call result nor a diff'
          : 'the frame is neither a snapshot push nor a call result',
      );
    route = read;
    const start = (8 + length + 7) & ~7;
    const { envelope, rows } = decodeColumns(bytes.subarray(Math.min(start, bytes.length)), dropped);
    if (isDiffRoute(route)) return { route, diff: diffOfColumns(envelope, rows) };
    // The rest of the Snapshot is the server's, as the JSON protocol always sent it.
    const snapshot = fitSnapshotSourceOf({ ...envelope, connections: rows } as unknown as Snapshot);
    return { route, snapshot };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    // A diff's route with a diff's error, a snapshot's (or none) with a snapshot's: what the route says.
    return { route, error } as DecodedAnyFrame;
  }
}
