/**
 * What the filter box and the CLI say about a filter being typed: the terms that cannot match anything and why
 * (filterProblems), completions of the last word (filterSuggestions), and a term for a value (filterTerm, the grid's
 * context menu). Split out of filter.ts, which parses and compiles filters; these read a filter without running it.
 */
import { isIpLiteral } from './addresses';
import { SOCKET_STATES } from './model';
import { FILTER_FIELD_NAMES, FILTER_FIELDS, tokenize } from './filter';
import { parseCidr, parsePort, PROTOCOLS, stateWord } from './filter-fields';
import { matchComparison, TRAFFIC_FILTER_FIELDS, trafficTermProblem } from './filter-traffic';

/** A token that names a field: letters, then a colon ('10.0.0.1:443' does not; 'dead::beef' is checked apart). */
const FIELD_LIKE = /^([a-z]+):/i;

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

// Words other filter languages join terms with (ss: `or`, `and`, `not`; Wireshark: `||`, `&&`). This one has no
// operators: all terms must hold, so `port:1 OR port:2` would look for the text "or" too and show 0 rows unexplained.
const NO_OR = 'not supported: every term must hold (no OR, | or parentheses); filter for one at a time';
const OPERATORS: Readonly<Record<string, string>> = {
  or: NO_OR,
  '|': NO_OR,
  '||': NO_OR,
  and: 'not needed: every term must hold already; leave AND out',
  '&&': 'not needed: every term must hold already; leave && out',
  not: 'not supported: put - before a term to exclude it (-state:listen)',
};

/**
 * Why a token reads as an operator or a bracket this filter does not have, or null. A word alone ('or') stays a text
 * search; a token with both brackets ('(x86)', 'Program Files (x86)') is text as typed; one bracket alone, as in
 * `(port:1` or `port:2)`, is a group.
 */
function operatorProblem(token: string, tokens: number): string | null {
  if (tokens > 1) {
    const why = OPERATORS[token.toLowerCase()];
    if (why) return why;
  }
  if (token.includes('(') !== token.includes(')')) return 'not supported: parentheses do not group terms';
  return null;
}

/**
 * The terms of a filter that cannot match anything, each with why (empty when
 * every term can match). An unknown field ('foo:bar') is one: free text with a
 * colon is an address with a port ('10.0.0.1:443') or an IPv6 address. So is
 * an operator this filter does not have (`OR`, `|`, parentheses: operatorProblem).
 */
export function filterProblems(text: string): string[] {
  const problems: string[] = [];
  const tokens = tokenize(typeof text === 'string' ? text : '');
  for (const token of tokens) {
    const operator = operatorProblem(token, tokens.length);
    if (operator) {
      problems.push(`${token}: ${operator}`);
      continue;
    }
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
    if (!FILTER_FIELD_NAMES.has(field)) {
      // 'dead::beef', 'fe80::1%eth0' are IPv6 text; a known field reads on ('laddr:::/129'), as parseFilter reads it.
      if (value.startsWith(':') || isIpLiteral(body)) continue;
      // A drive ('C:\Windows\...', 'c:/tools') or a URL ('http://host/'): text parseFilter matches as typed, not a
      // misspelt field (which is what this warns of: 'stat:est' would match nothing).
      if (field.length === 1 || value.startsWith('/') || value.startsWith('\\')) continue;
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
