/**
 * The TCP dump of both families in one request (SockDiagSocket.dumpTcp) against the kernel: real listeners and a
 * connection on 127.0.0.1 and ::1, and the two per-family dumps as the reference.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSockDiagChunk, tcpCompatDumpRequest } from '../../parsers/linux/netlink-sock-diag';
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
