/**
 * The UNIX section of macOS and FreeBSD `netstat -a` / `netstat -f unix`:
 *
 *   Active LOCAL (UNIX) domain sockets          (FreeBSD: Active UNIX domain sockets)
 *   Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr
 *   7fb03cb94a63a7cd stream      1      0                0 7fb03cb94a63cedd                0                0
 *   7fb03cb94a63b065 stream      0      0                0 7fb03cb94a63b2bd                0                0 /var/run/x.sock
 *
 * Address is the socket's kernel address and Conn its peer's (0: none); Inode is the bound
 * file's vnode, not a number comparable to Linux inodes. No state column: a socket with a
 * peer is CONNECTED, a bound stream socket without one is (as good as always) LISTENING,
 * a datagram socket without one UNCONNECTED; an unbound stream socket without a peer UNKNOWN.
 */
import {
  blankUnixSocket,
  type UnixSocket,
  type UnixSocketState,
  type UnixSocketType,
} from '../../../shared/unix-socket';

export const BSD_UNIX_SECTION = /^Active (LOCAL \(UNIX\)|UNIX) domain sockets/;

const ROW =
  /^([0-9a-f]+)\s+(stream|dgram|seqpacket|seqpac)\s+(\d+)\s+(\d+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)(?:\s+(.*))?$/;

export function parseBsdUnixLine(line: string): UnixSocket | null {
  const m = ROW.exec(line.trim());
  if (!m) return null;
  const type: UnixSocketType = m[2] === 'stream' ? 'stream' : m[2] === 'dgram' ? 'dgram' : 'seqpacket';
  const peer = /^0+$/.test(m[6] as string) ? null : (m[6] as string);
  const path = m[9] === undefined || m[9] === '' ? null : m[9];
  let state: UnixSocketState;
  if (peer !== null) state = 'CONNECTED';
  else if (type === 'dgram') state = 'UNCONNECTED';
  else state = path !== null ? 'LISTENING' : 'UNKNOWN';
  return blankUnixSocket({
    type,
    state,
    path,
    kernelAddress: m[1] as string,
    peerKernelAddress: peer,
    rxQueue: Number(m[3]),
    txQueue: Number(m[4]),
  });
}
