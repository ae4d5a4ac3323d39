/**
 * Pieces shared by the parsers that read a line at a time (see LineReader in
 * ./format.ts), so a big saved output can be streamed through them.
 */

/** Kept as examples: the first few skipped lines, each cut short; the rest are only counted. */
const MAX_KEPT = 100;
const MAX_TEXT = 200;

export class SkippedLines {
  readonly examples: string[] = [];
  count = 0;

  add(line: string): void {
    this.count++;
    if (this.examples.length >= MAX_KEPT) return;
    const text = line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 3)}...` : line;
    // A copy, not a slice: a slice would keep the whole chunk of the file it came from alive.
    this.examples.push(copyString(text));
  }
}

/** A flat copy of a string that shares no memory with the text it was cut from. */
export function copyString(text: string): string {
  return (' ' + text).slice(1);
}

/** Distinct strings shared between rows; past this, new ones are still copied but not shared. */
const MAX_SHARED = 100_000;

/**
 * Rows kept in memory share their address and name strings, copied out of the
 * line: a slice of a line would keep the whole chunk of the file alive (a 200 MB
 * import held its whole text), and a busy server's rows repeat a few addresses.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  share(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const copy = copyString(text);
    if (this.strings.size < MAX_SHARED) this.strings.set(copy, copy);
    return copy;
  }
}
