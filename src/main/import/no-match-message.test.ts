/**
 * The "unrecognised file" message: the reason on its own line, then every known format, whole, on lines an
 * 80-column terminal shows unbroken (it was one ~840-character line).
 */
import { describe, expect, it } from 'vitest';
import { MESSAGE_WIDTH, wrapList } from './import-core';
import { allFormats, importBytes } from './index';

describe('the unrecognised-file message', () => {
  it('says why first, then lists every format whole on lines of at most 79 columns', () => {
    const out = importBytes(new TextEncoder().encode('hello\nworld\n'), '/tmp/customer.txt');
    if (out.ok) throw new Error('read as a format');
    const [first, ...rest] = out.error.split('\n');
    expect(first).toBe('/tmp/customer.txt: not a recognised command output.');
    // With the CLI's "netscope: " in front of the reason only, the list still fits 80 columns.
    for (const line of rest) expect(line.length, line).toBeLessThanOrEqual(MESSAGE_WIDTH);
    expect(rest[0]).toMatch(/^Known formats: /);
    for (const line of rest.slice(1)) expect(line).toMatch(/^ {2}\S/);
    // Nothing lost: the labels, in order, each on one line (never cut at a line's end).
    const listed = rest
      .join(' ')
      .replace(/^Known formats: /, '')
      .split(/; +/)
      .map((l) => l.trim());
    expect(listed).toEqual(allFormats().map((f) => f.label));
    // As many lines as the wrap makes of the list, and no more (no blank or repeated line).
    expect(rest.join('\n')).toBe(
      wrapList(
        'Known formats:',
        allFormats().map((f) => f.label),
        MESSAGE_WIDTH,
      ),
    );
  });

  it('keeps an item longer than the width whole, on a line of its own', () => {
    const long = 'x'.repeat(100);
    expect(wrapList('Head:', ['a', long, 'b'], 20)).toBe(`Head: a;\n  ${long};\n  b`);
    expect(wrapList('Head:', [long], 20)).toBe(`Head: ${long}`);
    expect(wrapList('Head:', [], 20)).toBe('Head:');
    expect(wrapList('Known formats:', ['one', 'two', 'three'], 24)).toBe('Known formats: one; two;\n  three');
  });
});
