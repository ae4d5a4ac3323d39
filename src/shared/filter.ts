/**
 * The quick filter: free text that matches any column (case-insensitive
 * substring), plus `field:value` terms, each optionally negated with a leading
 * '-'; all terms must hold (no OR, | or parentheses: filterProblems names
 * them). Compiled once per filter string into a predicate, because it then
 * runs over up to 100k rows per refresh. compileFilter never
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
 *
 * This file parses a filter and compiles it; each `field:value` term's predicate
 * is filter-fields.ts, and what the box says while one is typed (problems,
 * suggestions, a term for a value) is filter-assist.ts.
 */
import { CONNECTION_COLUMNS } from './columns';
import type { Connection } from './model';
import { fieldPredicate } from './filter-fields';
import { isTrafficColumnId } from './traffic';
import { isRateFilterField, matchComparison, TRAFFIC_FILTER_FIELDS } from './filter-traffic';

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
export const FILTER_FIELD_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(FILTER_FIELDS),
  ...Object.keys(TRAFFIC_FILTER_FIELDS),
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
    const comparison = matchComparison(body);
    if (comparison) {
      // `rate>` alone: still typing.
      if (comparison.value !== '')
        terms.push({ negate, field: comparison.field, value: comparison.op + comparison.value });
      continue;
    }
    const colon = body.indexOf(':');
    const field = colon > 0 ? body.slice(0, colon).toLowerCase() : '';
    if (FILTER_FIELD_NAMES.has(field)) {
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

/** Whether the filter compares a rate (`rate>1M`, `-txrate:>1k`): a single refresh cannot answer it. */
export function filterNeedsRates(text: string | null): boolean {
  return text !== null && parseFilter(text).some((t) => t.field !== null && isRateFilterField(t.field));
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
