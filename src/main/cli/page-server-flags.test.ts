/** `import --serve` takes serve's --port and --token-file: one definition, so the same help, values and errors. */
import { describe, expect, it } from 'vitest';
import { helpText, parseArgs, UsageError } from './args';

/** The help of `flag` in a command's help: its text after the flag and its placeholder, wrapped lines joined. */
function helpOf(topic: 'serve' | 'import', flag: string): string {
  const lines = helpText(topic).split('\n');
  const at = lines.findIndex((l) => l.trimStart().startsWith(`${flag} `));
  if (at < 0) throw new Error(`no ${flag} in ${topic}'s help`);
  const text = [lines[at] ?? ''];
  // A wrapped help line goes on, indented, on the lines after it until the next flag or section.
  for (const next of lines.slice(at + 1)) {
    if (!/^\s{8,}\S/.test(next) || next.trimStart().startsWith('-')) break;
    text.push(next);
  }
  return text
    .map((l) => l.trim())
    .join(' ')
    .replace(/^\S+\s+\S+\s+/, '');
}

const errorOf = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
  }
  return '';
};

describe("import --serve's page flags", () => {
  it("say what serve's say, after 'with --serve:'", () => {
    for (const flag of ['--port', '--token-file'])
      expect(helpOf('import', flag)).toBe(`with --serve: ${helpOf('serve', flag)}`);
  });

  it('read the same values and refuse the same ones alike', () => {
    expect(parseArgs(['import', 'f.txt', '--serve', '--port', '0', '--token-file', 't'])).toMatchObject({
      port: 0,
      tokenFile: 't',
    });
    expect(parseArgs(['serve', '--port', '0', '--token-file', 't'])).toMatchObject({ port: 0, tokenFile: 't' });
    expect(parseArgs(['import', 'f.txt', '--serve'])).toMatchObject({ port: 7870 });
    expect(parseArgs(['serve'])).toMatchObject({ port: 7870 });
    const refused = errorOf(['import', 'f.txt', '--serve', '--port', '70000']);
    expect(refused).toMatch(/^--port takes/);
    expect(errorOf(['serve', '--port', '70000'])).toBe(`serve: ${refused}`);
  });
});
