/**
 * Protocol counter deltas between two snapshots (netstat -s, but showing what
 * moved). Pure: the previous stats are handed in by the caller.
 */
import { toCsv } from '../../shared/csv';
import type { ProtocolStats } from '../../shared/model';
import { netstatPhrase } from './netstat-labels';

export interface CounterRow {
  name: string;
  value: number;
  /** Change since the previous snapshot; null with no previous value or after a reset. */
  delta: number | null;
  /** delta per second; null when unknown, never negative for counters. */
  perSecond: number | null;
  /** The counter went backwards: the kernel or the source restarted it. */
  reset: boolean;
  /** A gauge (a current value, not a running total) that may fall legitimately. */
  gauge: boolean;
  errorLike: boolean;
}

export interface CounterGroup {
  protocol: string;
  rows: CounterRow[];
  /** Rows whose value changed since the previous snapshot. */
  moved: number;
}

const ERROR_LIKE = /err|fail|drop|retrans|reset|overflow|bad|discard|timeout|prune|collapse|abort/i;

/** Names that hold a current level, not a running total (Linux, Windows and BSD spellings). */
const GAUGE_NAMES =
  /^(CurrEstab|Current Connections|Forwarding|DefaultTTL|RtoAlgorithm|RtoMin|RtoMax|MaxConn|Maximum Connections|Minimum Retransmission Timeout|Maximum Retransmission Timeout|Retransmission Algorithm)$/i;

export function isErrorLikeCounter(name: string): boolean {
  return ERROR_LIKE.test(name);
}

export function isGaugeCounter(name: string): boolean {
  return GAUGE_NAMES.test(name.trim());
}

export function counterDeltas(
  current: ProtocolStats,
  previous: ProtocolStats | null,
  elapsedMs: number | null,
): CounterGroup[] {
  const seconds = elapsedMs !== null && elapsedMs > 0 ? elapsedMs / 1000 : null;
  const groups: CounterGroup[] = [];
  for (const [protocol, counters] of Object.entries(current)) {
    const before = previous?.[protocol];
    const rows: CounterRow[] = [];
    let moved = 0;
    for (const [name, value] of Object.entries(counters)) {
      const old = before?.[name];
      const gauge = isGaugeCounter(name);
      let delta: number | null = null;
      let perSecond: number | null = null;
      let reset = false;
      if (typeof old === 'number' && Number.isFinite(old) && Number.isFinite(value)) {
        if (value >= old || gauge) {
          delta = value - old;
          perSecond = !gauge && seconds !== null ? delta / seconds : null;
        } else {
          reset = true;
        }
      }
      if ((delta !== null && delta !== 0) || reset) moved++;
      rows.push({ name, value, delta, perSecond, reset, gauge, errorLike: isErrorLikeCounter(name) });
    }
    groups.push({ protocol, rows, moved });
  }
  return groups;
}

/** Rows whose name contains the query (case-insensitive); groups left empty are dropped. */
export function filterCounters(groups: readonly CounterGroup[], query: string): CounterGroup[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...groups];
  const out: CounterGroup[] = [];
  for (const g of groups) {
    const protocolMatches = g.protocol.toLowerCase().includes(q);
    // netstat's phrase too: a netstat user searches "listen queue", not ListenOverflows.
    const matches = (r: CounterRow): boolean =>
      r.name.toLowerCase().includes(q) || (netstatPhrase(g.protocol, r.name)?.toLowerCase().includes(q) ?? false);
    const rows = protocolMatches ? g.rows : g.rows.filter(matches);
    if (rows.length > 0) out.push({ ...g, rows, moved: rows.filter((r) => r.reset || (r.delta ?? 0) !== 0).length });
  }
  return out;
}

/** Is this a row worth drawing the eye to, and how loudly. */
export function counterAttention(row: CounterRow): 'alert' | 'moved' | null {
  const moved = row.reset || (row.delta !== null && row.delta !== 0);
  if (!moved) return null;
  return row.errorLike ? 'alert' : 'moved';
}

/** The counters shown (after the filter and the protocol picker) as CSV: one row per counter, as `netstat -s`. */
export function countersToCsv(groups: readonly CounterGroup[]): string {
  const rows: (string | number | null)[][] = [];
  for (const g of groups) {
    for (const r of g.rows) {
      const phrase = netstatPhrase(g.protocol, r.name);
      // Rates to the hundredth: 8.973080757726821/s is noise in a spreadsheet.
      const perSecond = r.perSecond === null ? null : Math.round(r.perSecond * 100) / 100;
      rows.push([g.protocol, r.name, phrase, r.value, r.reset ? 'reset' : r.delta, perSecond]);
    }
  }
  return toCsv(['Protocol', 'Counter', 'netstat -s', 'Value', 'Change since last', 'Per second'], rows);
}
