/**
 * The filter has no operators (all terms must hold): `port:22 OR port:443` used to read OR as free text and show 0
 * rows with nothing under the box. filterProblems names OR, |, AND, NOT and a bracket that opens or closes a group,
 * so the box and the CLI's --filter say why; the same words alone, and brackets inside text, stay text searches.
 */
import { describe, expect, it } from 'vitest';
import { filterProblems } from './filter-assist';
import { browserToWebServer, matchingIndexes, sshListener } from './filter.fixtures';
import { blankConnection } from './model';

const rows = [
  sshListener(),
  browserToWebServer(),
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.5',
    localPort: 5000,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    pid: 9,
    exePath: 'C:\\Program Files (x86)\\app.exe',
  }),
];

describe('operators the filter does not have', () => {
  it.each([
    ['port:22 OR port:443', 'OR'],
    ['port:22 or port:443', 'or'],
    ['port:22 | port:443', '|'],
    ['port:22 || port:443', '||'],
  ])('%s matches no row and says OR is not supported', (filter, word) => {
    // Each alternative alone matches a row: the 0 rows come from the OR, which the problem has to name.
    expect(matchingIndexes(rows, 'port:22')).toEqual([0]);
    expect(matchingIndexes(rows, 'port:443')).toEqual([1]);
    expect(matchingIndexes(rows, filter)).toEqual([]);
    expect(filterProblems(filter)).toEqual([
      `${word}: not supported: every term must hold (no OR, | or parentheses); filter for one at a time`,
    ]);
  });

  it('names a bracket that opens or closes a group', () => {
    expect(matchingIndexes(rows, '(port:22 proc:sshd)')).toEqual([]);
    expect(filterProblems('(port:22 proc:sshd)')).toEqual([
      '(port:22: not supported: parentheses do not group terms',
      'proc:sshd): not supported: parentheses do not group terms',
    ]);
    expect(filterProblems('( port:22 )')).toHaveLength(2);
  });

  it('says AND and NOT are not the way to write what they mean', () => {
    expect(filterProblems('port:22 AND proc:sshd')).toEqual([
      'AND: not needed: every term must hold already; leave AND out',
    ]);
    expect(filterProblems('port:22 && proc:sshd')).toEqual([
      '&&: not needed: every term must hold already; leave && out',
    ]);
    expect(filterProblems('NOT state:listen')).toEqual([
      'NOT: not supported: put - before a term to exclude it (-state:listen)',
    ]);
  });

  it('keeps the words alone and brackets inside text as text searches', () => {
    for (const filter of ['or', 'AND', '(x86)', '"Program Files (x86)"', 'port:22 oracle', 'proc:"Google Chrome"']) {
      expect(filterProblems(filter), filter).toEqual([]);
    }
    expect(matchingIndexes(rows, '"Files (x86)"')).toEqual([2]);
  });
});
