import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { ConnectionReuse } from './connection-reuse';
import { RecordMemory } from './netlink-rows';
import { refresh, settledIn, tableOf, tcp, udp, ZERO_RATES } from './test-netlink-tables';

describe('netlink rows from records', () => {
  it('decodes first-seen sockets with no rates, then carries the very objects of unchanged ones', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const first = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 1000));
    expect(first.map((r) => [r.protocol, r.inode, r.state])).toEqual([
      ['tcp', 100, 'ESTABLISHED'],
      ['udp', 200, 'NONE'],
    ]);
    expect(first[0]?.traffic).toMatchObject({ bytesSent: 10, rttMs: 2.5, sendRate: null, retransmissionRate: null });
    expect(first[1]?.traffic).toBeUndefined();

    const second = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 2000));
    // The UDP row is unchanged: the same object. So is the TCP row, whose rates went from none to 0 in it once its
    // snapshot was diffed (pending-rates.ts; before that, it still shows none: the next test).
    expect(second[1]).toBe(first[1]);
    expect(second[0]).toBe(first[0]);
    expect(second[0]?.traffic).toMatchObject({
      sendRate: 0,
      receiveRate: 0,
      segmentSendRate: 0,
      retransmissionRate: 0,
    });

    const third = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), udp], 3000));
    expect(third[0]).toBe(second[0]);
    expect(third[1]).toBe(first[1]);
  });

  it('gives the change per second since the last refresh, then 0 again, never writing into a shared row', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 1000));
    const settled = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 2000));
    const moved = refresh(reuse, memory, tableOf([tcp([4010, 1020, 5, 4, 2])], 4000));
    expect(moved[0]?.traffic).toMatchObject({
      bytesSent: 4010,
      sendRate: 2000,
      receiveRate: 500,
      segmentSendRate: 2,
      segmentReceiveRate: 1,
      retransmissionRate: 1,
    });
    expect(settled[0]?.traffic?.sendRate).toBe(0);
    const quiet = refresh(reuse, memory, tableOf([tcp([4010, 1020, 5, 4, 2])], 5000));
    expect(quiet[0]).not.toBe(moved[0]);
    expect(quiet[0]?.traffic?.sendRate).toBe(0);
    expect(moved[0]?.traffic?.sendRate).toBe(2000);
  });

  it('starts over (no rate) when counters go back, when an inode comes back on other ports, and after procfs ran', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    refresh(reuse, memory, tableOf([tcp([5000, 20, 9, 2, 0])], 1000));
    const back = refresh(reuse, memory, tableOf([tcp([100, 20, 9, 2, 0])], 2000));
    expect(back[0]?.traffic?.sendRate).toBeNull();
    const otherPorts = refresh(reuse, memory, tableOf([tcp([200, 20, 9, 2, 0], 100, 8443)], 3000));
    expect(otherPorts[0]?.remotePort).toBe(8443);
    expect(otherPorts[0]?.traffic?.sendRate).toBeNull();
    const counted = refresh(reuse, memory, tableOf([tcp([1200, 20, 9, 2, 0], 100, 8443)], 4000));
    expect(counted[0]?.traffic?.sendRate).toBe(1000);
    // A refresh that read procfs: its rows have no counters, and the records are forgotten.
    memory.forget();
    const pass = reuse.start();
    pass.commit();
    const afterProcfs = refresh(reuse, memory, tableOf([tcp([1200, 20, 9, 2, 0], 100, 8443)], 5000));
    expect(afterProcfs[0]).not.toBe(counted[0]);
    expect(afterProcfs[0]?.traffic?.sendRate).toBeNull();
  });

  it('keeps the row object of an unchanged first-seen socket: no rate until its snapshot is diffed, then 0', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const first = refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0]), tcp([1, 1, 1, 1, 0], 300, 22)], 1000));
    const row = first[0] as Connection;
    const second = refresh(
      reuse,
      memory,
      tableOf([tcp([10, 20, 1, 2, 0]), tcp([9, 1, 2, 1, 0], 300, 22)], 2000),
      false,
    );
    expect(second[0]).toBe(row);
    // Not yet diffed (a collection dropped before its diff shows none): the row, shared with the first snapshot,
    // still says "no rate yet".
    expect(row.traffic).toMatchObject({ sendRate: null, receiveRate: null, retransmissionRate: null });
    // The moved socket is a new row with its rate.
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.traffic?.sendRate).toBe(8);
    expect(settledIn(second)).toEqual([0]);
    expect(row.traffic).toMatchObject(ZERO_RATES);
    // Each registration settles once; a row that got a rate since is never written.
    expect(settledIn(second)).toEqual([]);
    // Never diffed: the next refresh hands the row over again, still the same object.
    const undiffed = refresh(reuse, memory, tableOf([tcp([1, 1, 1, 1, 0], 500, 80)], 3000), false);
    const again = refresh(reuse, memory, tableOf([tcp([1, 1, 1, 1, 0], 500, 80)], 4000));
    expect(again[0]).toBe(undiffed[0]);
    expect(again[0]?.traffic).toMatchObject(ZERO_RATES);
  });

  it('gives a socket that stopped moving a copy with rates 0 that shares the strings of its row', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    refresh(reuse, memory, tableOf([tcp([10, 20, 1, 2, 0])], 1000));
    const moved = refresh(reuse, memory, tableOf([tcp([1010, 20, 3, 2, 0])], 2000));
    const movedRow = moved[0] as Connection;
    // The id the snapshot gave it (collect.ts): a copy keeps it rather than being given a new one.
    movedRow.id = 'tcp4 127.0.0.1:50000 127.0.0.1:443';
    const still = refresh(reuse, memory, tableOf([tcp([1010, 20, 3, 2, 0])], 3000));
    const row = still[0] as Connection;
    expect(row).not.toBe(movedRow);
    expect(row.traffic).not.toBe(movedRow.traffic);
    expect(row.id).toBe(movedRow.id);
    expect(row.localAddress).toBe(movedRow.localAddress);
    expect(row).toEqual({ ...movedRow, traffic: { ...movedRow.traffic, ...ZERO_RATES } });
    expect(movedRow.traffic).toMatchObject({ sendRate: 1000, segmentSendRate: 2, receiveRate: 0 });
  });

  it('keeps the first of a socket listed twice (a dump the kernel interrupted)', () => {
    const reuse = new ConnectionReuse();
    const memory = new RecordMemory();
    const rows = refresh(reuse, memory, tableOf([tcp([1, 1, 1, 1, 0]), udp, tcp([2, 2, 2, 2, 0])], 1000));
    expect(rows.map((r) => r.inode)).toEqual([100, 200]);
    expect(rows[0]?.traffic?.bytesSent).toBe(1);
  });
});
