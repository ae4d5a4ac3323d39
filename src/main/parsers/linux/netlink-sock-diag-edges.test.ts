import { describe, expect, it } from 'vitest';
import { NLMSG_DONE, NLMSG_ERROR, SOCK_DIAG_BY_FAMILY, parseSockDiagChunk, sockDiagDumpEnd } from './netlink-sock-diag';

// Messages built field by field from the uapi layouts (linux/netlink.h, inet_diag.h, tcp.h), in either byte order:
// nlmsghdr (16) + inet_diag_msg (72) + rtattrs. Ports and addresses are network order whatever the host's.

interface RowFields {
  family?: number;
  state?: number;
  sport?: number;
  dport?: number;
  src?: number[];
  dst?: number[];
  rqueue?: number;
  wqueue?: number;
  uid?: number;
  inode?: number;
  flags?: number;
}

interface Attribute {
  type: number;
  payload: Uint8Array;
  /** The length field as written, when a test wants it wrong. */
  length?: number;
}

function message(type: number, body: Uint8Array, little: boolean, flags = 0, length?: number): Uint8Array {
  const total = 16 + body.length;
  const out = new Uint8Array((total + 3) & ~3);
  const view = new DataView(out.buffer);
  view.setUint32(0, length ?? total, little);
  view.setUint16(4, type, little);
  view.setUint16(6, flags, little);
  view.setUint32(8, 1, little);
  out.set(body, 16);
  return out;
}

function row(fields: RowFields, attributes: Attribute[] = [], little = true): Uint8Array {
  const attributeBytes = attributes.reduce((sum, a) => sum + ((4 + a.payload.length + 3) & ~3), 0);
  const body = new Uint8Array(72 + attributeBytes);
  const view = new DataView(body.buffer);
  body[0] = fields.family ?? 2;
  body[1] = fields.state ?? 1;
  view.setUint16(4, fields.sport ?? 0, false);
  view.setUint16(6, fields.dport ?? 0, false);
  body.set(fields.src ?? [127, 0, 0, 1], 8);
  body.set(fields.dst ?? [127, 0, 0, 1], 24);
  view.setUint32(56, fields.rqueue ?? 0, little);
  view.setUint32(60, fields.wqueue ?? 0, little);
  view.setUint32(64, fields.uid ?? 1000, little);
  view.setUint32(68, fields.inode ?? 4242, little);
  let at = 72;
  for (const a of attributes) {
    view.setUint16(at, a.length ?? 4 + a.payload.length, little);
    view.setUint16(at + 2, a.type, little);
    body.set(a.payload, at + 4);
    at += (4 + a.payload.length + 3) & ~3;
  }
  return message(SOCK_DIAG_BY_FAMILY, body, little, fields.flags ?? 0);
}

interface InfoFields {
  rtt?: number;
  rttvar?: number;
  retrans?: number;
  acked?: number;
  received?: number;
  segsOut?: number;
  segsIn?: number;
  /** tcpi_bytes_sent (4.19+): the data sent, retransmissions included; `acked` when not given (no SYN counted). */
  sent?: number;
  bytesRetrans?: number;
}

/** A tcp_info of `size` bytes (the kernel's is 232 today; 104 before 4.2's counters). */
function tcpInfo(fields: InfoFields, little = true, size = 232): Attribute {
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  const u64 = (at: number, value: number): void => {
    view.setUint32(at + (little ? 0 : 4), value % 2 ** 32, little);
    view.setUint32(at + (little ? 4 : 0), Math.floor(value / 2 ** 32), little);
  };
  if (size >= 144) {
    view.setUint32(68, fields.rtt ?? 0, little);
    view.setUint32(72, fields.rttvar ?? 0, little);
    view.setUint32(100, fields.retrans ?? 0, little);
    u64(120, fields.acked ?? 0);
    u64(128, fields.received ?? 0);
    view.setUint32(136, fields.segsOut ?? 0, little);
    view.setUint32(140, fields.segsIn ?? 0, little);
  }
  if (size >= 216) {
    u64(200, fields.sent ?? fields.acked ?? 0);
    u64(208, fields.bytesRetrans ?? 0);
  }
  return { type: 2, payload };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const done = (little = true) => message(NLMSG_DONE, new Uint8Array(4), little);
const parse = (bytes: Uint8Array, protocol: 'tcp' | 'udp' = 'tcp', little = true) =>
  parseSockDiagChunk(bytes, bytes.length, protocol, { littleEndian: little });

describe('sock_diag rows built from the uapi layout', () => {
  it('leaves out the SYN the kernel counts as an acked byte of the side that opened the connection (4.19+)', () => {
    const sent = (fields: InfoFields, size?: number) =>
      parse(concat(row({}, [tcpInfo(fields, true, size)]), done())).rows[0]?.traffic?.bytesSent;
    // Idle outgoing connection: `ss -ti` shows bytes_acked:1 and no bytes_sent.
    expect(sent({ acked: 1, sent: 0 })).toBe(0);
    // 5 bytes written and acked: bytes_acked:6 bytes_sent:5.
    expect(sent({ acked: 6, sent: 5 })).toBe(5);
    // Retransmitted data counts once: 1000 bytes acked (+ the SYN), 1500 sent of which 500 again.
    expect(sent({ acked: 1001, sent: 1500, bytesRetrans: 500 })).toBe(1000);
    // The side that accepted: no SYN counted, nothing to take off.
    expect(sent({ acked: 4, sent: 4 })).toBe(4);
    // Data still in flight: acked as the kernel gives it.
    expect(sent({ acked: 11, sent: 20 })).toBe(11);
    // Before 4.19 there is no bytes_sent to bound it with: acked as given.
    expect(sent({ acked: 1 }, 200)).toBe(1);
  });

  it('decodes an IPv4 TCP row: ports, addresses, state, queues, uid, inode, tcp_info counters', () => {
    const info = tcpInfo({
      rtt: 1500,
      rttvar: 250,
      retrans: 3,
      acked: 2 ** 40 + 7,
      received: 99,
      segsOut: 11,
      segsIn: 12,
    });
    const bytes = row(
      { sport: 65535, dport: 1, src: [192, 0, 2, 1], dst: [198, 51, 100, 7], rqueue: 5, wqueue: 6, uid: 0, inode: 1 },
      [info],
    );
    const result = parse(concat(bytes, done()));
    expect(result).toMatchObject({ done: true, errno: null, interrupted: false, malformed: 0 });
    expect(result.rows).toEqual([
      {
        id: '',
        protocol: 'tcp',
        family: 4,
        localAddress: '192.0.2.1',
        localPort: 65535,
        remoteAddress: '198.51.100.7',
        remotePort: 1,
        state: 'ESTABLISHED',
        pid: null,
        processName: null,
        exePath: null,
        commandLine: null,
        user: null,
        uid: 0,
        inode: 1,
        rxQueue: 5,
        txQueue: 6,
        traffic: {
          bytesSent: 2 ** 40 + 7,
          bytesReceived: 99,
          segmentsSent: 11,
          segmentsReceived: 12,
          retransmissions: 3,
          rttMs: 1.5,
          rttVarianceMs: 0.25,
          sendRate: null,
          receiveRate: null,
          segmentSendRate: null,
          segmentReceiveRate: null,
          retransmissionRate: null,
        },
      },
    ]);
  });

  it('reads a dump written by a big-endian host when told its byte order', () => {
    const info = tcpInfo({ rtt: 2000, acked: 2 ** 33 + 1, received: 5, segsOut: 1, segsIn: 2, retrans: 4 }, false);
    const bytes = concat(
      row({ sport: 443, dport: 50000, uid: 1000, inode: 77, rqueue: 9 }, [info], false),
      done(false),
    );
    const result = parse(bytes, 'tcp', false);
    expect(result.done).toBe(true);
    expect(result.rows[0]).toMatchObject({ localPort: 443, remotePort: 50000, uid: 1000, inode: 77, rxQueue: 9 });
    expect(result.rows[0]?.traffic).toMatchObject({
      bytesSent: 2 ** 33 + 1,
      bytesReceived: 5,
      rttMs: 2,
      retransmissions: 4,
    });
  });

  it('decodes an IPv6 row and gives a socket with inode 0 (TIME_WAIT) no uid', () => {
    const src = [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1];
    const bytes = row({ family: 10, state: 6, src, dst: new Array<number>(16).fill(0), uid: 0, inode: 0 });
    expect(parse(bytes).rows[0]).toMatchObject({
      family: 6,
      localAddress: '2001:db8::1',
      remoteAddress: '::',
      state: 'TIME_WAIT',
      uid: null,
      inode: null,
    });
  });

  it("gives a listener its backlog limit as Send-Q (the kernel's wqueue there, as `ss -ltn`) and no counters", () => {
    const listener = parse(row({ state: 10, wqueue: 4096, rqueue: 2 }, [tcpInfo({ acked: 5 })])).rows[0];
    expect(listener).toMatchObject({ state: 'LISTEN', txQueue: 4096, rxQueue: 2 });
    expect(listener?.traffic).toBeUndefined();
  });

  it('reads UDP rows with no state, the real send queue and no counters, whatever the state byte says', () => {
    const udp = parse(row({ state: 10, wqueue: 4096 }, [tcpInfo({ acked: 5 })]), 'udp').rows[0];
    expect(udp).toMatchObject({ protocol: 'udp', state: 'NONE', txQueue: 4096 });
    expect(udp?.traffic).toBeUndefined();
  });

  it('gives a connected UDP socket (state 1) no counters even when a tcp_info is attached', () => {
    const udp = parse(row({ state: 1 }, [tcpInfo({ acked: 5 })]), 'udp').rows[0];
    expect(udp).toMatchObject({ protocol: 'udp', state: 'ESTABLISHED' });
    expect(udp?.traffic).toBeUndefined();
  });

  it('finds tcp_info after other attributes, empty, nested-flagged and padded ones included', () => {
    const other: Attribute = { type: 5, payload: new Uint8Array([1, 2, 3]) };
    const empty: Attribute = { type: 7, payload: new Uint8Array(0) };
    const nested = { ...tcpInfo({ segsOut: 8 }), type: 2 | 0x8000 };
    expect(parse(row({}, [other, empty, nested])).rows[0]?.traffic?.segmentsSent).toBe(8);
  });

  it('reads a tcp_info of exactly 144 bytes (up to tcpi_segs_in) and none shorter', () => {
    expect(parse(row({}, [tcpInfo({ segsIn: 3 }, true, 144)])).rows[0]?.traffic?.segmentsReceived).toBe(3);
    const short = parse(row({}, [tcpInfo({}, true, 140)]));
    expect(short.malformed).toBe(0);
    expect(short.rows[0]?.traffic).toBeUndefined();
  });

  it('counts a row whose attributes do not fit as malformed, and one of an unknown family', () => {
    const tooLong = row({}, [{ ...tcpInfo({}), length: 400 }]);
    const tooShort = row({}, [{ ...tcpInfo({}), length: 3 }]);
    const unix = row({ family: 1 });
    for (const bytes of [tooLong, tooShort, unix]) {
      const result = parse(concat(bytes, done()));
      expect(result).toMatchObject({ rows: [], malformed: 1, done: true });
    }
  });

  it('counts a row message shorter than inet_diag_msg as malformed and goes on', () => {
    // An AF_INET row cut 4 bytes short of inet_diag_msg (no inode): not read from the next message's bytes.
    const short = message(SOCK_DIAG_BY_FAMILY, new Uint8Array(68).fill(2, 0, 2), true);
    const result = parse(concat(short, row({ inode: 9 }), done()));
    expect(result.malformed).toBe(1);
    expect(result.rows.map((r) => r.inode)).toEqual([9]);
  });
});

describe('sock_diag dump framing', () => {
  it('flags a dump the kernel marks interrupted (NLM_F_DUMP_INTR), rows kept', () => {
    const result = parse(concat(row({ flags: 0x12 }), done()));
    expect(result).toMatchObject({ interrupted: true, done: true, malformed: 0 });
    expect(result.rows).toHaveLength(1);
    expect(parse(concat(row({ flags: 0x2 }), done())).interrupted).toBe(false);
  });

  it('stops at NLMSG_DONE: what follows is not read', () => {
    const result = parse(concat(row({ inode: 1 }), done(), row({ inode: 2 })));
    expect(result.rows.map((r) => r.inode)).toEqual([1]);
    expect(result.malformed).toBe(0);
  });

  it('reads an acknowledgement (NLMSG_ERROR with errno 0) as the end with no error, and a cut one as malformed', () => {
    expect(sockDiagDumpEnd(message(NLMSG_ERROR, new Uint8Array(20), true), 36, { littleEndian: true })).toMatchObject({
      done: true,
      errno: null,
      malformed: 0,
    });
    const cut = message(NLMSG_ERROR, new Uint8Array(0), true);
    expect(sockDiagDumpEnd(cut, cut.length, { littleEndian: true })).toMatchObject({ done: true, malformed: 1 });
    const eperm = message(NLMSG_ERROR, new Uint8Array([0xff, 0xff, 0xff, 0xff]), true);
    expect(sockDiagDumpEnd(eperm, eperm.length, { littleEndian: true }).errno).toBe(1);
  });

  it('skips messages of other types (NLMSG_NOOP), and rows when only the end is wanted', () => {
    const noop = message(1, new Uint8Array(4), true);
    const bytes = concat(noop, row({}), done());
    expect(parse(bytes)).toMatchObject({ malformed: 0, done: true });
    expect(parse(bytes).rows).toHaveLength(1);
    expect(sockDiagDumpEnd(bytes, bytes.length, { littleEndian: true })).toMatchObject({ rows: [], done: true });
  });

  it('stops on a length below the header or past the chunk, and counts a tail shorter than a header', () => {
    expect(parse(concat(row({}), message(3, new Uint8Array(0), true, 0, 15))).malformed).toBe(1);
    expect(parse(concat(row({}), message(3, new Uint8Array(4), true, 0, 24))).malformed).toBe(1);
    const tail = parse(concat(row({ inode: 5 }), new Uint8Array(12)));
    expect(tail).toMatchObject({ malformed: 1, done: false });
    expect(tail.rows.map((r) => r.inode)).toEqual([5]);
    expect(parse(new Uint8Array(0))).toMatchObject({ rows: [], malformed: 0, done: false });
  });

  it('reads no further than the length given, and no further than the buffer', () => {
    const bytes = concat(row({ inode: 1 }), row({ inode: 2 }), done());
    const first = row({}).length;
    expect(parseSockDiagChunk(bytes, first, 'tcp', { littleEndian: true })).toMatchObject({
      done: false,
      malformed: 0,
    });
    expect(parseSockDiagChunk(bytes, first, 'tcp', { littleEndian: true }).rows).toHaveLength(1);
    expect(parseSockDiagChunk(bytes, bytes.length + 100, 'tcp', { littleEndian: true }).rows).toHaveLength(2);
    expect(parseSockDiagChunk(bytes, -5, 'tcp', { littleEndian: true })).toMatchObject({ rows: [], malformed: 0 });
  });

  it('reads a chunk that starts inside a larger buffer (a subarray of the receive buffer)', () => {
    const inner = concat(row({ inode: 3 }), done());
    const outer = concat(new Uint8Array(8).fill(0xff), inner);
    const view = outer.subarray(8);
    expect(parseSockDiagChunk(view, view.length, 'tcp', { littleEndian: true }).rows.map((r) => r.inode)).toEqual([3]);
  });

  it("uses the running host's byte order by default", () => {
    const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const bytes = concat(row({ inode: 6 }, [], hostLittle), done(hostLittle));
    expect(parseSockDiagChunk(bytes, bytes.length, 'tcp').rows.map((r) => r.inode)).toEqual([6]);
    expect(sockDiagDumpEnd(bytes, bytes.length).done).toBe(true);
  });
});
