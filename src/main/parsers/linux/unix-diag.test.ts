import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NLMSG_DONE, NLMSG_ERROR, SOCK_DIAG_BY_FAMILY } from './netlink-sock-diag';
import {
  nameOf,
  parseUnixDiagChunk,
  unixDiagRequest,
  UNIX_DIAG_NAME,
  UNIX_DIAG_PEER,
  UNIX_DIAG_RQLEN,
} from './unix-diag';
import { RECORDED_UNIX_PAIR } from './unix-diag.recorded';

const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function chunkOf(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + ((p.length + 3) & ~3), 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += (p.length + 3) & ~3;
  }
  return out;
}

function attribute(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array((4 + payload.length + 3) & ~3);
  new DataView(out.buffer).setUint16(0, 4 + payload.length, little);
  new DataView(out.buffer).setUint16(2, type, little);
  out.set(payload, 4);
  return out;
}

function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v, little));
  return out;
}

/** One SOCK_DIAG_BY_FAMILY message as net/unix/diag.c builds it. */
function message(type: number, state: number, inode: number, attributes: Uint8Array[]): Uint8Array {
  const body = chunkOf(attributes);
  const out = new Uint8Array(16 + 16 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, out.length, little);
  view.setUint16(4, SOCK_DIAG_BY_FAMILY, little);
  out.set([1, type, state], 16);
  view.setUint32(20, inode, little);
  out.set(body, 32);
  return out;
}

function control(type: number, errno = 0): Uint8Array {
  const out = new Uint8Array(20);
  new DataView(out.buffer).setUint32(0, 20, little);
  new DataView(out.buffer).setUint16(4, type, little);
  new DataView(out.buffer).setInt32(16, -errno, little);
  return out;
}

describe('unix_diag request', () => {
  it('dumps AF_UNIX sockets of every state with name, peer and queues', () => {
    const request = unixDiagRequest(9);
    const view = new DataView(request.buffer);
    expect(request.length).toBe(40);
    expect(view.getUint32(0, little)).toBe(40);
    expect(view.getUint16(4, little)).toBe(SOCK_DIAG_BY_FAMILY);
    expect(view.getUint16(6, little)).toBe(0x301);
    expect(view.getUint32(8, little)).toBe(9);
    expect(request[16]).toBe(1);
    expect(view.getUint32(20, little)).toBe(0xffffffff);
    expect(view.getUint32(28, little)).toBe(0x1 | 0x4 | 0x10);
  });
});

describe('unix_diag replies recorded from a real dump', () => {
  const chunk = chunkOf(RECORDED_UNIX_PAIR.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex'))));
  const parsed = parseUnixDiagChunk(chunk, chunk.length);

  it('decodes the listener, the accepted socket and the client, each the peer of the other, then the end', () => {
    expect(parsed).toMatchObject({ done: true, errno: null, malformed: 0, interrupted: false });
    expect(parsed.rows.map((r) => [r.inode, r.type, r.state, r.path, r.peerInode])).toEqual([
      [5057163, 'stream', 'LISTENING', '/tmp/u15/rec.sock', null],
      [5057165, 'stream', 'CONNECTED', '/tmp/u15/rec.sock', 5057164],
      [5057164, 'stream', 'CONNECTED', null, 5057165],
    ]);
  });

  it("gives a listener its backlog limit as Send-Q (the kernel's wqueue there, 511), as `ss -xl` does", () => {
    expect(parsed.rows[0]).toMatchObject({ rxQueue: 0, txQueue: 511 });
  });

  it('loses nothing when the dump arrives one message per chunk', () => {
    const rows = RECORDED_UNIX_PAIR.flatMap((hex) => {
      const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
      return parseUnixDiagChunk(bytes, bytes.length).rows;
    });
    expect(rows).toEqual(parsed.rows);
  });
});

describe('unix_diag decoder on built messages', () => {
  it('reads abstract names, NULs inside them, and paths cut at their first NUL', () => {
    expect(nameOf(Uint8Array.from([0, ...Buffer.from('bus'), 0, 0x78]))).toBe('@bus@x');
    expect(nameOf(Uint8Array.from([...Buffer.from('/run/a.sock'), 0, 0x7a]))).toBe('/run/a.sock');
  });

  it('maps types and the TCP-numbered states; unknown ones stay visible', () => {
    const rows = [
      message(2, 7, 1, []),
      message(5, 1, 2, []),
      message(1, 2, 3, []),
      message(9, 99, 4, []),
      message(1, 10, 5, [attribute(UNIX_DIAG_RQLEN, u32s(3, 128))]),
    ];
    const parsed = parseUnixDiagChunk(chunkOf(rows), chunkOf(rows).length);
    expect(parsed.rows.map((r) => [r.type, r.state])).toEqual([
      ['dgram', 'UNCONNECTED'],
      ['seqpacket', 'CONNECTED'],
      ['stream', 'CONNECTING'],
      ['unknown', 'UNKNOWN'],
      ['stream', 'LISTENING'],
    ]);
    expect(parsed.rows[4]).toMatchObject({ rxQueue: 3, txQueue: 128 });
  });

  it('reports an NLMSG_ERROR as the errno and stops there', () => {
    const bytes = chunkOf([control(NLMSG_ERROR, 1), message(1, 1, 7, [])]);
    expect(parseUnixDiagChunk(bytes, bytes.length)).toMatchObject({ done: true, errno: 1, rows: [] });
  });

  it('round-trips any row through the kernel layout', () => {
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom(1, 2, 5),
          inode: fc.integer({ min: 1, max: 0xffffffff }),
          peer: fc.option(fc.integer({ min: 1, max: 0xffffffff })),
          name: fc.option(fc.stringMatching(/^[a-z0-9/._-]{1,40}$/)),
          abstract: fc.boolean(),
          rq: fc.integer({ min: 0, max: 0xffffffff }),
          wq: fc.integer({ min: 0, max: 0xffffffff }),
        }),
        ({ type, inode, peer, name, abstract, rq, wq }) => {
          const attributes: Uint8Array[] = [];
          if (name !== null) {
            const raw = Buffer.from(name);
            attributes.push(attribute(UNIX_DIAG_NAME, abstract ? Uint8Array.from([0, ...raw]) : raw));
          }
          if (peer !== null) attributes.push(attribute(UNIX_DIAG_PEER, u32s(peer)));
          attributes.push(attribute(UNIX_DIAG_RQLEN, u32s(rq, wq)));
          const bytes = chunkOf([message(type, 1, inode, attributes), control(NLMSG_DONE)]);
          const parsed = parseUnixDiagChunk(bytes, bytes.length);
          expect(parsed).toMatchObject({ done: true, malformed: 0 });
          expect(parsed.rows).toHaveLength(1);
          expect(parsed.rows[0]).toMatchObject({
            inode,
            peerInode: peer,
            path: name === null ? null : abstract ? `@${name}` : name,
            rxQueue: rq,
            txQueue: wq,
          });
        },
      ),
    );
  });

  it('never throws on garbage or a cut chunk, and counts what does not fit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, cut) => {
        const parsed = parseUnixDiagChunk(bytes, cut % (bytes.length + 1));
        expect(parsed.rows.length + parsed.malformed).toBeLessThanOrEqual(bytes.length);
      }),
    );
    const whole = chunkOf([message(1, 1, 7, [attribute(UNIX_DIAG_PEER, u32s(8))]), control(NLMSG_DONE)]);
    expect(parseUnixDiagChunk(whole, 30)).toMatchObject({ rows: [], malformed: 1, done: false });
  });

  it('drops a row whose attribute overruns the message, and keeps the next one', () => {
    const bad = message(1, 1, 7, [attribute(UNIX_DIAG_PEER, u32s(8))]);
    new DataView(bad.buffer).setUint16(32, 200, little);
    const bytes = chunkOf([bad, message(1, 1, 9, []), control(NLMSG_DONE)]);
    const parsed = parseUnixDiagChunk(bytes, bytes.length);
    expect(parsed.malformed).toBe(1);
    expect(parsed.rows.map((r) => r.inode)).toEqual([9]);
  });
});
