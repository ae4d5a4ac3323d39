/**
 * The filter's predicate with the row's free-text haystack handed in by the
 * caller, who keeps it in an array beside the rows: either the whole haystack
 * (connectionHaystack) or, faster, the row's text in two parts (rowText).
 *
 * WHY: compileFilter's free-text terms look the haystack up in a WeakMap per
 * row. Over 100k rows that lookup was most of a filter pass (Node: ~20 ms of
 * a ~23 ms pass, against ~4-9 ms for includes() over strings read from an
 * array), and the grid runs such a pass on keys typed into the filter box.
 *
 * WHY two parts: the owner's cells (PID, process, user, path, command line,
 * services) are the same for every connection of a process, hundreds or
 * thousands of rows, and what a user types is most often a process name.
 * Each distinct owner text is one shared object that remembers whether the
 * last term or two matched it, so a pass tests each owner once and each row's
 * own cells (addresses, ports, state...) only where its owner did not match.
 * Typing `worker-12` at 100k rows, the includes() calls per key fell from 100k
 * on ~110 characters to ~500 (every row's owner matched) or one per row whose
 * owner did not on ~60. A match never spans two cells (they are joined with a
 * NUL), so a term matches the whole haystack exactly when it matches a part;
 * a term with a NUL in it reads the whole haystack.
 *
 * Same terms, same meaning as compileFilter (filter-text.test.ts compares them).
 */
import { connectionHaystack, parseFilter, TEXT_COLUMNS, type FilterTerm } from './filter';
import { fieldPredicate } from './filter-fields';
import type { Connection } from './model';
import { charMask, type CharMask } from './filter-chars';

/** A distinct owner text, shared by every row of that owner, with what the last terms tested found. */
export interface OwnerText {
  readonly text: string;
  /** Two memo slots (a filter's free-text terms alternate between them): the term's id and its answer. */
  term0: number;
  match0: boolean;
  term1: number;
  match1: boolean;
}

/** A row's filter text: its own cells, and its owner's (the haystack's cells, split; each part lowercase). */
export interface RowText {
  readonly own: string;
  readonly owner: OwnerText;
  /** The characters `own` holds (filter-chars.ts): a term with a character it lacks is not in it. */
  readonly ownLo: number;
  readonly ownHi: number;
  /**
   * The id of a free-text term known not to be in `own` (0: none). WHY: typing lengthens the term, and a cell
   * that lacks `worker-1` lacks `worker-12`: the next key skips the row's search. A fact about `own`, which never
   * changes, so it never goes stale; a term trusts it only if that term's text is part of its own (termsImplied).
   */
  miss: number;
}

/**
 * What a text filter reads for a row: its whole haystack, or the two parts, or undefined when the row's text is not
 * built yet: the filter then reads the row itself (its owner's text, and its own cells one by one: ownCellsTest).
 * WHY undefined and not a text made on the spot: a key typed before the grid has built the texts
 * (warm-filter-text.ts), at once after the click into the box, built 100k of them before its frame.
 */
export type Haystack = string | RowText | undefined;

/** Whether a row, whose haystack is `text`, matches. */
export type TextPredicate = (c: Connection, text: Haystack) => boolean;

export interface TextFilter {
  test: TextPredicate;
  /** Whether any term reads the haystack (a filter of fields only needs none: pass ''). */
  readsText: boolean;
}

const OWNER_COLUMN_IDS = new Set(['pid', 'process', 'user', 'path', 'commandLine', 'components']);
const OWN_TEXTS = TEXT_COLUMNS.filter((col) => !OWNER_COLUMN_IDS.has(col.id)).map((col) => col.text);
const OWNER_TEXTS = TEXT_COLUMNS.filter((col) => OWNER_COLUMN_IDS.has(col.id)).map((col) => col.text);

/** Owner texts by their text, so that the rows of one owner share one object. */
const owners = new Map<string, OwnerText>();
/** More distinct owners than a machine has: the map is then started again (PIDs come and go). */
const MAX_OWNERS = 50_000;

/** The fields an owner text is made of (OWNER_TEXTS read only these), and the text they made. */
interface OwnerSeen {
  readonly pid: number | null;
  readonly processName: string | null;
  readonly user: string | null;
  readonly exePath: string | null;
  readonly commandLine: string | null;
  readonly components: readonly string[] | undefined;
  readonly owner: OwnerText;
}
/**
 * The last owner seen per PID (-1: none). WHY: every row of a process has the same owner cells, and the store
 * gives them the same string objects (store/shared-strings.ts), so comparing five fields (equal objects compare
 * at once) stands in for joining, lowercasing and hashing ~60 characters per row: a third of building 100k texts.
 */
const ownerByPid = new Map<number, OwnerSeen>();

/** The cells' texts joined by NUL (a match never spans two cells, as in connectionHaystack), lowercase. */
function joinedLower(texts: readonly ((c: Connection) => string)[], c: Connection): string {
  // Concatenated, not map().join(): no array per row.
  let text = (texts[0] as (c: Connection) => string)(c);
  for (let i = 1; i < texts.length; i++) text += '\u0000' + (texts[i] as (c: Connection) => string)(c);
  return text.toLowerCase();
}

function ownerText(text: string): OwnerText {
  let owner = owners.get(text);
  if (owner === undefined) {
    if (owners.size >= MAX_OWNERS) {
      owners.clear();
      ownerByPid.clear();
    }
    owner = { text, term0: 0, match0: false, term1: 0, match1: false };
    owners.set(text, owner);
  }
  return owner;
}

function rowOwner(c: Connection): OwnerText {
  const key = c.pid ?? -1;
  const seen = ownerByPid.get(key);
  if (
    seen !== undefined &&
    seen.pid === c.pid &&
    seen.processName === c.processName &&
    seen.exePath === c.exePath &&
    seen.user === c.user &&
    seen.commandLine === c.commandLine &&
    seen.components === c.components
  )
    return seen.owner;
  const owner = ownerText(joinedLower(OWNER_TEXTS, c));
  const { pid, processName, exePath, user, commandLine, components } = c;
  ownerByPid.set(key, { pid, processName, exePath, user, commandLine, components, owner });
  return owner;
}

/**
 * The row's text in two parts, built anew on each call: the caller keeps it (the grid's views, in an array beside
 * their rows, carried across diffs: renderer/grid/ranked.ts). WHY no cache per connection object (a WeakMap, as
 * connectionHaystack has): its lookups and inserts were ~40% of building 100k texts (Node: ~50 of ~120 ms), and
 * 100k entries are ephemerons every major GC must mark, while the grid reads the texts from its arrays anyway.
 */
export function rowText(c: Connection): RowText {
  const own = joinedLower(OWN_TEXTS, c);
  const mask = charMask(own);
  return { own, owner: rowOwner(c), ownLo: mask.lo, ownHi: mask.hi, miss: 0 };
}

/**
 * Lets go of the owner texts (and the last owner seen per PID): the next rowText makes them anew. WHY: the grid
 * keeps the rows' texts only while a filter may be typed (grid/useViewRows.ts); once it lets them go, these maps
 * would keep every owner's text and its memo alive for nothing.
 */
export function forgetRowTexts(): void {
  owners.clear();
  ownerByPid.clear();
}

/** Ids of compiled free-text terms, for the owners' memo and the rows' `miss` (0: never tested). */
let lastTermId = 0;
/**
 * The texts of the last RECENT free-text terms compiled, at their id's slot (id % RECENT): a new term looks there
 * for earlier ones whose text is part of its own, whose misses it can trust.
 */
const RECENT = 32;
const recentNeedles: string[] = new Array<string>(RECENT).fill('');

/** Which of the last RECENT term ids (by slot) are of a text inside `needle`: a row missing one misses `needle`. */
function termsImplied(needle: string): Uint8Array {
  const implied = new Uint8Array(RECENT);
  const oldest = Math.max(1, lastTermId - RECENT + 1);
  for (let id = oldest; id <= lastTermId; id++) {
    const slot = id % RECENT;
    if (needle.includes(recentNeedles[slot] as string)) implied[slot] = 1;
  }
  return implied;
}

/**
 * The own cells whose text is one numeric field's decimal digits, or '' (no value, or a UNIX socket's port), or `*`
 * (a remote port with no peer): the field's value, read without making the text. A term with any other character
 * is never in such a cell while the value is a whole number >= 0 (String() of one is digits only), which
 * ownCellsTest then skips.
 */
const DIGIT_FIELDS: Readonly<Record<string, (c: Connection) => number | null | undefined>> = {
  localPort: (c) => c.localPort,
  remotePort: (c) => c.remotePort,
  inode: (c) => c.inode,
  rxQueue: (c) => c.rxQueue,
  txQueue: (c) => c.txQueue,
  peerInode: (c) => c.peerInode,
};
const OWN_CELLS = TEXT_COLUMNS.filter((col) => !OWNER_COLUMN_IDS.has(col.id)).map((col) => ({
  text: col.text,
  digits: DIGIT_FIELDS[col.id] ?? null,
}));

/** Whether String(v) is decimal digits only, or v is absent (its cell is then ''). */
function digitsOnly(v: number | null | undefined): boolean {
  return v === null || v === undefined || (v >= 0 && v < 1e21 && v % 1 === 0);
}

/**
 * Whether `needle` (lowercase, no NUL) is in one of the row's own cells, read cell by cell without building the
 * row's text (the same answer as rowText's `own.includes(needle)`: a match never spans two cells).
 * Each cell remembers its last text and answer: rows in view order repeat a cell's text (protocol, state, local
 * address, service), compared by identity or a few characters instead of lowercased and searched again.
 *
 * WHY: a key typed before the grid has built the rows' texts (warm-filter-text.ts), typed at once after the click
 * into the box, built the own cells of every row its term was not in the owner of: `.` at 100k rows built 100k
 * texts (joining 14 cells, lowercasing ~60 characters, their character mask, an object each), 110-180 ms in
 * Chromium before its frame. Here most rows are decided by their first cells (a dot in an IPv4 address), and a
 * term of letters passes over the numeric cells without making their text.
 */
function ownCellsTest(needle: string): (c: Connection) => boolean {
  const digitsNeedle = /^[0-9*]+$/.test(needle);
  const cells = OWN_CELLS.map(({ text, digits }) => {
    let lastText: string | null = null;
    let lastMatch = false;
    return (c: Connection): boolean => {
      if (digits !== null && !digitsNeedle && digitsOnly(digits(c))) return false;
      const t = text(c);
      if (t === lastText) return lastMatch;
      lastText = t;
      lastMatch = t.toLowerCase().includes(needle);
      return lastMatch;
    };
  });
  return (c) => {
    for (let k = 0; k < cells.length; k++) if ((cells[k] as (c: Connection) => boolean)(c)) return true;
    return false;
  };
}

/**
 * Whether `needle` (term `id`) is in the row's own cells: not when the cells lack one of its characters or lack a
 * shorter term inside it (the row's `miss`), else searched, and a miss remembered for the next key.
 */
function ownTest(needle: string, id: number): (text: RowText) => boolean {
  const mask: CharMask = charMask(needle);
  const { lo, hi } = mask;
  recentNeedles[id % RECENT] = needle;
  const implied = termsImplied(needle);
  return (text) => {
    if (((lo & ~text.ownLo) | (hi & ~text.ownHi)) !== 0) return false;
    const age = id - text.miss;
    // A miss of this term or of one of the last RECENT whose text is inside this one (an older term's too).
    if (text.miss !== 0 && age >= 0 && age < RECENT && implied[text.miss % RECENT] === 1) return false;
    if (text.own.includes(needle)) return true;
    text.miss = id;
    return false;
  };
}

function freeTextTest(value: string, slot: number): TextPredicate {
  const needle = value.toLowerCase();
  // A NUL could join two cells of the whole haystack: read it, as compileFilter does.
  if (needle.includes('\u0000'))
    return (c, text) => (typeof text === 'string' ? text : connectionHaystack(c)).includes(needle);
  const id = ++lastTermId;
  const inOwn = ownTest(needle, id);
  const inCells = ownCellsTest(needle);
  // WHY two closures written out: each reads its own fixed memo fields (term0/match0 or term1/match1), so the
  // per-row test of every key does no indexed lookup into a per-owner array.
  if (slot === 0)
    return (c, text) => {
      if (typeof text === 'string') return text.includes(needle);
      const o = text === undefined ? rowOwner(c) : text.owner;
      if (o.term0 !== id) {
        o.term0 = id;
        o.match0 = o.text.includes(needle);
      }
      return o.match0 || (text === undefined ? inCells(c) : inOwn(text));
    };
  return (c, text) => {
    if (typeof text === 'string') return text.includes(needle);
    const o = text === undefined ? rowOwner(c) : text.owner;
    if (o.term1 !== id) {
      o.term1 = id;
      o.match1 = o.text.includes(needle);
    }
    return o.match1 || (text === undefined ? inCells(c) : inOwn(text));
  };
}

function termTest(term: FilterTerm, slot: number): TextPredicate {
  let p: TextPredicate;
  if (term.field === null) p = freeTextTest(term.value, slot);
  else {
    const field = fieldPredicate(term.field, term.value);
    p = (c) => field(c);
  }
  return term.negate ? (c, text) => !p(c, text) : p;
}

/** compileFilter's predicate taking the haystack; null when the filter is empty (everything passes). */
export function compileTextFilter(text: string): TextFilter | null {
  const terms = parseFilter(text);
  if (terms.length === 0) return null;
  let freeText = 0;
  const tests = terms.map((t) => termTest(t, t.field === null ? freeText++ % 2 : 0));
  const readsText = freeText > 0;
  const only = tests.length === 1 ? tests[0] : undefined;
  if (only) return { test: only, readsText };
  return {
    test: (c, h) => {
      for (const t of tests) if (!t(c, h)) return false;
      return true;
    },
    readsText,
  };
}
