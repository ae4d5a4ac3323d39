/**
 * The quick filter: free text that matches any column (case-insensitive
 * substring), plus `field:value` terms, each optionally negated with a leading
 * '-'; all terms must hold. Compiled once per filter string into a predicate,
 * because it then runs over up to 100k rows per refresh. compileFilter never
 * throws; filterProblems() names the terms that cannot match anything
 * (`port:abc`, `state:bogus`, `foo:bar`), which the UI shows under the box
 * while the grid keeps its last valid result, and the CLI reports.
 *
 *   pid:1234  pid:none  state:est  state:=close (exact)  port:443  lport:22  rport:443
 *   proc:chrome  proc:=sshd (exact)  proc:none  user:root  service:https
 *   proto:tcp (tcp and tcp6)  proto:tcp4  proto:udp6  addr:10.0.  laddr:127.0.0.1
 *   raddr:=1.2.3.4 (exact, ::ffff:1.2.3.4 too)  raddr:10.0.0.0/8 (prefix)  path:/usr
 *   -state:listen   -proto:udp (udp and udp6)   proc:"Google Chrome"
 *   rate>1M  txrate>=100k  rxrate<1k  sent>1G  recv>10M  rtt>100ms  retrans>0 (filter-traffic.ts)
 */
import { canonicalAddress, isIpLiteral, prefixContains } from './addresses';
import { CONNECTION_COLUMNS } from './columns';
import { SOCKET_STATES, type Connection } from './model';
import { connectionService } from './services';
import { isTrafficColumnId } from './traffic';
import {
  isTrafficFilterField,
  matchComparison,
  TRAFFIC_FILTER_FIELDS,
  trafficPredicate,
  trafficTermProblem,
} from './filter-traffic';

export type ConnectionPredicate = (c: Connection) => boolean;

export interface FilterTerm {
  negate: boolean;
  /** null for free text. */
  field: string | null;
  value: string;
}

/** The fields a term can name, with what each matches (the suggestions and the help show these). */
export const FILTER_FIELDS: Readonly<Record<string, string>> = {
  pid: 'process ID (pid:none: no owning process)',
  proc: 'process name contains (proc:=name exact, proc:none)',
  state: 'TCP state starts with (state:=CLOSE exact)',
  port: 'local or remote port',
  lport: 'local port',
  rport: 'remote port',
  proto: 'tcp, udp, raw (both families), tcp4, tcp6, udp4, udp6, unix (UNIX domain sockets, when shown)',
  addr: 'local or remote address contains (=exact, or a prefix 10.0.0.0/8)',
  laddr: 'local address',
  raddr: 'remote address',
  user: 'user name contains',
  path: 'executable path contains',
  service: 'service name of the port (https, ssh, ...)',
};
// The traffic fields also take `rate:>1M`; their own form is `rate>1M` (parseFilter).
const FIELDS = new Set([...Object.keys(FILTER_FIELDS), ...Object.keys(TRAFFIC_FILTER_FIELDS)]);
/** 'unix': UNIX domain sockets (rows only while the app lists them), which have no family. */
const PROTOCOLS = new Set(['tcp', 'udp', 'raw', 'unix', 'tcp4', 'udp4', 'raw4', 'tcp6', 'udp6', 'raw6']);
/** A token that names a field: letters, then a colon ('10.0.0.1:443' does not; 'dead::beef' is checked apart). */
const FIELD_LIKE = /^([a-z]+):/i;

/** Splits on whitespace, keeping "double quoted" runs (also after `field:`) together. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let hasToken = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      hasToken = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (hasToken) out.push(cur);
      cur = '';
      hasToken = false;
    } else {
      cur += ch;
      hasToken = true;
    }
  }
  if (hasToken) out.push(cur);
  return out;
}

export function parseFilter(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (const token of tokenize(typeof text === 'string' ? text : '')) {
    let body = token;
    let negate = false;
    if (body.startsWith('-') && body.length > 1) {
      negate = true;
      body = body.slice(1);
    }
    const comparison = matchComparison(body);
    if (comparison) {
      // `rate>` alone: still typing.
      if (comparison.value !== '')
        terms.push({ negate, field: comparison.field, value: comparison.op + comparison.value });
      continue;
    }
    const colon = body.indexOf(':');
    const field = colon > 0 ? body.slice(0, colon).toLowerCase() : '';
    if (FIELDS.has(field)) {
      const value = body.slice(colon + 1).trim();
      // `pid:` alone: the user is still typing; ignore rather than match nothing.
      if (value.length > 0) terms.push({ negate, field, value });
      continue;
    }
    // Unknown prefixes ('10.0.0.1:443', 'fe80::1') are free text.
    if (body.length > 0 && body !== '-') terms.push({ negate, field: null, value: body });
  }
  return terms;
}

// The free-text haystack of a connection, cached per object: unchanged
// connections keep their object across diffs, so a new filter string costs one
// pass of includes() and no re-joining.
const haystacks = new WeakMap<Connection, string>();
// Counters change every refresh and are numbers: free text '443' should not match a byte count (use rate>, sent>).
export const TEXT_COLUMNS = CONNECTION_COLUMNS.filter((col) => !isTrafficColumnId(col.id));

export function connectionHaystack(c: Connection): string {
  let h = haystacks.get(c);
  if (h === undefined) {
    // NUL between cells so a match never spans two columns.
    h = TEXT_COLUMNS.map((col) => col.text(c))
      .join('\u0000')
      .toLowerCase();
    haystacks.set(c, h);
  }
  return h;
}

const lc = (v: string | null | undefined): string => (v ?? '').toLowerCase();
const NEVER: ConnectionPredicate = () => false;

function parsePort(value: string): number | null {
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

/** The state words a value may stand for: 'est' -> ESTABLISHED, 'time-wait' -> TIME_WAIT, '=close' -> CLOSE only. */
function stateWord(value: string): { want: string; exact: boolean } {
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

function parseCidr(value: string): { family: 4 | 6; network: string; length: number } | null {
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

function termPredicate(term: FilterTerm): ConnectionPredicate {
  let p: ConnectionPredicate;
  if (term.field === null) {
    const needle = term.value.toLowerCase();
    p = (c) => connectionHaystack(c).includes(needle);
  } else {
    p = fieldPredicate(term.field, term.value);
  }
  return term.negate ? (c) => !p(c) : p;
}

/** A predicate for the filter string; null when the filter is empty (everything passes). */
export function compileFilter(text: string): ConnectionPredicate | null {
  const predicates = parseFilter(text).map(termPredicate);
  if (predicates.length === 0) return null;
  if (predicates.length === 1) return predicates[0] ?? null;
  return (c) => {
    for (const p of predicates) if (!p(c)) return false;
    return true;
  };
}

const STATE_NAMES = SOCKET_STATES.filter((s) => s !== 'UNKNOWN');

/** Why a field term can never match, or null when it can. */
function termProblem(field: string, value: string): string | null {
  const v = value.toLowerCase();
  switch (field) {
    case 'pid':
      return v === 'none' || /^\d+$/.test(v) ? null : 'a PID is a number (or pid:none)';
    case 'port':
    case 'lport':
    case 'rport':
      return parsePort(v) !== null ? null : 'a port is a number from 0 to 65535';
    case 'state': {
      const { want, exact } = stateWord(value);
      const known = STATE_NAMES.some((s) => (exact ? s === want : s.startsWith(want)));
      return known ? null : `no state ${exact ? 'is' : 'starts with'} ${want} (${STATE_NAMES.join(', ')})`;
    }
    case 'proto':
      return PROTOCOLS.has(v) ? null : 'a protocol is tcp, udp or raw, with 4 or 6 for one family, or unix';
    case 'addr':
    case 'laddr':
    case 'raddr':
      return v.includes('/') && !v.startsWith('=') && parseCidr(v) === null
        ? 'a prefix is an address and a length, e.g. 10.0.0.0/8 or 2001:db8::/32'
        : null;
    default:
      return trafficTermProblem(field, value);
  }
}

/**
 * The terms of a filter that cannot match anything, each with why (empty when
 * every term can match). An unknown field ('foo:bar') is one: free text with a
 * colon is an address with a port ('10.0.0.1:443') or an IPv6 address.
 */
export function filterProblems(text: string): string[] {
  const problems: string[] = [];
  for (const token of tokenize(typeof text === 'string' ? text : '')) {
    const body = token.startsWith('-') ? token.slice(1) : token;
    const comparison = matchComparison(body);
    if (comparison) {
      // `rate>` alone is still being typed: trafficTermProblem says nothing of an empty value.
      const why = trafficTermProblem(comparison.field, comparison.op + comparison.value);
      if (why) problems.push(`${body}: ${why}`);
      continue;
    }
    const named = FIELD_LIKE.exec(body);
    if (!named?.[1]) continue;
    const field = named[1].toLowerCase();
    const value = body.slice(named[0].length).trim();
    if (!FIELDS.has(field)) {
      // 'dead::beef', 'fe80::1%eth0' are IPv6 text; a known field reads on ('laddr:::/129'), as parseFilter reads it.
      if (value.startsWith(':') || isIpLiteral(body)) continue;
      const fields = [...Object.keys(FILTER_FIELDS), ...Object.keys(TRAFFIC_FILTER_FIELDS).map((f) => `${f}>`)];
      problems.push(`${body}: unknown field "${field}" (fields: ${fields.join(', ')})`);
      continue;
    }
    if (value === '') continue; // still typing
    const why = termProblem(field, value);
    if (why) problems.push(`${body}: ${why}`);
  }
  return problems;
}

/**
 * Completions for the word being typed (the filter's last token): field names
 * it begins ('st' -> 'state:'), or values after 'state:' and 'proto:'. Each is
 * the whole filter text with that word completed.
 */
export function filterSuggestions(text: string, limit = 8): string[] {
  // No word at the end (empty text, or a space after the last word): nothing is being typed.
  const at = text.search(/\S+$/);
  if (at < 0) return [];
  const head = text.slice(0, at);
  let word = text.slice(at);
  const negate = word.startsWith('-') ? '-' : '';
  word = word.slice(negate.length).toLowerCase();
  const colon = word.indexOf(':');
  let options: string[];
  if (colon < 0) {
    if (!/^[a-z]+$/.test(word)) return [];
    options = [
      ...Object.keys(FILTER_FIELDS).map((f) => `${f}:`),
      ...Object.keys(TRAFFIC_FILTER_FIELDS).map((f) => `${f}>`),
    ].filter((f) => f.startsWith(word) && f.slice(0, -1) !== word);
  } else {
    const field = word.slice(0, colon);
    const value = word.slice(colon + 1);
    const values =
      field === 'state'
        ? STATE_NAMES.filter((s) => s !== 'NONE').map((s) => s.toLowerCase())
        : field === 'proto'
          ? [...PROTOCOLS]
          : [];
    options = values.filter((v) => v.startsWith(value) && v !== value).map((v) => `${field}:${v}`);
  }
  return options.slice(0, limit).map((o) => `${head}${negate}${o}`);
}

/** Puts a value in a filter term, quoting it when it has spaces or quotes would be needed. */
export function filterTerm(field: string, value: string): string {
  const clean = value.replace(/"/g, '');
  return /\s/.test(clean) ? `${field}:"${clean}"` : `${field}:${clean}`;
}
