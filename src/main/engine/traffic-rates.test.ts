import { describe, expect, it } from 'vitest';
import type { Connection, ConnectionTraffic } from '../../shared/model';
import { tcpRow, trafficCounters } from '../../shared/test-helpers';
import { TrafficRates } from './traffic-rates';

function row(inode: number, counters: Partial<ConnectionTraffic>, remotePort = 443): Connection {
  const traffic = trafficCounters({ rttVarianceMs: 0.5, ...counters });
  return tcpRow('10.0.0.1', 50000, '10.0.0.2', remotePort, 'ESTABLISHED', { inode, rxQueue: 0, txQueue: 0, traffic });
}

describe('TrafficRates', () => {
  it('gives no rate on first sight, then the change per second', () => {
    const rates = new TrafficRates();
    const first = row(7, { bytesSent: 1000, bytesReceived: 500, segmentsSent: 10, retransmissions: 1 });
    rates.update([first], 10_000);
    expect(first.traffic?.sendRate).toBeNull();
    expect(first.traffic?.retransmissionRate).toBeNull();
    const second = row(7, { bytesSent: 5000, bytesReceived: 500, segmentsSent: 14, retransmissions: 3 });
    rates.update([second], 12_000);
    expect(second.traffic).toMatchObject({
      sendRate: 2000,
      receiveRate: 0,
      segmentSendRate: 2,
      segmentReceiveRate: 0,
      retransmissionRate: 1,
    });
  });

  it('starts over when the counters go backwards or the inode changes (a reused 4-tuple)', () => {
    const rates = new TrafficRates();
    rates.update([row(7, { bytesSent: 9000 })], 0);
    const backwards = row(7, { bytesSent: 100 });
    rates.update([backwards], 1000);
    expect(backwards.traffic?.sendRate).toBeNull();
    const reused = row(8, { bytesSent: 200 });
    rates.update([reused], 2000);
    expect(reused.traffic?.sendRate).toBeNull();
    const next = row(8, { bytesSent: 1200 });
    rates.update([next], 3000);
    expect(next.traffic?.sendRate).toBe(1000);
  });

  it('forgets connections that left, and leaves rows without counters alone', () => {
    const rates = new TrafficRates();
    rates.update([row(7, { bytesSent: 10 })], 0);
    const udp: Connection = { ...row(9, {}), protocol: 'udp', state: 'NONE' };
    delete udp.traffic;
    rates.update([udp], 1000);
    expect(udp.traffic).toBeUndefined();
    const back = row(7, { bytesSent: 20 });
    rates.update([back], 2000);
    expect(back.traffic?.sendRate).toBeNull();
  });
});
