/**
 * Whether a filter edit can only shrink the set of rows that match: then the
 * grid filters the rows the previous filter kept instead of every row (typing
 * `worker-12` one key at a time at 100k rows: each key after the first looks
 * at the previous key's matches only).
 *
 * The rule is deliberately narrow, so a "yes" is always right (a "no" only
 * costs a pass over every row). The old filter's terms must each still be in
 * the new filter, in the same place, either unchanged or, for free text that
 * is not negated, grown into a longer text that contains the old one (a row
 * whose text contains `worker-12` contains `worker-1`). Terms added after
 * them only restrict more, since all terms must hold. Anything else is a
 * "no": a negated text that grows (`-ab` lets through more than `-a`), a
 * field value that changes (`proc:n` to `proc:none`, `rate>1` to `rate>10`),
 * a term removed.
 */
import { parseFilter, type FilterTerm } from './filter';

/** Every row `to` matches is matched by `from` (for the predicates compileFilter builds from them). */
export function filterNarrows(from: string, to: string): boolean {
  return termsNarrow(parseFilter(from), parseFilter(to));
}

/** filterNarrows on parsed terms (parseFilter's output), for callers that keep them. */
export function termsNarrow(from: readonly FilterTerm[], to: readonly FilterTerm[]): boolean {
  if (to.length < from.length) return false;
  return from.every((old, i) => termNarrows(old, to[i] as FilterTerm));
}

function termNarrows(old: FilterTerm, next: FilterTerm): boolean {
  if (old.negate !== next.negate || old.field !== next.field) return false;
  if (old.value === next.value) return true;
  // Free text matches case-insensitively as a substring of the row's text (filter.ts termPredicate).
  return old.field === null && !old.negate && next.value.toLowerCase().includes(old.value.toLowerCase());
}
