import { describe, expect, it } from 'vitest';
import { skippedCount } from './format';
import { copyString, SkippedLines, StringPool } from './line-reader';

describe('SkippedLines', () => {
  it('counts every skipped line but keeps only the first 100 as examples', () => {
    const skipped = new SkippedLines();
    for (let i = 0; i < 250; i++) skipped.add(`bad line ${i}`);
    expect(skipped.count).toBe(250);
    expect(skipped.examples).toHaveLength(100);
    expect(skipped.examples[0]).toBe('bad line 0');
    expect(skipped.examples[99]).toBe('bad line 99');
  });

  it('keeps a line of up to 200 characters whole and cuts a longer one to 200 with an ellipsis', () => {
    const skipped = new SkippedLines();
    const exact = 'x'.repeat(200);
    const longer = `${'y'.repeat(197)}TAIL-NOT-KEPT`;
    skipped.add(exact);
    skipped.add(longer);
    skipped.add('');
    expect(skipped.examples[0]).toBe(exact);
    expect(skipped.examples[1]).toBe(`${'y'.repeat(197)}...`);
    expect(skipped.examples[1]).toHaveLength(200);
    expect(skipped.examples[2]).toBe('');
    expect(skipped.count).toBe(3);
  });
});

describe('copyString', () => {
  it('gives the same text, whole', () => {
    for (const text of ['', 'a', ' leading space', '127.0.0.1', 'ünïcødé ✓']) expect(copyString(text)).toBe(text);
  });
});

describe('StringPool', () => {
  it('gives back the text it was handed, shared or new', () => {
    const pool = new StringPool();
    expect(pool.share('10.0.0.1')).toBe('10.0.0.1');
    expect(pool.share('10.0.0.1')).toBe('10.0.0.1');
    expect(pool.share('')).toBe('');
  });

  it('stops remembering new strings at 100,000 distinct ones (its memory is bounded) and still returns them', () => {
    const pool = new StringPool();
    // The pool's only observable effect is memory: its map is the thing bounded.
    const held = (): number => (pool as unknown as { strings: Map<string, string> }).strings.size;
    pool.share('a');
    pool.share('a');
    expect(held()).toBe(1);
    for (let i = 0; i < 100_005; i++) pool.share(`s${i}`);
    expect(held()).toBe(100_000);
    expect(pool.share('s100004')).toBe('s100004');
  });
});

describe('skippedCount', () => {
  it('uses the total a line reader kept, else the skipped list', () => {
    expect(skippedCount({ data: {}, skipped: ['a', 'b'], warnings: [] })).toBe(2);
    expect(skippedCount({ data: {}, skipped: ['a'], skippedCount: 5000, warnings: [] })).toBe(5000);
    expect(skippedCount({ data: {}, skipped: ['a', 'b'], skippedCount: 0, warnings: [] })).toBe(0);
  });
});
