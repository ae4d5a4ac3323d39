// @vitest-environment node
/**
 * A diff's rows share the store's string objects (shared-strings.ts). String identity is not visible to JS, so the
 * identity test counts string objects in a V8 heap snapshot of this process.
 */
import { describe, expect, it } from 'vitest';
import { applyDiff, type SnapshotDiff } from '../../shared/diff';
import { blankConnection, emptySnapshot, type Connection, type Snapshot } from '../../shared/model';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot, withIndex, type RowsState } from './rows';
import { STRING_TABLE_LIMIT } from './shared-strings';

/** node:v8's heap snapshot, typed here: the renderer's tsconfig has no Node types (this file runs in Node). */
interface HeapSnapshotModule {
  getHeapSnapshot(): AsyncIterable<unknown> & { setEncoding(encoding: 'utf8'): void };
}
const V8_MODULE: string = 'node:v8';

/** How many string objects of this process's heap hold exactly `value` (after the full GC a heap snapshot makes). */
async function stringObjects(value: string): Promise<number> {
  const { getHeapSnapshot } = (await import(/* @vite-ignore */ V8_MODULE)) as HeapSnapshotModule;
  const stream = getHeapSnapshot();
  stream.setEncoding('utf8');
  let text = '';
  for await (const chunk of stream) text += chunk as string;
  const snap = JSON.parse(text) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const types = snap.snapshot.meta.node_types[0];
  const name = snap.strings.indexOf(value);
  let count = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length)
    if (snap.nodes[i + nameAt] === name && types[snap.nodes[i + typeAt] as number]?.endsWith('string')) count++;
  return count;
}

/** A value made at run time, so no other string in this process holds it (the source only holds its parts). */
const unique = (prefix: string): string => [prefix, Math.random().toString(36).slice(2), 'x'.repeat(12)].join('/');

function row(port: number, exePath: string, state: Connection['state'] = 'ESTABLISHED'): Connection {
  return blankConnection({
    id: `tcp:10.0.0.1:${port}`,
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: port,
    remoteAddress: '10.0.0.2',
    remotePort: 443,
    state,
    pid: 7,
    processName: 'probe',
    exePath,
  });
}

function diffOf(seq: number, added: Connection[], changed: Connection[], removed: string[] = []): SnapshotDiff {
  const diff: SnapshotDiff = {
    seq,
    baseSeq: seq - 1,
    takenAt: seq,
    tookMs: 1,
    added,
    removed,
    changed,
    collectors: [],
  };
  // As over the wire: every string of the rows a fresh copy.
  return JSON.parse(JSON.stringify(diff)) as SnapshotDiff;
}

function loaded(rows: Connection[]): RowsState {
  return withIndex(receiveSnapshot(EMPTY_ROWS, emptySnapshot({ seq: 1, host: 'h', connections: rows })));
}

describe('a diff shares the strings the store holds', () => {
  it("gives changed rows their previous rows' string objects, and added rows one object per value", async () => {
    const path = unique('/opt/probe/bin');
    let state = loaded(Array.from({ length: 40 }, (_, i) => row(1000 + i, path)));
    expect(await stringObjects(path)).toBe(1);
    // 30 rows change state: copies of the path come with each, and must give way to the held one.
    let diff = diffOf(
      2,
      [],
      Array.from({ length: 30 }, (_, i) => row(1000 + i, path, 'CLOSE_WAIT')),
    );
    let expected = applyDiff(state.snapshot as Snapshot, diff).connections;
    state = receiveDiff(state, diff);
    expect(state.snapshot?.connections).toEqual(expected);
    diff = diffOf(3, [], []); // no reference to the first diff's copies is left here
    expect(await stringObjects(path)).toBe(1);
    // 30 rows open (new ids) with the same path: they share one object between them.
    diff = diffOf(
      3,
      Array.from({ length: 30 }, (_, i) => row(2000 + i, path)),
      [],
      ['tcp:10.0.0.1:1039'],
    );
    expected = applyDiff(state.snapshot as Snapshot, diff).connections;
    state = receiveDiff(state, diff);
    expect(state.snapshot?.connections).toEqual(expected);
    diff = diffOf(4, [], []);
    expect(await stringObjects(path)).toBeLessThanOrEqual(2);
    expect(state.rows.length).toBe(70); // the rows (and so their strings) are alive
  });

  it('keeps the table bounded when every value is new, and starts it anew with a whole snapshot', () => {
    let state = loaded([row(1, '/bin/a')]);
    let port = 10;
    for (let seq = 2; seq < 6; seq++) {
      const added = Array.from({ length: 2000 }, () => row(port++, `/bin/tool-${port}-${'y'.repeat(20)}`));
      state = receiveDiff(state, diffOf(seq, added, []));
      expect(state.index().strings.size).toBeLessThanOrEqual(STRING_TABLE_LIMIT);
    }
    expect(state.rows.length).toBe(8001);
    expect(state.rows.at(-1)?.exePath).toBe(`/bin/tool-${port}-${'y'.repeat(20)}`);
    expect(state.index().strings.size).toBeGreaterThan(0);
    const again = withIndex(receiveSnapshot(state, state.snapshot as Snapshot));
    expect(again.index().strings.size).toBe(0);
  });
});
