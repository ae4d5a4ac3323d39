/**
 * The TCP state histogram and per-process socket counts (StatesView).
 */
import { TCP_STATES, type Connection, type TcpState } from '../../shared/model';

export interface StateBar {
  state: TcpState | 'UNKNOWN';
  count: number;
}

export interface StateSummary {
  /** Every TCP state in TCP_STATES order (zeros included, so the axis never jumps), plus UNKNOWN when seen. */
  bars: StateBar[];
  tcp: number;
  udp: number;
  raw: number;
}

export function stateHistogram(connections: readonly Connection[]): StateSummary {
  const counts = new Map<string, number>();
  let tcp = 0;
  let udp = 0;
  let raw = 0;
  for (const c of connections) {
    if (c.protocol === 'udp') udp++;
    else if (c.protocol === 'raw') raw++;
    else {
      tcp++;
      counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
    }
  }
  const bars: StateBar[] = TCP_STATES.map((state) => ({ state, count: counts.get(state) ?? 0 }));
  // A TCP socket with 'NONE' or an unrecognised state still counts: show it rather than lose it.
  const other = tcp - bars.reduce((sum, b) => sum + b.count, 0);
  if (other > 0) bars.push({ state: 'UNKNOWN', count: other });
  return { bars, tcp, udp, raw };
}

export interface ProcessCount {
  key: string;
  pid: number | null;
  name: string;
  total: number;
  tcp: number;
  udp: number;
  listening: number;
  established: number;
}

/** Processes by socket count, largest first; sockets with no known owner form one "(unknown)" row. */
export function topProcesses(connections: readonly Connection[], limit = 10): ProcessCount[] {
  const byKey = new Map<string, ProcessCount>();
  for (const c of connections) {
    const key = c.pid !== null ? `pid:${c.pid}` : c.processName ? `name:${c.processName}` : 'unknown';
    let row = byKey.get(key);
    if (!row) {
      row = {
        key,
        pid: c.pid,
        name: c.processName ?? (c.pid !== null ? `pid ${c.pid}` : '(unknown)'),
        total: 0,
        tcp: 0,
        udp: 0,
        listening: 0,
        established: 0,
      };
      byKey.set(key, row);
    }
    row.total++;
    if (c.protocol === 'tcp') row.tcp++;
    else if (c.protocol === 'udp') row.udp++;
    if (c.state === 'LISTEN') row.listening++;
    else if (c.state === 'ESTABLISHED') row.established++;
    if (row.name.startsWith('pid ') && c.processName) row.name = c.processName;
  }
  return [...byKey.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)).slice(0, limit);
}

/** Plain-language readings of the histogram: what netstat leaves you to infer. */
export function stateHints(summary: StateSummary): string[] {
  const count = (state: string): number => summary.bars.find((b) => b.state === state)?.count ?? 0;
  const hints: string[] = [];
  const closeWait = count('CLOSE_WAIT');
  if (closeWait >= 10) {
    hints.push(
      `${closeWait} CLOSE_WAIT: the peer closed but a local application has not; a steady climb is a socket leak.`,
    );
  }
  const synRecv = count('SYN_RECV');
  if (synRecv >= 20) hints.push(`${synRecv} SYN_RECV half-open connections: check the DoS tab for a SYN flood.`);
  const synSent = count('SYN_SENT');
  if (synSent >= 20)
    hints.push(`${synSent} SYN_SENT: many outgoing connects are unanswered (firewall, dead host or scanning).`);
  const timeWait = count('TIME_WAIT');
  const established = count('ESTABLISHED');
  if (timeWait >= 1000 && timeWait > 4 * Math.max(1, established)) {
    hints.push(
      `${timeWait} TIME_WAIT vs ${established} ESTABLISHED: many short-lived connections; consider keep-alive or pooling.`,
    );
  }
  const finWait2 = count('FIN_WAIT2');
  if (finWait2 >= 100) hints.push(`${finWait2} FIN_WAIT2: peers are not finishing their close.`);
  return hints;
}
