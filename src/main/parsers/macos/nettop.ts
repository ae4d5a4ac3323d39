/**
 * macOS `nettop` in logging mode: `nettop -L 1 -n -x [-P] [-J bytes_in,bytes_out,rtt_avg,re-tx,...]`
 * prints CSV, a header line starting with `time,` and then per process a row
 * whose second cell is `name.pid`, followed (without -P) by that process's
 * connections, whose second cell is `tcp4 local<->remote`. Columns are found by
 * their names in the header (`-J` picks and orders them); -x gives plain
 * numbers, without it sizes look like `1.2 MiB` and are read too. With more
 * than one sample (`-L 2`), each header starts a new sample and the last wins.
 * Pure: text in, rows out; lines that cannot be read are counted, not thrown.
 *
 *   time,,interface,state,bytes_in,bytes_out,rx_dupe,rx_ooo,re-tx,rtt_avg,...
 *   12:00:01.123456,Safari.812,,,52340,7731,0,0,0,,...
 *   12:00:01.123001,tcp4 192.168.1.20:52011<->17.253.144.10:443,en0,Established,52340,7731,0,0,0,23.44 ms,...
 */
import type { Family, Protocol, SocketState } from '../../../shared/model';
import { stateFromWord } from '../linux-commands/socket-text';

export interface NettopProcess {
  name: string;
  pid: number;
  bytesIn: number | null;
  bytesOut: number | null;
}

export interface NettopConnection {
  pid: number;
  processName: string;
  protocol: Protocol;
  family: Family;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  interface: string | null;
  state: SocketState | null;
  bytesIn: number | null;
  bytesOut: number | null;
  /** nettop's re-tx: bytes retransmitted (not segments, unlike Linux's count). */
  retransmittedBytes: number | null;
  /** Average round-trip time, milliseconds. */
  rttMs: number | null;
}

export interface NettopSample {
  processes: NettopProcess[];
  connections: NettopConnection[];
  /** Lines that were neither a header, a process nor a connection, or had an unreadable endpoint. */
  skipped: number;
}

/** The `-J` list that asks for what NetScope reads. */
export const NETTOP_COLUMNS = ['bytes_in', 'bytes_out', 're-tx', 'rtt_avg', 'interface', 'state'] as const;

/** The command line: one sample, numeric addresses, plain numbers. */
export function nettopArgs(perProcessOnly = false): string[] {
  return ['-L', '1', '-n', '-x', ...(perProcessOnly ? ['-P'] : []), '-J', NETTOP_COLUMNS.join(',')];
}

/** Splits one CSV line; nettop quotes nothing, but a process name may hold a comma in a quoted cell. */
function cells(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

/** '52340', '1.2 MiB', '300 B' -> bytes; '' or anything else -> null. */
export function nettopBytes(text: string | undefined): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b)?\s*$/i.exec(text ?? '');
  if (!m) return null;
  const factor = SIZE_UNITS[(m[2] ?? '').toLowerCase()];
  return factor === undefined ? null : Math.round(Number(m[1]) * factor);
}

/** '23.44 ms', '1.5 s', '23.44' (ms) -> milliseconds; '' -> null. */
export function nettopMs(text: string | undefined): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|us|µs)?\s*$/i.exec(text ?? '');
  if (!m) return null;
  const unit = (m[2] ?? 'ms').toLowerCase();
  return Number(m[1]) * (unit === 's' ? 1000 : unit === 'ms' ? 1 : 0.001);
}

/** An IPv4 address or '*', a colon, then a port or '*': nothing else with one colon is an IPv6 endpoint. */
const IPV4_COLON_ENDPOINT = /^(\*|\d{1,3}(\.\d{1,3}){3}):(\d+|\*)$/;

/**
 * One endpoint: IPv4 `1.2.3.4:443`, IPv6 `fe80::1%en0.443` or `[::1]:443`
 * (releases differ: a dot before the port as netstat, or brackets), wildcards
 * `*:*` and `*.*`.
 */
export function nettopEndpoint(text: string, family: Family): { address: string; port: number } | null {
  const t = text.trim();
  if (t === '*:*' || t === '*.*' || t === '*') return { address: family === 4 ? '0.0.0.0' : '::', port: 0 };
  const bracket = /^\[(.+)\][.:](\d+|\*)$/.exec(t);
  let host: string;
  let port: string;
  if (bracket) {
    host = bracket[1] as string;
    port = bracket[2] as string;
  } else {
    // IPv4 is host:port (or host.port, as netstat); an IPv6 address is full of ':', so its port follows the last '.'.
    // A dual-stack (46) row is IPv6 but may spell an IPv4 peer or a wildcard the IPv4 way ('127.0.0.1:5000', '*:5000').
    const colonStyle = family === 4 ? t.includes(':') : IPV4_COLON_ENDPOINT.test(t);
    const at = colonStyle ? t.lastIndexOf(':') : t.lastIndexOf('.');
    if (at <= 0) return null;
    host = t.slice(0, at);
    port = t.slice(at + 1);
  }
  if (host === '*') host = family === 4 ? '0.0.0.0' : '::';
  const portNumber = port === '*' ? 0 : /^\d{1,5}$/.test(port) ? Number(port) : null;
  if (portNumber === null || portNumber > 65535) return null;
  return { address: host, port: portNumber };
}

/** nettop's states are CamelCase ('SynSent', 'FinWait1', 'TimeWait'): 'Syn_Sent' for stateFromWord. */
function snakeCase(word: string): string {
  return word.replace(/\s+/g, '_').replace(/([a-z])([A-Z])/g, '$1_$2');
}

const CONNECTION = /^(tcp|udp)(4|6|46)\s+(.+?)<->(.+)$/;
const PROCESS = /^(.*)\.(\d+)$/;

export function parseNettop(text: string): NettopSample {
  let columns = new Map<string, number>();
  let sample: NettopSample = { processes: [], connections: [], skipped: 0 };
  let owner: NettopProcess | null = null;
  let sawHeader = false;
  let skippedBefore = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '') continue;
    const row = cells(line);
    if (row[0] === 'time') {
      // A new sample: the previous one is complete, the newest counts (skipped lines add up).
      skippedBefore += sample.skipped;
      sample = { processes: [], connections: [], skipped: 0 };
      owner = null;
      sawHeader = true;
      columns = new Map(row.map((name, i) => [name.trim().toLowerCase(), i]));
      continue;
    }
    if (!sawHeader) {
      sample.skipped++;
      continue;
    }
    const cell = (name: string): string | undefined => {
      const i = columns.get(name);
      return i === undefined ? undefined : row[i];
    };
    const ident = (row[1] ?? '').trim();
    const conn = CONNECTION.exec(ident);
    if (conn) {
      // tcp46/udp46: a dual-stack socket is an AF_INET6 one (as netstat-an.ts reads it), '*.443' is '::'.
      const family: Family = conn[2] === '4' ? 4 : 6;
      const local = nettopEndpoint(conn[3] as string, family);
      const remote = nettopEndpoint(conn[4] as string, family);
      if (owner === null || local === null || remote === null) {
        sample.skipped++;
        continue;
      }
      const stateText = cell('state')?.trim() ?? '';
      sample.connections.push({
        pid: owner.pid,
        processName: owner.name,
        protocol: conn[1] as Protocol,
        family,
        localAddress: local.address,
        localPort: local.port,
        remoteAddress: remote.address,
        remotePort: remote.port,
        interface: cell('interface')?.trim() || null,
        state: stateText === '' ? null : stateFromWord(snakeCase(stateText)),
        bytesIn: nettopBytes(cell('bytes_in')),
        bytesOut: nettopBytes(cell('bytes_out')),
        retransmittedBytes: nettopBytes(cell('re-tx')),
        rttMs: nettopMs(cell('rtt_avg')),
      });
      continue;
    }
    const proc = PROCESS.exec(ident);
    if (proc && proc[1] !== '') {
      owner = {
        name: proc[1] as string,
        pid: Number(proc[2]),
        bytesIn: nettopBytes(cell('bytes_in')),
        bytesOut: nettopBytes(cell('bytes_out')),
      };
      sample.processes.push(owner);
      continue;
    }
    sample.skipped++;
  }
  sample.skipped += skippedBefore;
  return sample;
}
