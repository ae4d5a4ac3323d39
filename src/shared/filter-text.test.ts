import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { COLUMN_BY_ID } from './columns';
import { compileFilter, connectionHaystack } from './filter';
import type { Connection } from './model';
import { compileTextFilter, forgetRowTexts, rowText } from './filter-text';
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

  it("matches exactly the rows compileFilter matches, given each row its two-part text (owners' memo included)", () => {
    // Owners repeat (a few names), filters interleave (each term's answer per owner is remembered), and terms may
    // hold a NUL (which must not match across the two parts).
    const arbTexts = fc.array(
      arbText.chain((t) => fc.constantFrom(t, `${t} 1`, `${t}\u0000`, `-${t}`, `ORK ${t}`)),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 20 }), arbTexts, (generated, texts) => {
        const rows = [...generated, sshListener(), browserToWebServer(), unownedLinkLocalUdp6()];
        const filters = texts.map((t) => ({ predicate: compileFilter(t), text: compileTextFilter(t) }));
        for (const pass of [rows, [...rows].reverse()])
          for (const c of pass)
            for (const { predicate, text } of filters) {
              if (predicate && text) expect(text.test(c, rowText(c))).toBe(predicate(c));
            }
      }),
      { numRuns: 1000 },
    );
  });

  it('matches exactly the rows compileFilter matches, given no text (the row read: its owner, its own cells one by one)', () => {
    // The own cells in every form they take: UNIX rows (no ports), IPv6 (a `6` in the protocol), no peer (`*`),
    // upper case, and numeric cells whose text is not digits only (negative, fractional, huge), which a term of
    // other characters must still find.
    const odd = fc.constantFrom(null, 0, 7, 443, 1_000_005, -1, 1.5, 1e21);
    const arbOddRow = fc
      .record({
        row: arbRow,
        unix: fc.boolean(),
        family: fc.constantFrom<4 | 6>(4, 6),
        remote: fc.constantFrom('10.1.2.3', '*', '::', 'FE80::1A', ''),
        inode: odd,
        rxQueue: odd,
        peerInode: fc.option(odd),
        template: fc.option(fc.constantFrom('Internet', 'DataCenter')),
        offloadState: fc.option(fc.constantFrom('InHost' as const, 'Offloaded' as const)),
      })
      .map(({ row, unix, family, remote, inode, rxQueue, peerInode, template, offloadState }) => {
        const c: Connection = {
          ...row,
          family,
          remoteAddress: remote,
          inode: inode as number | null,
          rxQueue: rxQueue as number | null,
          ...(peerInode === null ? {} : { peerInode: peerInode as number | null }),
          ...(template === null ? {} : { template }),
          ...(offloadState === null ? {} : { offloadState }),
        };
        if (unix) Object.assign(c, { protocol: 'unix', unixType: 'stream', state: 'NONE' });
        return c;
      });
    const arbTerm = fc
      .array(
        fc.constantFrom(
          'w',
          '1',
          '.',
          '*',
          '-',
          '-1',
          'e+',
          '1.5',
          'fe80',
          '::1a',
          'tcp6',
          'unix',
          'stream',
          'internet',
          'offl',
          'none',
          '443',
          '05',
          'x',
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((parts) => parts.join(''));
    const arbTexts = fc.array(
      fc.oneof(arbText, arbTerm).chain((t) => fc.constantFrom(t, `${t} 1`, `-${t}`, `ORK ${t}`, `${t}\u0000`)),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(fc.array(arbOddRow, { maxLength: 20 }), arbTexts, (generated, texts) => {
        const rows = [...generated, sshListener(), browserToWebServer(), unownedLinkLocalUdp6()];
        for (const t of texts) {
          const predicate = compileFilter(t);
          const filter = compileTextFilter(t);
          if (!predicate || !filter) continue;
          // Twice over, the second in reverse: each cell's remembered text and answer must fit every row.
          for (const pass of [rows, [...rows].reverse()])
            for (const c of pass) {
              expect(filter.test(c, undefined)).toBe(predicate(c));
              expect(filter.test(c, rowText(c))).toBe(predicate(c));
            }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('matches exactly the rows compileFilter matches over a typed sequence (keys added, removed, text replaced)', () => {
    // Each step lengthens the text, shortens it or replaces it, as typing does; the rows keep their texts (and
    // what earlier terms found missing from them) across the whole sequence, longer than the terms remembered.
    const arbStep = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        piece: fc.constantFrom('w', 'ork', 'er', '-', '1', '2', '.', '0', '4', ' ', 'est', 'x'),
      }),
      fc.record({ kind: fc.constant('remove' as const), count: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('replace' as const), text: arbText }),
    );
    fc.assert(
      fc.property(
        fc.array(arbRow, { maxLength: 15 }),
        arbText,
        fc.array(arbStep, { maxLength: 45 }),
        (generated, start, steps) => {
          const rows = [...generated, sshListener(), browserToWebServer(), unownedLinkLocalUdp6()];
          let text = start;
          for (const step of steps) {
            if (step.kind === 'add') text += step.piece;
            else if (step.kind === 'remove') text = text.slice(0, Math.max(0, text.length - step.count));
            else text = step.text;
            const predicate = compileFilter(text);
            const filter = compileTextFilter(text);
            if (!predicate || !filter) continue;
            for (const c of rows) expect(filter.test(c, rowText(c))).toBe(predicate(c));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("skips a row's own cells for a longer term once the shorter one was not in them, and for a character they lack", () => {
    const c = browserToWebServer();
    // The row's text is built once and kept, as the grid keeps it in an array beside its rows (ranked.ts).
    const text = rowText(c);
    const own = text.own;
    // Every character of these terms is in the row's own cells (addresses), so only the remembered miss skips.
    const shorter = compileTextFilter('168.2') as NonNullable<ReturnType<typeof compileTextFilter>>;
    const longer = compileTextFilter('168.21') as NonNullable<ReturnType<typeof compileTextFilter>>;
    const lacking = compileTextFilter('zz') as NonNullable<ReturnType<typeof compileTextFilter>>;
    const includes = vi.spyOn(String.prototype, 'includes');
    const searchesOfOwn = (): number => includes.mock.contexts.filter((self) => String(self) === own).length;
    try {
      expect(shorter.test(c, text)).toBe(false);
      expect(searchesOfOwn()).toBe(1);
      expect(longer.test(c, text)).toBe(false);
      expect(lacking.test(c, text)).toBe(false);
      expect(searchesOfOwn()).toBe(1);
      // Shortened again: a term the miss does not cover is searched.
      expect(compileTextFilter('168.4')?.test(c, text)).toBe(false);
      expect(searchesOfOwn()).toBe(2);
    } finally {
      includes.mockRestore();
    }
    expect(compileFilter('168.21')?.(c)).toBe(false);
    expect(compileTextFilter('192.168.1.2')?.test(c, text)).toBe(true);
  });

  it('reads the whole haystack for a term with a NUL, which may join the two parts there', () => {
    const c = browserToWebServer();
    // Service, then PID: neighbours in the whole haystack, in different parts of the row's text.
    const across = 'https\u00001234';
    expect(connectionHaystack(c)).toContain(across);
    expect(compileTextFilter(across)?.test(c, rowText(c))).toBe(true);
    expect(compileFilter(across)?.(c)).toBe(true);
  });

  it('tests each owner once per term, however many of its rows are read', () => {
    const rows = Array.from({ length: 50 }, () => browserToWebServer());
    const owner = rowText(rows[0] as Connection).owner;
    expect(rows.every((c) => rowText(c).owner === owner)).toBe(true);
    const filter = compileTextFilter('chrome') as NonNullable<ReturnType<typeof compileTextFilter>>;
    const includes = vi.spyOn(String.prototype, 'includes');
    try {
      for (const c of rows) filter.test(c, rowText(c));
      const onOwner = includes.mock.contexts.filter((self) => String(self) === owner.text);
      expect(onOwner).toHaveLength(1);
    } finally {
      includes.mockRestore();
    }
  });

  it('gives the rows of one owner one owner text, joined once, and a row whose owner differs in any field its own', () => {
    const row = { ...browserToWebServer(), pid: 987_654 };
    const lower = vi.spyOn(String.prototype, 'toLowerCase');
    let lowered: number;
    try {
      for (let i = 0; i < 20; i++) rowText({ ...row });
      lowered = lower.mock.calls.length;
    } finally {
      lower.mockRestore();
    }
    // Each row's own cells, and the owner's once (not once per row).
    expect(lowered).toBe(21);

    const ownerCells = ['pid', 'process', 'user', 'path', 'commandLine', 'components'];
    const ownerTextOf = (c: Connection): string =>
      ownerCells
        .map((id) => COLUMN_BY_ID.get(id)?.text(c))
        .join('\u0000')
        .toLowerCase();
    const variants: Partial<Connection>[] = [
      { pid: 987_655 },
      { pid: null },
      { processName: 'Other' },
      { exePath: '/opt/Other' },
      { user: 'Bob' },
      { commandLine: 'other --Flag' },
      { components: ['OtherSvc'] },
    ];
    for (const variant of variants) {
      const c = { ...row, ...variant };
      expect(rowText(c).owner.text).toBe(ownerTextOf(c));
      expect(rowText(row).owner.text).toBe(ownerTextOf(row));
      for (const term of ['other', 'bob', 'flag', '987655', 'othersvc', 'chrome'])
        expect(compileTextFilter(term)?.test(c, rowText(c))).toBe(compileFilter(term)?.(c));
    }
  });

  it('shares each owner text until forgetRowTexts, then makes an equal one anew, still matching the same', () => {
    const c = browserToWebServer();
    const before = rowText(c);
    expect(rowText({ ...c }).owner).toBe(before.owner);
    forgetRowTexts();
    const after = rowText(c);
    expect(after.own).toBe(before.own);
    expect(after.owner.text).toBe(before.owner.text);
    expect(after.owner).not.toBe(before.owner);
    expect(compileTextFilter('chrome')?.test(c, after)).toBe(compileFilter('chrome')?.(c));
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
