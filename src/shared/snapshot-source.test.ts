/**
 * An opened file's label (what it was read as) crosses both wire formats whole; a snapshot from an older peer, with
 * no label, reads as before; a label that is not short text is left out, not drawn.
 */
import { describe, expect, it } from 'vitest';
import { emptySnapshot, type Snapshot, type SnapshotSource } from './model';
import { fitSnapshotSource, importReadAs } from './snapshot-source';
import { UNFIT_IMPORT_LABELS, udpRow } from './test-helpers';
import { isPackedSnapshot, packSnapshot, unpackSnapshot } from './wire';
import { decodeSnapshotFrame, encodeSnapshotColumns, snapshotFrame } from './wire-frame';

const imported = (source: unknown): Snapshot =>
  emptySnapshot({
    seq: 3,
    platform: 'win32',
    source: source as SnapshotSource,
    connections: [udpRow('0.0.0.0', 500, '*', 0, 'NONE', { id: 'u', pid: 4 })],
  });

/** Packed JSON, as the JSON protocol (netscope.v1) sends it. */
function viaJson(snapshot: Snapshot): Snapshot {
  const packed = JSON.parse(JSON.stringify(packSnapshot(snapshot))) as unknown;
  if (!isPackedSnapshot(packed)) throw new Error('not packed');
  return unpackSnapshot(packed);
}

/** A binary frame, as pages that read columns get it. */
function viaFrame(snapshot: Snapshot): Snapshot {
  const decoded = decodeSnapshotFrame(
    snapshotFrame({ type: 'push', channel: 'snapshot' }, encodeSnapshotColumns(snapshot)),
  );
  if ('error' in decoded) throw new Error(decoded.error);
  return decoded.snapshot;
}

const labelled = {
  kind: 'import',
  file: 'C:\\cases\\netstat-ano.txt',
  formats: ['windows-netstat-an'],
  label: 'Windows netstat -ano -t',
};

describe.each([
  ['packed JSON', viaJson],
  ['a binary frame', viaFrame],
])('an imported snapshot through %s', (_name, via) => {
  it('keeps its label', () => {
    const back = via(imported(labelled));
    expect(back.source).toEqual(labelled);
    expect(back).toEqual(imported(labelled));
  });

  it('from an older peer (no label) reads as before, and is named by its format ids', () => {
    const old = { kind: 'import', file: 'a.txt', formats: ['windows-netstat-an'] };
    const back = via(imported(old));
    expect(back.source).toEqual(old);
    expect(importReadAs(back.source as Extract<SnapshotSource, { kind: 'import' }>)).toBe('windows-netstat-an');
  });

  it.each(UNFIT_IMPORT_LABELS)('leaves out a label that is %s, keeping the rest', (_what, label) => {
    const back = via(imported({ ...labelled, label }));
    expect(back.source).toEqual({ kind: 'import', file: labelled.file, formats: labelled.formats });
    expect(back.connections).toHaveLength(1);
  });

  it('passes a live source on unchanged', () => {
    expect(via(imported({ kind: 'live' })).source).toEqual({ kind: 'live' });
  });
});

describe('fitSnapshotSource', () => {
  it('returns the same source when nothing is wrong with it', () => {
    const source = labelled as SnapshotSource;
    expect(fitSnapshotSource(source)).toBe(source);
  });

  it('says what a file was read as: its label, else its format ids', () => {
    expect(importReadAs({ kind: 'import', file: 'f', formats: ['a', 'b'], label: 'Windows netstat -b' })).toBe(
      'Windows netstat -b',
    );
    expect(importReadAs({ kind: 'import', file: 'f', formats: ['a', 'b'] })).toBe('a + b');
  });
});
