/** Tiny builders shared by this folder's unit tests (not imported by the app). */
import {
  blankConnection,
  emptySnapshot,
  type Connection,
  type ConnectionTraffic,
  type Snapshot,
} from '../../shared/model';
import { tcpRow, trafficCounters } from '../../shared/test-helpers';

export { tcpRow as tcp };

export function udp(
  local: string,
  localPort: number,
  remote = '*',
  remotePort = 0,
  extra: Partial<Connection> = {},
): Connection {
  const family = local.includes(':') ? 6 : 4;
  return blankConnection({
    protocol: 'udp',
    family,
    localAddress: local,
    localPort,
    remoteAddress: remote,
    remotePort,
    state: 'NONE',
    ...extra,
  });
}

/** The item at index, failing the test (not the type checker) when absent. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index} of ${items.length}`);
  return item;
}

/** The counters of a connection that has sent `sent` bytes and received none, at `sendRate` bytes/s (null: no rate yet). */
export function sendingTraffic(sent: number, sendRate: number | null): ConnectionTraffic {
  return trafficCounters({ bytesSent: sent, sendRate, receiveRate: sendRate === null ? null : 0 });
}

/** rsync (PID 31) sending over one SSH connection: `sent` bytes so far at `sendRate` (the process panel's tests). */
export function rsyncSending(sent: number, sendRate: number | null): Connection {
  return {
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.5',
      localPort: 5000,
      remoteAddress: '10.0.0.9',
      remotePort: 22,
      state: 'ESTABLISHED',
    }),
    id: 'a',
    pid: 31,
    processName: 'rsync',
    traffic: sendingTraffic(sent, sendRate),
  };
}

const netlinkEngine = { name: 'netlink', requested: 'netlink', fallbackReason: null, traffic: true, trafficNote: null };

/**
 * Snapshot `seq`, taken at second `seq`, of `connections` from a connections collector that ran the netlink engine
 * with traffic counters, or (traffic false) fell back to procfs, which has none.
 */
export function trafficSnapshot(seq: number, connections: Connection[], traffic = true): Snapshot {
  return emptySnapshot({
    seq,
    takenAt: seq * 1000,
    connections,
    collectors: [
      {
        name: 'connections',
        ok: true,
        tookMs: 1,
        error: null,
        warnings: [],
        engine: traffic
          ? netlinkEngine
          : { ...netlinkEngine, name: 'procfs', traffic: false, trafficNote: 'counters need the netlink engine' },
      },
    ],
  });
}

/**
 * A ResizeObserver that reports every observed element `width` px wide, as the browser's first callback after its
 * layout would (a test DOM lays nothing out). For the charts that take their width from one (TalkersChart). The
 * caller undoes it with vi.unstubAllGlobals(); observed() says how many elements were observed.
 */
export function stubObservedWidth(
  stub: (name: string, value: unknown) => unknown,
  width: number,
): { observed: () => number } {
  let observed = 0;
  class WidthObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element): void {
      observed++;
      const entry = { target, contentRect: { width, height: 0 } } as unknown as ResizeObserverEntry;
      queueMicrotask(() => this.callback([entry], this as unknown as ResizeObserver));
    }
    unobserve(): void {}
    disconnect(): void {}
  }
  stub('ResizeObserver', WidthObserver);
  return { observed: () => observed };
}
