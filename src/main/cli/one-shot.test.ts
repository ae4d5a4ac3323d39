/** A single listing asks again only after a read hung, and keeps what the first attempt said. */
import { describe, expect, it } from 'vitest';
import { emptySnapshot, type CollectorReport } from '../../shared/model';
import type { Tick } from '../engine/scheduler';
import { filterNeedsRates } from '../../shared/filter';
import { takeListing, takeRatedListing } from './one-shot';

const report = (name: string, error: string | null, warnings: string[] = []): CollectorReport => ({
  name,
  ok: error === null,
  tookMs: 1,
  error,
  warnings,
});
const tick = (...collectors: CollectorReport[]): Tick => ({ snapshot: emptySnapshot({ collectors }), diff: null });

/** Hands out the ticks in order, and a stuck-thread count that rises by `stuckPerTake` with each collection. */
function fakeScheduler(ticks: Tick[], stuckPerTake: number) {
  let taken = 0;
  return {
    takes: () => taken,
    stuck: () => taken * stuckPerTake,
    takeNow: async () => ticks[taken++] as Tick,
  };
}

describe('takeListing', () => {
  it('takes one collection when every collector answered', async () => {
    const s = fakeScheduler([tick(report('connections', null))], 0);
    const result = await takeListing(s, s.stuck);
    expect(s.takes()).toBe(1);
    expect(result.snapshot.collectors[0]?.ok).toBe(true);
  });

  it('asks once more after a read hung, and keeps the first error among the second answer’s warnings', async () => {
    const hung = 'owner scan: reading the details of process 100 did not answer within 0.3 s';
    const s = fakeScheduler(
      [
        tick(report('connections', hung), report('routes', null)),
        tick(report('connections', null, ['process 100: reading its details hangs']), report('routes', null)),
      ],
      1,
    );
    const result = await takeListing(s, s.stuck);
    expect(s.takes()).toBe(2);
    const connections = result.snapshot.collectors.find((c) => c.name === 'connections');
    expect(connections?.ok).toBe(true);
    expect(connections?.warnings).toEqual([hung, 'process 100: reading its details hangs']);
    expect(result.snapshot.collectors.find((c) => c.name === 'routes')?.warnings).toEqual([]);
  });

  it('does not ask again for a failure no hung read explains (it would fail the same way)', async () => {
    const s = fakeScheduler([tick(report('connections', 'EACCES')), tick(report('connections', null))], 0);
    const result = await takeListing(s, s.stuck);
    expect(s.takes()).toBe(1);
    expect(result.snapshot.collectors[0]?.error).toBe('EACCES');
  });
});

// Issue 11 audit (session 35): `netscope -tn --filter 'rate>1M'` during a 4 MB/s transfer printed 0 rows, exit 0.
describe('a single listing filtered on rates', () => {
  it('is told apart from one filtered on anything else', () => {
    for (const f of ['rate>1M', 'txrate>=100k', 'proc:curl rxrate<1k', '-rate>1M', 'rate:>1M'])
      expect([f, filterNeedsRates(f)]).toEqual([f, true]);
    for (const f of [null, '', 'sent>1G', 'recv>10M', 'rtt>100ms', 'proc:rate', 'rate', 'rate>'])
      expect([f, filterNeedsRates(f)]).toEqual([f, false]);
  });

  it('takes a second refresh after the pause and returns it (its rates span the pause)', async () => {
    const first = tick(report('connections', null));
    const second = tick(report('connections', null));
    const s = fakeScheduler([first, second], 0);
    const pauses: number[] = [];
    const result = await takeRatedListing(s, s.stuck, 1000, async (ms) => {
      pauses.push(ms);
      expect(s.takes()).toBe(1);
    });
    expect(pauses).toEqual([1000]);
    expect(s.takes()).toBe(2);
    expect(result).toBe(second);
  });
});
