/**
 * A NETLINK_SOCK_DIAG socket through libc's socket/sendto/recv, called with
 * koffi (already a dependency: the Windows collectors and stuck-threads.ts use
 * it), so nothing is compiled on the user's machine. Runs in the reading
 * thread (proc-jobs.ts): recv() blocks, and a watchdog watches that thread.
 *
 * WHY a receive timeout: a dump that never ends (it should not happen, but a
 * sandbox may swallow netlink) fails with EAGAIN after RECEIVE_TIMEOUT_S
 * instead of holding the thread until the watchdog gives up on it.
 */
import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';
import { errnoName } from './errno-name';
import type { Family } from '../../../shared/model';
import {
  isRefusedRequest,
  NETLINK_SOCK_DIAG,
  sockDiagDumpEnd,
  sockDiagRequest,
  tcpCompatDumpRequest,
  type DiagProtocol,
} from '../../parsers/linux/netlink-sock-diag';

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVTIMEO = 20;
const RECEIVE_TIMEOUT_S = 10;
/** One recv(): the kernel fills up to this much per dump step (32 KiB by default, more with a bigger buffer). */
export const RECEIVE_BYTES = 1 << 17;

/** A failed libc call: `code` is the errno's name (EACCES, EPROTONOSUPPORT ...), as fs errors have. */
export class NetlinkError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  sendto(
    fd: number,
    buffer: Uint8Array,
    length: number,
    flags: number,
    address: Uint8Array,
    addressLength: number,
  ): number;
  recv(fd: number, buffer: Uint8Array, length: number, flags: number): number;
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, length: number): number;
  close(fd: number): number;
  errno(): number;
  errnoName(errno: number): string;
}

let libc: Libc | null = null;

/**
 * The kernel refused the compat TCP dump once (a kernel built without it): from then on TCP is asked family by
 * family, for the life of the process (the kernel does not change under it).
 */
let tcpCompatRefused = false;

function loadLibc(): Libc {
  if (libc) return libc;
  let koffi: typeof Koffi;
  try {
    // createRequire: koffi is a native module that stays external to the bundle.
    koffi = createRequire(__filename)('koffi') as typeof Koffi;
  } catch (error) {
    throw new NetlinkError(`koffi cannot load: ${error instanceof Error ? error.message : String(error)}`, 'ENOKOFFI');
  }
  const lib = koffi.load('libc.so.6');
  // koffi's declared signatures return unknown; each is cast to the shape it has in C.
  libc = {
    socket: lib.func('int socket(int, int, int)') as Libc['socket'],
    sendto: lib.func('long sendto(int, const void *, size_t, int, const void *, uint32_t)') as Libc['sendto'],
    recv: lib.func('long recv(int, _Out_ void *, size_t, int)') as Libc['recv'],
    setsockopt: lib.func('int setsockopt(int, int, int, const void *, uint32_t)') as Libc['setsockopt'],
    close: lib.func('int close(int)') as Libc['close'],
    errno: () => koffi.errno(),
    errnoName,
  };
  return libc;
}

export class SockDiagSocket {
  private readonly buffer = new Uint8Array(RECEIVE_BYTES);
  private sequence = 1;

  private constructor(
    private readonly c: Libc,
    private fd: number,
  ) {}

  /** Throws NetlinkError when the kernel or a sandbox refuses NETLINK_SOCK_DIAG (or koffi is missing). */
  static open(): SockDiagSocket {
    const c = loadLibc();
    const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) {
      const code = c.errnoName(c.errno());
      throw new NetlinkError(`netlink sock_diag socket: ${code}`, code);
    }
    const timeout = new Uint8Array(16);
    new DataView(timeout.buffer).setUint32(0, RECEIVE_TIMEOUT_S, true);
    c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length);
    const receiveBuffer = new Uint8Array(4);
    new DataView(receiveBuffer.buffer).setUint32(0, 1 << 20, true);
    // Best effort: a bigger buffer lets the kernel fill each recv() fully; refused (capped) is harmless.
    c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, receiveBuffer, 4);
    return new SockDiagSocket(c, fd);
  }

  /**
   * Dumps one (family, protocol) table; `onChunk` gets each recv()'s bytes (a
   * view into a reused buffer, valid until it returns). Throws NetlinkError
   * when a call fails or the kernel answers the dump with an error.
   */
  dump(family: Family, protocol: DiagProtocol, onChunk: (bytes: Uint8Array, length: number) => void): void {
    this.dumpWith((sequence) => sockDiagRequest(family, protocol, sequence), `IPv${family} ${protocol}`, onChunk);
  }

  /**
   * Dumps every TCP socket of both families in one walk of the kernel's TCP hash (the compat request:
   * netlink-sock-diag.ts tcpCompatDumpRequest); where the kernel refuses that request, the two per-family dumps
   * instead (IPv4 then IPv6). `onChunk` as for dump(); a refusal hands it a chunk without rows. `request` is for
   * tests (one the kernel refuses).
   */
  dumpTcp(
    onChunk: (bytes: Uint8Array, length: number) => void,
    request: (sequence: number) => Uint8Array = tcpCompatDumpRequest,
  ): void {
    if (!tcpCompatRefused) {
      let first = true;
      let refused = false;
      try {
        this.dumpWith(request, 'TCP, both families', (bytes, length) => {
          if (first) refused = isRefusedRequest(bytes, length);
          first = false;
          onChunk(bytes, length);
        });
        return;
      } catch (error) {
        // Only a refused request is asked again: after a dump that failed part-way, rows would come twice.
        if (!refused) throw error;
        tcpCompatRefused = true;
      }
    }
    this.dump(4, 'tcp', onChunk);
    this.dump(6, 'tcp', onChunk);
  }

  /** Dumps whatever `request` asks for (AF_UNIX's unix_diag_req: unix-diag.ts), given the sequence number. */
  dumpWith(
    request: (sequence: number) => Uint8Array,
    what: string,
    onChunk: (bytes: Uint8Array, length: number) => void,
  ): void {
    if (this.fd < 0) throw new NetlinkError('netlink socket closed', 'EBADF');
    const message = request(this.sequence++);
    const kernel = new Uint8Array(12);
    new DataView(kernel.buffer).setUint16(0, AF_NETLINK, true);
    if (this.c.sendto(this.fd, message, message.length, 0, kernel, kernel.length) < 0) this.fail('sendto');
    for (;;) {
      const n = this.c.recv(this.fd, this.buffer, this.buffer.length, 0);
      if (n < 0) this.fail('recv');
      if (n === 0) throw new NetlinkError('netlink dump ended without NLMSG_DONE', 'EPIPE');
      onChunk(this.buffer, n);
      const end = sockDiagDumpEnd(this.buffer, n);
      if (end.errno !== null) {
        const code = this.c.errnoName(end.errno);
        throw new NetlinkError(`netlink sock_diag dump (${what}): ${code}`, code);
      }
      if (end.done) return;
      if (end.malformed > 0) {
        this.close();
        throw new NetlinkError('netlink sock_diag: a malformed reply', 'EBADMSG');
      }
    }
  }

  close(): void {
    if (this.fd >= 0) this.c.close(this.fd);
    this.fd = -1;
  }

  private fail(call: string): never {
    const code = this.c.errnoName(this.c.errno());
    // A socket left mid-dump would hand the rest of that dump to the next request: close it.
    this.close();
    throw new NetlinkError(`netlink sock_diag ${call}: ${code}`, code);
  }
}
