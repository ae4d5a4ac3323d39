/**
 * Per-connection rates from the kernel's TCP counters (Connection.traffic)
 * between two refreshes. A connection seen for the first time has no rate
 * (null: the counters since it opened are no "per second"); so has one whose
 * counters went backwards or whose inode changed: a new connection on the same
 * 4-tuple, which starts over rather than showing a negative or a spike.
 */
import type { Connection, ConnectionTraffic } from '../../shared/model';

interface Seen {
  inode: number | null;
  at: number;
  traffic: ConnectionTraffic;
}

export class TrafficRates {
  private previous = new Map<string, Seen>();

  /**
   * Fills in the rates of `rows`' traffic (written in place: the rows are
   * this refresh's, not yet shared). `nowMs`: when the counters were read, on
   * a monotonic clock (performance.now()).
   */
  update(rows: readonly Connection[], nowMs: number): void {
    const next = new Map<string, Seen>();
    for (const row of rows) {
      const traffic = row.traffic;
      if (traffic === undefined) continue;
      const key = `${row.protocol}${row.family} ${row.localAddress} ${row.localPort} ${row.remoteAddress} ${row.remotePort}`;
      const before = this.previous.get(key);
      const seconds = before === undefined ? 0 : (nowMs - before.at) / 1000;
      if (
        before !== undefined &&
        before.inode === row.inode &&
        seconds > 0 &&
        !wentBackwards(before.traffic, traffic)
      ) {
        traffic.sendRate = (traffic.bytesSent - before.traffic.bytesSent) / seconds;
        traffic.receiveRate = (traffic.bytesReceived - before.traffic.bytesReceived) / seconds;
        traffic.segmentSendRate = perSecond(traffic.segmentsSent, before.traffic.segmentsSent, seconds);
        traffic.segmentReceiveRate = perSecond(traffic.segmentsReceived, before.traffic.segmentsReceived, seconds);
        traffic.retransmissionRate = perSecond(traffic.retransmissions, before.traffic.retransmissions, seconds);
      } else {
        traffic.sendRate = null;
        traffic.receiveRate = null;
        traffic.segmentSendRate = null;
        traffic.segmentReceiveRate = null;
        traffic.retransmissionRate = null;
      }
      next.set(key, { inode: row.inode, at: nowMs, traffic });
    }
    this.previous = next;
  }
}

/** A counter the platform does not keep (null: macOS has no segment counts) has no rate either. */
function perSecond(now: number | null, before: number | null, seconds: number): number | null {
  return now === null || before === null ? null : (now - before) / seconds;
}

function decreased(now: number | null, before: number | null): boolean {
  return now !== null && before !== null && now < before;
}

function wentBackwards(before: ConnectionTraffic, now: ConnectionTraffic): boolean {
  return (
    now.bytesSent < before.bytesSent ||
    now.bytesReceived < before.bytesReceived ||
    decreased(now.segmentsSent, before.segmentsSent) ||
    decreased(now.segmentsReceived, before.segmentsReceived) ||
    decreased(now.retransmissions, before.retransmissions)
  );
}
