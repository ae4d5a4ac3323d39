import { describe, expect, it } from 'vitest';
import { assignConnectionIds, blankConnection, type Connection } from '../../shared/model';
import { createFilteredViews, type FilteredViews } from './filtered-view';
import { sortConnections } from './sort';
import { createRehearsal, REHEARSAL_MIN_ROWS, REHEARSAL_ROUNDS } from './view-rehearsal';

const noExtra = (): string => '';

/** `n` established rows in arrival order, remote addresses spread so a sort by them moves rows about. */
function rows(n: number): Connection[] {
  const out: Connection[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      blankConnection({
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.1',
        localPort: 1024 + i,
        remoteAddress: `10.${(i * 7919) % 256}.${i % 256}.${i % 7}`,
        remotePort: 443,
        state: 'ESTABLISHED',
        pid: 1000 + (i % 50),
        processName: `worker-${i % 50}`,
      }),
    );
  return assignConnectionIds(out);
}

/** The views with every sync's input and answer recorded. */
function recorded(views: FilteredViews): {
  views: FilteredViews;
  synced: { incremental: boolean; rows: Connection[]; out: Connection[] }[];
} {
  const synced: { incremental: boolean; rows: Connection[]; out: Connection[] }[] = [];
  return {
    synced,
    views: {
      ...views,
      sync(input, filter) {
        const out = views.sync(input, filter);
        synced.push({ incremental: input.change !== null, rows: input.rows, out });
        return out;
      },
      shown: (r) => views.shown(r),
      get rebuilds() {
        return views.rebuilds;
      },
    },
  };
}

describe('createRehearsal', () => {
  it('runs a sorted view through diffs it follows incrementally (the code real diffs run), never a rebuild', () => {
    const page = rows(REHEARSAL_MIN_ROWS + 2000);
    const views = createFilteredViews({ column: 'remoteAddress', desc: false }, false, noExtra);
    const { views: spy, synced } = recorded(views);
    const rehearsal = createRehearsal(page, spy);
    let steps = 1;
    while (rehearsal.step()) steps++;
    expect(steps).toBe(REHEARSAL_ROUNDS + 1);
    expect(rehearsal.step()).toBe(false);
    // The first sync builds the throwaway view; every later one is a diff's update.
    expect(synced.map((s) => s.incremental)).toEqual([false, ...Array<boolean>(REHEARSAL_ROUNDS).fill(true)]);
    expect(views.rebuilds).toBe(1);
    // And each view is still right: the rows sorted from scratch.
    const last = synced[synced.length - 1];
    expect(last?.out).toEqual(sortConnections(last?.rows ?? [], 'remoteAddress', false, noExtra));
  });

  it("leaves the page's rows as they were", () => {
    const page = rows(REHEARSAL_MIN_ROWS + 2000);
    const before = [...page];
    const texts = JSON.stringify(page);
    const rehearsal = createRehearsal(page, createFilteredViews(null, false, noExtra));
    while (rehearsal.step());
    expect(page).toEqual(before);
    expect(page.every((c, i) => c === before[i])).toBe(true);
    expect(JSON.stringify(page)).toBe(texts);
  });

  it('does nothing with too few rows', () => {
    const { views, synced } = recorded(createFilteredViews(null, false, noExtra));
    expect(createRehearsal(rows(REHEARSAL_MIN_ROWS - 1), views).step()).toBe(false);
    expect(synced).toEqual([]);
  });
});
