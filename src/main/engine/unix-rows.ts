/**
 * UNIX domain sockets in the app's grid: each one becomes a Connection row
 * (protocol 'unix') added to the inet rows by the connections collector, so
 * it reaches the grid the one way every row does (ids, diffs, the wire, sort,
 * filter, select, CSV, "go to process"). Only while the user's toggle is on:
 * a server has thousands, and listing them costs an fd walk of every process.
 *
 * A row's columns: Local Address is the path, '@name' (abstract) or
 * '(unnamed)'; Remote Address the peer's name where the peer is known and
 * named, else '*'; ports 0. The state in TCP's words, as `ss -x` prints them
 * (LISTEN, ESTAB, SYN-SENT; an unconnected socket has none, as UDP).
 */
import { blankConnection, type Connection, type SocketState } from '../../shared/model';
import type { UnixSocket, UnixSocketState } from '../../shared/unix-socket';
import type { Collected, CollectContext, Collector, PlatformCollectors } from '../collectors/types';

export const UNNAMED = '(unnamed)';

const STATE: Record<UnixSocketState, SocketState> = {
  LISTENING: 'LISTEN',
  CONNECTED: 'ESTABLISHED',
  CONNECTING: 'SYN_SENT',
  DISCONNECTING: 'CLOSING',
  UNCONNECTED: 'NONE',
  UNKNOWN: 'UNKNOWN',
};

/** The rows of some UNIX sockets; ids are left to the engine (the key, or the key and the inode where shared). */
export function unixSocketRows(sockets: readonly UnixSocket[]): Connection[] {
  // The peer's name: by inode (Linux) or by kernel address (macOS netstat's Conn column).
  const nameByInode = new Map<number, string>();
  const nameByAddress = new Map<string, string>();
  for (const s of sockets) {
    if (s.path === null) continue;
    if (s.inode !== null) nameByInode.set(s.inode, s.path);
    if (s.kernelAddress !== undefined) nameByAddress.set(s.kernelAddress, s.path);
  }
  return sockets.map((s) => {
    const peerName =
      s.peerInode !== null
        ? nameByInode.get(s.peerInode)
        : s.peerKernelAddress
          ? nameByAddress.get(s.peerKernelAddress)
          : undefined;
    return blankConnection({
      protocol: 'unix',
      family: 4,
      localAddress: s.path ?? UNNAMED,
      localPort: 0,
      remoteAddress: peerName ?? '*',
      remotePort: 0,
      state: STATE[s.state],
      pid: s.pid,
      processName: s.processName,
      user: s.user,
      uid: s.uid,
      inode: s.inode,
      rxQueue: s.rxQueue,
      txQueue: s.txQueue,
      unixType: s.type,
      peerInode: s.peerInode,
    });
  });
}

/** Whether UNIX sockets are listed now; the backend flips it. */
export interface UnixRowsSwitch {
  enabled: boolean;
}

/**
 * The platform with its connections collector also listing UNIX sockets while
 * `toggle.enabled`. A failing UNIX listing costs a warning, never the inet rows.
 */
export function withUnixRows(
  platform: PlatformCollectors,
  unix: Collector<UnixSocket[]>,
  toggle: UnixRowsSwitch,
): PlatformCollectors {
  const inet = platform.connections;
  const connections: Collector<Connection[]> = {
    name: inet.name,
    async collect(context: CollectContext): Promise<Collected<Connection[]>> {
      if (!toggle.enabled) return inet.collect(context);
      const [rows, local] = await Promise.allSettled([inet.collect(context), unix.collect(context)]);
      if (rows.status === 'rejected') throw rows.reason;
      if (local.status === 'rejected') {
        const why = local.reason instanceof Error ? local.reason.message : String(local.reason);
        return { ...rows.value, warnings: [...rows.value.warnings, `UNIX sockets could not be listed: ${why}`] };
      }
      // The spread keeps the inet collector's engine status (netlink or procfs, whether it reads counters): without
      // it, collect.ts fills in the OS default, and the toggle would read as an engine switch with no counters.
      return {
        ...rows.value,
        data: rows.value.data.concat(unixSocketRows(local.value.data)),
        warnings: [...rows.value.warnings, ...local.value.warnings.map((w) => `UNIX sockets: ${w}`)],
      };
    },
  };
  // unixSockets stays off the snapshot: the rows carry them.
  const { unixSockets: _shownAsRows, ...rest } = platform;
  return { ...rest, connections };
}
