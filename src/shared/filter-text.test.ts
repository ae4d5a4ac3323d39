import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFilter, connectionHaystack } from './filter';
import { compileTextFilter } from './filter-text';
import { arbFilterRow, browserToWebServer, sshListener, unownedLinkLocalUdp6 } from './filter.fixtures';

const arbRow = arbFilterRow(['worker-1', 'Worker-12', 'sshd', null]);

const arbText = fc
  .array(
    fc.constantFrom('w', 'ORKER', '-', '1', '2', ' ', 'proc:', 'none', 'state:', 'est', '=', '"', 'port:', '22', 'x'),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));

describe('compileTextFilter', () => {
  it('matches exactly the rows compileFilter matches, given each row its haystack', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 20 }), arbText, (generated, text) => {
        const rows = [...generated, sshListener(), browserToWebServer(), unownedLinkLocalUdp6()];
        const predicate = compileFilter(text);
        const textFilter = compileTextFilter(text);
        expect(textFilter === null).toBe(predicate === null);
        if (!predicate || !textFilter) return;
        for (const c of rows) expect(textFilter.test(c, connectionHaystack(c))).toBe(predicate(c));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the haystack only for free text', () => {
    expect(compileTextFilter('proc:sshd -state:listen')?.readsText).toBe(false);
    expect(compileTextFilter('proc:sshd 22')?.readsText).toBe(true);
    // A field filter is decided by the row alone: no haystack needed.
    expect(compileTextFilter('port:22')?.test(sshListener(), '')).toBe(true);
    expect(compileTextFilter('sshd')?.test(sshListener(), '')).toBe(false);
    expect(compileTextFilter('-sshd')?.test(sshListener(), 'x sshd y')).toBe(false);
  });
});
