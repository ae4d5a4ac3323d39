/**
 * Generated connections for the renderer benchmark (`netscope serve
 * --synthetic 100000`): the real backend, server and UI under a load this
 * machine cannot produce with real sockets in a browser test. Every refresh
 * changes `churn` of the rows: a third closed, a third opened, a third change
 * state. Never used unless that flag is given; the snapshot says so.
 *
 * With `moving` (`--synthetic ROWS:CHURN:MOVING`), the rows carry counters as the Linux netlink engine gives them
 * (Connection.traffic; the snapshot's socket engine says `traffic: true`), and that fraction of the rows moves bytes
 * every refresh: each of those gets a new row object with its counters grown and its rates since the last refresh
 * (the engine's setTrafficRates), so it is a changed row in every diff, as a busy socket is on a real host. The rest
 * keep their row objects (rates 0), except that a row first seen on the last refresh (rates none yet) has its rates
 * settled to 0 when its snapshot is diffed (shared/pending-rates.ts), as netlink's are: a changed row once more.
 */
import { blankConnection, TCP_STATES, type Connection, type ConnectionTraffic } from '../../shared/model';
import { settleRatesWhenDiffed } from '../../shared/pending-rates';
import { setTrafficRates } from '../engine/traffic-rates';
import { notCollected } from './not-collected';
import type { Collector, PlatformCollectors } from './types';

type State = (typeof TCP_STATES)[number];

function makeConnection(n: number, state: State, traffic?: ConnectionTraffic): Connection {
  const a = (n >> 16) & 255;
  const b = (n >> 8) & 255;
  const c = n & 255;
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: 1024 + (n % 60000),
    remoteAddress: `10.${a}.${b}.${c}`,
    remotePort: 443,
    state,
    pid: 1000 + (n % 500),
    processName: `worker-${n % 500}`,
    exePath: `/opt/synthetic/bin/worker-${n % 500}`,
    user: 'bench',
    inode: 1_000_000 + n,
    ...(traffic === undefined ? {} : { traffic }),
  });
}

/** A 32-bit mix of `n` (murmur3's finalizer): which rows move, their speed and each refresh's jitter. */
export function mix(n: number): number {
  let h = n | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Whether row `n` moves bytes every refresh: a `moving` share of the rows, spread over all of them. */
export function isMovingRow(n: number, moving: number): boolean {
  return mix(n) / 2 ** 32 < moving;
}

/** A new row's counters (bytes since it opened; no rate yet: first seen, as a netlink row is). Also bench/wire-traffic.mjs's. */
export function firstCounters(n: number): ConnectionTraffic {
  const h = mix(n ^ 0x5bd1e995);
  const bytesReceived = h % 5_000_000;
  const bytesSent = (h >>> 8) % 500_000;
  const rttMs = 1 + (h % 200) / 4;
  return {
    bytesSent,
    bytesReceived,
    segmentsSent: Math.ceil(bytesSent / 1448) + 2,
    segmentsReceived: Math.ceil(bytesReceived / 1448) + 1,
    retransmissions: h % 3,
    rttMs,
    rttVarianceMs: rttMs / 4,
    sendRate: null,
    receiveRate: null,
    segmentSendRate: null,
    segmentReceiveRate: null,
    retransmissionRate: null,
  };
}

/**
 * A moving row's counters `seconds` after `was`: its own speed (100 B/s to ~3 MB/s received, an eighth of that sent),
 * jittered per refresh so that the busiest rows trade places, and its rates from the two readings.
 */
function movedCounters(n: number, tick: number, was: ConnectionTraffic, seconds: number): ConnectionTraffic {
  const speed = 100 * 2 ** (mix(n) % 15);
  const jitter = 0.5 + (mix(n ^ Math.imul(tick, 0x9e3779b1)) % 1000) / 1000;
  const received = Math.round(speed * jitter * seconds);
  const sent = Math.round(received / 8) + 40;
  const next: ConnectionTraffic = {
    ...was,
    bytesSent: was.bytesSent + sent,
    bytesReceived: was.bytesReceived + received,
    segmentsSent: (was.segmentsSent ?? 0) + Math.ceil(sent / 1448),
    segmentsReceived: (was.segmentsReceived ?? 0) + Math.ceil(received / 1448),
    retransmissions: (was.retransmissions ?? 0) + (mix(n + tick) % 50 === 0 ? 1 : 0),
  };
  const now = Float64Array.of(
    next.bytesSent,
    next.bytesReceived,
    next.segmentsSent ?? 0,
    next.segmentsReceived ?? 0,
    next.retransmissions ?? 0,
  );
  const before = Float64Array.of(
    was.bytesSent,
    was.bytesReceived,
    was.segmentsSent ?? 0,
    was.segmentsReceived ?? 0,
    was.retransmissions ?? 0,
  );
  setTrafficRates(next, now, before, 0, seconds);
  return next;
}

/**
 * @param moving null: rows without counters (the load of every earlier figure). A fraction: rows with counters, that
 * share of them moving bytes every refresh; the rows opened are then ESTABLISHED, not SYN_RECV (netlink gives a
 * socket caught in SYN_RECV no counters), so the rows with counters and the moving ones stay the same share however
 * long the load runs.
 * @param clock when a refresh reads its counters (ms, monotonic): the rates' seconds.
 */
export function createSyntheticCollectors(
  rows: number,
  churn: number,
  moving: number | null = null,
  clock: () => number = () => performance.now(),
): PlatformCollectors {
  let next = 0;
  // WHY rows and not states: an unchanged socket keeps its row object from one refresh to the next, as the
  // Linux netlink engine does. Making 100k fresh rows cost ~60-90 ms of the server's event loop per
  // refresh, which the renderer benchmark then counted against the page sharing the cores.
  const live = new Map<number, Connection>();
  const counters = moving !== null;
  /** The keys of the live rows that move bytes every refresh (a `moving` share), so a refresh visits those alone. */
  const movers = new Set<number>();
  const open = (n: number, state: State): void => {
    live.set(n, makeConnection(n, state, counters && state !== 'SYN_RECV' ? firstCounters(n) : undefined));
    if (counters && isMovingRow(n, moving)) movers.add(n);
  };
  for (; next < rows; next++) open(next, 'ESTABLISHED');
  let tick = 0;
  let readAt = clock();
  const connections: Collector<Connection[]> = {
    name: 'connections',
    async collect() {
      /** The first key opened by this refresh: a row from before it with no rates yet was first seen earlier. */
      let openedFrom = 0;
      if (tick++ > 0) {
        const changes = Math.max(1, Math.round((rows * churn) / 3));
        const keys = live.keys();
        for (let i = 0; i < changes; i++) {
          const k = keys.next();
          if (!k.done) {
            live.delete(k.value);
            movers.delete(k.value);
          }
        }
        openedFrom = next;
        for (let i = 0; i < changes; i++, next++) open(next, counters ? 'ESTABLISHED' : 'SYN_RECV');
        let changed = 0;
        for (const [k, row] of live) {
          if (changed >= changes) break;
          if (row.state === 'ESTABLISHED' && k % 7 === tick % 7) {
            live.set(k, makeConnection(k, 'CLOSE_WAIT', row.traffic && { ...row.traffic }));
            changed++;
          }
        }
      }
      const now = clock();
      const seconds = (now - readAt) / 1000;
      readAt = now;
      if (!counters)
        return {
          data: [...live.values()],
          warnings: [`synthetic load: ${rows} generated connections (benchmark mode, not this machine's sockets)`],
        };
      if (tick > 1 && seconds > 0)
        for (const k of movers) {
          const row = live.get(k) as Connection;
          if (k < openedFrom && row.traffic !== undefined)
            live.set(k, makeConnection(k, row.state as State, movedCounters(k, tick, row.traffic, seconds)));
        }
      const data = new Array<Connection>(live.size);
      const settle: number[] = [];
      let i = 0;
      live.forEach((row, k) => {
        data[i] = row;
        if (k < openedFrom && row.traffic !== undefined && row.traffic.sendRate === null) settle.push(i);
        i++;
      });
      settleRatesWhenDiffed(connections, data, settle);
      return {
        data,
        warnings: [
          `synthetic load: ${rows} generated connections with counters, ${moving * 100}% of them moving bytes each refresh (benchmark mode, not this machine's sockets)`,
        ],
        engine: { name: 'synthetic', requested: null, fallbackReason: null, traffic: true, trafficNote: null },
      };
    },
  };
  return {
    platform: 'synthetic',
    connections,
    routes: notCollected('routes', []),
    interfaces: notCollected('interfaces', []),
    protocolStats: notCollected('protocol-stats', {}),
    processInfo: async () => null,
  };
}
