import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type ShowCommand } from './args';

const show = (argv: string[]) => parseArgs(argv) as ShowCommand;

describe('netscope arguments', () => {
  it('defaults to the connection table, once', () => {
    expect(show([])).toMatchObject({ kind: 'show', views: ['connections'], format: 'table', intervalMs: null });
  });

  it('accepts netstat habits: -a -n -o -b and -anob are no-ops', () => {
    expect(show(['-a', '-n', '-o', '-b']).views).toEqual(['connections']);
    expect(show(['-anob']).views).toEqual(['connections']);
  });

  it('maps -r -e -s -l -p and a trailing interval', () => {
    expect(show(['-r']).views).toEqual(['routes']);
    expect(show(['-e', '-s']).views).toEqual(['interfaces', 'stats']);
    expect(show(['-l', '-p', 'TCP6'])).toMatchObject({ listeningOnly: true, protocol: 'tcp6' });
    expect(show(['5']).intervalMs).toBe(5000);
    expect(show(['0.2']).intervalMs).toBe(200);
    expect(show(['-e', '--json', '2']).format).toBe('json');
    expect(show(['--filter', 'proc:nginx']).filter).toBe('proc:nginx');
  });

  it('rejects bad flags and values with a usage error', () => {
    const bad = [
      ['-x'],
      ['-p'],
      ['-p', 'icmp'],
      ['0.1'],
      ['abc'],
      ['--json', '--csv'],
      ['5', '6'],
      ['--filter'],
      ['99999'],
    ];
    for (const argv of bad) expect(() => parseArgs(argv), argv.join(' ')).toThrow(UsageError);
  });

  it('parses serve with a loopback default', () => {
    expect(parseArgs(['serve'])).toMatchObject({ kind: 'serve', host: '127.0.0.1', port: 7870, allowActions: false });
    expect(parseArgs(['serve', '--port', '0', '--allow-actions'])).toMatchObject({ port: 0, allowActions: true });
    expect(() => parseArgs(['serve', '--port', '70000'])).toThrow(UsageError);
    expect(() => parseArgs(['serve', '--token', 'short'])).toThrow(UsageError);
    expect(() => parseArgs(['serve', '--bogus'])).toThrow(UsageError);
  });

  it('parses import with a file and views', () => {
    expect(parseArgs(['import', 'out.txt', '-r', '--csv'])).toMatchObject({
      kind: 'import',
      file: 'out.txt',
      views: ['routes'],
      format: 'csv',
    });
    expect(() => parseArgs(['import'])).toThrow(/needs a FILE/);
    expect(() => parseArgs(['import', 'a', 'b'])).toThrow(UsageError);
  });

  it('answers help and version', () => {
    expect(parseArgs(['--help']).kind).toBe('help');
    expect(parseArgs(['/?']).kind).toBe('help');
    expect(parseArgs(['-V']).kind).toBe('version');
  });
});
