/**
 * splitColumns: one array of values per field for the columnar encoder. What it must keep: every required field
 * in the model's order, the optional fields in the model's order and unknown ones as first seen, `undefined` where a
 * row lacks a field, and the other fields of a row that lacks a required one (its key count matches the usual
 * row's, so the fast path that skips ordinary rows must not skip it).
 */
import { describe, expect, it } from 'vitest';
import { blankConnection, type Connection } from './model';
import { REQUIRED_FIELDS, splitColumns } from './wire-columns-split';

const row = (port: number, extra: Record<string, unknown> = {}): Connection =>
  ({
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '127.0.0.1',
      localPort: port,
      remoteAddress: '127.0.0.1',
      remotePort: 40_000 + port,
      state: 'ESTABLISHED',
    }),
    id: `c${port}`,
    ...extra,
  }) as Connection;

describe('splitColumns', () => {
  it('gives the required fields in the model order, one value per row, and nothing else for ordinary rows', () => {
    const out = splitColumns([row(1), row(2)]);
    expect([...out.keys()]).toEqual(REQUIRED_FIELDS);
    expect(out.get('localPort')).toEqual([1, 2]);
    expect(out.get('remotePort')).toEqual([40_001, 40_002]);
    expect(out.get('id')).toEqual(['c1', 'c2']);
    expect(out.get('pid')).toEqual([null, null]);
  });

  it('keeps empty columns for no rows', () => {
    const out = splitColumns([]);
    expect([...out.keys()]).toEqual(REQUIRED_FIELDS);
    for (const values of out.values()) expect(values).toEqual([]);
  });

  it('puts optional fields after the required ones in the model order, unknown ones last as first seen', () => {
    const out = splitColumns([
      row(1, { zeta: 1, components: ['Dnscache'] }),
      row(2, { template: 'Internet', alpha: 'a', offloadState: 'InHost' }),
    ]);
    expect([...out.keys()].slice(REQUIRED_FIELDS.length)).toEqual([
      'offloadState',
      'template',
      'components',
      'zeta',
      'alpha',
    ]);
    expect(out.get('components')).toEqual([['Dnscache'], undefined]);
    expect(out.get('template')).toEqual([undefined, 'Internet']);
    expect(out.get('zeta')).toEqual([1, undefined]);
    expect(out.get('alpha')).toHaveLength(2);
  });

  it.each(REQUIRED_FIELDS)('keeps the other fields of a row that lacks %s (same key count as an ordinary row)', (f) => {
    const lacking = Object.fromEntries(Object.entries(row(7, { components: ['X'] })).filter(([k]) => k !== f));
    const out = splitColumns([row(6), lacking as unknown as Connection]);
    expect(out.get('components')).toEqual([undefined, ['X']]);
    expect(out.get(f)?.[1]).toBeUndefined();
  });

  it('keeps an optional field beside a required one that is present but undefined', () => {
    const out = splitColumns([row(3, { pid: undefined, unixType: 'stream' })]);
    expect(out.get('unixType')).toEqual(['stream']);
  });
});
