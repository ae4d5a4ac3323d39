/**
 * The TCP state histogram and per-process socket counts (StatesView).
 */
import { filterTerm } from '../../shared/filter-assist';
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

/** TCP states only Windows reports (its TCB being deleted); another system never has them, so no bar. */
const WINDOWS_ONLY_STATES: ReadonlySet<string> = new Set(['DELETE_TCB']);

export function stateHistogram(connections: readonly Connection[], platform = ''): StateSummary {
  const counts = new Map<string, number>();
  let tcp = 0;
  let udp = 0;
  let raw = 0;
  for (const c of connections) {
    // UNIX sockets (grid rows while their switch is on) have no TCP state, though ss names theirs alike.
    if (c.protocol === 'unix') continue;
    if (c.protocol === 'udp') udp++;
    else if (c.protocol === 'raw') raw++;
    else {
      tcp++;
      counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
    }
  }
  const bars: StateBar[] = TCP_STATES.filter(
    (state) => platform === 'win32' || !WINDOWS_ONLY_STATES.has(state) || (counts.get(state) ?? 0) > 0,
  ).map((state) => ({ state, count: counts.get(state) ?? 0 }));
  // A TCP socket with 'NONE' or an unrecognised state still counts: show it rather than lose it.
  const other =
    tcp - [...counts.entries()].reduce((sum, [s, n]) => (TCP_STATES.includes(s as TcpState) ? sum + n : sum), 0);
  if (other > 0) bars.push({ state: 'UNKNOWN', count: other });
  return { bars, tcp, udp, raw };
}

export interface ProcessCount {
  /** 'pid:123', 'name:nginx' (a name without a PID) or 'unknown' (no owner). */
  key: string;
  pid: number | null;
  name: string;
  total: number;
  tcp: number;
  udp: number;
  listening: number;
  established: number;
}

/** The name of the row of sockets no process holds (see NO_OWNER_NOTE). */
export const NO_OWNER = '(no owner)';
export const NO_OWNER_NOTE =
  `${NO_OWNER}: sockets no process holds (TIME_WAIT, closing, not yet accepted by their listener, kernel sockets) ` +
  "and, when NetScope is not run as root/administrator, other users' sockets, whose owners it may not read.";

/** Processes by socket count, largest first; sockets with no known owner form one "(no owner)" row. */
export function topProcesses(connections: readonly Connection[], limit = 10): ProcessCount[] {
  const byKey = new Map<string, ProcessCount>();
  for (const c of connections) {
    if (c.protocol === 'unix') continue;
    const key = c.pid !== null ? `pid:${c.pid}` : c.processName ? `name:${c.processName}` : 'unknown';
    let row = byKey.get(key);
    if (!row) {
      row = {
        key,
        pid: c.pid,
        name: c.processName ?? (c.pid !== null ? `pid ${c.pid}` : NO_OWNER),
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

/** The grid filter that shows exactly the sockets of one bar of the histogram (TCP over both families). */
export function stateFilter(state: string): string {
  return `proto:tcp state:=${state.toLowerCase()}`;
}

/** The grid filter that shows exactly the sockets of one row of the top-processes table. */
export function processFilter(p: Pick<ProcessCount, 'key' | 'pid' | 'name'>): string {
  if (p.pid !== null) return `pid:${p.pid}`;
  if (p.key === 'unknown') return 'pid:none proc:none';
  return `pid:none ${filterTerm('proc', `=${p.name}`)}`;
}
