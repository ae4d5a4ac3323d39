/**
 * The connections slice through the store's actions (issue 9): the first screenful (head) and the diffs that
 * come before the snapshot, late answers, resyncs, the transport state, and every engine command.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ApiResult, EngineStatus, NetScopeApi } from '../../shared/api';
import { diffSnapshots, type SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import type { SnapshotHead } from '../../shared/wire-head';
import { createNetScopeStore } from './store';
import { conn, FakeApi, snap } from './test-helpers';

const head = (seq: number): SnapshotHead => ({
  seq,
  view: { sort: null, filter: '', hideTimeWait: false },
  total: 3,
  matched: 3,
  byProtocol: [['tcp', 3]],
  byState: [
    ['ESTABLISHED', 2],
    ['LISTEN', 1],
  ],
  rows: [],
});

const failed = async () => ({ ok: false as const, error: { code: 'forbidden' as const, message: 'it broke' } });

describe('the first screenful before the snapshot', () => {
  it('shows a head and its counts while nothing else is held; the snapshot replaces it', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    store.getState().handleHead(head(5));
    expect(store.getState().head?.seq).toBe(5);
    expect(store.getState().counts.byProtocol.get('tcp')).toBe(3);
    expect(store.getState().counts.byState.get('LISTEN')).toBe(1);
    store.getState().handleSnapshot(snap(5, [conn(1)]));
    expect(store.getState().head).toBeNull();
    expect(store.getState().counts.byProtocol.get('tcp')).toBe(1);
    // A reconnect keeps its rows until the whole snapshot: no head over them.
    store.getState().handleHead(head(9));
    expect(store.getState().head).toBeNull();
    expect(store.getState().snapshot?.seq).toBe(5);
    expect(store.getState().counts.byProtocol.get('tcp')).toBe(1);
  });

  it('keeps the diffs that come with only a head, and applies them in order after the snapshot', () => {
    const fake = new FakeApi();
    const store = createNetScopeStore(fake.asApi(), null);
    const s5 = snap(5, [conn(1)]);
    const s6 = snap(6, [conn(1), conn(2)]);
    const s7 = snap(7, [conn(1), conn(2), conn(3)]);
    store.getState().handleHead(head(5));
    store.getState().handleDiff(diffSnapshots(s5, s6));
    store.getState().handleDiff(diffSnapshots(s6, s7));
    expect(store.getState().snapshot).toBeNull();
    store.getState().handleSnapshot(s5);
    expect(store.getState().snapshot?.seq).toBe(7);
    expect(store.getState().rows.map((c) => c.localPort)).toEqual([1, 2, 3]);
    expect(fake.getSnapshot).not.toHaveBeenCalled();
    // Applied once: the next snapshot does not replay them.
    store.getState().handleSnapshot(snap(8, [conn(1)]));
    expect(store.getState().snapshot?.seq).toBe(8);
    expect(fake.getSnapshot).not.toHaveBeenCalled();
  });

  it('asks for the snapshot again rather than hold more than 16 early diffs', async () => {
    const fake = new FakeApi();
    const store = createNetScopeStore(fake.asApi(), null);
    store.getState().handleHead(head(5));
    let prev = snap(5, [conn(1)]);
    for (let seq = 6; seq <= 21; seq++) {
      const next = snap(seq, [conn(1), conn(seq)]);
      store.getState().handleDiff(diffSnapshots(prev, next));
      prev = next;
    }
    expect(fake.getSnapshot).not.toHaveBeenCalled();
    store.getState().handleDiff(diffSnapshots(prev, snap(22, [])));
    expect(fake.getSnapshot).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(store.getState().resyncing).toBe(false));
    expect(store.getState().snapshot?.seq).toBe(10);
  });

  it('asks for the snapshot at once for a diff with neither head nor snapshot', async () => {
    const fake = new FakeApi();
    const store = createNetScopeStore(fake.asApi(), null);
    store.getState().handleDiff(diffSnapshots(snap(1, []), snap(2, [conn(1)])));
    expect(fake.getSnapshot).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(store.getState().snapshot?.seq).toBe(10));
  });
});

describe('snapshots and diffs', () => {
  it('never rolls a live view back to an older seq, but an imported file replaces whatever is shown', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    store.getState().handleSnapshot(snap(20, [conn(1)]));
    store.getState().handleSnapshot(snap(20, [conn(4)]));
    expect(store.getState().rows.map((c) => c.localPort)).toEqual([4]);
    const imported: Snapshot = { ...snap(3, [conn(2)]), source: { kind: 'import', file: 'a.csv', formats: ['csv'] } };
    store.getState().handleSnapshot(imported);
    expect(store.getState().snapshot).toBe(imported);
    // Live again after an import: its seq is not compared with the file's.
    store.getState().handleSnapshot(snap(1, [conn(3)]));
    expect(store.getState().snapshot?.seq).toBe(1);
  });

  it('counts a history entry for each new snapshot a diff makes, none for a stale diff', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    const s1 = snap(1, [conn(1)]);
    const s2 = snap(2, [conn(1), conn(2)]);
    store.getState().handleSnapshot(s1);
    expect(store.getState().historyVersion).toBe(1);
    store.getState().handleDiff(diffSnapshots(s1, s2));
    expect(store.getState().historyVersion).toBe(2);
    store.getState().handleDiff(diffSnapshots(s1, s2)); // already applied
    expect(store.getState().historyVersion).toBe(2);
    expect(store.getState().snapshot?.seq).toBe(2);
  });

  it('waits for the next frame before indexing a snapshot, and works without frames (no DOM)', () => {
    const raf = vi.spyOn(globalThis, 'requestAnimationFrame');
    try {
      const store = createNetScopeStore(new FakeApi().asApi(), null);
      store.getState().handleSnapshot(snap(1, [conn(1)]));
      expect(raf).toHaveBeenCalledTimes(1);
    } finally {
      raf.mockRestore();
    }
    vi.stubGlobal('requestAnimationFrame', undefined);
    try {
      const store = createNetScopeStore(new FakeApi().asApi(), null);
      const s1 = snap(1, [conn(1)]);
      store.getState().handleSnapshot(s1);
      store.getState().handleDiff(diffSnapshots(s1, snap(2, [conn(1), conn(2)])));
      expect(store.getState().rows.map((c) => c.localPort)).toEqual([1, 2]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('lets a malformed diff throw (a bug, not a lost refresh) instead of reloading the snapshot', () => {
    const fake = new FakeApi();
    const store = createNetScopeStore(fake.asApi(), null);
    store.getState().handleSnapshot(snap(1, [conn(1)]));
    const broken = { seq: 2, baseSeq: 1, added: null } as unknown as SnapshotDiff;
    expect(() => store.getState().handleDiff(broken)).toThrow(TypeError);
    expect(fake.getSnapshot).not.toHaveBeenCalled();
    expect(store.getState().resyncing).toBe(false);
  });

  it('ignores diffs while a resync is under way', async () => {
    let answer: (r: ApiResult<Snapshot>) => void = () => undefined;
    const fake = new FakeApi();
    const getSnapshot = vi.fn(() => new Promise<ApiResult<Snapshot>>((r) => (answer = r)));
    const store = createNetScopeStore({ ...fake.asApi(), getSnapshot }, null);
    const s1 = snap(1, [conn(1)]);
    store.getState().handleSnapshot(s1);
    const resync = store.getState().resync();
    expect(store.getState().resyncing).toBe(true);
    store.getState().handleDiff(diffSnapshots(s1, snap(2, [])));
    expect(store.getState().snapshot?.seq).toBe(1);
    // A second resync while one runs asks nothing more.
    await store.getState().resync();
    expect(getSnapshot).toHaveBeenCalledTimes(1);
    answer({ ok: true, value: snap(3, [conn(3)]) });
    await resync;
    expect(store.getState()).toMatchObject({ resyncing: false, snapshot: { seq: 3 } });
  });

  it('says why a resync failed, and can resync again after', async () => {
    const getSnapshot = vi.fn(failed);
    const store = createNetScopeStore({ ...new FakeApi().asApi(), getSnapshot }, null);
    await store.getState().resync();
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'Could not reload the snapshot: it broke' });
    expect(store.getState().resyncing).toBe(false);
    await store.getState().resync();
    expect(getSnapshot).toHaveBeenCalledTimes(2);
  });

  it('ends a resync that threw, and lets the error through', async () => {
    const getSnapshot = vi.fn(() => Promise.reject(new Error('transport gone')));
    const store = createNetScopeStore({ ...new FakeApi().asApi(), getSnapshot }, null);
    await expect(store.getState().resync()).rejects.toThrow('transport gone');
    expect(store.getState().resyncing).toBe(false);
  });
});

describe('the transport state', () => {
  it("keeps the server's reason while closed, and the last reason until the next close", () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    store.getState().setConnection('closed', 'server shutting down');
    expect(store.getState()).toMatchObject({ connection: 'closed', connectionReason: 'server shutting down' });
    store.getState().setConnection('connecting');
    expect(store.getState()).toMatchObject({ connection: 'connecting', connectionReason: 'server shutting down' });
    store.getState().setConnection('open', 'ignored');
    expect(store.getState()).toMatchObject({ connection: 'open', connectionReason: 'server shutting down' });
    store.getState().setConnection('closed');
    expect(store.getState()).toMatchObject({ connection: 'closed', connectionReason: null });
  });
});

describe('engine commands', () => {
  type Command = [string, (s: ReturnType<ReturnType<typeof createNetScopeStore>['getState']>) => Promise<void>];
  const commands: [keyof NetScopeApi, Command[1], Partial<EngineStatus>][] = [
    ['pause', (s) => s.pause(), { paused: true }],
    ['resume', (s) => s.resume(), { paused: false }],
    ['setInterval', (s) => s.setIntervalMs(2500), { intervalMs: 2500 }],
    ['setUnixSockets', (s) => s.setUnixSockets(true), { unixSockets: true }],
    ['setTcpTemplates', (s) => s.setTcpTemplates(true), { tcpTemplates: 'first-read' }],
    ['setSocketEngine', (s) => s.setSocketEngine('netlink'), { socketEngine: 'netlink' }],
  ];

  for (const [method, run, expected] of commands) {
    it(`${method}: shows the status the engine answers`, async () => {
      const store = createNetScopeStore(new FakeApi().asApi(), null);
      await run(store.getState());
      expect(store.getState().status).toMatchObject(expected);
      expect(store.getState().notice).toBeNull();
    });

    it(`${method}: a refusal becomes a notice and leaves the status`, async () => {
      const store = createNetScopeStore({ ...new FakeApi().asApi(), [method]: failed }, null);
      await run(store.getState());
      expect(store.getState().status).toBeNull();
      expect(store.getState().notice).toEqual({ kind: 'error', text: 'forbidden: it broke' });
    });
  }

  it('refreshNow answers with the status too', async () => {
    const fake = new FakeApi();
    const refreshNow = vi.fn(async (): Promise<ApiResult<EngineStatus>> => ({
      ok: true,
      value: { ...fake.status, seq: 11 },
    }));
    const store = createNetScopeStore({ ...fake.asApi(), refreshNow }, null);
    await store.getState().refreshNow();
    expect(refreshNow).toHaveBeenCalledTimes(1);
    expect(store.getState().status?.seq).toBe(11);
  });

  it('passes the arguments on', async () => {
    const fake = new FakeApi();
    const setInterval = vi.fn(async (ms: number): Promise<ApiResult<EngineStatus>> => ({
      ok: true,
      value: { ...fake.status, intervalMs: ms },
    }));
    const store = createNetScopeStore({ ...fake.asApi(), setInterval }, null);
    await store.getState().setIntervalMs(750);
    await store.getState().setTcpTemplates(false);
    expect(setInterval).toHaveBeenCalledWith(750);
    expect(fake.setTcpTemplates).toHaveBeenCalledWith(false);
    expect(store.getState().status?.tcpTemplates).toBe('off');
  });

  it('keeps the capabilities it is given', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    const caps = {
      mode: 'electron' as const,
      canEndProcess: true,
      canRevealFile: true,
      canElevate: true,
      platform: 'win32',
    };
    store.getState().setCapabilities(caps);
    expect(store.getState().capabilities).toBe(caps);
  });
});
