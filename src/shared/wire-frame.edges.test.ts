/**
 * Snapshot frames at their edges: the frame's own layout, a frame of another kind or version refused by its magic,
 * routes that are neither a snapshot push nor a call result refused, and a truncated frame that says why while
 * keeping the route it could read (so the call waiting for it fails instead of hanging).
 */
import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot } from './model';
import { encodeColumns } from './wire-columns';
import { decodeColumns } from './wire-columns-decode';
import { decodeSnapshotFrame, encodeSnapshotColumns, snapshotFrame, WS_PROTOCOL_COLUMNS } from './wire-frame';

const PREFIX = 'malformed columnar message: ';
const snapshotOf = (ports: number[]) =>
  emptySnapshot({
    seq: 3,
    host: 'box',
    connections: ports.map((localPort, i) =>
      blankConnection({
        id: `c${i}`,
        protocol: 'tcp',
        family: 6,
        localAddress: 'fe80::1%eth0',
        localPort,
        remoteAddress: '::',
        remotePort: 0,
        state: 'LISTEN',
        processName: i % 2 ? '名前' : '',
      }),
    ),
  });
/** A frame with `route` written as the given JSON text (or bytes), then `columns`. */
const rawFrame = (route: string, columns: Uint8Array = new Uint8Array(0), magic = 'NSF1', pad = true): Uint8Array => {
  const text = new TextEncoder().encode(route);
  const start = pad ? Math.ceil((8 + text.length) / 8) * 8 : 8 + text.length;
  const out = new Uint8Array(start + columns.length);
  out.set(new TextEncoder().encode(magic));
  new DataView(out.buffer).setUint32(4, text.length, true);
  out.set(text, 8);
  out.set(columns, start);
  return out;
};

describe('frame layout', () => {
  it('is the magic, the route length, the route JSON, zero padding, then the columns message as given', () => {
    const columns = encodeSnapshotColumns(snapshotOf([22, 80, 65535]));
    for (const id of [7, 77, 777]) {
      const frame = snapshotFrame({ type: 'result', id }, columns);
      const route = new TextEncoder().encode(JSON.stringify({ type: 'result', id }));
      expect(new TextDecoder().decode(frame.subarray(0, 4))).toBe('NSF1');
      expect(new DataView(frame.buffer).getUint32(4, true)).toBe(route.length);
      expect(frame.subarray(8, 8 + route.length)).toEqual(route);
      const start = Math.ceil((8 + route.length) / 8) * 8;
      expect([...frame.subarray(8 + route.length, start)].every((b) => b === 0)).toBe(true);
      expect(frame.subarray(start)).toEqual(columns);
    }
    expect(WS_PROTOCOL_COLUMNS).toBe('netscope.v4');
  });

  it('the columns carry the snapshot without its connections in the envelope, the connections as rows', () => {
    const snapshot = snapshotOf([0, 65535]);
    const { envelope, rows } = decodeColumns(encodeSnapshotColumns(snapshot));
    const { connections, ...rest } = snapshot;
    expect(envelope).toStrictEqual(rest);
    expect(rows).toStrictEqual(connections);
  });

  it('round-trips a push and a result route, dropping anything else a route object held', () => {
    const snapshot = snapshotOf([1, 2]);
    const columns = encodeSnapshotColumns(snapshot);
    expect(decodeSnapshotFrame(rawFrame('{"type":"push","channel":"snapshot","x":1}', columns))).toStrictEqual({
      route: { type: 'push', channel: 'snapshot' },
      snapshot,
    });
    expect(decodeSnapshotFrame(rawFrame('{"id":0,"type":"result","extra":[1]}', columns))).toStrictEqual({
      route: { type: 'result', id: 0 },
      snapshot,
    });
  });
});

describe('frames refused', () => {
  const columns = encodeSnapshotColumns(snapshotOf([1, 2, 3]));

  it('refuses another kind or version of message by its magic, before reading its route', () => {
    const frame = snapshotFrame({ type: 'push', channel: 'snapshot' }, columns);
    for (const magic of ['XSF1', 'NXF1', 'NSX1', 'NSF2', 'NSF0', 'NSC1']) {
      const other = frame.slice();
      other.set(new TextEncoder().encode(magic));
      expect(decodeSnapshotFrame(other), magic).toStrictEqual({ route: null, error: `${PREFIX}no NSF1 magic` });
    }
    // A bare columns message is not a frame.
    expect(decodeSnapshotFrame(columns)).toStrictEqual({ route: null, error: `${PREFIX}no NSF1 magic` });
  });

  it('refuses fewer than 8 bytes; exactly 8 are a preamble whose empty route is not JSON', () => {
    for (let n = 0; n < 8; n++)
      expect(decodeSnapshotFrame(rawFrame('', columns).subarray(0, n))).toStrictEqual({
        route: null,
        error: `${PREFIX}frame shorter than its preamble`,
      });
    expect(decodeSnapshotFrame(rawFrame('', new Uint8Array(0), 'NSF1', false))).toStrictEqual({
      route: null,
      error: `${PREFIX}route is not JSON`,
    });
  });

  it('refuses a route one byte longer than the frame', () => {
    const frame = rawFrame('{"type":"result","id":1}', new Uint8Array(0), 'NSF1', false);
    const tooLong = frame.slice();
    new DataView(tooLong.buffer).setUint32(4, frame.length - 7, true);
    expect(decodeSnapshotFrame(tooLong)).toStrictEqual({ route: null, error: `${PREFIX}route longer than the frame` });
  });

  it.each([
    'null',
    '"push"',
    '7',
    '[]',
    '{}',
    '{"type":"push"}',
    '{"type":"push","channel":"diff"}',
    '{"channel":"snapshot"}',
    '{"type":"result"}',
    '{"type":"result","id":"7"}',
    '{"type":"result","channel":"snapshot"}',
    '{"id":7}',
    '{"type":"call","id":7}',
  ])('refuses the route %s: neither a snapshot push nor a call result', (route) => {
    expect(decodeSnapshotFrame(rawFrame(route, columns))).toStrictEqual({
      route: null,
      error: `${PREFIX}the frame is neither a snapshot push nor a call result`,
    });
  });

  it('keeps the route of a frame cut right after it, or inside its columns', () => {
    const route = '{"type":"result","id":41}';
    // Nothing after the route (no padding either): the columns are missing altogether.
    expect(decodeSnapshotFrame(rawFrame(route, new Uint8Array(0), 'NSF1', false))).toStrictEqual({
      route: { type: 'result', id: 41 },
      error: `${PREFIX}shorter than its 8-byte preamble`,
    });
    const frame = rawFrame(route, columns);
    // The last typed array ends in padding to 8 bytes: cut 8, and part of it is gone.
    expect(decodeSnapshotFrame(frame.subarray(0, frame.length - 8))).toStrictEqual({
      route: { type: 'result', id: 41 },
      error: `${PREFIX}a column runs past the end`,
    });
    const wrongColumns = rawFrame(
      route,
      encodeColumns([], {}).map((b, i) => (i === 0 ? 0x58 : b)),
    );
    expect(decodeSnapshotFrame(wrongColumns)).toStrictEqual({
      route: { type: 'result', id: 41 },
      error: `${PREFIX}no NSC1 magic`,
    });
  });
});
