/**
 * Text columns of the columnar format (wire-columns.ts): mostly distinct
 * strings (connection ids, remote addresses) as one UTF-8 run of every row's
 * text joined, plus each row's length in UTF-16 code units.
 *
 * WHY not JSON values in the header, as such columns were before: at 100k
 * rows the server's JSON.stringify of the id and address lists, then the
 * UTF-8 encoding of that ~5 MB header, were a good part of encoding a joining
 * page's snapshot on the server's event loop, and the page parsed it all back
 * with JSON.parse. Here the server joins the strings and encodes them once,
 * and the page decodes one run and slices it.
 *
 * Lengths count UTF-16 code units, so the page slices the decoded run where
 * the server joined it. That holds only for well-formed text: a lone
 * surrogate becomes U+FFFD in UTF-8. A column with one goes as JSON values
 * instead (textRun gives null), which keep it exactly.
 */
import { WireFormatError } from './wire-columns-format';
import { runToEnd } from './run-steps';

/** Tags, as for numbers: 0 = the text, 1 = null, 2 = absent. */
export interface TextRun {
  /** Each row's length in UTF-16 code units (0 for null and absent rows). */
  lengths: Uint32Array;
  longest: number;
  tags: Uint8Array | null;
  utf8: Uint8Array;
}

/** A lone surrogate (paired ones are one code point under the u flag). */
const LONE_SURROGATE = /\p{Cs}/u;

/** Rows joined and encoded per step of textRunInSteps: a few ms of work. */
const CHUNK_ROWS = 16_384;

/** The run of these values (strings, null or undefined); null when some text is not well-formed UTF-16. */
export function textRun(values: readonly unknown[], gaps: boolean): TextRun | null {
  return runToEnd(textRunInSteps(values, gaps));
}

/**
 * textRun in steps of CHUNK_ROWS rows (wire-columns.ts encodeColumnsInSteps yields between them). WHY: the run of
 * 100k connection ids is one of the longest parts of a snapshot's encode (~10 ms, more on a busy machine).
 * A surrogate pair split between two rows of different chunks is two lone surrogates to its chunk's check: that
 * column goes as JSON values, which keep any text exactly.
 */
export function* textRunInSteps(values: readonly unknown[], gaps: boolean): Generator<void, TextRun | null, void> {
  const n = values.length;
  const lengths = new Uint32Array(n);
  const tags = gaps ? new Uint8Array(n) : null;
  let longest = 0;
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (typeof v === 'string') {
      lengths[r] = v.length;
      if (v.length > longest) longest = v.length;
    } else if (tags) tags[r] = v === undefined ? 2 : 1;
  }
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  for (let from = 0; from < n; from += CHUNK_ROWS) {
    // join() writes null and undefined as '': their rows add nothing to the run.
    const joined = (from === 0 && n <= CHUNK_ROWS ? values : values.slice(from, from + CHUNK_ROWS)).join('');
    const utf8 = encoder.encode(joined);
    // As many bytes as code units: all ASCII (ids, addresses), so no surrogate; else look for a lone one.
    if (utf8.length !== joined.length && LONE_SURROGATE.test(joined)) return null;
    pieces.push(utf8);
    bytes += utf8.length;
    if (from + CHUNK_ROWS < n) yield;
  }
  if (pieces.length === 1) return { lengths, longest, tags, utf8: pieces[0] as Uint8Array };
  const utf8 = new Uint8Array(bytes);
  let at = 0;
  for (const piece of pieces) {
    utf8.set(piece, at);
    at += piece.length;
  }
  return { lengths, longest, tags, utf8 };
}

/** The values of a text column from its lengths, tags and UTF-8 run; `absent` marks rows that lack the field. */
export function textValues(
  field: string,
  lengths: ArrayLike<number>,
  tags: Uint8Array | null,
  utf8: Uint8Array,
  absent: unknown,
): unknown[] {
  let joined: string;
  try {
    joined = new TextDecoder('utf-8', { fatal: true }).decode(utf8);
  } catch {
    throw new WireFormatError(`text of ${field} is not UTF-8`);
  }
  const n = lengths.length;
  const out = new Array<unknown>(n);
  let at = 0;
  for (let r = 0; r < n; r++) {
    const end = at + (lengths[r] as number);
    if (end > joined.length) throw new WireFormatError(`text of ${field} is shorter than its lengths`);
    const tag = tags ? tags[r] : 0;
    if (tag === 0) out[r] = joined.slice(at, end);
    else if (tag === 1 || tag === 2) {
      if (end !== at) throw new WireFormatError(`a row of ${field} without text has a length`);
      out[r] = tag === 1 ? null : absent;
    } else throw new WireFormatError(`bad tag ${String(tag)} in ${field}`);
    at = end;
  }
  if (at !== joined.length) throw new WireFormatError(`text of ${field} is longer than its lengths`);
  return out;
}
