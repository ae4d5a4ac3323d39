/**
 * The quick filter: free text that matches any column (case-insensitive
 * substring), plus `field:value` terms, each optionally negated with a leading
 * '-'; all terms must hold. Compiled once per filter string into a predicate,
 * because it then runs over up to 100k rows per refresh. Never throws: a term
 * it cannot understand becomes free text, so typing is never an error.
 *
 *   pid:1234  state:est  port:443  lport:22  rport:443  proc:chrome  user:root
 *   proto:tcp6  addr:10.0.  laddr:127.0.0.1  raddr:=1.2.3.4 (exact)  path:/usr
 *   -state:listen   proc:"Google Chrome"
 */
import { CONNECTION_COLUMNS } from './columns';
import { protocolLabel, type Connection } from './model';

export type ConnectionPredicate = (c: Connection) => boolean;

export interface FilterTerm {
  negate: boolean;
  /** null for free text. */
  field: string | null;
  value: string;
}

const FIELDS = new Set([
  'pid',
  'state',
  'port',
  'lport',
  'rport',
  'proc',
  'user',
  'proto',
  'addr',
  'laddr',
  'raddr',
  'path',
]);

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

export function connectionHaystack(c: Connection): string {
  let h = haystacks.get(c);
  if (h === undefined) {
    // NUL between cells so a match never spans two columns.
    h = CONNECTION_COLUMNS.map((col) => col.text(c))
      .join('\u0000')
      .toLowerCase();
    haystacks.set(c, h);
  }
  return h;
}

const lc = (v: string | null | undefined): string => (v ?? '').toLowerCase();
const NEVER: ConnectionPredicate = () => false;

function parsePort(value: string): number | null {
  return /^\d{1,5}$/.test(value) ? Number(value) : null;
}

/** 'est' -> ESTABLISHED, 'time-wait' -> TIME_WAIT, 'syn' -> SYN_SENT|SYN_RECV, 'none'/'' -> stateless. */
function statePredicate(value: string): ConnectionPredicate {
  const want = value.toUpperCase().replace(/-/g, '_');
  return (c) => c.state.startsWith(want);
}

function addressPredicate(value: string, pick: (c: Connection) => string[]): ConnectionPredicate {
  if (value.startsWith('=')) {
    const exact = value.slice(1).toLowerCase();
    return (c) => pick(c).some((a) => a.toLowerCase() === exact);
  }
  const needle = value.toLowerCase();
  return (c) => pick(c).some((a) => a.toLowerCase().includes(needle));
}

function fieldPredicate(field: string, value: string): ConnectionPredicate {
  const needle = value.toLowerCase();
  switch (field) {
    case 'pid': {
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
      return (c) => lc(c.processName).includes(needle);
    case 'user':
      return (c) => lc(c.user).includes(needle);
    case 'path':
      return (c) => lc(c.exePath).includes(needle);
    case 'proto':
      // 'tcp4' is accepted for symmetry with 'tcp6'; labels are exact so tcp != tcp6.
      return (c) => protocolLabel(c) === needle.replace(/^(tcp|udp|raw)4$/, '$1');
    case 'addr':
      return addressPredicate(value, (c) => [c.localAddress, c.remoteAddress]);
    case 'laddr':
      return addressPredicate(value, (c) => [c.localAddress]);
    case 'raddr':
      return addressPredicate(value, (c) => [c.remoteAddress]);
    default:
      return NEVER;
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

/** Puts a value in a filter term, quoting it when it has spaces or quotes would be needed. */
export function filterTerm(field: string, value: string): string {
  const clean = value.replace(/"/g, '');
  return /\s/.test(clean) ? `${field}:"${clean}"` : `${field}:${clean}`;
}
