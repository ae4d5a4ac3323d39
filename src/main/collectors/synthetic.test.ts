/**
 * The benchmark's generated load: its churn per refresh (the oldest third closed, a third opened, a third
 * changing state), and unchanged rows kept as the same objects, as the netlink engine keeps them.
 */
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../shared/diff';
import { emptySnapshot, type Connection, type ConnectionTraffic } from '../../shared/model';
import { assignIdsKeepingShared } from '../engine/connection-ids';
import { createSyntheticCollectors, isMovingRow } from './synthetic';

const context = { signal: new AbortController().signal };

async function refresh(collectors: ReturnType<typeof createSyntheticCollectors>): Promise<Connection[]> {
  const result = await collectors.connections.collect(context);
  return result.data ?? [];
}

describe('createSyntheticCollectors', () => {
  it('starts with every row established and says it is generated', async () => {
    const collectors = createSyntheticCollectors(30, 0.1);
    const result = await collectors.connections.collect(context);
    expect(result.data?.length).toBe(30);
    expect(new Set(result.data?.map((c) => c.state))).toEqual(new Set(['ESTABLISHED']));
    expect(result.warnings[0]).toMatch(/synthetic load: 30 generated connections/);
    expect(collectors.platform).toBe('synthetic');
  });

  it('per refresh closes the oldest third of the churn, opens a third, changes a third', async () => {
    const collectors = createSyntheticCollectors(300, 0.1);
    const first = await refresh(collectors);
    const second = await refresh(collectors);
    const inodes = (rows: Connection[]) => rows.map((c) => c.inode);
    expect(second.length).toBe(300);
    // The 10 oldest are gone, the others keep their order, 10 new ones come last.
    expect(inodes(second).slice(0, 290)).toEqual(inodes(first).slice(10));
    expect(second.slice(290).map((c) => c.state)).toEqual(Array(10).fill('SYN_RECV'));
    expect(second.filter((c) => c.state === 'CLOSE_WAIT').length).toBe(10);
  });

  it('keeps the object of every row that did not change, and makes a new one for each that did', async () => {
    const collectors = createSyntheticCollectors(300, 0.1);
    const first = await refresh(collectors);
    const second = await refresh(collectors);
    const before = new Map(first.map((c) => [c.inode, c]));
    let kept = 0;
    for (const c of second) {
      const was = before.get(c.inode);
      if (was === undefined) continue;
      if (was.state === c.state) {
        expect(c).toBe(was);
        kept++;
      } else expect(c).not.toBe(was);
    }
    expect(kept).toBe(280);
    // A later refresh hands back the same rows again: the earlier snapshot's rows are never rewritten.
    const third = await refresh(collectors);
    expect(third.filter((c) => second.includes(c)).length).toBeGreaterThan(250);
    expect(first.every((c) => c.state === 'ESTABLISHED')).toBe(true);
  });
});

describe('createSyntheticCollectors with counters (ROWS:CHURN:MOVING)', () => {
  /** A clock that the test moves: 2 s between refreshes. */
  function clock() {
    let t = 0;
    return { now: () => t, advance: (ms: number) => void (t += ms) };
  }

  it('gives every row counters, first seen (no rates), and says the engine reads them', async () => {
    const collectors = createSyntheticCollectors(200, 0.03, 0.1);
    const result = await collectors.connections.collect(context);
    const rows = result.data ?? [];
    expect(rows.length).toBe(200);
    for (const c of rows) {
      const t = c.traffic;
      expect(t, c.id).toBeDefined();
      expect(t?.bytesReceived).toBeGreaterThanOrEqual(0);
      expect(t?.segmentsReceived).toBeGreaterThan(0);
      expect([t?.sendRate, t?.receiveRate, t?.segmentSendRate, t?.segmentReceiveRate]).toEqual([
        null,
        null,
        null,
        null,
      ]);
    }
    expect(result.engine).toMatchObject({ traffic: true, trafficNote: null });
    expect(result.warnings[0]).toMatch(/200 generated connections with counters, 10% of them moving bytes/);
  });

  it('without MOVING, rows carry no counters and no engine is claimed (the load of the earlier figures)', async () => {
    const result = await createSyntheticCollectors(50, 0.1).connections.collect(context);
    expect(result.data?.some((c) => c.traffic !== undefined)).toBe(false);
    expect(result.engine).toBeUndefined();
  });

  it("per refresh gives the moving share new rows with grown counters and the rates of the clock's seconds", async () => {
    const time = clock();
    const collectors = createSyntheticCollectors(2000, 0.03, 0.05, time.now);
    await refresh(collectors);
    time.advance(2000);
    const second = await refresh(collectors);
    time.advance(2000);
    const third = await refresh(collectors);
    const before = new Map(second.map((c) => [c.inode, c]));
    let moved = 0;
    for (const c of third) {
      const was = before.get(c.inode);
      if (was === undefined || was === c || was.state !== c.state) continue;
      const t = c.traffic as ConnectionTraffic;
      const w = was.traffic as ConnectionTraffic;
      expect(t.bytesReceived).toBeGreaterThan(w.bytesReceived);
      expect(t.bytesSent).toBeGreaterThan(w.bytesSent);
      expect(t.receiveRate).toBeCloseTo((t.bytesReceived - w.bytesReceived) / 2, 6);
      expect(t.sendRate).toBeCloseTo((t.bytesSent - w.bytesSent) / 2, 6);
      expect(t.segmentReceiveRate).toBeCloseTo(((t.segmentsReceived ?? 0) - (w.segmentsReceived ?? 0)) / 2, 6);
      moved++;
    }
    // ~5% of 2000 rows, less the few closed (the hash spreads them: not exactly 100).
    expect(moved).toBeGreaterThan(60);
    expect(moved).toBeLessThan(140);
    // The rows opened are established, with counters and no rate yet (first seen), and never SYN_RECV.
    const opened = third.filter((c) => !before.has(c.inode));
    expect(opened.length).toBe(20);
    for (const c of opened) {
      expect(c.state).toBe('ESTABLISHED');
      expect(c.traffic?.receiveRate).toBeNull();
    }
  });

  it('settles the rates of rows first seen on the last refresh to 0 when the snapshot is diffed, as netlink does', async () => {
    const time = clock();
    const collectors = createSyntheticCollectors(300, 0.03, 0.05, time.now);
    const first = await refresh(collectors);
    time.advance(2000);
    const second = await refresh(collectors);
    const base = { ...emptySnapshot({ seq: 1 }), connections: assignIdsKeepingShared(first) };
    const next = { ...emptySnapshot({ seq: 2 }), connections: assignIdsKeepingShared(second) };
    const diff = diffSnapshots(base, next);
    // Every row kept from the first refresh (none of them moved yet: no earlier reading) is listed as changed once,
    // its rates now 0; the three opened this refresh are added, rates none.
    const kept = second.filter((c) => first.includes(c));
    expect(kept.length).toBeGreaterThan(250);
    const changed = new Set(diff.changed);
    for (const c of kept) {
      expect(changed.has(c)).toBe(true);
      expect(c.traffic?.sendRate).toBe(0);
      expect(c.traffic?.receiveRate).toBe(0);
    }
    expect(diff.added.length).toBe(3);
    expect(diff.added.every((c) => c.traffic?.sendRate === null)).toBe(true);
  });

  it('keeps the object of a row that neither moves nor changes once its rates are settled', async () => {
    const time = clock();
    const collectors = createSyntheticCollectors(300, 0.03, 0.05, time.now);
    let rows: Connection[] = [];
    let snapshot = emptySnapshot({ seq: 0 });
    for (let seq = 1; seq <= 5; seq++) {
      const was = rows;
      rows = await refresh(collectors);
      time.advance(2000);
      const next = { ...emptySnapshot({ seq }), connections: assignIdsKeepingShared(rows) };
      diffSnapshots(snapshot, next);
      snapshot = next;
      if (seq < 4) continue;
      const before = new Map(was.map((c) => [c.inode, c]));
      const movers = rows.filter((c) => isMovingRow((c.inode as number) - 1_000_000, 0.05) && before.has(c.inode));
      const still = rows.filter((c) => was.includes(c));
      // Of 300 rows: 3 closed, 3 opened, 3 changed state, 3 opened last time settled, ~15 moving: the rest are
      // the same objects as before, with rates 0; a row kept by its socket but not its object is one of those.
      expect(movers.length).toBeGreaterThan(5);
      expect(still.length).toBeGreaterThanOrEqual(300 - 3 - 3 - 3 - 3 - movers.length);
      expect(still.every((c) => c.traffic?.sendRate === 0 && c.traffic.receiveRate === 0)).toBe(true);
      for (const c of rows) {
        const old = before.get(c.inode);
        if (old === undefined || old === c) continue;
        const why = movers.includes(c)
          ? 'moved'
          : c.state !== old.state
            ? 'state'
            : old.traffic?.sendRate === null
              ? 'first seen'
              : 'none';
        expect(why, String(c.inode)).not.toBe('none');
      }
      expect(movers.some((c) => was.includes(c))).toBe(false);
    }
  });
});
