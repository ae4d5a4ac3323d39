/**
 * lsof network listings, as macOS (and Linux) print them:
 *  - field output (`lsof -nP -iTCP -iUDP -F pcLnPtT`): one field per line,
 *    a 'p' line opens a process set, an 'f' line opens a file set;
 *  - classic columns (`lsof -i -nP`, or a full `lsof`, of which only the IPv4/IPv6 rows count).
 */
import { blankConnection, type Connection, type Family, type Protocol } from '../../../shared/model';
import type { LineReader, ParseResult } from '../format';
import { SkippedLines, StringPool } from '../line-reader';
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
  const reader = new LsofFieldsReader(options);
  // -F0 ends fields with NUL instead of newlines.
  for (const field of text.split(/\r\n|\n|\r|\0/)) reader.field(field);
  return reader.finish();
}

/** Rows go to onRow when given, else they are kept (sharing copied strings, see StringPool). */
class RowSink {
  readonly connections: Connection[] = [];
  readonly skipped = new SkippedLines();
  private readonly pool = new StringPool();

  constructor(private readonly onRow?: (row: Connection) => void) {}

  add(row: Connection): void {
    if (this.onRow) return this.onRow(row);
    row.localAddress = this.pool.share(row.localAddress);
    row.remoteAddress = this.pool.share(row.remoteAddress);
    if (row.processName !== null) row.processName = this.pool.share(row.processName);
    if (row.user !== null) row.user = this.pool.share(row.user);
    this.connections.push(row);
  }

  result(): ParseResult {
    const { examples, count } = this.skipped;
    return { data: { connections: this.connections }, skipped: examples, skippedCount: count, warnings: [] };
  }
}

/** lsof -F output a field at a time: a 'p' field opens a process set, an 'f' field a file set. */
class LsofFieldsReader {
  private readonly sink: RowSink;
  private owner: Owner = { pid: null, command: null, user: null, uid: null };
  private file: FileFields | null = null;

  constructor(
    private readonly options: LsofOptions,
    onRow?: (row: Connection) => void,
  ) {
    this.sink = new RowSink(onRow);
  }

  field(field: string): void {
    if (field === '') return;
    const tag = field[0];
    const value = field.slice(1);
    const file = this.file;
    if (tag === 'p') {
      this.flush();
      this.owner = { pid: toInt(value), command: null, user: null, uid: null };
    } else if (tag === 'f') {
      this.flush();
      this.file = { fd: value, type: '', proto: '', name: '', state: null, inode: null, rxQueue: null, txQueue: null };
    } else if (tag === 'c') this.owner.command = value;
    else if (tag === 'L') this.owner.user = value;
    else if (tag === 'u') this.owner.uid = toInt(value);
    else if (file && tag === 't') file.type = value;
    else if (file && tag === 'P') file.proto = value;
    else if (file && tag === 'n') file.name = value;
    else if (file && tag === 'i') file.inode = toInt(value);
    else if (file && tag === 'T') readTcpInfo(file, value);
  }

  finish(): ParseResult {
    this.flush();
    return this.sink.result();
  }

  private flush(): void {
    const file = this.file;
    if (!file) return;
    if (file.type === 'IPv4' || file.type === 'IPv6' || file.proto !== '') {
      const conn = toConnection(this.owner, file, this.options);
      if (conn) this.sink.add(conn);
      else this.sink.skipped.add(`f${file.fd} ${file.type} ${file.proto} ${file.name}`);
    }
    this.file = null;
  }
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
  const reader = new LsofColumnsReader(options);
  for (const raw of splitLines(text)) reader.line(raw);
  return reader.finish();
}

class LsofColumnsReader {
  private readonly sink: RowSink;
  /** Thread rows repeat their process's sockets: (PID, FD, name) counts once. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly options: LsofOptions,
    onRow?: (row: Connection) => void,
  ) {
    this.sink = new RowSink(onRow);
  }

  line(raw: string): void {
    const tokens = raw.trim().split(/\s+/);
    const typeAt = tokens.findIndex((t, i) => i >= 3 && (t === 'IPv4' || t === 'IPv6'));
    // The header has no IPv4/IPv6 token, so it is passed over here too.
    if (typeAt < 0) return;
    const protoAt = tokens.findIndex((t, i) => i > typeAt && (t === 'TCP' || t === 'UDP'));
    const pid = toInt(tokens[1]);
    const userText = tokens[typeAt - 2] ?? '';
    const fd = tokens[typeAt - 1] ?? '';
    const name = protoAt >= 0 ? tokens[protoAt + 1] : undefined;
    const stateText = protoAt >= 0 ? tokens[protoAt + 2] : undefined;
    if (pid === null || protoAt < 0 || name === undefined) {
      if (protoAt < 0 && tokens.some((t) => /^(ICMP|RAW|SCTP)/i.test(t))) return;
      this.sink.skipped.add(raw);
      return;
    }
    const key = `${pid} ${fd} ${name}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
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
    const conn = toConnection(owner, file, this.options);
    if (conn) this.sink.add(conn);
    else this.sink.skipped.add(raw);
  }

  finish(): ParseResult {
    return this.sink.result();
  }
}

export function parseLsof(text: string, options: LsofOptions = {}): ParseResult {
  return looksLikeLsofFields(text) ? parseLsofFields(text, options) : parseLsofColumns(text, options);
}

/**
 * parseLsof a line at a time, for big saved outputs: the first non-empty line
 * tells field output ('p1234') from columns. Rows go to onRow when given.
 */
export class LsofReader implements LineReader {
  private mode: LsofFieldsReader | LsofColumnsReader | null = null;

  constructor(
    private readonly options: LsofOptions = {},
    private readonly onRow?: (row: Connection) => void,
  ) {}

  line(raw: string): void {
    if (this.mode === null) {
      if (raw.trim() === '') return;
      this.mode = /^p\d+(\0|$)/.test(raw)
        ? new LsofFieldsReader(this.options, this.onRow)
        : new LsofColumnsReader(this.options, this.onRow);
    }
    if (this.mode instanceof LsofColumnsReader) this.mode.line(raw);
    else for (const field of raw.split('\0')) this.mode.field(field);
  }

  finish(): ParseResult {
    return this.mode?.finish() ?? { data: { connections: [] }, skipped: [], warnings: [] };
  }
}
