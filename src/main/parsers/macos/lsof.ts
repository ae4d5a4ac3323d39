/**
 * lsof network listings, as macOS (and Linux) print them:
 *  - field output (`lsof -nP -iTCP -iUDP -F pcLnPtT`): one field per line,
 *    a 'p' line opens a process set, an 'f' line opens a file set;
 *  - classic columns (`lsof -i -nP`, or a full `lsof`, of which only the IPv4/IPv6 rows count).
 */
import { blankConnection, type Connection, type Family, type Protocol } from '../../../shared/model';
import type { ParseResult } from '../format';
import {
  familyOfAddress,
  liveWildcard,
  splitColonEndpoint,
  splitLines,
  stateFromWord,
  toInt,
} from '../linux-commands/socket-text';

export interface LsofOptions {
  /** Write '*' endpoints as 0.0.0.0 / :: (live snapshots); imports keep '*'. */
  liveWildcards?: boolean;
}

interface FileFields {
  fd: string;
  type: string;
  proto: string;
  name: string;
  state: string | null;
  inode: number | null;
  rxQueue: number | null;
  txQueue: number | null;
}

interface Owner {
  pid: number | null;
  command: string | null;
  user: string | null;
  uid: number | null;
}

const PROTOCOLS: Record<string, Protocol> = { TCP: 'tcp', UDP: 'udp' };

function toConnection(owner: Owner, file: FileFields, options: LsofOptions): Connection | null {
  const protocol = PROTOCOLS[file.proto.toUpperCase()];
  if (!protocol) return null;
  const [localText, remoteText] = file.name.split('->');
  const local = splitColonEndpoint(localText ?? '');
  const remote = remoteText !== undefined ? splitColonEndpoint(remoteText) : { address: '*', port: 0 };
  if (!local || !remote) return null;
  const family: Family = file.type === 'IPv6' ? 6 : file.type === 'IPv4' ? 4 : (familyOfAddress(local.address) ?? 4);
  const state =
    protocol === 'tcp' ? (file.state !== null ? (stateFromWord(file.state) ?? 'UNKNOWN') : 'UNKNOWN') : 'NONE';
  return blankConnection({
    protocol,
    family,
    localAddress: options.liveWildcards ? liveWildcard(local.address, family) : local.address,
    localPort: local.port,
    remoteAddress: options.liveWildcards ? liveWildcard(remote.address, family) : remote.address,
    remotePort: remote.port,
    state,
    pid: owner.pid,
    processName: owner.command,
    user: owner.user,
    uid: owner.uid,
    inode: file.inode,
    rxQueue: file.rxQueue,
    txQueue: file.txQueue,
  });
}

/** True when the text is lsof -F field output (every non-empty line starts with a field letter). */
export function looksLikeLsofFields(text: string): boolean {
  const lines = text
    .slice(0, 4000)
    .split(/\r\n|\n|\r|\0/)
    .filter((l) => l !== '')
    .slice(0, 30);
  return lines.length >= 2 && /^p\d+$/.test(lines[0] ?? '') && lines.every((l) => /^[a-zA-Z]/.test(l));
}

export function parseLsofFields(text: string, options: LsofOptions = {}): ParseResult {
  const connections: Connection[] = [];
  const skipped: string[] = [];
  let owner: Owner = { pid: null, command: null, user: null, uid: null };
  let file: FileFields | null = null;
  const flush = (): void => {
    if (!file) return;
    if (file.type === 'IPv4' || file.type === 'IPv6' || file.proto !== '') {
      const conn = toConnection(owner, file, options);
      if (conn) connections.push(conn);
      else skipped.push(`f${file.fd} ${file.type} ${file.proto} ${file.name}`);
    }
    file = null;
  };
  // -F0 ends fields with NUL instead of newlines.
  for (const field of text.split(/\r\n|\n|\r|\0/)) {
    if (field === '') continue;
    const tag = field[0];
    const value = field.slice(1);
    if (tag === 'p') {
      flush();
      owner = { pid: toInt(value), command: null, user: null, uid: null };
    } else if (tag === 'f') {
      flush();
      file = { fd: value, type: '', proto: '', name: '', state: null, inode: null, rxQueue: null, txQueue: null };
    } else if (tag === 'c') owner.command = value;
    else if (tag === 'L') owner.user = value;
    else if (tag === 'u') owner.uid = toInt(value);
    else if (file && tag === 't') file.type = value;
    else if (file && tag === 'P') file.proto = value;
    else if (file && tag === 'n') file.name = value;
    else if (file && tag === 'i') file.inode = toInt(value);
    else if (file && tag === 'T') readTcpInfo(file, value);
  }
  flush();
  return { data: { connections }, skipped, warnings: [] };
}

/** 'TST=LISTEN', 'TQR=0', 'TQS=0' (the T has been stripped). */
function readTcpInfo(file: FileFields, value: string): void {
  const [key, v] = value.split('=');
  if (key === 'ST' && v) file.state = v;
  else if (key === 'QR') file.rxQueue = toInt(v);
  else if (key === 'QS') file.txQueue = toInt(v);
}

/**
 * Column output. Rows are read from the TYPE token outwards because COMMAND,
 * TID and SIZE/OFF may be blank: FD and USER sit left of TYPE, the protocol,
 * name and '(STATE)' at the end. Thread rows (same PID, FD and name) count once.
 */
export function parseLsofColumns(text: string, options: LsofOptions = {}): ParseResult {
  const connections: Connection[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const raw of splitLines(text)) {
    const tokens = raw.trim().split(/\s+/);
    const typeAt = tokens.findIndex((t, i) => i >= 3 && (t === 'IPv4' || t === 'IPv6'));
    if (typeAt < 0 || raw.startsWith('COMMAND ')) continue;
    const protoAt = tokens.findIndex((t, i) => i > typeAt && (t === 'TCP' || t === 'UDP'));
    const pid = toInt(tokens[1]);
    const userText = tokens[typeAt - 2] ?? '';
    const fd = tokens[typeAt - 1] ?? '';
    const name = protoAt >= 0 ? tokens[protoAt + 1] : undefined;
    const stateText = protoAt >= 0 ? tokens[protoAt + 2] : undefined;
    if (pid === null || protoAt < 0 || name === undefined) {
      if (protoAt < 0 && tokens.some((t) => /^(ICMP|RAW|SCTP)/i.test(t))) continue;
      skipped.push(raw);
      continue;
    }
    const key = `${pid} ${fd} ${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const device = tokens[typeAt + 1] ?? '';
    const numericUser = toInt(userText);
    const owner: Owner = {
      pid,
      command: (tokens[0] ?? '').replace(/\\x20/g, ' '),
      user: numericUser === null ? userText : null,
      uid: numericUser,
    };
    const file: FileFields = {
      fd,
      type: tokens[typeAt] ?? '',
      proto: tokens[protoAt] ?? '',
      name,
      state: stateText && /^\(.*\)$/.test(stateText) ? stateText : null,
      // Linux lsof puts the socket inode in DEVICE; macOS a kernel address (0x...).
      inode: /^\d+$/.test(device) ? Number(device) : null,
      rxQueue: null,
      txQueue: null,
    };
    const conn = toConnection(owner, file, options);
    if (conn) connections.push(conn);
    else skipped.push(raw);
  }
  return { data: { connections }, skipped, warnings: [] };
}

export function parseLsof(text: string, options: LsofOptions = {}): ParseResult {
  return looksLikeLsofFields(text) ? parseLsofFields(text, options) : parseLsofColumns(text, options);
}
