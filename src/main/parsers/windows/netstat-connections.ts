/**
 * Windows `netstat -an`, `-ano`, `-anob`, `-b` and plain `netstat` in any
 * display language. Headers are translated, so parsing anchors on the data lines:
 * 'TCP' or 'UDP' (never translated) followed by two endpoints, then the state
 * (absent for UDP) and, with -o, the PID. With -b each connection line is
 * followed by its owner: optional service/component lines (' Dnscache'), then
 * '[svchost.exe]' or a sentence such as 'Can not obtain ownership information'.
 */
import type { Connection, SocketState } from '../../../shared/model';
import type { ParseResult } from '../format';
import { SkippedLines, StringPool } from '../line-reader';
import { normalizeState, parseEndpoint, splitLines, tokens, type Endpoint } from './common';
import { takeTrailingColumns } from './netstat-extras';

/** 'TCP    0.0.0.0:135    0.0.0.0:0 ...': upper-case protocol, then an endpoint with ':' joined. */
export const WINDOWS_DATA_LINE = /^\s*(TCP|UDP)\s+(\[[^\]\s]*\]|[^\s:[\]]+):[\w*-]+\s+\S*:\S*/;

export type NetstatFlavor = 'an' | 'ano' | 'anob' | 'b';

export interface NetstatConnectionsResult extends ParseResult {
  flavor: NetstatFlavor;
  /** Which of netstat -t (offload state) and -y (template) columns the rows had. */
  extraColumns: ('t' | 'y')[];
}

export function parseWindowsNetstat(text: string): NetstatConnectionsResult {
  const reader = new WindowsNetstatReader();
  for (const line of splitLines(safeText(text))) reader.line(line);
  return reader.finish();
}

/** Ownership sentences ('Can not obtain ownership information', translated) are short; a longer line is not one. */
const MAX_OWNER_LINE = 200;
/** Windows service names are at most 256 characters. */
const MAX_COMPONENT = 256;

/**
 * The parser as a line-at-a-time reader, so a 200 MB file can be streamed
 * through it. Rows are handed to `onRow` once their -b owner block is complete
 * (or kept in data.connections when no sink is given).
 *
 * Owner lines of -b output follow their data line: optional component lines
 * (' Dnscache'), then '[svchost.exe]' or an ownership sentence. Components count
 * only when that owner line confirms them; lines that do not fit (a stray word
 * after the table, a 10 MB line, anything after a closed block) are skipped and
 * counted, never absorbed into the last row.
 */
export class WindowsNetstatReader {
  private readonly connections: Connection[] = [];
  private readonly skipped = new SkippedLines();
  private unresolvedPorts = 0;
  private unknownStates = 0;
  private hasPid = false;
  private hasOwners = false;
  private hasOffload = false;
  private hasTemplate = false;
  private rows = 0;
  /** The row whose owner lines may follow; null once its block is closed. */
  private owner: Connection | null = null;
  /** A short sentence after `owner`: its ownership line, or text after the table (the next line decides). */
  private sentence: string | null = null;
  /** Single-word lines after `owner`, waiting for an owner line to confirm them as components. */
  private pending: string[] = [];
  /** After a closed block: non-data lines here are not part of the table. */
  private blockClosed = false;
  /** Lines after a blank line that follows the table: a repeated header if a data line follows, else trailing text. */
  private afterBlank: string[] = [];
  private seenData = false;

  /** Kept rows share their strings, copied out of the line (see StringPool). */
  private readonly pool = new StringPool();

  constructor(private readonly onRow?: (row: Connection) => void) {}

  private intern(text: string): string {
    return this.pool.share(text);
  }

  get rowCount(): number {
    return this.rows;
  }

  line(line: string): void {
    const isData = WINDOWS_PROTO_START.test(line);
    if (this.sentence !== null) {
      // A data line after it confirms an ownership sentence; a blank line does when the file has shown
      // -b owners before; anything else means it was not one (text after the table).
      const blank = line.trim().length === 0;
      this.settleSentence(isData || (blank && this.hasOwners));
    }
    if (isData) {
      this.closeBlock();
      this.afterBlank = [];
      const parsed = parseDataLine(line);
      if (!parsed) {
        this.skip(line);
        return;
      }
      if (parsed.unresolvedPort) this.unresolvedPorts++;
      if (parsed.connection.state === 'UNKNOWN') this.unknownStates++;
      if (parsed.connection.pid !== null) this.hasPid = true;
      if (parsed.offloadColumn) this.hasOffload = true;
      if (parsed.templateColumn) this.hasTemplate = true;
      // Kept rows share their address strings; streamed rows are the sink's to keep. This only saves memory: no
      // output tells the two apart, so the mutants of the test are equivalent.
      // Stryker disable next-line ConditionalExpression,BooleanLiteral,BlockStatement: memory only (see above)
      if (!this.onRow) {
        parsed.connection.localAddress = this.intern(parsed.connection.localAddress);
        parsed.connection.remoteAddress = this.intern(parsed.connection.remoteAddress);
      }
      this.owner = parsed.connection;
      this.seenData = true;
      return;
    }
    const trimmed = line.trim();
    if (trimmed.length === 0) {
      // Owner blocks never contain blank lines; a blank line ends one (and precedes repeated headers).
      this.closeBlock();
      this.blockClosed = false;
      return;
    }
    if (this.owner === null) {
      if (this.blockClosed) this.skip(line);
      else if (this.seenData) this.afterBlank.push(line);
      // Before the first data line: titles and headers, in whatever language.
      return;
    }
    const exe = trimmed.length <= MAX_OWNER_LINE ? /^\[(.+)\]$/.exec(trimmed) : null;
    if (exe) {
      this.hasOwners = true;
      // (.+) always captures.
      this.owner.processName = this.intern(exe[1] as string);
      this.closeBlock(true);
    } else if (trimmed.length <= MAX_COMPONENT && !/\s/.test(trimmed)) {
      this.pending.push(this.intern(trimmed));
    } else if (trimmed.length <= MAX_OWNER_LINE) {
      // Perhaps 'Can not obtain ownership information' (or a translation): the owner stays unknown.
      // Or a sentence after the table ('trailing words'): the next line tells (see settleSentence).
      this.sentence = line;
    } else {
      this.skip(line);
      this.closeBlock();
    }
  }

  finish(): NetstatConnectionsResult {
    if (this.sentence !== null) this.settleSentence(this.hasOwners);
    this.closeBlock();
    for (const line of this.afterBlank) this.skip(line);
    const warnings: string[] = [];
    if (this.unresolvedPorts > 0) {
      warnings.push(
        `${this.unresolvedPorts} rows had a service name instead of a port (run netstat with -n): port set to 0`,
      );
    }
    if (this.unknownStates > 0) {
      warnings.push(`${this.unknownStates} rows had a state word that is not recognised: state UNKNOWN`);
    }
    const flavor: NetstatFlavor = this.hasOwners ? (this.hasPid ? 'anob' : 'b') : this.hasPid ? 'ano' : 'an';
    return {
      data: { connections: this.connections },
      skipped: this.skipped.examples,
      skippedCount: this.skipped.count,
      warnings,
      flavor,
      extraColumns: [...(this.hasOffload ? (['t'] as const) : []), ...(this.hasTemplate ? (['y'] as const) : [])],
    };
  }

  /** Decides whether the sentence after the last row was its ownership line, and ends that row's block. */
  private settleSentence(isOwnerLine: boolean): void {
    const sentence = this.sentence as string;
    this.sentence = null;
    if (isOwnerLine) {
      this.hasOwners = true;
      this.closeBlock(true);
    } else {
      for (const line of this.pending) this.skip(line);
      this.pending = [];
      this.skip(sentence);
      this.closeBlock();
    }
  }

  /** Ends the owner block of the last row; its components count only when an owner line confirmed them. */
  private closeBlock(confirmed = false): void {
    const row = this.owner;
    if (row === null) return;
    if (confirmed && this.pending.length > 0) row.components = this.pending;
    else for (const line of this.pending) this.skip(line);
    this.pending = [];
    this.owner = null;
    this.blockClosed = true;
    this.rows++;
    if (this.onRow) this.onRow(row);
    else this.connections.push(row);
  }

  private skip(line: string): void {
    this.skipped.add(line);
  }
}

const WINDOWS_PROTO_START = /^\s*(TCP|UDP)\s/;

interface ParsedLine {
  connection: Connection;
  unresolvedPort: boolean;
  /** netstat -t's / -y's column was on the line. */
  offloadColumn: boolean;
  templateColumn: boolean;
}

function parseDataLine(line: string): ParsedLine | null {
  const parts = tokens(line);
  if (parts.length < 3) return null;
  // Three words or more: the protocol and both endpoints are there.
  const [protoText, localText, remoteText, ...rest] = parts as [string, string, string, ...string[]];
  const protocol = protoText === 'TCP' ? 'tcp' : 'udp';
  const local = parseEndpoint(localText);
  const remote = parseEndpoint(remoteText);
  if (!local || !remote) return null;
  // netstat -t / -y: the offload state or template after the state and PID (netstat-extras.ts).
  const extras = takeTrailingColumns(rest);
  let pid: number | null = null;
  const last = rest[rest.length - 1];
  if (last !== undefined && /^\d+$/.test(last)) {
    pid = Number(last);
    rest.pop();
  }
  // Some languages use two words for a state ('IN ASCOLTO'), so the state is everything in between.
  const stateWord = rest.join(' ');
  if (protocol === 'tcp' && stateWord.length === 0 && pid === null) return null;
  // An IPv6 address has colons, in brackets ('[::1]:443') or not (the address is read without them).
  const family = local.address.includes(':') ? 6 : 4;
  // The whole row in one literal (blankConnection's fields): a 200 MB file has millions of rows.
  const connection: Connection = {
    id: '',
    protocol,
    family,
    localAddress: local.address,
    localPort: local.port,
    remoteAddress: remote.address,
    remotePort: remote.port,
    state: stateOf(protocol, stateWord, remote),
    pid: Number.isSafeInteger(pid) ? pid : null,
    processName: null,
    exePath: null,
    commandLine: null,
    user: null,
    uid: null,
    inode: null,
    rxQueue: null,
    txQueue: null,
  };
  if (extras.offloadState !== undefined) connection.offloadState = extras.offloadState;
  if (extras.template !== undefined) connection.template = extras.template;
  return {
    connection,
    unresolvedPort: local.unresolvedPort || remote.unresolvedPort,
    offloadColumn: extras.offloadState !== undefined,
    templateColumn: extras.templateColumn,
  };
}

/** State words repeat on every row: remember what each mapped to (only words, not the remote-dependent guesses). */
const knownStates = new Map<string, SocketState>();

function stateOf(protocol: 'tcp' | 'udp', word: string, remote: Endpoint): SocketState {
  if (protocol === 'udp') return 'NONE';
  const cached = knownStates.get(word);
  if (cached !== undefined) return cached;
  const state = normalizeState(protocol, word, remote);
  // A word that maps by itself (not by the remote being unspecified) can be cached; the list stays small.
  if (normalizeState(protocol, word, null) === state && state !== 'UNKNOWN' && knownStates.size < 256) {
    knownStates.set(word, state);
  }
  return state;
}

/** Strings from fast-check or broken files may hold lone surrogates; treat them as text anyway. */
function safeText(text: unknown): string {
  return typeof text === 'string' ? text : '';
}

/** 0..1: the share of data lines among the first non-empty lines; 0 when none is a Windows data line. */
export function detectWindowsNetstat(text: string): number {
  const lines = splitLines(safeText(text).slice(0, 20_000))
    .filter((l) => l.trim().length > 0)
    .slice(0, 80);
  const data = lines.filter((l) => WINDOWS_DATA_LINE.test(l)).length;
  if (data === 0) return 0;
  return Math.min(0.95, 0.6 + (0.4 * data) / lines.length);
}
