/**
 * Per-connection traffic (Connection.traffic) as every view shows it: the
 * counters' values by column, their text (SI units: k = 1000, as ss and
 * iftop print rates), the quantities the filter reads (`rate>1M`,
 * `rtt>100ms`), and why a row or a whole snapshot has no counters.
 */
import type { Connection, ConnectionTraffic, Snapshot, SocketEngineStatus } from './model';

/** The traffic columns, in the order the grid, the CLI and the CSV show them. */
export const TRAFFIC_COLUMN_IDS = [
  'bytesSent',
  'bytesReceived',
  'sendRate',
  'receiveRate',
  'rtt',
  'retransmissions',
] as const;
export type TrafficColumnId = (typeof TRAFFIC_COLUMN_IDS)[number];

const PICK: Record<TrafficColumnId, (t: ConnectionTraffic) => number | null> = {
  bytesSent: (t) => t.bytesSent,
  bytesReceived: (t) => t.bytesReceived,
  sendRate: (t) => t.sendRate,
  receiveRate: (t) => t.receiveRate,
  rtt: (t) => t.rttMs,
  retransmissions: (t) => t.retransmissions,
};

export function isTrafficColumnId(id: string): id is TrafficColumnId {
  return Object.prototype.hasOwnProperty.call(PICK, id);
}

/** The column's number for a row, or null (no counters, or no rate yet). */
export function trafficValue(id: TrafficColumnId, c: Pick<Connection, 'traffic'>): number | null {
  return c.traffic === undefined ? null : PICK[id](c.traffic);
}

/** Send plus receive rate, or null when the row has no rate (no counters, or first seen). */
export function totalRate(c: Pick<Connection, 'traffic'>): number | null {
  const t = c.traffic;
  if (t === undefined || t.sendRate === null || t.receiveRate === null) return null;
  return t.sendRate + t.receiveRate;
}

/**
 * The plain number a CSV or `--json` consumer reads: bytes, bytes per second
 * (whole), milliseconds (to the microsecond the kernel keeps); '' when absent.
 */
export function trafficRawText(id: TrafficColumnId, c: Pick<Connection, 'traffic'>): string {
  const v = trafficValue(id, c);
  if (v === null) return '';
  if (id === 'rtt') return String(Math.round(v * 1000) / 1000);
  return String(Math.round(v));
}

/** Where a Linux engine reads its sockets: the user's choice (CLI --socket-engine, the app's status bar). */
export const SOCKET_ENGINE_CHOICES = ['procfs', 'netlink', 'auto'] as const;
export type SocketEngineChoice = (typeof SOCKET_ENGINE_CHOICES)[number];

export function isSocketEngineChoice(value: unknown): value is SocketEngineChoice {
  return (SOCKET_ENGINE_CHOICES as readonly unknown[]).includes(value); // no other type equals one of these strings
}

const UNITS = ['', 'k', 'M', 'G', 'T', 'P'];

/** 1234567 -> '1.2 MB'; three significant digits at most. */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${UNITS[u]}B`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatRtt(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)} ms`;
}

/** The cell as a person reads it ('1.2 MB', '350 kB/s', '0.05 ms'); '' when absent. */
export function trafficDisplayText(id: TrafficColumnId, c: Pick<Connection, 'traffic'>): string {
  const v = trafficValue(id, c);
  if (v === null) return '';
  switch (id) {
    case 'bytesSent':
    case 'bytesReceived':
      return formatBytes(v);
    case 'sendRate':
    case 'receiveRate':
      return formatRate(v);
    case 'rtt':
      return formatRtt(v);
    case 'retransmissions':
      return String(v);
  }
}

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  ki: 1024,
  mi: 1024 ** 2,
  gi: 1024 ** 3,
};

/**
 * '1M', '1.5k', '200kB/s', '2Mi', '500' -> bytes (per second); null for
 * anything else. k, M, G are powers of 1000 (as shown), Ki, Mi, Gi of 1024.
 */
export function parseByteQuantity(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*([kmgt]i?)?(?:b(?:ps|\/s)?|\/s)?$/i.exec(text.trim());
  if (!m) return null;
  const factor = MULTIPLIERS[(m[2] ?? '').toLowerCase()];
  return factor === undefined ? null : Number(m[1]) * factor;
}

/** '100ms', '1.5s', '250us', '250µs', '40' (milliseconds) -> milliseconds; null for anything else. */
export function parseDurationMs(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|us|µs)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor = unit === 's' ? 1000 : unit === 'ms' ? 1 : 0.001;
  return Number(m[1]) * factor;
}

/** The socket engine of a snapshot's connections collector, where it said. */
export function socketEngineOf(snapshot: Pick<Snapshot, 'collectors'>): SocketEngineStatus | null {
  // A loop, not find with an arrow function: it runs on every diff's render, and a closure made per call loses
  // its optimized code at each major GC (V8 keeps it only while a closure lives), to be compiled again.
  for (const c of snapshot.collectors) if (c.name === 'connections') return c.engine ?? null;
  return null;
}

/** 'netlink', 'procfs (netlink refused: EACCES)', ... for a status line. */
export function describeSocketEngine(engine: SocketEngineStatus): string {
  return engine.fallbackReason === null ? engine.name : `${engine.name} (${engine.fallbackReason})`;
}

/**
 * Why the traffic columns of a snapshot are empty, or null when the engine
 * reads counters. An imported file or a snapshot from a version that did not
 * say has none either.
 */
export function trafficAbsentReason(snapshot: Pick<Snapshot, 'collectors' | 'source'> | null): string | null {
  if (snapshot === null) return null;
  if (snapshot.source.kind === 'import') return 'an imported listing has no counters';
  const engine = socketEngineOf(snapshot);
  if (engine === null) return 'no counters from this source';
  return engine.traffic ? null : engine.trafficNote;
}

/** The reason a row without counters shows, when the engine does read them: why that row has none. */
export function rowWithoutCounters(c: Pick<Connection, 'protocol' | 'state'>): string {
  if (c.protocol === 'unix') return 'no counters for UNIX sockets';
  if (c.protocol !== 'tcp') return 'no counters for UDP or raw sockets';
  if (c.state === 'LISTEN') return 'a listening socket carries no traffic';
  return 'no counters in this state';
}
