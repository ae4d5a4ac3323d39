/**
 * An older or foreign server or agent sends rows with `traffic: null` (its packed encoder sent a present-undefined
 * field as null, session 25): whatever the format, the page's listeners get those rows without the field, and Top
 * talkers shows the rows that have counters instead of throwing on null.bytesSent; a value of the wrong kind is
 * refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import type { ApiResult } from '../../shared/api';
import type { SnapshotDiff } from '../../shared/diff';
import { blankConnection, type Connection, type Snapshot } from '../../shared/model';
import { packSnapshot } from '../../shared/wire';
import { encodeSnapshotColumns, snapshotFrame } from '../../shared/wire-frame';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { sendingTraffic, trafficSnapshot } from '../views/test-helpers';
import { TopTalkersView } from '../views/TopTalkersView';
import { createInbound } from './ws-inbound';

/** Row i: process `p<i % 3>`; odd rows have counters, even rows a null where an older peer had none. */
function peerRow(i: number, sent: number): Connection {
  const row = {
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.5',
      localPort: 1000 + i,
      remoteAddress: `203.0.113.${i}`,
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    id: `c${i}`,
    pid: 100 + (i % 3),
    processName: `p${i % 3}`,
    traffic: i % 2 ? sendingTraffic(sent * i, sent) : null,
  };
  return row as unknown as Connection;
}

const peerSnapshot = (seq: number): Snapshot =>
  trafficSnapshot(
    seq,
    Array.from({ length: 12 }, (_, i) => peerRow(i, seq * 100)),
  );

function inbound() {
  const snapshots: Snapshot[] = [];
  const diffs: SnapshotDiff[] = [];
  const results = new Map<number, ApiResult<unknown>>();
  const api = createInbound((id, r) => results.set(id, r));
  api.listeners.snapshot.add((s) => snapshots.push(s));
  api.listeners.diff.add((d) => diffs.push(d));
  return { api, snapshots, diffs, results };
}

const json = (s: Snapshot): string => JSON.stringify({ type: 'push', channel: 'snapshot', payload: packSnapshot(s) });
const plain = (s: Snapshot): string => JSON.stringify({ type: 'push', channel: 'snapshot', payload: s });
function frame(s: Snapshot): ArrayBuffer {
  const bytes = snapshotFrame({ type: 'push', channel: 'snapshot' }, encodeSnapshotColumns(s));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

const nullTraffic = (rows: readonly Connection[]) => rows.filter((c) => 'traffic' in c && !c.traffic).length;

describe('rows with traffic: null from a peer', () => {
  it.each([
    ['packed JSON', json],
    ['binary frame', frame],
    ['plain JSON', plain],
  ] as const)('arrive without the field as a %s snapshot, and Top talkers renders them', (_, send) => {
    const { api, snapshots } = inbound();
    api.receive(send(peerSnapshot(1)));
    api.receive(send(peerSnapshot(2)));
    expect(snapshots).toHaveLength(2);
    for (const s of snapshots) {
      expect(nullTraffic(s.connections)).toBe(0);
      expect(s.connections.filter((c) => c.traffic !== undefined)).toHaveLength(6);
    }
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    for (const s of snapshots) store.getState().history.record(s);
    render(
      <StoreProvider store={store}>
        <TopTalkersView snapshot={snapshots[1] as Snapshot} />
      </StoreProvider>,
    );
    expect(screen.getAllByTestId('talker-row').map((r) => r.textContent?.slice(0, 2))).toEqual(
      expect.arrayContaining(['p0', 'p1', 'p2']),
    );
  });

  it("arrive without the field in a diff's added and changed rows", () => {
    const { api, diffs } = inbound();
    const diff: SnapshotDiff = {
      seq: 2,
      baseSeq: 1,
      takenAt: 2000,
      tookMs: 1,
      added: [peerRow(2, 1)],
      changed: [peerRow(4, 1), peerRow(5, 1)],
      removed: [],
      collectors: [],
    };
    api.receive(JSON.stringify({ type: 'push', channel: 'diff', payload: diff }));
    expect(diffs).toHaveLength(1);
    expect(nullTraffic([...(diffs[0]?.added ?? []), ...(diffs[0]?.changed ?? [])])).toBe(0);
    expect(diffs[0]?.changed[1]?.traffic?.bytesSent).toBe(5);
  });

  it('lose an optional field of the wrong kind (the row shown), and are refused for a required one', () => {
    const { api, snapshots, diffs, results } = inbound();
    const odd = { ...peerRow(1, 1), traffic: 5 } as unknown as Connection;
    const { traffic: _, ...without } = peerRow(1, 1);
    const oddDiff = {
      seq: 2,
      baseSeq: 1,
      takenAt: 0,
      tookMs: 1,
      added: [],
      changed: [odd],
      removed: [],
      collectors: [],
    };
    api.receive(JSON.stringify({ type: 'push', channel: 'diff', payload: oddDiff }));
    expect(diffs.map((d) => d.changed)).toEqual([[without]]);

    const bad = { ...peerRow(1, 1), localPort: '22' } as unknown as Connection;
    const diff = { ...oddDiff, changed: [bad] };
    api.receive(JSON.stringify({ type: 'push', channel: 'diff', payload: diff }));
    api.receive(plain(trafficSnapshot(1, [bad])));
    expect(diffs).toHaveLength(1);
    expect(snapshots).toHaveLength(0);
    api.receive(JSON.stringify({ type: 'result', id: 3, result: { ok: true, value: trafficSnapshot(1, [bad]) } }));
    expect(results.get(3)).toEqual({
      ok: false,
      error: {
        code: 'io-error',
        message: 'the server sent rows this window cannot show: row 0 (c1): localPort is not a number',
      },
    });
  });

  it('are refused for a required field of the wrong kind in a packed snapshot, pushed or answered', () => {
    const { api, snapshots, results } = inbound();
    const bad = { ...peerRow(1, 1), localPort: '22' } as unknown as Connection;
    const rows = [peerRow(0, 1), bad];
    api.receive(json(trafficSnapshot(1, rows)));
    expect(snapshots).toHaveLength(0);
    const answer = { ok: true, value: packSnapshot(trafficSnapshot(1, rows)) };
    api.receive(JSON.stringify({ type: 'result', id: 4, result: answer }));
    expect(results.get(4)).toEqual({
      ok: false,
      error: {
        code: 'io-error',
        message: 'the server sent rows this window cannot show: row 1 (c1): localPort is not a number',
      },
    });
    // The same rows, fit, are delivered.
    api.receive(json(trafficSnapshot(2, [peerRow(0, 1), peerRow(1, 1)])));
    expect(snapshots).toHaveLength(1);
  });
});
