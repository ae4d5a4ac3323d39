/**
 * The filter's predicate with the row's free-text haystack (connectionHaystack)
 * handed in by the caller, who keeps it in an array beside the rows.
 *
 * WHY: compileFilter's free-text terms look the haystack up in a WeakMap per
 * row. Over 100k rows that lookup was most of a filter pass (Node: ~20 ms of
 * a ~23 ms pass, against ~4-9 ms for includes() over strings read from an
 * array), and the grid runs such a pass on keys typed into the filter box.
 * Same terms, same meaning as compileFilter (filter-text.test.ts compares them).
 */
import { fieldPredicate, parseFilter, type FilterTerm } from './filter';
import type { Connection } from './model';

/** Whether a row, whose haystack is `text`, matches. */
export type TextPredicate = (c: Connection, text: string) => boolean;

export interface TextFilter {
  test: TextPredicate;
  /** Whether any term reads the haystack (a filter of fields only needs none: pass ''). */
  readsText: boolean;
}

function termTest(term: FilterTerm): TextPredicate {
  let p: TextPredicate;
  if (term.field === null) {
    const needle = term.value.toLowerCase();
    p = (_c, text) => text.includes(needle);
  } else {
    const field = fieldPredicate(term.field, term.value);
    p = (c) => field(c);
  }
  return term.negate ? (c, text) => !p(c, text) : p;
}

/** compileFilter's predicate taking the haystack; null when the filter is empty (everything passes). */
export function compileTextFilter(text: string): TextFilter | null {
  const terms = parseFilter(text);
  if (terms.length === 0) return null;
  const tests = terms.map(termTest);
  const readsText = terms.some((t) => t.field === null);
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
