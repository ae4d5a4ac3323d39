/**
 * renderer-trace.mjs's summary line (bench/trace-summary.mjs): with 3 traced diffs or fewer there is nothing after
 * the first 3 to take a median of, and the line says so instead of throwing on an empty median.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs bench module without types
import { summaryLine } from '../bench/trace-summary.mjs';

const line = summaryLine as (view: string, totals: number[], cpus: number[]) => string;

describe('renderer-trace summary line', () => {
  it('gives the first 3 diffs and the rest apart when there are more than 3', () => {
    expect(line('unsorted', [30, 20, 25, 10, 12, 14], [20, 15, 18, 6, 7, 8])).toBe(
      'unsorted  total 17.0 / 25.0   cpu 11.5 / 18.0   (first 3: total 25.0, cpu 18.0; after them: total 12.0, cpu 7.0)',
    );
  });

  it('says "too few diffs" with 3 or fewer', () => {
    expect(line('remote', [30, 20, 25], [20, 15, 18])).toBe(
      'remote    total 25.0 / 25.0   cpu 18.0 / 18.0   (first 3: total 25.0, cpu 18.0; too few diffs (3) for a median after them: trace more than 3)',
    );
    expect(line('process', [9], [4])).toMatch(/\(first 1: total 9\.0, cpu 4\.0; too few diffs \(1\)/);
  });

  it('says when no diff was painted', () => {
    expect(line('process', [], [])).toBe('process   no diff painted');
  });
});
