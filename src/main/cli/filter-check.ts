/**
 * --filter's text checked as the GUI's filter box checks it (filterProblems): a filter that cannot match anything is
 * a usage error (exit 2) before anything is collected, not an empty table with exit 0. Its own module, loaded by
 * main.ts only when a filter is given: the filter code (ipaddr.js, the column list) stays out of every other start.
 */
import { filterProblems } from '../../shared/filter-assist';
import { UsageError } from './flag-table';

export function checkFilter(filter: string | null): void {
  if (filter === null) return;
  const problems = filterProblems(filter);
  // Joined as the filter box joins them, so the CLI and the GUI say the same.
  if (problems.length > 0) throw new UsageError(`--filter: ${problems.join(' · ')}`);
}
