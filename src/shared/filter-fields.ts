/**
 * The predicate of each `field:value` filter term (pid, port, state, proc, proto, addresses...; the traffic
 * comparisons are filter-traffic.ts), and the value parsers that filter-assist.ts also uses to say why a term
 * cannot match. Split out of filter.ts, which parses the filter and joins the terms' predicates.
 */
import { canonicalAddress, isIpLiteral, prefixContains } from './addresses';
import type { Connection } from './model';
import type { ConnectionPredicate } from './filter';
import { connectionService } from './services';
import { isTrafficFilterField, trafficPredicate } from './filter-traffic';

/** 'unix': UNIX domain sockets (rows only while the app lists them), which have no family. */
export const PROTOCOLS = new Set(['tcp', 'udp', 'raw', 'unix', 'tcp4', 'udp4', 'raw4', 'tcp6', 'udp6', 'raw6']);
const lc = (v: string | null | undefined): string => (v ?? '').toLowerCase();
const NEVER: ConnectionPredicate = () => false;

export function parsePort(value: string): number | null {
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

/** The state words a value may stand for: 'est' -> ESTABLISHED, 'time-wait' -> TIME_WAIT, '=close' -> CLOSE only. */
export function stateWord(value: string): { want: string; exact: boolean } {
  const exact = value.startsWith('=');
  return { want: (exact ? value.slice(1) : value).toUpperCase().replace(/-/g, '_'), exact };
}

function statePredicate(value: string): ConnectionPredicate {
  const { want, exact } = stateWord(value);
  return exact ? (c) => c.state === want : (c) => c.state.startsWith(want);
}

/** An address term: '=x' exact (v4-mapped and spelling aside), 'net/len' a prefix, else a substring. */
function addressPredicate(value: string, pick: (c: Connection) => string[]): ConnectionPredicate {
  if (value.startsWith('=')) {
    const exact = canonicalAddress(value.slice(1));
    return (c) => pick(c).some((a) => a === exact || canonicalAddress(a) === exact);
  }
  const cidr = parseCidr(value);
  if (cidr) return (c) => pick(c).some((a) => prefixContains(cidr.family, cidr.network, cidr.length, a));
  const needle = value.toLowerCase();
  return (c) => pick(c).some((a) => a.toLowerCase().includes(needle));
}

export function parseCidr(value: string): { family: 4 | 6; network: string; length: number } | null {
  const slash = value.indexOf('/');
  if (slash < 0) return null;
  const network = value.slice(0, slash);
  const length = /^\d{1,3}$/.test(value.slice(slash + 1)) ? Number(value.slice(slash + 1)) : -1;
  if (!isIpLiteral(network)) return null;
  const family = network.includes(':') ? 6 : 4;
  return length >= 0 && length <= (family === 4 ? 32 : 128) ? { family, network, length } : null;
}

function protocolPredicate(value: string): ConnectionPredicate {
  const want = value.toLowerCase();
  // 'tcp' means TCP over either family (as a user means it: -proto:udp drops udp6 too); 'tcp4'/'tcp6' one family.
  const family = want.endsWith('6') ? 6 : want.endsWith('4') ? 4 : null;
  const protocol = family === null ? want : want.slice(0, -1);
  return (c) => c.protocol === protocol && (family === null || c.family === family);
}

/** A `field:value` term's predicate (negation aside); filter-text.ts builds on it too. */
export function fieldPredicate(field: string, value: string): ConnectionPredicate {
  const needle = value.toLowerCase();
  switch (field) {
    case 'pid': {
      if (needle === 'none') return (c) => c.pid === null;
      const pid = /^\d+$/.test(value) ? Number(value) : null;
      return pid === null ? NEVER : (c) => c.pid === pid;
    }
    case 'state':
      return statePredicate(value);
    case 'port':
    case 'lport':
    case 'rport': {
      const port = parsePort(value);
      if (port === null) return NEVER;
      if (field === 'lport') return (c) => c.localPort === port;
      if (field === 'rport') return (c) => c.remotePort === port;
      return (c) => c.localPort === port || c.remotePort === port;
    }
    case 'proc':
      if (needle === 'none') return (c) => !c.processName;
      if (needle.startsWith('=')) return (c) => lc(c.processName) === needle.slice(1);
      return (c) => lc(c.processName).includes(needle);
    case 'user':
      return (c) => lc(c.user).includes(needle);
    case 'path':
      return (c) => lc(c.exePath).includes(needle);
    case 'service':
      return (c) => connectionService(c).toLowerCase().includes(needle);
    case 'proto':
      return PROTOCOLS.has(needle) ? protocolPredicate(needle) : NEVER;
    case 'addr':
      return addressPredicate(value, (c) => [c.localAddress, c.remoteAddress]);
    case 'laddr':
      return addressPredicate(value, (c) => [c.localAddress]);
    case 'raddr':
      return addressPredicate(value, (c) => [c.remoteAddress]);
    default:
      return isTrafficFilterField(field) ? trafficPredicate(field, value) : NEVER;
  }
}
