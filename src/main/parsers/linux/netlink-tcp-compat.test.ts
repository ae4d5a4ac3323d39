import { describe, expect, it } from 'vitest';
import { RECORD_BYTES } from './sock-diag-record';
import {
  compactSockDiagChunk,
  isRefusedRequest,
  NLMSG_DONE,
  NLMSG_ERROR,
  parseSockDiagChunk,
  SOCK_DIAG_BY_FAMILY,
  TCPDIAG_GETSOCK,
  tcpCompatDumpRequest,
} from './netlink-sock-diag';
import { RECORDED_TCP_COMPAT_BOTH_FAMILIES } from './netlink-tcp-compat.recorded';

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const messages = RECORDED_TCP_COMPAT_BOTH_FAMILIES.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));

function chunkOf(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + ((p.length + 3) & ~3), 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += (p.length + 3) & ~3;
  }
  return out;
}

/** The same messages with another nlmsg_type (the rest of each message untouched). */
function retyped(chunk: Uint8Array, from: number, to: number): Uint8Array {
  const copy = chunk.slice();
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 16 <= copy.length; at += (view.getUint32(at, little) + 3) & ~3)
    if (view.getUint16(at + 4, little) === from) view.setUint16(at + 4, to, little);
  return copy;
}

function errorMessage(errno: number): Uint8Array {
  const error = new Uint8Array(36);
  const view = new DataView(error.buffer);
  view.setUint32(0, 36, little);
  view.setUint16(4, NLMSG_ERROR, little);
  view.setInt32(16, -errno, little);
  return error;
}

describe('TCP compat dump request (both families in one walk)', () => {
  it('is an inet_diag_req of type TCPDIAG_GETSOCK asking for every state but bound-inactive, with tcp_info', () => {
    const request = tcpCompatDumpRequest(9);
    const view = new DataView(request.buffer);
    expect(request.length).toBe(16 + 60);
    expect(view.getUint32(0, little)).toBe(76);
    expect(view.getUint16(4, little)).toBe(TCPDIAG_GETSOCK);
    expect(view.getUint16(6, little)).toBe(0x301);
    expect(view.getUint32(8, little)).toBe(9);
    // idiag_family, src_len, dst_len, ext (INET_DIAG_INFO's bit), then the 48-byte id, all zero.
    expect([...request.subarray(16, 20)]).toEqual([2, 0, 0, 2]);
    expect(request.subarray(20, 68).every((b) => b === 0)).toBe(true);
    // Every bit but TCP_BOUND_INACTIVE's (13), as sockDiagRequest (netlink-sock-diag.ts DUMP_STATES).
    expect(view.getUint32(68, little)).toBe(0xffffdfff);
    expect(view.getUint32(72, little)).toBe(0);
  });
});

describe('TCP compat replies recorded from a real dump', () => {
  const chunk = chunkOf(messages);

  it('decodes both families from the one dump, then its end', () => {
    const parsed = parseSockDiagChunk(chunk, chunk.length, 'tcp');
    expect(parsed).toMatchObject({ done: true, errno: null, malformed: 0, interrupted: false });
    expect(parsed.rows.map((r) => [r.family, r.localAddress, r.state])).toEqual([
      [6, '::1', 'LISTEN'],
      [4, '127.0.0.1', 'LISTEN'],
    ]);
    for (const row of parsed.rows) {
      expect(row.protocol).toBe('tcp');
      expect(row.inode).toBeGreaterThan(0);
      expect(row.localPort).toBeGreaterThan(0);
    }
  });

  it('gives the same records as the same messages of type SOCK_DIAG_BY_FAMILY (the record parser is shared)', () => {
    const asV2 = retyped(chunk, TCPDIAG_GETSOCK, SOCK_DIAG_BY_FAMILY);
    const a = new Uint8Array(4 * RECORD_BYTES);
    const b = new Uint8Array(4 * RECORD_BYTES);
    const compat = compactSockDiagChunk(chunk, chunk.length, 'tcp', a, 0);
    const v2 = compactSockDiagChunk(asV2, asV2.length, 'tcp', b, 0);
    expect(compat.records).toBe(2);
    expect(v2.records).toBe(2);
    expect([...a]).toEqual([...b]);
  });

  it('ignores messages of other types in the dump, as before', () => {
    const other = retyped(chunk, TCPDIAG_GETSOCK, 19);
    expect(parseSockDiagChunk(other, other.length, 'tcp')).toMatchObject({ rows: [], done: true, malformed: 0 });
  });
});

describe('a refused request, told from a dump that failed part-way', () => {
  it('is an NLMSG_ERROR with an errno first in the chunk', () => {
    expect(isRefusedRequest(errorMessage(22), 36)).toBe(true); // EINVAL
    expect(isRefusedRequest(errorMessage(95), 36)).toBe(true); // EOPNOTSUPP
  });

  it('is not an acknowledgement (errno 0), rows, an NLMSG_DONE with an errno, or a chunk too short', () => {
    expect(isRefusedRequest(errorMessage(0), 36)).toBe(false);
    const chunk = chunkOf(messages);
    expect(isRefusedRequest(chunk, chunk.length)).toBe(false);
    const failedDone = (messages[messages.length - 1] as Uint8Array).slice();
    const view = new DataView(failedDone.buffer);
    expect(view.getUint16(4, little)).toBe(NLMSG_DONE);
    view.setInt32(16, -4, little); // EINTR, after rows of an earlier chunk
    expect(isRefusedRequest(failedDone, failedDone.length)).toBe(false);
    expect(isRefusedRequest(errorMessage(22), 19)).toBe(false);
  });
});
