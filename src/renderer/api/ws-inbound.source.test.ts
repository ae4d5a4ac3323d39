/**
 * An imported snapshot's label reaches the page's listeners and callers the same way whatever the wire format: a
 * fit label kept, one that is not short text left out (the rest of the source and the rows kept). The plain JSON
 * path (an older or foreign server sends snapshots unpacked) is judged as the packed and binary decoders judge theirs.
 */
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../shared/api';
import { emptySnapshot, type Snapshot, type SnapshotSource } from '../../shared/model';
import { UNFIT_IMPORT_LABELS, udpRow } from '../../shared/test-helpers';
import { packSnapshot } from '../../shared/wire';
import { encodeSnapshotColumns, snapshotFrame, type SnapshotRoute } from '../../shared/wire-frame';
import { createInbound } from './ws-inbound';

const file = { kind: 'import' as const, file: 'C:\\cases\\netstat-ano.txt', formats: ['windows-netstat-an'] };

const imported = (label: unknown): Snapshot =>
  emptySnapshot({
    seq: 3,
    platform: 'win32',
    source: { ...file, label } as SnapshotSource,
    connections: [udpRow('0.0.0.0', 500, '*', 0, 'NONE', { id: 'u', pid: 4 })],
  });

type Route = SnapshotRoute;

const packed = (route: Route, s: Snapshot): string =>
  JSON.stringify(
    route.type === 'push'
      ? { ...route, payload: packSnapshot(s) }
      : { ...route, result: { ok: true, value: packSnapshot(s) } },
  );
const plain = (route: Route, s: Snapshot): string =>
  JSON.stringify(route.type === 'push' ? { ...route, payload: s } : { ...route, result: { ok: true, value: s } });
function frame(route: Route, s: Snapshot): ArrayBuffer {
  const bytes = snapshotFrame(route, encodeSnapshotColumns(s));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The snapshot the page gets from one message: pushed to its listeners, or as the answer to call 7. */
function received(route: Route, message: string | ArrayBuffer): Snapshot {
  const snapshots: Snapshot[] = [];
  const results = new Map<number, ApiResult<unknown>>();
  const api = createInbound((id, r) => results.set(id, r));
  api.listeners.snapshot.add((s) => snapshots.push(s));
  api.receive(message);
  if (route.type === 'push') {
    const [only, ...more] = snapshots;
    if (!only || more.length > 0) throw new Error(`${snapshots.length} snapshots pushed, not one`);
    return only;
  }
  const r = results.get(route.id);
  if (!r?.ok) throw new Error(`no snapshot answered: ${JSON.stringify(r)}`);
  return r.value as Snapshot;
}

const pushed: Route = { type: 'push', channel: 'snapshot' };
const answer: Route = { type: 'result', id: 7 };
const routes: [string, Route][] = [
  ['pushed', pushed],
  ['answering getSnapshot', answer],
];

describe.each([
  ['packed JSON', packed],
  ['a binary frame', frame],
  ['plain JSON', plain],
] as const)('an imported snapshot as %s', (_format, encode) => {
  describe.each(routes)('%s', (_how, route) => {
    it('keeps a fit label', () => {
      const s = received(route, encode(route, imported('Windows netstat -ano -t')));
      expect(s.source).toEqual({ ...file, label: 'Windows netstat -ano -t' });
    });

    it.each(UNFIT_IMPORT_LABELS)('leaves out a label that is %s, keeping the rest', (_what, label) => {
      const s = received(route, encode(route, imported(label)));
      expect(s.source).toEqual(file);
      expect(s.connections.map((c) => c.id)).toEqual(['u']);
    });
  });
});

describe('a plain JSON snapshot with nothing to fit', () => {
  it('passes a live source, and a payload without a source, on as they came', () => {
    const live = emptySnapshot({ seq: 1, source: { kind: 'live' } });
    expect(received(pushed, plain(pushed, live)).source).toEqual({ kind: 'live' });
    const { source: _none, ...sourceless } = live;
    const s = received(answer, plain(answer, sourceless as Snapshot));
    expect('source' in s).toBe(false);
  });
});
