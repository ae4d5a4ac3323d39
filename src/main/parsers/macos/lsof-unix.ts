/**
 * `lsof -nP -U -F pcuLfdn` (field output, UNIX sockets only), as lsof's FIELD
 * OUTPUT section documents it: 'p' opens a process (c command, u uid, L login),
 * 'f' opens a file (its fd), then t (type: 'unix'), d (for a socket, DEVICE:
 * the socket's kernel address, '0x...') and n (NAME: the bound path, or
 * '->0x...' the peer's address, or both: '/path ->0x...').
 *
 *   p412            c  launchd-ish   u501   Lalice
 *   f3   tunix   d0x5e2f0c1a7b3d9e11   n/var/run/mDNSResponder
 *   f4   tunix   d0x5e2f0c1a7b3d1a21   n->0x5e2f0c1a7b3d4c71
 *
 * The owners of UNIX sockets, by kernel address: what `netstat -f unix`
 * (netstat-unix.ts: type, queues, path, peer) lacks. One socket held by two
 * processes (inherited fds) is listed under each; the first keeps it.
 */
import { toInt } from '../linux-commands/socket-text';

export interface LsofUnixFile {
  pid: number;
  command: string | null;
  uid: number | null;
  user: string | null;
  /** The socket's kernel address in netstat's spelling: hex without '0x' and leading zeros. */
  address: string;
  path: string | null;
  peerAddress: string | null;
}

export interface LsofUnixResult {
  files: LsofUnixFile[];
  /** Files that were UNIX sockets but had no address (lsof printed none): they cannot be matched. */
  skipped: number;
}

/** '0x00ab' and '00ab' alike: 'ab'; null for no address or zero. */
export function kernelAddressKey(text: string): string | null {
  const m = /^(?:0x)?0*([0-9a-f]+)$/i.exec(text.trim());
  return m && m[1] !== '0' ? (m[1] as string).toLowerCase() : null;
}

export function parseLsofUnixFields(text: string): LsofUnixResult {
  const files: LsofUnixFile[] = [];
  let skipped = 0;
  let owner = {
    pid: null as number | null,
    command: null as string | null,
    uid: null as number | null,
    user: null as string | null,
  };
  let file: { type: string; device: string; name: string } | null = null;
  const flush = (): void => {
    if (file === null || file.type.toLowerCase() !== 'unix') return;
    const address = kernelAddressKey(file.device);
    if (address === null || owner.pid === null) {
      skipped++;
      return;
    }
    const arrow = file.name.indexOf('->');
    const path = (arrow < 0 ? file.name : file.name.slice(0, arrow)).trim();
    files.push({
      ...owner,
      pid: owner.pid,
      address,
      path: path === '' ? null : path,
      peerAddress: arrow < 0 ? null : kernelAddressKey(file.name.slice(arrow + 2)),
    });
  };
  for (const field of text.split(/\r\n|\n|\r|\0/)) {
    if (field === '') continue;
    const tag = field[0];
    const value = field.slice(1);
    if (tag === 'p') {
      flush();
      file = null;
      owner = { pid: toInt(value), command: null, uid: null, user: null };
    } else if (tag === 'f') {
      flush();
      file = { type: '', device: '', name: '' };
    } else if (tag === 'c') owner.command = value;
    else if (tag === 'u') owner.uid = toInt(value);
    else if (tag === 'L') owner.user = value;
    else if (file && tag === 't') file.type = value;
    else if (file && tag === 'd') file.device = value;
    else if (file && tag === 'n') file.name = value;
  }
  flush();
  return { files, skipped };
}
