import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterProblems } from '../../shared/filter-assist';
import { checkFilter } from './filter-check';
import { UsageError } from './flag-table';

const BAD = ['rate>>', 'bogus:1', 'rtt>abc', 'port:99999'];

describe('checkFilter', () => {
  it("refuses a filter the GUI's filter box refuses, with the box's reasons", () => {
    for (const filter of BAD) {
      expect(() => checkFilter(filter), filter).toThrow(UsageError);
      expect(() => checkFilter(filter), filter).toThrow(`--filter: ${filterProblems(filter).join(' · ')}`);
    }
    expect(() => checkFilter('port:99999')).toThrow(/port is a number from 0 to 65535/);
    expect(() => checkFilter('bogus:1')).toThrow(/unknown field "bogus"/);
  });

  it('takes filters that can match, and no filter', () => {
    for (const filter of [null, '', 'port:443', 'state:est -proto:udp', '10.0.0.1:443', 'dead::beef', 'rate>1k']) {
      expect(() => checkFilter(filter), String(filter)).not.toThrow();
    }
  });
});

const root = resolve(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'netscope.js');
const built = existsSync(join(root, 'out', 'cli', 'index.js'));

describe.skipIf(!built)('the built CLI with a filter that cannot match', () => {
  it('exits 2 with the reason on stderr and prints no table', () => {
    for (const filter of BAD) {
      const r = spawnSync(process.execPath, [bin, '-tan', '--filter', filter], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status, filter).toBe(2);
      expect(r.stdout, filter).toBe('');
      expect(r.stderr, filter).toContain(`netscope: --filter: ${filterProblems(filter).join(' · ')}`);
    }
  });

  it('refuses it for import too, before reading the file', () => {
    const r = spawnSync(process.execPath, [bin, 'import', '/nonexistent', '--filter', 'bogus:1'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown field "bogus"');
  });
});
