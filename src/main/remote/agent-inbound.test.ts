/** The remote agent's messages are untrusted input: garbled ones are ignored, bad rows said, never thrown. */
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../shared/model';
import { tcpRow } from '../../shared/test-helpers';
import { packSnapshot } from '../../shared/wire';
import { readAgentMessage, readDiffPush, readAgentSnapshot } from './agent-inbound';

const unreadable = (why: string): string => `unreadable: ${why}`;
const rows = [tcpRow('127.0.0.1', 7000, '0.0.0.0', 0, 'LISTEN', { id: 'l' })];
const snapshot = { ...emptySnapshot(), seq: 3, connections: rows };

describe('readAgentMessage', () => {
  it.each(['', '{', 'null', '42', '"text"', '[]', '{"type":"result","id":"1","result":{"ok":true,"value":1}}'])(
    'ignores %j',
    (data) => {
      expect(readAgentMessage(data, unreadable)).toBeNull();
    },
  );

  it('ignores a result that is not an ApiResult', () => {
    const bad = [{ ok: true }, { ok: false, error: 'x' }, { ok: false, error: { code: 1 } }, 'yes'];
    for (const result of bad)
      expect(readAgentMessage(JSON.stringify({ type: 'result', id: 1, result }), unreadable)).toBeNull();
  });

  it('passes a plain answer through, undecoded', () => {
    const msg = readAgentMessage(JSON.stringify({ type: 'result', id: 7, result: { ok: true, value: 5 } }), unreadable);
    expect(msg).toEqual({ kind: 'answer', id: 7, result: { ok: true, value: 5 }, decoded: null });
  });

  it('decodes a packed snapshot answer and marks it decoded', () => {
    const value = packSnapshot(snapshot);
    const msg = readAgentMessage(JSON.stringify({ type: 'result', id: 2, result: { ok: true, value } }), unreadable);
    if (msg?.kind !== 'answer') throw new Error('expected an answer');
    expect(msg.decoded).not.toBeNull();
    expect(msg.result).toEqual({ ok: true, value: msg.decoded });
    expect(msg.decoded?.connections.map((c) => c.id)).toEqual(['l']);
  });

  it('turns a packed answer with a broken table into an io-error answer', () => {
    const value = packSnapshot(snapshot);
    const broken = { ...value, packed: { ...value.packed, columns: value.packed.columns.slice(1) } };
    const msg = readAgentMessage(
      JSON.stringify({ type: 'result', id: 2, result: { ok: true, value: broken } }),
      unreadable,
    );
    if (msg?.kind !== 'answer') throw new Error('expected an answer');
    expect(msg.decoded).toBeNull();
    expect(msg.result.ok).toBe(false);
    if (!msg.result.ok) expect(msg.result.error.message).toMatch(/^unreadable: /);
  });

  it('reads a push with its channel and payload', () => {
    const msg = readAgentMessage(JSON.stringify({ type: 'push', channel: 'status', payload: { a: 1 } }), unreadable);
    expect(msg).toEqual({ kind: 'push', channel: 'status', payload: { a: 1 } });
  });
});

describe('readAgentSnapshot', () => {
  it('reads a plain and a packed snapshot alike', () => {
    for (const payload of [snapshot, packSnapshot(snapshot)]) {
      const read = readAgentSnapshot(JSON.parse(JSON.stringify(payload)) as Record<string, unknown>);
      if ('wrong' in read) throw new Error(read.wrong);
      expect(read.snapshot.connections.map((c) => c.id)).toEqual(['l']);
    }
  });

  it('says what is wrong with rows the views cannot show', () => {
    const read = readAgentSnapshot({ ...snapshot, connections: [{ id: 5 }] });
    expect('wrong' in read).toBe(true);
  });
});

describe('readDiffPush', () => {
  it('reads added and changed rows, and accepts a diff without them', () => {
    expect('diff' in readDiffPush({ seq: 2 })).toBe(true);
    expect('diff' in readDiffPush({ added: rows, changed: rows })).toBe(true);
    expect(readDiffPush({ changed: 'rows' })).toHaveProperty('wrong');
  });

  it('refuses a diff whose added rows are wrong even when its changed rows are fine', () => {
    expect(readDiffPush({ added: [{ ...rows[0], localPort: 'x' }], changed: rows })).toHaveProperty('wrong');
  });

  it('leaves out a counter of the wrong kind and counts it, keeping the row', () => {
    const read = readDiffPush({ changed: [{ ...rows[0], traffic: 'lots' }] });
    if ('wrong' in read) throw new Error(read.wrong);
    expect(read.dropped.count).toBe(1);
    expect(read.dropped.first).toMatch(/traffic/);
    expect(read.diff.changed?.[0]).not.toHaveProperty('traffic');
  });
});

describe('readAgentSnapshot, more', () => {
  it('says what is wrong with a packed push whose table is broken', () => {
    const value = packSnapshot(snapshot);
    const read = readAgentSnapshot({ ...value, packed: { ...value.packed, dicts: value.packed.dicts.slice(1) } });
    expect(read).toEqual({ wrong: 'the table has lists of unequal length' });
  });

  it("leaves out a plain push's import label that a page should not draw, and keeps a fit one", () => {
    const source = (label: unknown) => ({ kind: 'import', file: 'a.txt', formats: ['windows-netstat'], label });
    const unfit = readAgentSnapshot({ ...snapshot, source: source(5) });
    if ('wrong' in unfit) throw new Error(unfit.wrong);
    expect(unfit.snapshot.source).toEqual({ kind: 'import', file: 'a.txt', formats: ['windows-netstat'] });
    const fit = readAgentSnapshot({ ...snapshot, source: source('Windows netstat -ano') });
    if ('wrong' in fit) throw new Error(fit.wrong);
    expect(fit.snapshot.source).toEqual(source('Windows netstat -ano'));
  });
});
