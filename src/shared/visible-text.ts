/**
 * Text from others shown as what it is. A process's name, path and command line (and a user name, a saved file's
 * lines) are set by whoever runs the process; characters in them that do not show as themselves are shown escaped,
 * as \xNN or \uNNNN, as ps and systemd print them: the C0 and C1 controls and DEL (ESC, BEL, CR, LF, TAB...), and
 * the Unicode format characters that reorder or break what follows (bidirectional overrides and isolates, line and
 * paragraph separators). WHY: on a terminal they drove it (cli/terminal-text.ts); in the grid a name such as
 * "invoice\u202efdp.exe" showed as "invoiceexe.pdf".
 */

/** The Unicode format characters that reorder or break what follows (ALM, LRM, RLM, LS, PS, embeddings, isolates). */
const FORMAT = '\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069';

/** A class of the C0 controls in `ranges` (a character class's ranges), DEL, the C1 controls and FORMAT. */
export const hiddenCharacters = (ranges: string): RegExp => new RegExp(`[${ranges}\\x7f-\\x9f${FORMAT}]`, 'g');

const HIDDEN_ALL = hiddenCharacters('\\x00-\\x1f');

/** One character as its escape: \xNN up to U+00FF, else \uNNNN. */
export function escapedCharacter(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Whether a text has none of those characters. WHY a loop and not a regular expression's test: the import
 * prints millions of short cells, nearly all clean, and the regular expression's call cost there was about 0.1 us a
 * cell (a 20 MiB import 25% slower); this loop is inlined where it runs.
 */
export function isPlainText(text: string): boolean {
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

/** A text on one line with every such character escaped, line breaks too (a cell, a name). */
export function visibleText(text: string): string {
  return isPlainText(text) ? text : text.replace(HIDDEN_ALL, escapedCharacter);
}
