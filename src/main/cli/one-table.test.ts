/**
 * Which tables a listing asks for, by format and platform: a CSV is one table (review s28: `-a --csv` wrote the
 * connections' 26 columns then UNIX rows under another header), and Windows' netstat -a has no UNIX sockets.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type ImportCommand, type ShowCommand } from './args';
import { shellWord } from './one-table';

const show = (argv: string[], platform: NodeJS.Platform = 'linux') => parseArgs(argv, platform) as ShowCommand;

function usageMessage(argv: string[]): string {
  try {
    parseArgs(argv, 'linux');
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('--csv writes one table', () => {
  it('-a --csv keeps to the connections (the UNIX part of netstat -a is the table format’s extra)', () => {
    expect(show(['-a', '--csv']).views).toEqual(['connections']);
    expect(show(['-anp', '--csv']).views).toEqual(['connections']);
    // The table and JSON keep netstat -a's UNIX sockets.
    expect(show(['-a']).views).toEqual(['connections', 'unix']);
    expect(show(['-a', '--json']).views).toEqual(['connections', 'unix']);
  });

  it('refuses several views asked for, naming each and the command that writes it', () => {
    expect(usageMessage(['-r', '-i', '--csv'])).toMatch(
      /one table.*2 \(routes, interface statistics\).*'netscope -r --csv', 'netscope -i --csv'.*--json/,
    );
    expect(usageMessage(['-lnptux', '--csv'])).toMatch(/'netscope -tul --csv', 'netscope -xl --csv'/);
    expect(usageMessage(['-i', '-s', '-p', 'tcp', '--csv'])).toMatch(/'netscope -i --csv', 'netscope -s -p tcp --csv'/);
    expect(usageMessage(['import', 'saved.txt', '-r', '-x', '--csv'])).toMatch(
      /'netscope import saved.txt -r --csv', 'netscope import saved.txt -x --csv'/,
    );
  });

  it('keeps one view per CSV, and several in JSON and tables', () => {
    expect(show(['-x', '--csv']).views).toEqual(['unix']);
    expect(show(['-r', '-4', '--csv']).views).toEqual(['routes']);
    expect(show(['-r', '-i', '--json']).views).toEqual(['routes', 'interfaces']);
    expect(show(['-tux']).views).toEqual(['connections', 'unix']);
  });

  it('-e -s -p tcp keeps the interface table: a -p with a protocol is not the programs switch ("extended" -e)', () => {
    expect(show(['-e', '-s', '-p', 'tcp']).views).toEqual(['interfaces', 'stats']);
    expect(show(['-tulpen']).views).toEqual(['connections']);
  });
});

describe('-a on Windows', () => {
  it('adds no UNIX view (Windows netstat -a lists none); -x stays netstat -x', () => {
    expect(show(['-ano'], 'win32').views).toEqual(['connections']);
    expect(show(['-a'], 'win32').views).toEqual(['connections']);
    expect(show(['-a'], 'win32').networkDirect).toBe(false);
    expect(show(['-x'], 'win32')).toMatchObject({ views: ['unix'], networkDirect: true });
    expect(show(['-ano'], 'darwin').views).toEqual(['connections', 'unix']);
  });

  it('an import leaves -a to the file: no UNIX view until the file is read (import-views.ts)', () => {
    const command = parseArgs(['import', 'saved.txt', '-a'], 'linux') as ImportCommand;
    expect(command.views).toEqual(['connections']);
  });
});

describe('the commands a message proposes', () => {
  it('quote a file name the shell would split or expand, and leave a plain one as it is', () => {
    expect(shellWord('/tmp/saved-1.txt')).toBe('/tmp/saved-1.txt');
    expect(shellWord('C:/x/netstat.txt')).toBe('C:/x/netstat.txt');
    expect(shellWord('my file.txt')).toBe('"my file.txt"');
    expect(shellWord('a"$b`c\\d')).toBe('"a\\"\\$b\\`c\\\\d"');
    expect(usageMessage(['import', 'my file.txt', '-r', '-i', '--csv'])).toContain(
      `'netscope import "my file.txt" -r --csv'`,
    );
  });
});
