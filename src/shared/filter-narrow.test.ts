import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { filterNarrows } from './filter-narrow';
import {
  arbFilterRow,
  browserToWebServer,
  matchingIndexes,
  sshListener,
  unownedLinkLocalUdp6,
} from './filter.fixtures';

const arbRow = arbFilterRow(['worker-1', 'worker-12', 'Worker-2', 'sshd', 'n', 'none', null], [0, 5, 10, 2000]);

/** Filter text made of pieces a user types, so edits often grow a term, add one, or change a field's value. */
const arbText = fc
  .array(
    fc.constantFrom('w', 'worker', '-', '1', '2', ' ', ':', '"', 'proc:', 'n', 'one', '=', 'rate>', '0', 'state:', 'l'),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** An edit of a filter: a piece typed at the end, the last character deleted, or a piece typed anywhere. */
const arbEdit = fc.record({
  kind: fc.constantFrom('append', 'backspace', 'insert'),
  piece: arbText,
  at: fc.nat(),
});

describe('filterNarrows', () => {
  it('says yes when a key grows a free-text term or adds a term', () => {
    const typed = 'worker-12';
    for (let i = 1; i < typed.length; i++) expect(filterNarrows(typed.slice(0, i), typed.slice(0, i + 1))).toBe(true);
    expect(filterNarrows('', 'anything')).toBe(true);
    expect(filterNarrows('Worker', 'wORKER-1')).toBe(true);
    expect(filterNarrows('ssh', 'ssh state:listen')).toBe(true);
    expect(filterNarrows('a b', 'a bc')).toBe(true);
    expect(filterNarrows('proc:sshd -state:listen', 'proc:sshd -state:listen 22')).toBe(true);
    expect(filterNarrows('x', 'x')).toBe(true);
  });

  it('says no wherever the new filter could let a row through that the old one did not', () => {
    expect(filterNarrows('worker-12', 'worker-1')).toBe(false); // backspace
    expect(filterNarrows('-a', '-ab')).toBe(false); // a longer negated text hides fewer rows
    expect(filterNarrows('proc:n', 'proc:none')).toBe(false); // none is a keyword, not a longer name
    expect(filterNarrows('rate>1', 'rate>10')).toBe(false);
    expect(filterNarrows('rate>10', 'rate>1')).toBe(false);
    expect(filterNarrows('a b', 'ab')).toBe(false); // a term fewer
    expect(filterNarrows('a', '')).toBe(false);
    expect(filterNarrows('ab', 'b')).toBe(false);
    expect(filterNarrows('state:l', 'state:li')).toBe(false); // field values are only ever compared whole
  });

  it('never says yes to an edit that keeps a row the old filter dropped', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 25 }), arbText, arbEdit, (generated, from, edit) => {
        const rows = [...generated, sshListener(), browserToWebServer(), unownedLinkLocalUdp6()];
        const at = edit.at % (from.length + 1);
        const to =
          edit.kind === 'append'
            ? from + edit.piece
            : edit.kind === 'backspace'
              ? from.slice(0, -1)
              : from.slice(0, at) + edit.piece + from.slice(at);
        if (!filterNarrows(from, to)) return;
        const kept = new Set(matchingIndexes(rows, from));
        for (const i of matchingIndexes(rows, to)) expect(kept.has(i)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
