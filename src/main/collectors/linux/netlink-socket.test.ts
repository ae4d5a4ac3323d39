/**
 * The TCP dump of both families in one request (SockDiagSocket.dumpTcp) against the kernel: real listeners and a
 * connection on 127.0.0.1 and ::1, and the two per-family dumps as the reference.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import type * as Koffi from 'koffi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSockDiagChunk, sockDiagRequest, tcpCompatDumpRequest } from '../../parsers/linux/netlink-sock-diag';
import { SockDiagSocket } from './netlink-socket';

const isLinux = process.platform === 'linux';
const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!isLinux) console.warn('netlink-socket.test: not on Linux, skipping');

/** "family local remote state inode" of every TCP row a dump hands to its callback. */
function rowsOf(run: (onChunk: (bytes: Uint8Array, length: number) => void) => void): string[] {
  const rows: string[] = [];
  run((bytes, length) => {
    for (const row of parseSockDiagChunk(bytes, length, 'tcp').rows)
      rows.push(
        `${row.family} ${row.localAddress}:${row.localPort} ${row.remoteAddress}:${row.remotePort} ${row.state} ${row.inode}`,
      );
  });
  return rows;
}

describe.runIf(isLinux)('SockDiagSocket.dumpTcp', () => {
  const servers: net.Server[] = [];
  const clients: net.Socket[] = [];
  let socket: SockDiagSocket;
  /** The endpoints of this test's listeners, as rowsOf writes them: other tests' sockets never touch these. */
  const endpoints = (): string[] =>
    servers.map((s) => {
      const { address, port } = s.address() as net.AddressInfo;
      return ` ${address}:${port} `;
    });
  const ours = (rows: string[]): string[] => rows.filter((r) => endpoints().some((e) => r.includes(e))).sort();

  beforeAll(async () => {
    for (const host of ['127.0.0.1', '::1']) {
      const server = net.createServer((peer) => clients.push(peer)).listen(0, host);
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push(server);
      const address = server.address() as net.AddressInfo;
      const client = net.connect(address.port, host);
      await new Promise((resolve) => client.once('connect', resolve));
      clients.push(client);
    }
    socket = SockDiagSocket.open();
  });

  afterAll(() => {
    socket?.close();
    for (const client of clients) client.destroy();
    for (const server of servers) server.close();
  });

  it('gives the sockets of both families in one dump, each once', () => {
    const rows = ours(rowsOf((onChunk) => socket.dumpTcp(onChunk)));
    expect(new Set(rows).size).toBe(rows.length);
    for (const server of servers) {
      const { address, port, family } = server.address() as net.AddressInfo;
      const mine = rows.filter((r) => r.includes(` ${address}:${port} `));
      const fam = family === 'IPv6' ? '6' : '4';
      expect(mine.filter((r) => r.includes(' LISTEN ')).length).toBe(1);
      // The client (remote port: the server's) and the accepted socket (local port: the server's).
      expect(mine.filter((r) => r.includes(' ESTABLISHED ')).length).toBe(2);
      for (const r of mine) expect(r.startsWith(`${fam} `)).toBe(true);
    }
  });

  it('gives this process the same sockets as the two per-family dumps', () => {
    const both = ours(rowsOf((onChunk) => socket.dumpTcp(onChunk)));
    const apart = ours(rowsOf((onChunk) => (socket.dump(4, 'tcp', onChunk), socket.dump(6, 'tcp', onChunk))));
    expect(both.length).toBe(6);
    expect(both).toEqual(apart);
  });

  // Last: a refusal is remembered for the life of the module.
  it('falls back to the two per-family dumps when the kernel refuses the compat request', () => {
    // A TCPDIAG_GETSOCK request too short for its inet_diag_req: the kernel answers NLMSG_ERROR (EINVAL).
    const refused = (sequence: number): Uint8Array => {
      const bytes = tcpCompatDumpRequest(sequence).slice(0, 16 + 8);
      new DataView(bytes.buffer).setUint32(0, bytes.length, little);
      return bytes;
    };
    const rows = rowsOf((onChunk) => socket.dumpTcp(onChunk, refused));
    const apart = rowsOf((onChunk) => (socket.dump(4, 'tcp', onChunk), socket.dump(6, 'tcp', onChunk)));
    expect(ours(rows).length).toBe(6);
    expect(ours(rows)).toEqual(ours(apart));
    // And after it, without asking the kernel again (the request given is not even sent).
    let asked = false;
    const later = rowsOf((onChunk) =>
      socket.dumpTcp(onChunk, (sequence) => {
        asked = true;
        return tcpCompatDumpRequest(sequence);
      }),
    );
    expect(asked).toBe(false);
    expect(ours(later)).toEqual(ours(apart));
  });
});

/**
 * A TCP socket bound to 127.0.0.1 but neither listening nor connecting (Node makes none: libc through koffi), which
 * Linux 6.5+ calls TCP_BOUND_INACTIVE: /proc/net/tcp does not list it, so neither does a dump (the procfs engine and
 * the netlink engine give the same sockets; asking for that state also made every TCP dump walk the bind hash).
 */
describe.runIf(isLinux)('SockDiagSocket and a bound, inactive TCP socket', () => {
  let libc: { close(fd: number): number } | null = null;
  let fd = -1;
  let inode = 0;
  let port = 0;
  let socket: SockDiagSocket;

  beforeAll(() => {
    const koffi = createRequire(import.meta.url)('koffi') as typeof Koffi;
    const lib = koffi.load('libc.so.6');
    const socketCall = lib.func('int socket(int, int, int)') as (d: number, t: number, p: number) => number;
    const bind = lib.func('int bind(int, const void *, uint32_t)') as (f: number, a: Uint8Array, l: number) => number;
    const getsockname = lib.func('int getsockname(int, _Out_ void *, _Inout_ uint32_t *)') as (
      f: number,
      a: Uint8Array,
      l: number[],
    ) => number;
    libc = { close: lib.func('int close(int)') as (f: number) => number };
    fd = socketCall(2, 1 | 0o2000000, 0);
    expect(fd).toBeGreaterThanOrEqual(0);
    // sockaddr_in: AF_INET (host order), port 0 (any), 127.0.0.1.
    const address = new Uint8Array(16);
    new DataView(address.buffer).setUint16(0, 2, little);
    address.set([127, 0, 0, 1], 4);
    expect(bind(fd, address, 16)).toBe(0);
    const bound = new Uint8Array(16);
    expect(getsockname(fd, bound, [16])).toBe(0);
    port = (bound[2] as number) * 256 + (bound[3] as number);
    inode = Number(/socket:\[(\d+)\]/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1]);
    socket = SockDiagSocket.open();
  });

  afterAll(() => {
    socket?.close();
    if (fd >= 0) libc?.close(fd);
  });

  const inodes = (run: (onChunk: (bytes: Uint8Array, length: number) => void) => void): number[] => {
    const out: number[] = [];
    run((bytes, length) => {
      for (const row of parseSockDiagChunk(bytes, length, 'tcp').rows) if (row.inode !== null) out.push(row.inode);
    });
    return out;
  };

  it('is in no dump, as it is in no line of /proc/net/tcp', () => {
    expect(port).toBeGreaterThan(0);
    expect(inode).toBeGreaterThan(0);
    const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
    const lines = readFileSync('/proc/net/tcp', 'latin1').split('\n');
    expect(lines.some((line) => line.includes(` ${inode} `) || line.includes(`0100007F${hexPort}`))).toBe(false);
    expect(inodes((onChunk) => socket.dumpTcp(onChunk))).not.toContain(inode);
    expect(inodes((onChunk) => socket.dump(4, 'tcp', onChunk))).not.toContain(inode);
  });

  it('is one the kernel would list if asked for every state (Linux 6.5+), so the test above means something', () => {
    const everyState = (sequence: number): Uint8Array => {
      const request = sockDiagRequest(4, 'tcp', sequence);
      // inet_diag_req_v2's idiag_states (after the 16-byte nlmsghdr and 4 bytes of family/protocol/ext/pad).
      new DataView(request.buffer).setUint32(20, 0xffffffff, little);
      return request;
    };
    const listed = inodes((onChunk) => socket.dumpWith(everyState, 'every state', onChunk)).includes(inode);
    const [major = 0, minor = 0] = readFileSync('/proc/sys/kernel/osrelease', 'latin1').split('.').map(Number);
    if (major > 6 || (major === 6 && minor >= 5)) expect(listed).toBe(true);
  });
});
