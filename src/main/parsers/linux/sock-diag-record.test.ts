import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactSockDiagChunk, parseSockDiagChunk } from './netlink-sock-diag';
import { RECORDED_TCP6_LOOPBACK } from './netlink-sock-diag.recorded';
import {
  readRecordCounters,
  recordBytesFor,
  recordHasTraffic,
  RECORD_BYTES,
  writeRecord,
  type DiagProtocol,
} from './sock-diag-record';
import { rowOfRecord } from './sock-diag-row';

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const messages = RECORDED_TCP6_LOOPBACK.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
const recorded = (() => {
  const length = messages.reduce((sum, m) => sum + ((m.length + 3) & ~3), 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const m of messages) {
    out.set(m, at);
    at += (m.length + 3) & ~3;
  }
  return out;
})();

/** The chunk as records in a buffer full of `fill` (what is left from an earlier chunk), then as rows. */
function viaRecords(bytes: Uint8Array, protocol: 'tcp' | 'udp', fill = 0xa5) {
  const out = new Uint8Array(recordBytesFor(bytes.length) + 2 * RECORD_BYTES).fill(fill);
  const compact = compactSockDiagChunk(bytes, bytes.length, protocol, out, RECORD_BYTES);
  const view = new DataView(out.buffer);
  const rows = Array.from({ length: compact.records }, (_, i) =>
    rowOfRecord(out, view, RECORD_BYTES * (i + 1), little),
  );
  return { compact, rows, records: out.subarray(RECORD_BYTES, RECORD_BYTES * (compact.records + 1)) };
}

describe('sock_diag records (what the reading thread sends)', () => {
  it('give the rows the messages give, counters included, from a recorded dump', () => {
    const parsed = parseSockDiagChunk(recorded, recorded.length, 'tcp');
    const { compact, rows } = viaRecords(recorded, 'tcp');
    expect(parsed.rows).toHaveLength(3);
    expect(rows).toEqual(parsed.rows);
    expect(compact).toMatchObject({ records: 3, done: true, errno: null, malformed: 0 });
    expect(rows.filter((r) => r.traffic !== undefined)).toHaveLength(2);
  });

  it('are the same bytes for the same message whatever the buffer held before (so equal records mean an unchanged socket)', () => {
    expect([...viaRecords(recorded, 'tcp', 0x00).records]).toEqual([...viaRecords(recorded, 'tcp', 0xff).records]);
  });

  it('have zero counters for a listener or UDP socket written where a TCP record with counters was', () => {
    const out = new Uint8Array(RECORD_BYTES);
    const outView = new DataView(out.buffer);
    const write = (m: Uint8Array, protocol: DiagProtocol) =>
      writeRecord(m, new DataView(m.buffer, m.byteOffset, m.length), 0, m.length, protocol, little, out, outView, 0);
    const hasCounters = (m: Uint8Array) => write(m, 'tcp') && recordHasTraffic(out, 0);
    const counted = messages.find(hasCounters) as Uint8Array;
    const listener = messages.find((m) => !hasCounters(m)) as Uint8Array;
    expect(counted && listener).toBeTruthy();
    for (const [m, protocol] of [
      [listener, 'tcp'],
      [counted, 'udp'],
    ] as const) {
      expect(write(counted, 'tcp')).toBe(true);
      expect(out.subarray(56, 92).some((b) => b !== 0)).toBe(true);
      expect(write(m, protocol)).toBe(true);
      expect(recordHasTraffic(out, 0)).toBe(false);
      expect([...out.subarray(56, RECORD_BYTES)]).toEqual(new Array(RECORD_BYTES - 56).fill(0));
    }
  });

  it('keep the counters the rates are taken from', () => {
    const { records } = viaRecords(recorded, 'tcp');
    const view = new DataView(records.buffer, records.byteOffset, records.length);
    const rows = parseSockDiagChunk(recorded, recorded.length, 'tcp').rows;
    rows.forEach((row, i) => {
      expect(recordHasTraffic(records, i * RECORD_BYTES)).toBe(row.traffic !== undefined);
      if (!row.traffic) return;
      const counters = new Float64Array(5);
      readRecordCounters(view, i * RECORD_BYTES, little, counters);
      const t = row.traffic;
      expect([...counters]).toEqual([
        t.bytesSent,
        t.bytesReceived,
        t.segmentsSent,
        t.segmentsReceived,
        t.retransmissions,
      ]);
    });
  });

  it('agree with the message decoder on random and damaged input, and never write past their room', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          fc
            .tuple(
              fc.nat({ max: recorded.length }),
              fc.array(fc.tuple(fc.nat({ max: recorded.length - 1 }), fc.nat({ max: 255 })), { maxLength: 8 }),
            )
            .map(([cut, changes]) => {
              const bytes = recorded.slice(0, cut);
              for (const [at, value] of changes) if (at < bytes.length) bytes[at] = value;
              return bytes;
            }),
        ),
        fc.constantFrom('tcp' as const, 'udp' as const),
        (bytes, protocol) => {
          const parsed = parseSockDiagChunk(bytes, bytes.length, protocol);
          const { compact, rows } = viaRecords(bytes, protocol);
          expect(rows).toEqual(parsed.rows);
          expect(compact.malformed).toBe(parsed.malformed);
          expect(compact.done).toBe(parsed.done);
          expect(compact.records * RECORD_BYTES).toBeLessThanOrEqual(recordBytesFor(bytes.length));
        },
      ),
    );
  });
});
