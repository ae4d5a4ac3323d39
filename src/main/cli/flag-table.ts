/**
 * One table of flags per command, read by Node's util.parseArgs (grouped short
 * options such as `-tulpn` come from it) and by the help text, so a switch is
 * one entry: its names, its value's placeholder, its help line and what it does.
 * Pure apart from node:util; a bad flag or value is a UsageError for the caller
 * to print with one usage hint.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Flag<T> {
  /** The long name, without dashes: `listening` is `--listening`. */
  name: string;
  /** One character: `l` is `-l`, and may be grouped (`-tulpn`). */
  short?: string;
  /** A short spelling recognised before parsing (`-p tcp`, see args.ts), shown in the help only. */
  shortInHelp?: string;
  /** More long names for the same flag (`metrics-host` beside `host`). */
  aliases?: readonly string[];
  /** The value's placeholder in the help (PROTO, SECONDS); absent for a switch. */
  value?: string;
  /** One line for --help; '' keeps the flag out of the help (a refused flag, a no-op alias). */
  help: string;
  /** What the flag does; `value` is '' for a switch, `spelled` how the user wrote the flag. */
  apply(into: T, value: string, spelled: string): void;
}

export interface FlagSection<T> {
  title: string;
  flags: readonly Flag<T>[];
}

/**
 * Parses argv against the flags, applying each in the order given (so `-e -s`
 * lists the views in that order). Words that are not flags go to onWord.
 */
export function parseFlags<T>(
  argv: readonly string[],
  flags: readonly Flag<T>[],
  into: T,
  onWord: (word: string) => void,
): void {
  const byName = new Map<string, Flag<T>>();
  const shorts = new Set(flags.flatMap((f) => (f.short === undefined ? [] : [f.short])));
  /** A value that is one of this table's flags means the real value was forgotten: `--port --json`. */
  const isFlag = (text: string): boolean =>
    text.startsWith('--')
      ? byName.has(text.slice(2).split('=')[0] ?? '')
      : /^-[^-]/.test(text) && [...text.slice(1)].every((c) => shorts.has(c));
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const flag of flags) {
    const type = flag.value === undefined ? 'boolean' : 'string';
    for (const name of [flag.name, ...(flag.aliases ?? [])]) {
      byName.set(name, flag);
      options[name] = { type };
    }
    if (flag.short !== undefined) options[flag.name] = { type, short: flag.short };
  }
  // strict: false so that this module words every error itself (and `--filter -state:x` keeps its value).
  const { tokens } = nodeParseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') onWord(token.value);
    if (token.kind !== 'option') continue;
    const flag = byName.get(token.name);
    if (flag === undefined) throw new UsageError(`unknown option '${token.rawName}'`);
    if (flag.value === undefined) {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      flag.apply(into, '', token.rawName);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && isFlag(value))) {
      throw new UsageError(`${token.rawName} needs a value (${flag.value})`);
    }
    flag.apply(into, value, token.rawName);
  }
}

/** `  -p, --proto PROTO     help`, wrapped under its column; flags with no help are left out. */
export function formatFlagHelp<T>(sections: readonly FlagSection<T>[], width = 110): string {
  const rows = sections.map((section) => ({
    title: section.title,
    lines: section.flags
      .filter((f) => f.help !== '')
      .map((f) => {
        const long = `--${f.name}${f.value !== undefined ? ` ${f.value}` : ''}`;
        const short = f.short ?? f.shortInHelp;
        return { names: short !== undefined ? `-${short}, ${long}` : `    ${long}`, help: f.help };
      }),
  }));
  const longest = rows.reduce((most, r) => r.lines.reduce((m, l) => Math.max(m, l.names.length), most), 0);
  const column = Math.min(30, longest + 4);
  const out: string[] = [];
  for (const section of rows) {
    out.push('', `${section.title}:`);
    for (const line of section.lines) {
      const words = wrap(line.help, width - column);
      const first = `  ${line.names}`;
      // A name too long for its column gets a line of its own, the help under it.
      const inline = first.length + 1 < column;
      if (inline) out.push(first.padEnd(column) + (words[0] ?? ''));
      else out.push(first);
      for (const w of inline ? words.slice(1) : words) out.push(' '.repeat(column) + w);
    }
  }
  return out.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
