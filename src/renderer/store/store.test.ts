import { describe, it, expect, vi } from 'vitest';
import { diffSnapshots, type SnapshotDiff } from '../../shared/diff';
import type { Connection, Snapshot } from '../../shared/model';
import { connectStore, createNetScopeStore, PUSHED_SNAPSHOT_GRACE_MS } from './store';
import { EMPTY_ROWS, receiveDiff, receiveSnapshot } from './rows';
import { PREFS_KEY, sanitizePrefs } from './prefs';
import { conn, FakeApi, memoryStorage, snap } from './test-helpers';

const ids = (cs: Connection[]): number[] => cs.map((c) => c.localPort);
function idAt(s: Snapshot, i: number): string {
  const c = s.connections[i];
  if (!c) throw new Error(`no connection ${i}`);
  return c.id;
}

describe('rows: marks lifecycle', () => {
  const s1 = snap(1, [conn(1), conn(2), conn(3)]);
  const s2 = snap(2, [conn(1), conn(2, 'CLOSE_WAIT'), conn(4)]);
  const s3 = snap(3, [conn(1), conn(2, 'CLOSE_WAIT', 99), conn(4)]);

  it('starts with no marks on the first snapshot', () => {
    const st = receiveSnapshot(EMPTY_ROWS, s1);
    expect(st.marks.size).toBe(0);
    expect(st.rows).toBe(s1.connections);
  });

  it('marks new, changed (state) and closed rows, then drops closed rows after one refresh', () => {
    const a = receiveSnapshot(EMPTY_ROWS, s1);
    const b = receiveDiff(a, diffSnapshots(s1, s2));
    expect(ids(b.rows)).toEqual([1, 2, 4, 3]);
    expect(b.marks.get(idAt(s2, 2))).toBe('new');
    expect(b.marks.get(idAt(s2, 1))).toBe('changed');
    expect(b.marks.get(idAt(s1, 2))).toBe('closed');
    expect(b.marks.has(idAt(s1, 0))).toBe(false);
    // Unchanged connections keep their objects.
    expect(b.rows[0]).toBe(a.rows[0]);

    // A change that is not a state change (PID resolved) is not marked; the closed row is gone.
    const c = receiveDiff(b, diffSnapshots(s2, s3));
    expect(ids(c.rows)).toEqual([1, 2, 4]);
    expect(c.marks.size).toBe(0);
    // The same rows; the snapshot's list is an array of its own (the store reuses its rows arrays: rows-ring.ts).
    expect(c.snapshot?.connections).toEqual(c.rows);
  });

  it('ignores stale diffs and throws on a gap', () => {
    const a = receiveSnapshot(EMPTY_ROWS, s2);
    expect(receiveDiff(a, diffSnapshots(s1, s2))).toBe(a);
    const gap = { ...diffSnapshots(s2, s3), baseSeq: 1, seq: 5 };
    expect(() => receiveDiff(a, gap)).toThrow(/resync/);
  });

  it('computes marks across a resync snapshot of the same live host', () => {
    const a = receiveSnapshot(EMPTY_ROWS, s1);
    const b = receiveSnapshot(a, s2);
    expect(b.marks.size).toBe(3);
    // An import (other source) starts fresh.
    const imported = { ...s3, source: { kind: 'import' as const, file: 'x.txt', formats: ['netstat'] } };
    expect(receiveSnapshot(b, imported).marks.size).toBe(0);
  });

  // Volume, not results: left out of mutation runs (vitest.mutation-store.config.mts), where it takes minutes per mutant.
  // import.meta.env: vitest fills it from process.env, and the renderer's tsconfig has no Node types.
  it.skipIf(import.meta.env.NETSCOPE_MUTATION === '1')('handles a 100k-row diff in linear time', () => {
    const many: Connection[] = [];
    for (let i = 0; i < 100_000; i++) many.push(conn(i % 65536, 'ESTABLISHED', i));
    const base = snap(1, many);
    const diff: SnapshotDiff = {
      seq: 2,
      baseSeq: 1,
      takenAt: 0,
      tookMs: 0,
      added: [],
      removed: base.connections.slice(0, 500).map((c) => c.id),
      changed: base.connections.slice(500, 1000).map((c) => ({ ...c, state: 'TIME_WAIT' })),
      collectors: [],
    };
    const t0 = performance.now();
    const st = receiveDiff(receiveSnapshot(EMPTY_ROWS, base), diff);
    const took = performance.now() - t0;
    expect(st.rows.length).toBe(100_000);
    expect(st.marks.size).toBe(1000);
    expect(took).toBeLessThan(1000);
  });
});

describe('store', () => {
  it('loads the first snapshot, status and capabilities on connect', async () => {
    const fake = new FakeApi();
    const store = createNetScopeStore(fake.asApi(), null);
    connectStore(store, fake.asApi());
    await vi.waitFor(() => expect(store.getState().snapshot?.seq).toBe(10));
    await vi.waitFor(() => expect(store.getState().capabilities?.mode).toBe('browser'));
    expect(store.getState().status?.title).toBe('h');
  });

  it('applies pushed diffs and resyncs with getSnapshot on a gap', async () => {
    const fake = new FakeApi();
    const api = fake.asApi();
    const store = createNetScopeStore(api, null);
    const off = connectStore(store, api);
    await vi.waitFor(() => expect(store.getState().snapshot?.seq).toBe(10));
    expect(fake.getSnapshot).toHaveBeenCalledTimes(1);

    const s11 = snap(11, [conn(1), conn(2)]);
    fake.pushDiff(diffSnapshots(fake.current, s11));
    expect(store.getState().snapshot?.seq).toBe(11);
    expect(store.getState().marks.get(idAt(s11, 1))).toBe('new');

    // Seq 12 was lost: the diff for 13 does not apply, so the store asks for a snapshot.
    const s12 = snap(12, [conn(2)]);
    const s13 = snap(13, [conn(2), conn(3)]);
    fake.current = s13;
    fake.pushDiff(diffSnapshots(s12, s13));
    expect(store.getState().resyncing).toBe(true);
    await vi.waitFor(() => expect(store.getState().snapshot?.seq).toBe(13));
    expect(fake.getSnapshot).toHaveBeenCalledTimes(2);
    expect(store.getState().resyncing).toBe(false);
    // The resync still shows what changed since seq 11.
    expect(store.getState().marks.get(idAt(s11, 0))).toBe('closed');
    expect(store.getState().marks.get(idAt(s13, 1))).toBe('new');

    off();
    fake.pushDiff(diffSnapshots(s13, snap(14, [])));
    expect(store.getState().snapshot?.seq).toBe(13);
  });

  it('waits for the snapshot an API pushes on connect instead of asking for it too', async () => {
    vi.useFakeTimers();
    try {
      const fake = new FakeApi();
      const api = { ...fake.asApi(), pushesSnapshotOnConnect: true as const };
      const store = createNetScopeStore(api, null);
      connectStore(store, api);
      fake.snapshotListeners.forEach((l) => l(snap(10, [conn(1)])));
      await vi.advanceTimersByTimeAsync(PUSHED_SNAPSHOT_GRACE_MS + 1);
      expect(store.getState().snapshot?.seq).toBe(10);
      expect(fake.getSnapshot).not.toHaveBeenCalled();

      // No push at all (a broken server): it asks after the grace period.
      const other = new FakeApi();
      const api2 = { ...other.asApi(), pushesSnapshotOnConnect: true as const };
      const store2 = createNetScopeStore(api2, null);
      connectStore(store2, api2);
      expect(other.getSnapshot).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(PUSHED_SNAPSHOT_GRACE_MS + 1);
      expect(other.getSnapshot).toHaveBeenCalledTimes(1);
      expect(store2.getState().snapshot?.seq).toBe(10);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not roll back to an older snapshot answered late', () => {
    const fake = new FakeApi();
    const store = createNetScopeStore(fake.asApi(), null);
    store.getState().handleSnapshot(snap(20, [conn(1)]));
    store.getState().handleSnapshot(snap(19, [conn(2)]));
    expect(store.getState().snapshot?.seq).toBe(20);
  });

  it('applies engine command results and reports failures as notices', async () => {
    const fake = new FakeApi();
    const store = createNetScopeStore(fake.asApi(), null);
    await store.getState().pause();
    expect(store.getState().status?.paused).toBe(true);
    await store.getState().setIntervalMs(5000);
    expect(store.getState().status?.intervalMs).toBe(5000);
    await store.getState().refreshNow();
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'unsupported: no' });
  });

  it('persists UI prefs and reads them back', () => {
    const storage = memoryStorage();
    const a = createNetScopeStore(new FakeApi().asApi(), storage);
    a.getState().setFilter('state:listen');
    a.getState().setSort({ column: 'localPort', desc: true });
    a.getState().setColumnVisible('fqdn', true);
    a.getState().setColumnVisible('path', false);
    const b = createNetScopeStore(new FakeApi().asApi(), storage);
    expect(b.getState().prefs.filter).toBe('state:listen');
    expect(b.getState().prefs.sort).toEqual({ column: 'localPort', desc: true });
    expect(b.getState().prefs.visibleColumns).toContain('fqdn');
    expect(b.getState().prefs.visibleColumns).not.toContain('path');
  });

  it('never hides the last visible column', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    for (const id of [...store.getState().prefs.visibleColumns]) store.getState().setColumnVisible(id, false);
    expect(store.getState().prefs.visibleColumns).toHaveLength(1);
  });
});

describe('prefs', () => {
  it('falls back to defaults on garbage and drops unknown columns', () => {
    const prefsFrom = (data: Record<string, string>) =>
      createNetScopeStore(new FakeApi().asApi(), memoryStorage(data)).getState().prefs;
    expect(prefsFrom({ [PREFS_KEY]: '{not json' }).filter).toBe('');
    const p = sanitizePrefs({
      filter: 5,
      visibleColumns: ['pid', 'bogus', 'pid'],
      columnOrder: ['pid'],
      columnSizes: { pid: 5, nope: 100, state: 'x' },
      sort: { column: 'bogus' },
    });
    expect(p.visibleColumns).toEqual(['pid']);
    expect(p.columnOrder[0]).toBe('pid');
    expect(p.columnOrder).toContain('service');
    expect(p.columnSizes).toEqual({ pid: 30 });
    expect(p.sort).toBeNull();
    expect(p.filter).toBe('');
  });
});
