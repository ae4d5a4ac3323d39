/**
 * Text from others (a process's name and path, which any local user sets; a saved file's lines) made safe to print
 * on a terminal. WHY: a process titled "\x1b]0;…\x07\x1b[2J" retitled and cleared root's terminal through
 * `netscope -tl`, and one with "\n" in its name printed a row of its own making (review, session 28). ps and
 * systemd print such characters escaped too. Tables and names go through terminalSafe, stderr through
 * terminalSafeLines, and CSV and JSON through terminalSafeOutput only when stdout is a terminal (main.ts): piped,
 * they stay the data as it is.
 *
 * Escaped: what shared/visible-text.ts escapes (C0 and C1 controls and DEL, and the Unicode format characters that
 * reorder or break what follows), as \xNN or \uNNNN; the grid shows names the same way.
 */
import { escapedCharacter, hiddenCharacters, isPlainText, visibleText } from '../../shared/visible-text';

// Line breaks kept, for whole messages whose lines are ours: the other characters as in shared/visible-text.ts.
const UNSAFE_IN_LINES_ALL = hiddenCharacters('\\x00-\\x09\\x0b-\\x1f');

/** Whether a text has nothing to escape (shared/visible-text.ts isPlainText). */
export const isTerminalSafe = isPlainText;

/** One table cell or name: every unsafe character escaped, line breaks too (a cell is one line). */
export const terminalSafe = visibleText;

/** A message of one or more lines (a warning quoting a saved file's line): escaped as above, its line breaks kept. */
export function terminalSafeLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES_ALL, escapedCharacter);
}

// CR kept before LF (CSV's line ends), a lone CR escaped: it would move the cursor back over the line.
const UNSAFE_IN_OUTPUT_ALL = new RegExp(
  `${hiddenCharacters('\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f').source}|\\r(?!\\n)`,
  'g',
);

/** Whole output for a terminal (CSV, JSON): escaped as above, its line ends (LF, CRLF) kept. */
export function terminalSafeOutput(text: string): string {
  return text.replace(UNSAFE_IN_OUTPUT_ALL, escapedCharacter);
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
