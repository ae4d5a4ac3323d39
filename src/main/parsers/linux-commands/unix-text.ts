/**
 * UNIX domain socket rows in Linux command output: `ss -x` (and ss -a's u_str,
 * u_dgr, u_seq rows) and net-tools `netstat -x` (the 'Active UNIX domain
 * sockets' section of netstat -a). The readers in ss.ts and netstat.ts hand
 * these lines here.
 */
import {
  blankUnixSocket,
  type UnixSocket,
  type UnixSocketState,
  type UnixSocketType,
} from '../../../shared/unix-socket';
import { parseSsUsers } from './ss';

const SS_TYPES: Record<string, UnixSocketType> = { u_str: 'stream', u_dgr: 'dgram', u_seq: 'seqpacket' };

/** ss prints a UNIX socket's state with the TCP names sock_diag reports for it. */
const SS_STATES: Record<string, UnixSocketState> = {
  ESTAB: 'CONNECTED',
  LISTEN: 'LISTENING',
  UNCONN: 'UNCONNECTED',
  'SYN-SENT': 'CONNECTING',
  'CLOSE-WAIT': 'DISCONNECTING',
};

export function isSsUnixNetid(word: string): boolean {
  return SS_TYPES[word] !== undefined;
}

/**
 * `u_str ESTAB 0 0 /run/x.sock 23456 * 23457 users:(("a",pid=1,fd=3))`: netid, state, queues,
 * the local name ('*' when unnamed; it may hold spaces) and inode, the peer's name and inode (0: none),
 * then optional extras. Without a Netid column (ss -x with one type), `type` says which.
 */
const SS_ROW = /^(?:(u_str|u_dgr|u_seq)\s+)?(\S+)\s+(\d+)\s+(\d+)\s+(.+?)\s+(\d+)\s+(\S+)\s+(\d+)(?:\s+(.*))?$/;
/** The same without the State column (`ss -x state listening`: one state chosen, not printed); the state is UNKNOWN. */
const SS_ROW_NO_STATE = /^(?:(u_str|u_dgr|u_seq)\s+)?()(\d+)\s+(\d+)\s+(.+?)\s+(\d+)\s+(\S+)\s+(\d+)(?:\s+(.*))?$/;

export function parseSsUnixLine(line: string): UnixSocket | null {
  return ssUnixRow(SS_ROW.exec(line.trim()));
}

/** A row of a table printed without its State column (its state reads UNKNOWN). */
export function parseSsUnixLineWithoutState(line: string): UnixSocket | null {
  return ssUnixRow(SS_ROW_NO_STATE.exec(line.trim()));
}

function ssUnixRow(m: RegExpExecArray | null): UnixSocket | null {
  if (!m) return null;
  const local = m[5] as string;
  const inode = Number(m[6]);
  const peerInode = Number(m[8]);
  const socket = blankUnixSocket({
    type: SS_TYPES[m[1] ?? ''] ?? 'unknown',
    state: SS_STATES[m[2] as string] ?? 'UNKNOWN',
    path: local === '*' ? null : local,
    inode,
    peerInode: peerInode === 0 ? null : peerInode,
    rxQueue: Number(m[3]),
    txQueue: Number(m[4]),
  });
  const owner = parseSsUsers(m[9] ?? '')[0];
  if (owner) {
    socket.pid = owner.pid;
    socket.processName = owner.name;
  }
  return socket;
}

const NETSTAT_TYPES: Record<string, UnixSocketType> = { STREAM: 'stream', DGRAM: 'dgram', SEQPACKET: 'seqpacket' };
const NETSTAT_STATES: Record<string, UnixSocketState> = {
  LISTENING: 'LISTENING',
  CONNECTED: 'CONNECTED',
  CONNECTING: 'CONNECTING',
  DISCONNECTING: 'DISCONNECTING',
  FREE: 'UNCONNECTED',
  UNKNOWN: 'UNKNOWN',
};

/**
 * `unix  2      [ ACC ]     STREAM     LISTENING     8981     1/systemd            /run/systemd/journal/stdout`:
 * refcount, flags in brackets, type, a state (blank when unconnected), inode, with -p the
 * PID/Program (padded to 20; '-' when not known), then the path (absent when unnamed).
 */
const NETSTAT_ROW =
  /^unix\s+\d+\s+\[([^\]]*)\]\s+(STREAM|DGRAM|SEQPACKET|RAW|RDM|\S+)\s+(?:(LISTENING|CONNECTED|CONNECTING|DISCONNECTING|FREE|UNKNOWN)\s+)?(\d+)(?:\s(.*))?$/;

export function parseNetstatUnixLine(line: string, hasProgramColumn: boolean): UnixSocket | null {
  const m = NETSTAT_ROW.exec(line.trim());
  if (!m) return null;
  const flags = (m[1] as string).trim().split(/\s+/);
  let rest = (m[5] ?? '').trim();
  let pid: number | null = null;
  let processName: string | null = null;
  if (hasProgramColumn) {
    const program = splitProgramColumn(rest);
    if (!program) return null;
    ({ pid, processName, rest } = program);
  }
  const stateWord = m[3];
  const state: UnixSocketState = flags.includes('ACC')
    ? 'LISTENING'
    : stateWord === undefined
      ? 'UNCONNECTED'
      : (NETSTAT_STATES[stateWord] ?? 'UNKNOWN');
  return blankUnixSocket({
    type: NETSTAT_TYPES[m[2] as string] ?? 'unknown',
    state,
    path: rest === '' ? null : rest,
    inode: Number(m[4]),
    pid,
    processName,
  });
}

/** net-tools' PROGNAME_WIDTH: 'PID/name' is cut to 19 characters and padded to 20, then one space and the path. */
const PROGRAM_WIDTH = 20;

/**
 * The PID/Program cell and the path after it. WHY by width rather than by words: a program
 * name may hold spaces ('1234/Web Content'); where the padding was lost (text re-spaced by
 * hand) the first word is the program.
 */
function splitProgramColumn(text: string): { pid: number | null; processName: string | null; rest: string } | null {
  const fixed = text.length <= PROGRAM_WIDTH || text[PROGRAM_WIDTH] === ' ';
  const cell = fixed ? text.slice(0, PROGRAM_WIDTH).trimEnd() : (text.split(/\s/, 1)[0] ?? '');
  const rest = (fixed ? text.slice(PROGRAM_WIDTH + 1) : text.slice(cell.length + 1)).trim();
  if (cell === '-') return { pid: null, processName: null, rest };
  const m = /^(\d+)\/(.+)$/.exec(cell);
  if (!m) return null;
  return { pid: Number(m[1]), processName: m[2] as string, rest };
}
