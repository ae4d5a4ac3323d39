import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseSockDiagChunk,
  sockDiagDumpEnd,
  sockDiagRequest,
  NLMSG_DONE,
  NLMSG_ERROR,
  SOCK_DIAG_BY_FAMILY,
} from './netlink-sock-diag';
import { RECORDED_TCP6_LOOPBACK } from './netlink-sock-diag.recorded';

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const messages = RECORDED_TCP6_LOOPBACK.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));

/** Messages back to back, each padded to 4 bytes, as one recv() returns them. */
function chunkOf(parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, p) => sum + ((p.length + 3) & ~3), 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += (p.length + 3) & ~3;
  }
  return out;
}

/** The offset of tcp_info in a recorded SOCK_DIAG_BY_FAMILY message (its INET_DIAG_INFO attribute's payload). */
function tcpInfoOffset(message: Uint8Array): number {
  const view = new DataView(message.buffer, message.byteOffset, message.length);
  for (let at = 16 + 72; at + 4 <= message.length; at += (view.getUint16(at, little) + 3) & ~3)
    if (view.getUint16(at + 2, little) === 2) return at + 4;
  throw new Error('no INET_DIAG_INFO');
}

describe('sock_diag request', () => {
  it('asks for a dump of every state but bound-inactive of one family and protocol, tcp_info for TCP only', () => {
    const tcp = sockDiagRequest(6, 'tcp', 7);
    const view = new DataView(tcp.buffer);
    expect(tcp.length).toBe(72);
    expect(view.getUint32(0, little)).toBe(72);
    expect(view.getUint16(4, little)).toBe(SOCK_DIAG_BY_FAMILY);
    expect(view.getUint16(6, little)).toBe(0x301);
    expect(view.getUint32(8, little)).toBe(7);
    expect([...tcp.subarray(16, 19)]).toEqual([10, 6, 2]);
    // Every bit but TCP_BOUND_INACTIVE's (13): those sockets are not in /proc/net/tcp (netlink-socket.test.ts).
    expect(view.getUint32(20, little)).toBe(0xffffdfff);
    expect([...sockDiagRequest(4, 'udp', 1).subarray(16, 19)]).toEqual([2, 17, 0]);
  });
});

describe('sock_diag replies recorded from a real dump', () => {
  const chunk = chunkOf(messages);
  const parsed = parseSockDiagChunk(chunk, chunk.length, 'tcp');
  const listener = parsed.rows.find((r) => r.state === 'LISTEN');
  const client = parsed.rows.find((r) => r.remotePort === listener?.localPort);
  const accepted = parsed.rows.find((r) => r.state !== 'LISTEN' && r.localPort === listener?.localPort);

  it('decodes the listener, the client and the accepted socket, then the end of the dump', () => {
    expect(parsed.done).toBe(true);
    expect(parsed.errno).toBeNull();
    expect(parsed.malformed).toBe(0);
    expect(parsed.rows.map((r) => r.state).sort()).toEqual(['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
    for (const row of parsed.rows) {
      expect(row).toMatchObject({ protocol: 'tcp', family: 6, localAddress: '::1' });
      expect(row.inode).toBeGreaterThan(0);
    }
    expect(listener?.remoteAddress).toBe('::');
    expect(accepted?.remotePort).toBe(client?.localPort);
  });

  it('gives a listener no counters and the connected sockets the bytes that crossed them', () => {
    expect(listener?.traffic).toBeUndefined();
    expect(client?.traffic?.bytesSent).toBeGreaterThanOrEqual(1 << 20);
    expect(client?.traffic?.bytesReceived).toBe(4);
    expect(accepted?.traffic?.bytesReceived).toBeGreaterThanOrEqual(1 << 20);
    expect(accepted?.traffic?.bytesSent).toBe(4);
    expect(client?.traffic?.segmentsSent).toBeGreaterThan(1);
    expect(client?.traffic?.rttMs).toBeGreaterThan(0);
    expect(client?.traffic?.sendRate).toBeNull();
  });

  it('reads retransmissions, RTT and its variance at their tcp_info offsets (values set in a recorded message)', () => {
    const message = Uint8Array.from(connected);
    const info = tcpInfoOffset(message);
    const view = new DataView(message.buffer);
    view.setUint32(info + 100, 37, little); // tcpi_total_retrans
    view.setUint32(info + 68, 123_456, little); // tcpi_rtt, µs
    view.setUint32(info + 72, 7_890, little); // tcpi_rttvar, µs
    view.setUint32(info + 120, 5, little); // bytes_acked, low half
    view.setUint32(info + 124, 1, little); // bytes_acked, high half
    view.setUint32(info + 200, 5, little); // bytes_sent (the same data, no SYN): low half
    view.setUint32(info + 204, 1, little); // bytes_sent, high half
    view.setBigUint64(info + 208, 0n, little); // bytes_retrans
    const traffic = parseSockDiagChunk(message, message.length, 'tcp').rows[0]?.traffic;
    expect(traffic).toMatchObject({ retransmissions: 37, rttMs: 123.456, rttVarianceMs: 7.89, bytesSent: 2 ** 32 + 5 });
  });

  it('gives no counters from a tcp_info too short to hold them (kernels before 4.2)', () => {
    const message = Uint8Array.from(connected);
    const info = tcpInfoOffset(message);
    const view = new DataView(message.buffer);
    // Shrink the attribute to 104 bytes of tcp_info and the message with it.
    view.setUint16(info - 4, 4 + 104, little);
    view.setUint32(0, info + 104, little);
    const row = parseSockDiagChunk(message, info + 104, 'tcp').rows[0];
    expect(row?.state).toBe('ESTABLISHED');
    expect(row?.traffic).toBeUndefined();
  });

  it('reports an NLMSG_ERROR as the errno it carries', () => {
    const error = new Uint8Array(36);
    const view = new DataView(error.buffer);
    view.setUint32(0, 36, little);
    view.setUint16(4, NLMSG_ERROR, little);
    view.setInt32(16, -13, little); // EACCES
    expect(sockDiagDumpEnd(error, error.length)).toMatchObject({ done: true, errno: 13 });
    const done = messages[messages.length - 1] as Uint8Array;
    expect(new DataView(done.buffer, done.byteOffset).getUint16(4, little)).toBe(NLMSG_DONE);
    expect(sockDiagDumpEnd(done, done.length)).toMatchObject({ done: true, errno: null });
  });

  it('counts a message cut short as malformed and keeps the rows before it', () => {
    const cut = chunk.length - 40;
    const result = parseSockDiagChunk(chunk, cut, 'tcp');
    expect(result.done).toBe(false);
    expect(result.malformed).toBe(1);
    expect(result.rows.length).toBe(2);
  });
});

/** A recorded message of a connected socket (the listener's has a tcp_info too, but no traffic is read from it). */
const connected = messages.find((m) => m.length > 20 && m[17] === 1) as Uint8Array;

describe('sock_diag decoder on bad bytes', () => {
  const recorded = chunkOf(messages);
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('tcp' as const, 'udp' as const), (bytes, p) => {
        const result = parseSockDiagChunk(bytes, bytes.length, p);
        expect(result.rows.length).toBeLessThanOrEqual(Math.floor(bytes.length / 88));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a recorded dump cut anywhere or with bytes changed', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: recorded.length }),
        fc.array(fc.tuple(fc.nat({ max: recorded.length - 1 }), fc.nat({ max: 255 })), { maxLength: 8 }),
        (cut, edits) => {
          const bytes = Uint8Array.from(recorded);
          for (const [at, value] of edits) bytes[at] = value;
          const result = parseSockDiagChunk(bytes, cut, 'tcp');
          expect(result.rows.length).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
