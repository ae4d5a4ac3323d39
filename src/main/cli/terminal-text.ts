/**
 * Text from others (a process's name and path, which any local user sets; a saved file's lines) made safe to print
 * on a terminal. WHY: a process titled "\x1b]0;…\x07\x1b[2J" retitled and cleared root's terminal through
 * `netscope -tl`, and one with "\n" in its name printed a row of its own making (review, session 28). ps and
 * systemd print such characters escaped too. Tables and names go through terminalSafe, stderr through
 * terminalSafeLines, and CSV and JSON through terminalSafeOutput only when stdout is a terminal (main.ts): piped,
 * they stay the data as it is.
 *
 * Escaped: C0 and C1 controls and DEL (ESC, BEL, CR, LF, TAB...) and the Unicode format characters that reorder or
 * break what follows (bidirectional overrides and isolates, line and paragraph separators), as \xNN or \uNNNN.
 */
/** The Unicode format characters that reorder or break what follows (ALM, LRM, RLM, LS, PS, embeddings, isolates). */
const FORMAT = '\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069';
/** A class of the C0 controls in `ranges` (a character class's ranges), DEL, the C1 controls and FORMAT. */
const unsafe = (ranges: string): RegExp => new RegExp(`[${ranges}\\x7f-\\x9f${FORMAT}]`, 'g');
const UNSAFE_ALL = unsafe('\\x00-\\x1f');
// Line breaks kept, for whole messages whose lines are ours: the other characters as above.
const UNSAFE_IN_LINES_ALL = unsafe('\\x00-\\x09\\x0b-\\x1f');

function escaped(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Whether a text has none of UNSAFE_ALL's characters. WHY a loop and not a regular expression's test: the import
 * prints millions of short cells, nearly all clean, and the regular expression's call cost there was about 0.1 us a cell (a 20 MiB
 * import 25% slower); this loop is inlined where it runs.
 */
export function isTerminalSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
    if (
      c >= 0x61c &&
      (c === 0x61c || c === 0x200e || c === 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
    )
      return false;
  }
  return true;
}

/** One table cell or name: every unsafe character escaped, line breaks too (a cell is one line). */
export function terminalSafe(text: string): string {
  return isTerminalSafe(text) ? text : text.replace(UNSAFE_ALL, escaped);
}

/** A message of one or more lines (a warning quoting a saved file's line): escaped as above, its line breaks kept. */
export function terminalSafeLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES_ALL, escaped);
}

// CR kept before LF (CSV's line ends), a lone CR escaped: it would move the cursor back over the line.
const UNSAFE_IN_OUTPUT_ALL = new RegExp(`${unsafe('\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f').source}|\\r(?!\\n)`, 'g');

/** Whole output for a terminal (CSV, JSON): escaped as above, its line ends (LF, CRLF) kept. */
export function terminalSafeOutput(text: string): string {
  return text.replace(UNSAFE_IN_OUTPUT_ALL, escaped);
}

/** What a stream's write takes: a string or bytes, then node's optional encoding and callback. */
type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/**
 * Makes every string written to `stream` pass through `safe` first (bytes pass as they are: the CLI writes text).
 * WHY one guard and not a call at each write: the CLI has dozens of them, and one missed is a hole.
 */
export function guardWrites(stream: { write: unknown }, safe: (text: string) => string): void {
  const write = (stream.write as Write).bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]): boolean =>
    write(typeof chunk === 'string' ? safe(chunk) : chunk, ...rest)) as Write;
}
