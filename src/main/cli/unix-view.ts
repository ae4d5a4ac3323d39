/**
 * The UNIX domain socket view (`-x`, and `-a` the netstat way): netstat -x's
 * columns, with the peer's inode as ss -x shows it, and the owner.
 */
import { toCsv } from '../../shared/csv';
import { unixTypeLabel, type UnixSocket } from '../../shared/unix-socket';
import { cellText, formatTable } from './table';

const HEADER = ['Proto', 'Type', 'State', 'I-Node', 'Peer', 'PID', 'Program', 'User', 'Path'];

/** -l keeps the listening sockets, as netstat -lx does. */
export function selectUnixSockets(
  sockets: readonly UnixSocket[] | undefined,
  options: { listeningOnly: boolean },
): UnixSocket[] {
  const all = sockets ?? [];
  return options.listeningOnly ? all.filter((s) => s.state === 'LISTENING') : [...all];
}

export function unixSocketRows(sockets: readonly UnixSocket[]): string[][] {
  return sockets.map((s) => [
    'unix',
    unixTypeLabel(s.type),
    s.state,
    // macOS and BSD name sockets by kernel address where Linux has inodes.
    cellText(s.inode ?? s.kernelAddress),
    cellText(s.peerInode ?? s.peerKernelAddress),
    cellText(s.pid),
    cellText(s.processName),
    cellText(s.user ?? s.uid),
    cellText(s.path),
  ]);
}

export function renderUnixSockets(sockets: readonly UnixSocket[], csv: boolean): string {
  if (csv) {
    // The type spelled as the table (and netstat -x) spells it: one spelling, whichever output a script reads.
    const rows = sockets.map((s) => [
      unixTypeLabel(s.type),
      ...[s.state, s.inode, s.peerInode, s.pid, s.processName, s.user, s.uid, s.path].map((v) =>
        v === null ? '' : String(v),
      ),
    ]);
    return toCsv(['Type', 'State', 'Inode', 'PeerInode', 'PID', 'Program', 'User', 'UID', 'Path'], rows);
  }
  return formatTable(HEADER, unixSocketRows(sockets));
}
