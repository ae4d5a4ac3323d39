/** Binary snapshot frames: the route and the whole snapshot come back; a damaged frame says why, and its route when readable. */
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from './model';
import { udpRow } from './test-helpers';
import { decodeSnapshotFrame, encodeSnapshotColumns, snapshotFrame } from './wire-frame';

const snapshot = emptySnapshot({
  seq: 12,
  host: 'box',
  platform: 'linux',
  unixSockets: [],
  connections: [udpRow('::', 53, '::', 0, 'NONE', { id: 'a', pid: null, components: ['Dnscache'] })],
});
const columns = encodeSnapshotColumns(snapshot);

describe('snapshot frames', () => {
  it('carry a push or a call result with the whole snapshot', () => {
    expect(decodeSnapshotFrame(snapshotFrame({ type: 'push', channel: 'snapshot' }, columns))).toEqual({
      route: { type: 'push', channel: 'snapshot' },
      snapshot,
    });
    const result = snapshotFrame({ type: 'result', id: 77 }, columns);
    // As the browser gets it: an ArrayBuffer of the frame alone.
    const buffer = result.buffer.slice(result.byteOffset, result.byteOffset + result.byteLength) as ArrayBuffer;
    expect(decodeSnapshotFrame(buffer)).toEqual({ route: { type: 'result', id: 77 }, snapshot });
  });

  it('start the columns 8-byte aligned whatever the route length', () => {
    for (const id of [1, 12, 123, 1234, 12345, 123456, 1234567, 12345678]) {
      const frame = snapshotFrame({ type: 'result', id }, columns);
      expect((frame.length - columns.length) % 8).toBe(0);
      expect(decodeSnapshotFrame(frame)).toEqual({ route: { type: 'result', id }, snapshot });
    }
  });

  it('say why a frame is unreadable, keeping the route when it was read', () => {
    const frame = snapshotFrame({ type: 'result', id: 5 }, columns);
    expect(decodeSnapshotFrame(frame.subarray(0, frame.length - 16))).toMatchObject({
      route: { type: 'result', id: 5 },
      error: expect.stringMatching(/malformed columnar message/),
    });
    const wrongRoute = snapshotFrame({ type: 'push', channel: 'diff' } as never, columns);
    expect(decodeSnapshotFrame(wrongRoute)).toMatchObject({ route: null, error: expect.stringMatching(/neither/) });
    expect(decodeSnapshotFrame(new Uint8Array(3))).toMatchObject({
      route: null,
      error: expect.stringMatching(/short/),
    });
    expect(decodeSnapshotFrame(new TextEncoder().encode('{"type":"push"}'))).toMatchObject({ route: null });
    const notJson = frame.slice();
    notJson[8] = 0x7d;
    expect(decodeSnapshotFrame(notJson)).toMatchObject({ route: null, error: expect.stringMatching(/not JSON/) });
    const tooLong = frame.slice();
    new DataView(tooLong.buffer).setUint32(4, 1 << 30, true);
    expect(decodeSnapshotFrame(tooLong)).toMatchObject({ route: null, error: expect.stringMatching(/longer/) });
  });
});
