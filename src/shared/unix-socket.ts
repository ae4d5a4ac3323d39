/**
 * UNIX domain sockets: a list of their own on the snapshot, apart from the inet
 * Connections (they have no addresses or ports, and a server has thousands, so
 * they are collected only when asked for). Pure types and helpers: no Node, no DOM.
 */

/** SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET; 'unknown' for a type the source did not name. */
export type UnixSocketType = 'stream' | 'dgram' | 'seqpacket' | 'unknown';

/**
 * The state as netstat -x prints it: LISTENING (accepting), CONNECTED, CONNECTING,
 * DISCONNECTING, or UNCONNECTED (a datagram socket without a peer, a stream socket
 * not yet listening). UNKNOWN where the source gave a state this does not know.
 */
export type UnixSocketState = 'LISTENING' | 'CONNECTED' | 'CONNECTING' | 'DISCONNECTING' | 'UNCONNECTED' | 'UNKNOWN';

export interface UnixSocket {
  /** Stable for the socket's life: the inode where known, else the path and ordinal; see assignUnixSocketIds(). */
  id: string;
  type: UnixSocketType;
  state: UnixSocketState;
  /** A filesystem path, '@name' for an abstract one (Linux), or null when unnamed. */
  path: string | null;
  /** The socket's inode (Linux), or its kernel address as lsof/netstat print it elsewhere (then null here). */
  inode: number | null;
  /** The connected peer's inode where the kernel tells it (sock_diag, ss -x); null otherwise. */
  peerInode: number | null;
  /** macOS/BSD netstat: the socket's kernel address (hex) and its peer's, which pair the two ends. */
  kernelAddress?: string;
  peerKernelAddress?: string | null;
  rxQueue: number | null;
  txQueue: number | null;
  pid: number | null;
  processName: string | null;
  user: string | null;
  uid: number | null;
}

const TYPES: readonly UnixSocketType[] = ['stream', 'dgram', 'seqpacket', 'unknown'];
const STATES: readonly UnixSocketState[] = [
  'LISTENING',
  'CONNECTED',
  'CONNECTING',
  'DISCONNECTING',
  'UNCONNECTED',
  'UNKNOWN',
];

export function isUnixSocketType(value: unknown): value is UnixSocketType {
  return (TYPES as readonly unknown[]).includes(value); // no other type equals one of these strings
}

export function isUnixSocketState(value: unknown): value is UnixSocketState {
  return (STATES as readonly unknown[]).includes(value); // no other type equals one of these strings
}

/** A UNIX socket with every optional field empty: parsers fill what they know. */
export function blankUnixSocket(fields: Pick<UnixSocket, 'type' | 'state' | 'path'> & Partial<UnixSocket>): UnixSocket {
  return {
    id: '',
    inode: null,
    peerInode: null,
    rxQueue: null,
    txQueue: null,
    pid: null,
    processName: null,
    user: null,
    uid: null,
    ...fields,
  };
}

/**
 * Sets `id` on every socket: 'unix:' and the inode, unique on one host at one
 * time; without an inode (lsof, macOS netstat), the path and an ordinal among
 * the sockets of that path.
 */
export function assignUnixSocketIds(sockets: UnixSocket[]): UnixSocket[] {
  const ordinals = new Map<string, number>();
  for (const socket of sockets) {
    if (socket.inode !== null) {
      socket.id = `unix:${socket.inode}`;
      continue;
    }
    const stem = `unix:${socket.path ?? '(unnamed)'}`;
    const n = (ordinals.get(stem) ?? 0) + 1;
    ordinals.set(stem, n);
    socket.id = `${stem}#${n}`;
  }
  return sockets;
}

/** 'unix' then the type as netstat -x prints it: 'STREAM', 'DGRAM', 'SEQPACKET'. */
export function unixTypeLabel(type: UnixSocketType): string {
  return type === 'unknown' ? '?' : type.toUpperCase();
}
