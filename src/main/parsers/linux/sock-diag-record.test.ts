import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactSockDiagChunk, parseSockDiagChunk } from './netlink-sock-diag';
import { RECORDED_TCP6_LOOPBACK } from './netlink-sock-diag.recorded';
import { readRecordCounters, recordBytesFor, recordHasTraffic, RECORD_BYTES } from './sock-diag-record';
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
