/**
 * Edges of the AF_UNIX sock_diag decoder on messages laid out as linux/netlink.h and linux/unix_diag.h define
 * them: netlink message flags and control messages (NLMSG_DONE, NLMSG_ERROR with errno 0 = an ack), attributes
 * padded to 4 bytes (NLA_ALIGN) including those NetScope does not ask for (UNIX_DIAG_VFS, ICONS, MEMINFO,
 * SHUTDOWN), the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits of an attribute's type, both byte orders, and cut or
 * inconsistent lengths.
 */
import { describe, expect, it } from 'vitest';
import { NLMSG_DONE, NLMSG_ERROR, SOCK_DIAG_BY_FAMILY } from './netlink-sock-diag';
import {
  nameOf,
  parseUnixDiagChunk,
  unixDiagRequest,
  unixStateFromDiag,
  UDIAG_SHOW_NAME,
  UDIAG_SHOW_PEER,
  UDIAG_SHOW_RQLEN,
  UNIX_DIAG_NAME,
  UNIX_DIAG_PEER,
  UNIX_DIAG_RQLEN,
} from './unix-diag';

const UNIX_DIAG_VFS = 1;
const UNIX_DIAG_ICONS = 3;
const UNIX_DIAG_MEMINFO = 5;
const UNIX_DIAG_SHUTDOWN = 6;
const NLA_F_NESTED = 0x8000;
const NLA_F_NET_BYTEORDER = 0x4000;
const NLM_F_MULTI = 0x2;
const NLM_F_DUMP_INTR = 0x10;
const NLMSG_NOOP = 1;

const align4 = (n: number): number => (n + 3) & ~3;

/** Builders in an explicit byte order (`le`), so both orders can be tested on any host. */
function builders(le: boolean) {
  const attribute = (type: number, payload: Uint8Array, declared = 4 + payload.length): Uint8Array => {
    const out = new Uint8Array(align4(4 + payload.length));
    const view = new DataView(out.buffer);
    view.setUint16(0, declared, le);
    view.setUint16(2, type, le);
    out.set(payload, 4);
    return out;
  };
  const u32s = (...values: number[]): Uint8Array => {
    const out = new Uint8Array(values.length * 4);
    values.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v, le));
    return out;
  };
  const concat = (parts: readonly Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((sum, p) => sum + align4(p.length), 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += align4(p.length);
    }
    return out;
  };
  const message = (
    fields: { family?: number; type?: number; state?: number; inode?: number; flags?: number },
    attributes: Uint8Array[] = [],
    tail = 0,
  ): Uint8Array => {
    const body = concat(attributes);
    const out = new Uint8Array(32 + body.length + tail);
    const view = new DataView(out.buffer);
    view.setUint32(0, out.length, le);
    view.setUint16(4, SOCK_DIAG_BY_FAMILY, le);
    view.setUint16(6, fields.flags ?? NLM_F_MULTI, le);
    out.set([fields.family ?? 1, fields.type ?? 1, fields.state ?? 1], 16);
    view.setUint32(20, fields.inode ?? 1, le);
    out.set(body, 32);
    return out;
  };
  const control = (type: number, errno?: number, flags = NLM_F_MULTI): Uint8Array => {
    const out = new Uint8Array(errno === undefined ? 16 : 20);
    const view = new DataView(out.buffer);
    view.setUint32(0, out.length, le);
    view.setUint16(4, type, le);
    view.setUint16(6, flags, le);
    if (errno !== undefined) view.setInt32(16, -errno, le);
    return out;
  };
  return { attribute, u32s, concat, message, control };
}

const host = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const { attribute, u32s, concat, message, control } = builders(host);
const parse = (bytes: Uint8Array) => parseUnixDiagChunk(bytes, bytes.length);
const text = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

describe('unix_diag request bytes', () => {
  it.each([true, false])('lays out nlmsghdr + unix_diag_req in the asked byte order (little endian: %s)', (le) => {
    const bytes = unixDiagRequest(7, le);
    const view = new DataView(bytes.buffer);
    expect(bytes.length).toBe(40);
    expect(view.getUint32(0, le)).toBe(40);
    expect(view.getUint16(4, le)).toBe(SOCK_DIAG_BY_FAMILY);
    expect(view.getUint16(6, le)).toBe(0x301); // NLM_F_REQUEST | NLM_F_DUMP
    expect(view.getUint32(8, le)).toBe(7);
    expect(view.getUint32(12, le)).toBe(0); // pid: the kernel fills it in
    expect([bytes[16], bytes[17], bytes[18], bytes[19]]).toEqual([1, 0, 0, 0]); // AF_UNIX, protocol, pad
    expect(view.getUint32(20, le)).toBe(0xffffffff); // every state
    expect(view.getUint32(24, le)).toBe(0); // any inode
    expect(view.getUint32(28, le)).toBe(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN);
    expect(view.getUint32(28, le)).toBe(0x15);
    expect([...bytes.subarray(32)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]); // no cookie
  });

  it('wraps the sequence number to 32 bits, and uses the host order by default', () => {
    expect(new DataView(unixDiagRequest(-1, true).buffer).getUint32(8, true)).toBe(0xffffffff);
    expect(new DataView(unixDiagRequest(2 ** 32 + 5, true).buffer).getUint32(8, true)).toBe(5);
    expect(unixDiagRequest(9)).toEqual(unixDiagRequest(9, host));
  });
});

describe('unix_diag states', () => {
  it.each([
    [1, 'CONNECTED'],
    [2, 'CONNECTING'],
    [7, 'UNCONNECTED'],
    [10, 'LISTENING'],
    [0, 'UNKNOWN'],
    [3, 'UNKNOWN'],
    [8, 'UNKNOWN'],
    [255, 'UNKNOWN'],
  ])('%d -> %s', (code, state) => {
    expect(unixStateFromDiag(code)).toBe(state);
  });
});

describe('unix_diag attributes', () => {
  it('skips the attributes it did not ask for, each padded to 4 bytes, and reads those after them', () => {
    const bytes = concat([
      message({ inode: 42, state: 1 }, [
        attribute(UNIX_DIAG_SHUTDOWN, Uint8Array.from([3])), // 5 bytes, padded to 8
        attribute(UNIX_DIAG_NAME, text('/run/x.sock')), // 15 bytes, padded to 16
        attribute(UNIX_DIAG_VFS, u32s(12, 2049)),
        attribute(UNIX_DIAG_ICONS, u32s(100, 101, 102)),
        attribute(UNIX_DIAG_MEMINFO, u32s(0, 1, 2, 3, 4, 5, 6, 7, 8)),
        attribute(UNIX_DIAG_PEER, u32s(43)),
        attribute(UNIX_DIAG_RQLEN, u32s(5, 6)),
      ]),
      control(NLMSG_DONE, 0),
    ]);
    const parsed = parse(bytes);
    expect(parsed).toMatchObject({ done: true, errno: null, malformed: 0, interrupted: false });
    expect(parsed.rows).toEqual([
      {
        id: '',
        type: 'stream',
        state: 'CONNECTED',
        path: '/run/x.sock',
        inode: 42,
        peerInode: 43,
        rxQueue: 5,
        txQueue: 6,
        pid: null,
        processName: null,
        user: null,
        uid: null,
      },
    ]);
  });

  it('reads an attribute whose type carries the NLA_F_NESTED or NLA_F_NET_BYTEORDER bit', () => {
    const bytes = concat([
      message({}, [
        attribute(UNIX_DIAG_PEER | NLA_F_NET_BYTEORDER, u32s(77)),
        attribute(UNIX_DIAG_NAME | NLA_F_NESTED, text('@x')),
      ]),
    ]);
    expect(parse(bytes).rows[0]).toMatchObject({ peerInode: 77, path: '@x' });
  });

  it('reads an empty name as none and a peer inode 0 as none', () => {
    const bytes = message({}, [attribute(UNIX_DIAG_NAME, new Uint8Array(0)), attribute(UNIX_DIAG_PEER, u32s(0))]);
    expect(parse(bytes).rows[0]).toMatchObject({ path: null, peerInode: null });
  });

  it('keeps a socket without any attribute (the kernel sends none it has nothing for)', () => {
    expect(parse(message({ type: 2, state: 7, inode: 0xffffffff })).rows[0]).toMatchObject({
      type: 'dgram',
      state: 'UNCONNECTED',
      inode: 0xffffffff,
      path: null,
      peerInode: null,
      rxQueue: null,
      txQueue: null,
    });
  });

  it('ignores fewer than 4 bytes left after the last attribute', () => {
    const bytes = message({ inode: 5 }, [attribute(UNIX_DIAG_PEER, u32s(6))], 3);
    expect(parse(bytes)).toMatchObject({ malformed: 0, rows: [{ inode: 5, peerInode: 6 }] });
  });

  it.each([
    ['a peer shorter than a u32', () => attribute(UNIX_DIAG_PEER, Uint8Array.from([1, 2, 3]))],
    ['queues shorter than two u32', () => attribute(UNIX_DIAG_RQLEN, u32s(1, 2).subarray(0, 7))],
    ['an attribute length under its own header', () => attribute(UNIX_DIAG_PEER, u32s(1), 3)],
    ['an attribute length past the message', () => attribute(UNIX_DIAG_PEER, u32s(1), 9)],
    ['an attribute of another type shorter than its header', () => attribute(UNIX_DIAG_VFS, u32s(12, 2049), 2)],
    ['an attribute of another type with length 0', () => attribute(UNIX_DIAG_ICONS, u32s(1), 0)],
    ['a peer attribute without payload, last in the message', () => attribute(UNIX_DIAG_PEER, new Uint8Array(0))],
  ])('drops a row with %s, counts it, and reads the next message', (_what, bad) => {
    const bytes = concat([message({ inode: 1 }, [bad()]), message({ inode: 2 }), control(NLMSG_DONE, 0)]);
    const parsed = parse(bytes);
    expect(parsed.malformed).toBe(1);
    expect(parsed.done).toBe(true);
    expect(parsed.rows.map((r) => r.inode)).toEqual([2]);
  });

  it('reads a peer and queues of exactly their size; a listener keeps both (pending connections, backlog)', () => {
    const bytes = message({ state: 10 }, [attribute(UNIX_DIAG_RQLEN, u32s(0xffffffff, 4096))]);
    expect(parse(bytes).rows[0]).toMatchObject({ state: 'LISTENING', rxQueue: 0xffffffff, txQueue: 4096 });
    const connecting = message({ state: 2 }, [attribute(UNIX_DIAG_RQLEN, u32s(0, 4096))]);
    expect(parse(connecting).rows[0]).toMatchObject({ state: 'CONNECTING', rxQueue: 0, txQueue: 4096 });
  });
});

describe('unix_diag messages', () => {
  it('drops a message of another family or one too short for unix_diag_msg', () => {
    const short = new Uint8Array(16 + 12);
    new DataView(short.buffer).setUint32(0, short.length, host);
    new DataView(short.buffer).setUint16(4, SOCK_DIAG_BY_FAMILY, host);
    short[16] = 1;
    const bytes = concat([message({ family: 2 }), short, message({ inode: 3 })]);
    const parsed = parse(bytes);
    expect(parsed.malformed).toBe(2);
    expect(parsed.rows.map((r) => r.inode)).toEqual([3]);
  });

  it('skips other message types (NLMSG_NOOP) and stops at NLMSG_DONE, reading nothing after it', () => {
    const bytes = concat([control(NLMSG_NOOP), message({ inode: 1 }), control(NLMSG_DONE), message({ inode: 2 })]);
    expect(parse(bytes)).toMatchObject({ done: true, malformed: 0, errno: null, rows: [{ inode: 1 }] });
  });

  it('reads NLMSG_ERROR 0 (an ack) as the end without an errno, and a cut error message as malformed', () => {
    expect(parse(control(NLMSG_ERROR, 0))).toMatchObject({ done: true, errno: null, malformed: 0 });
    expect(parse(control(NLMSG_ERROR, 13))).toMatchObject({ done: true, errno: 13, malformed: 0 });
    expect(parse(control(NLMSG_ERROR))).toMatchObject({ done: true, errno: null, malformed: 1 });
    // A positive "error" is no errno either.
    expect(parse(control(NLMSG_ERROR, -5))).toMatchObject({ done: true, errno: null });
  });

  it('says the dump was interrupted (NLM_F_DUMP_INTR) on any message, the rows still read', () => {
    const bytes = concat([message({ inode: 1, flags: NLM_F_MULTI | NLM_F_DUMP_INTR }), control(NLMSG_DONE, 0)]);
    expect(parse(bytes)).toMatchObject({ interrupted: true, done: true, rows: [{ inode: 1 }] });
    const done = control(NLMSG_DONE, 0, NLM_F_MULTI | NLM_F_DUMP_INTR);
    expect(parse(concat([message({}), done])).interrupted).toBe(true);
    expect(parse(concat([message({ flags: 0xffef }), control(NLMSG_DONE, 0, 0xffef)])).interrupted).toBe(false);
  });

  it('stops at a message length under the header or past the chunk, keeping the rows before it', () => {
    const tooShort = control(NLMSG_DONE);
    new DataView(tooShort.buffer).setUint32(0, 15, host);
    expect(parse(concat([message({ inode: 1 }), tooShort]))).toMatchObject({
      malformed: 1,
      done: false,
      rows: [{ inode: 1 }],
    });
    const tooLong = message({ inode: 2 });
    new DataView(tooLong.buffer).setUint32(0, tooLong.length + 4, host);
    expect(parse(concat([message({ inode: 1 }), tooLong]))).toMatchObject({ malformed: 1, rows: [{ inode: 1 }] });
  });

  it('reads exactly 16-byte messages and counts a trailing piece shorter than a header once', () => {
    const bytes = concat([control(NLMSG_NOOP), message({ inode: 4 })]);
    const cut = new Uint8Array(bytes.length + 8);
    cut.set(bytes);
    cut[bytes.length] = 99;
    expect(parse(cut)).toMatchObject({ malformed: 1, rows: [{ inode: 4 }] });
    expect(parseUnixDiagChunk(cut, bytes.length)).toMatchObject({ malformed: 0, rows: [{ inode: 4 }] });
  });

  it('reads only `length` bytes, never past the buffer, and none for a negative length', () => {
    const bytes = concat([message({ inode: 1 }), message({ inode: 2 })]);
    const half = bytes.length / 2;
    expect(parseUnixDiagChunk(bytes, half).rows.map((r) => r.inode)).toEqual([1]);
    expect(parseUnixDiagChunk(bytes, bytes.length + 100).rows.map((r) => r.inode)).toEqual([1, 2]);
    expect(parseUnixDiagChunk(bytes, -4)).toEqual({
      rows: [],
      done: false,
      errno: null,
      interrupted: false,
      malformed: 0,
    });
    expect(parseUnixDiagChunk(new Uint8Array(0), 0).malformed).toBe(0);
  });

  it('reads a chunk that is a view into a larger buffer (a recv() into a reused buffer)', () => {
    const bytes = concat([message({ inode: 8 }, [attribute(UNIX_DIAG_PEER, u32s(9))]), control(NLMSG_DONE, 0)]);
    const big = new Uint8Array(bytes.length + 64).fill(0xee);
    big.set(bytes, 24);
    const parsed = parseUnixDiagChunk(big.subarray(24, 24 + bytes.length), bytes.length);
    expect(parsed).toMatchObject({ done: true, malformed: 0, rows: [{ inode: 8, peerInode: 9 }] });
  });

  it('decodes the other byte order when asked', () => {
    const other = builders(!host);
    const bytes = other.concat([
      other.message({ inode: 0x01020304, state: 1 }, [
        other.attribute(UNIX_DIAG_PEER, other.u32s(0x0a0b0c0d)),
        other.attribute(UNIX_DIAG_RQLEN, other.u32s(1, 2)),
      ]),
      other.control(NLMSG_DONE, 0),
    ]);
    const parsed = parseUnixDiagChunk(bytes, bytes.length, { littleEndian: !host });
    expect(parsed).toMatchObject({ done: true, malformed: 0 });
    expect(parsed.rows[0]).toMatchObject({ inode: 0x01020304, peerInode: 0x0a0b0c0d, rxQueue: 1, txQueue: 2 });
  });
});

describe('nameOf (sun_path as /proc/net/unix prints it)', () => {
  it.each([
    [[0], '@'],
    [[0, 0x61, 0, 0], '@a@@'],
    [[0x2f, 0x61], '/a'],
    [[0x2f, 0x61, 0, 0x62, 0], '/a'],
    [[0xc3, 0xa9], 'é'],
  ])('%j -> %j', (raw, name) => {
    expect(nameOf(Uint8Array.from(raw))).toBe(name);
  });
});
