/**
 * The filter's traffic comparisons (filter.ts hands them here): `rate>1M`
 * (send plus receive, bytes per second), `txrate>=500k`, `rxrate<1k`,
 * `sent>1G`, `recv>10M`, `rtt>100ms`, `retrans>0`. Sizes take k, M, G, T
 * (powers of 1000, as the grid shows them) or Ki, Mi, Gi; durations ms, s, us
 * (a bare number is milliseconds). A row without counters (UDP, TIME_WAIT, the
 * procfs engine) or without a rate yet matches no comparison.
 */
import type { Connection } from './model';
import { parseByteQuantity, parseDurationMs, totalRate } from './traffic';

type Pick = (c: Connection) => number | null;

interface TrafficField {
  help: string;
  pick: Pick;
  kind: 'bytes' | 'duration' | 'count';
  /** A rate: a connection has one only from its second refresh on. */
  rate?: true;
}

export const TRAFFIC_FILTER_FIELDS: Readonly<Record<string, TrafficField>> = {
  rate: { help: 'send + receive rate, bytes/s (rate>1M)', pick: totalRate, kind: 'bytes', rate: true },
  txrate: {
    help: 'send rate, bytes/s (txrate>100k)',
    pick: (c) => c.traffic?.sendRate ?? null,
    kind: 'bytes',
    rate: true,
  },
  rxrate: {
    help: 'receive rate, bytes/s (rxrate>100k)',
    pick: (c) => c.traffic?.receiveRate ?? null,
    kind: 'bytes',
    rate: true,
  },
  sent: { help: 'bytes sent (sent>1G)', pick: (c) => c.traffic?.bytesSent ?? null, kind: 'bytes' },
  recv: { help: 'bytes received (recv>10M)', pick: (c) => c.traffic?.bytesReceived ?? null, kind: 'bytes' },
  rtt: { help: 'round-trip time (rtt>100ms, rtt>1s)', pick: (c) => c.traffic?.rttMs ?? null, kind: 'duration' },
  retrans: {
    help: 'retransmitted segments (retrans>0)',
    pick: (c) => c.traffic?.retransmissions ?? null,
    kind: 'count',
  },
};

const OPERATORS = ['>=', '<=', '>', '<', '='] as const;
type Operator = (typeof OPERATORS)[number];

/** `rate>1M` -> { field: 'rate', op: '>', value: '1M' }; null when the token is no comparison of a traffic field. */
export function matchComparison(body: string): { field: string; op: Operator; value: string } | null {
  const m = /^([a-z]+)(>=|<=|>|<|=)(.*)$/i.exec(body);
  if (!m) return null;
  const field = (m[1] as string).toLowerCase();
  if (!isTrafficFilterField(field)) return null;
  return { field, op: m[2] as Operator, value: (m[3] as string).trim() };
}

export function isTrafficFilterField(field: string): boolean {
  return Object.prototype.hasOwnProperty.call(TRAFFIC_FILTER_FIELDS, field);
}

/** Whether the field is a rate (rate, txrate, rxrate): one refresh alone cannot answer a comparison of it. */
export function isRateFilterField(field: string): boolean {
  return fieldSpec(field)?.rate === true;
}

/** The field's spec; undefined for any other name, an inherited one ('toString', 'constructor') included. */
function fieldSpec(field: string): TrafficField | undefined {
  return isTrafficFilterField(field) ? TRAFFIC_FILTER_FIELDS[field] : undefined;
}

function splitOperator(term: string): { op: Operator; value: string } | null {
  const op = OPERATORS.find((o) => term.startsWith(o));
  return op === undefined ? null : { op, value: term.slice(op.length).trim() };
}

function quantity(kind: TrafficField['kind'], text: string): number | null {
  if (kind === 'duration') return parseDurationMs(text);
  if (kind === 'count') return /^\d+$/.test(text) ? Number(text) : null;
  return parseByteQuantity(text);
}

/** A predicate for a traffic term whose value is the operator and quantity ('>1M'); never matches when bad. */
export function trafficPredicate(field: string, term: string): (c: Connection) => boolean {
  const spec = fieldSpec(field);
  const parts = splitOperator(term);
  if (!spec || !parts) return () => false;
  const limit = quantity(spec.kind, parts.value);
  if (limit === null) return () => false;
  const { pick } = spec;
  switch (parts.op) {
    case '>':
      return (c) => (pick(c) ?? -Infinity) > limit;
    case '>=':
      return (c) => (pick(c) ?? -Infinity) >= limit;
    case '<':
      return (c) => (pick(c) ?? Infinity) < limit;
    case '<=':
      return (c) => (pick(c) ?? Infinity) <= limit;
    case '=':
      return (c) => pick(c) === limit;
  }
}

const EXAMPLES: Record<TrafficField['kind'], string> = {
  bytes: 'a size like 500, 100k, 1.5M, 2G (bytes, or bytes per second for rates)',
  duration: 'a time like 100ms, 1.5s, 250us (a bare number is milliseconds)',
  count: 'a whole number',
};

/** Why a traffic term can never match, or null when it can. */
export function trafficTermProblem(field: string, term: string): string | null {
  const spec = fieldSpec(field);
  if (!spec) return null;
  const parts = splitOperator(term);
  if (parts === null) return `${field} is compared: ${field}>N, >=, <, <= or =`;
  if (parts.value === '') return null; // still typing
  return quantity(spec.kind, parts.value) === null ? `${field} takes ${EXAMPLES[spec.kind]}` : null;
}
