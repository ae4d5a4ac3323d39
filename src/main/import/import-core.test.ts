import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankConnection, type Route } from '../../shared/model';
import type { FormatSpec } from '../parsers/format';
import { importBytesWith, importText, type ImportOptions } from './import-core';

const decode = (bytes: Uint8Array) => ({ text: new TextDecoder().decode(bytes), encoding: 'utf-8' });
const route: Route = {
  family: 4,
  destination: '0.0.0.0',
  prefixLength: 0,
  gateway: '10.0.0.1',
  interface: 'eth0',
  metric: null,
  flags: 'UG',
  table: null,
};
const conn = (port: number) =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '*',
    remotePort: 0,
    state: 'LISTEN',
  });

function spec(id: string, score: number, parse: FormatSpec['parse']): FormatSpec {
  return { id, label: `Label ${id}`, detect: () => score, parse };
}
const connSpec = (id: string, score: number) =>
  spec(id, score, () => ({
    data: { connections: [conn(1), conn(1)] },
    skipped: ['bad line 1', 'bad line 2'],
    warnings: [],
  }));
const routeSpec = (id: string, score: number) =>
  spec(id, score, () => ({ data: { routes: [route] }, skipped: [], warnings: ['w'] }));
const opts = (formats: FormatSpec[]): ImportOptions => ({ formats, decode, now: 1234 });

describe('importText', () => {
  it('picks the best format, names the platform and assigns ids', () => {
    const out = importText('x', 'saved.txt', opts([routeSpec('linux-b', 0.6), connSpec('macos-a', 0.8)]));
    if (!out.ok) throw new Error(out.error);
    expect(out.format).toEqual({ id: 'macos-a', label: 'Label macos-a' });
    expect(out.snapshot).toMatchObject({
      platform: 'darwin',
      takenAt: 1234,
      host: '',
      source: { kind: 'import', file: 'saved.txt', formats: ['macos-a'] },
    });
    expect(out.snapshot.routes).toEqual([]);
    const ids = out.snapshot.connections.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    expect(out.skipped).toBe(2);
    expect(out.skippedExamples).toEqual(['bad line 1', 'bad line 2']);
    expect(out.snapshot.collectors[0]?.warnings[0]).toMatch(/^2 lines could not be read, e\.g\. 'bad line 1'/);
  });

  it('lists the known formats when nothing matches or scores are low', () => {
    const out = importText('x', 'f.txt', opts([connSpec('a', 0.49), routeSpec('b', 0)]));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toBe('f.txt: not a recognised command output.\nKnown formats: Label a; Label b');
  });

  it('refuses a tie between two competing readings', () => {
    const out = importText('x', 'f.txt', opts([connSpec('a', 0.7), connSpec('b', 0.7)]));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/ambiguous/);
  });

  it('merges formats >= 0.9 whose parts do not overlap', () => {
    const out = importText('x', 'f.txt', opts([connSpec('windows-a', 0.95), routeSpec('windows-b', 0.9)]));
    if (!out.ok) throw new Error(out.error);
    expect(out.snapshot.source).toEqual({
      kind: 'import',
      file: 'f.txt',
      formats: ['windows-a', 'windows-b'],
      label: 'Label windows-a + Label windows-b',
    });
    expect(out.snapshot.platform).toBe('win32');
    expect(out.snapshot.routes).toHaveLength(1);
    expect(out.snapshot.connections).toHaveLength(2);
    expect(out.format.label).toBe('Label windows-a + Label windows-b');
  });

  it('keeps the best only when high-scoring parts overlap', () => {
    const out = importText('x', 'f.txt', opts([connSpec('a', 0.95), connSpec('b', 0.92)]));
    if (!out.ok) throw new Error(out.error);
    expect(out.snapshot.source).toMatchObject({ formats: ['a'] });
  });

  it('survives specs that throw or return junk', () => {
    const throwing: FormatSpec = {
      id: 't',
      label: 'T',
      detect: () => {
        throw new Error('boom');
      },
      parse: () => {
        throw new Error('boom');
      },
    };
    const nan = spec('n', Number.NaN, () => ({ data: {}, skipped: [], warnings: [] }));
    const badParse = spec('p', 0.9, () => {
      throw new Error('parse failed');
    });
    expect(importText('x', 'f', opts([throwing, nan])).ok).toBe(false);
    const out = importText('x', 'f', opts([badParse]));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/Label p but could not be read \(parse failed\)/);
  });

  it('rejects empty input and failing decoders with a message', () => {
    expect(importText('  \n', 'e.txt', opts([connSpec('a', 1)]))).toMatchObject({ ok: false });
    const out = importBytesWith(new Uint8Array([1]), 'f', {
      formats: [],
      decode: () => {
        throw new Error('bad bytes');
      },
    });
    expect(out).toEqual({ ok: false, error: 'f: could not be decoded: bad bytes' });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.double(), (text, score) => {
        const out = importText(text, 'f', opts([connSpec('a', score), routeSpec('b', 0.9)]));
        expect(typeof out.ok).toBe('boolean');
      }),
    );
  });
});
