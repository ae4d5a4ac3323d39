/**
 * A saved-output format that `netscope import` can recognise and parse.
 * Parsers are pure functions of text: no I/O, never throw on any input (they
 * return what they could read and list the lines they skipped).
 */
import type { Connection, NetInterface, ProtocolStats, Route } from '../../shared/model';
import type { NetworkDirectEndpoint } from '../../shared/network-direct';
import type { UnixSocket } from '../../shared/unix-socket';

export interface ImportPart {
  connections?: Connection[];
  routes?: Route[];
  interfaces?: NetInterface[];
  protocolStats?: ProtocolStats;
  unixSockets?: UnixSocket[];
  /** Windows netstat -x. */
  networkDirect?: NetworkDirectEndpoint[];
}

export interface ParseResult {
  data: ImportPart;
  /** Lines that looked like data but did not parse (the import reports the count and the first few). */
  skipped: string[];
  /**
   * Set by line readers that keep only the first few skipped lines (a streamed file
   * may skip millions): the total count, of which `skipped` holds the first.
   */
  skippedCount?: number;
  warnings: string[];
  /**
   * What the file was read as, where the parse learned more than the format's label (Windows netstat: -an, -ano,
   * -anob or -b, with -t or -y columns). `netscope import` says it beside the file's name. WHY not a warning: it was
   * one, and every Windows netstat file opened with "⚠ 1 warning" (the CLI's "netscope: warning:") though nothing
   * was wrong with it.
   */
  label?: string;
}

export interface FormatSpec {
  /** e.g. 'windows-netstat-ano', 'linux-proc-net-tcp'. */
  id: string;
  /** e.g. 'Windows netstat -ano'. */
  label: string;
  /** Confidence that the text is in this format: 0 (no) to 1 (certain). Cheap: reads the first lines. */
  detect(text: string): number;
  parse(text: string): ParseResult;
  /**
   * Optional: the same parse one line at a time, so a big file is streamed instead
   * of held whole. Rows go to `onRow` when given (then data.connections stays empty).
   */
  stream?(onRow?: (row: Connection) => void): LineReader;
}

/** How many lines a parse skipped (a line reader keeps only the first few in `skipped`). */
export function skippedCount(result: ParseResult): number {
  return typeof result.skippedCount === 'number' ? result.skippedCount : result.skipped.length;
}

/** Feeds a parser line by line (the lines of splitLines(text), in order); finish() gives what parse(text) gives. */
export interface LineReader {
  line(text: string): void;
  finish(): ParseResult;
}
