/** No Windows parser or decoder throws, whatever it is fed (fast-check). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeConsoleOutput, decodeWith, OEM_CANDIDATES } from './codepage';
import { tokens } from './common';
import { WINDOWS_FORMATS } from './formats';
import { parseTasklistCsv } from './tasklist';
import { fixturesPath, fixturesPresent } from '../../../../test/helpers/fixtures';

const fixtureDir = fixturesPath('windows');
/**
 * A mutation run (vitest.mutation.config.mts sets NETSCOPE_MUTATION) repeats these for every surviving mutant of
 * every Windows parser, instrumented: a fifth of the random cases there still finds a mutant that throws.
 */
const runs = (n: number): number => (process.env.NETSCOPE_MUTATION === '1' ? Math.ceil(n / 5) : n);
const hasFixtures = fixturesPresent('windows', 'Windows fixture truncation tests');

function assertWellFormed(text: string): void {
  for (const spec of WINDOWS_FORMATS) {
    const score = spec.detect(text);
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(1);
    const result = spec.parse(text);
    expect(Array.isArray(result.skipped)).toBe(true);
    expect(Array.isArray(result.warnings)).toBe(true);
  }
  parseTasklistCsv(text);
}

// Strings built from netstat-like pieces find more corners than uniform noise.
const netstatish = fc
  .array(
    fc.oneof(
      fc.string(),
      fc.constantFrom(
        'TCP',
        'UDP',
        '  TCP    ',
        '[',
        ']',
        ':',
        '*:*',
        '[::]:0',
        '0.0.0.0:0',
        '=',
        ' ',
        '\r\n',
        '\n',
        'LISTENING',
        '====================',
        'IPv4',
        'On-link',
        '/64',
        '{',
        '}',
        '"LocalPort":',
        '"State":',
        '99999',
        '255.255.255.0',
      ),
      fc.integer({ min: 0, max: 70000 }).map(String),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('Windows parsers never throw', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => assertWellFormed(text)),
      { numRuns: runs(300) },
    );
  });

  it('on netstat-like noise', () => {
    fc.assert(
      fc.property(netstatish, (text) => assertWellFormed(text)),
      { numRuns: runs(500) },
    );
  });

  it('decodes arbitrary bytes in every code page and in auto mode', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(...OEM_CANDIDATES, 'utf8', 'utf16le', 'nope'),
        (bytes, encoding) => {
          expect(typeof decodeWith(bytes, encoding)).toBe('string');
          const auto = decodeConsoleOutput(bytes, encoding);
          expect(typeof auto.text).toBe('string');
          assertWellFormed(auto.text);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  // Not in a mutation run (vitest.mutation.config.mts sets NETSCOPE_MUTATION): every fixture cut at every point,
  // instrumented, takes minutes per mutant, and it checks only that nothing throws.
  describe.skipIf(!hasFixtures || process.env.NETSCOPE_MUTATION === '1')('on fixtures truncated anywhere', () => {
    const files = hasFixtures ? readdirSync(fixtureDir) : [];
    it.each(files)('%s', (file) => {
      const text = readFileSync(path.join(fixtureDir, file), 'utf8');
      fc.assert(
        fc.property(fc.integer({ min: 0, max: text.length }), (cut) => assertWellFormed(text.slice(0, cut))),
        { numRuns: 40 },
      );
    });
  });
});

describe('tokens (a hand scan, for speed on big imports)', () => {
  it('splits exactly as trim().split(/\\s+/) does, Unicode spaces included', () => {
    const spaces = [
      ' ',
      '\t',
      '\n',
      '\r',
      '\v',
      '\f',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
      '\u0085',
      '\u180e',
      '\u200b',
    ];
    const part = fc.oneof(
      fc.constantFrom(...spaces),
      fc.string({ maxLength: 3 }),
      fc.string({ unit: 'binary', maxLength: 2 }),
    );
    fc.assert(
      fc.property(fc.array(part), (parts) => {
        const line = parts.join('');
        expect(tokens(line)).toEqual(
          line
            .trim()
            .split(/\s+/)
            .filter((t) => t.length > 0),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
