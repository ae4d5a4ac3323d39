/**
 * The GC summary of a renderer bench's span (bench/gc-log.mjs, GC_LOG=1): a hand-written Chromium trace of two
 * renderers, whose page is the one whose main thread ran the most GC; nested GC events count once, other work on
 * the main thread not at all, and only the page's pool threads' concurrent marking is summed.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs bench module without types
import { gcFromTrace, gcSplit, gcSummary } from '../bench/gc-log.mjs';

const thread = (pid: number, tid: number, name: string) => ({ ph: 'M', name: 'thread_name', pid, tid, args: { name } });
const x = (pid: number, tid: number, name: string, tsMs: number, durMs: number) => ({
  ph: 'X',
  cat: 'devtools.timeline,disabled-by-default-v8.gc',
  name,
  pid,
  tid,
  ts: tsMs * 1000,
  dur: durMs * 1000,
});

// The page: renderer 10 (main thread 1, pool thread 2); another renderer 20 with a little GC of its own.
const trace = [
  thread(10, 1, 'CrRendererMain'),
  thread(10, 2, 'ThreadPoolForegroundWorker'),
  thread(20, 5, 'CrRendererMain'),
  // A major GC: its pause (MajorGC with a nested V8 phase) and two incremental steps, one with Oilpan's step nested.
  x(10, 1, 'V8.GCIncrementalMarking', 100, 4),
  x(10, 1, 'CppGC.IncrementalMark', 101, 2),
  x(10, 1, 'V8.GCIncrementalMarking', 110, 3),
  x(10, 1, 'MajorGC', 120, 20),
  x(10, 1, 'V8.GC_MC_MARK', 121, 10),
  // Two scavenges.
  x(10, 1, 'MinorGC', 200, 2),
  x(10, 1, 'MinorGC', 300, 1.5),
  // The page's own work (not GC) and the pool's marking (counted) and raster (not).
  x(10, 1, 'FunctionCall', 400, 50),
  x(10, 2, 'V8.GC_MC_BACKGROUND_MARKING', 95, 30),
  x(10, 2, 'V8.GC_MC_BACKGROUND_MARKING', 130, 5),
  x(10, 2, 'DisplayItemList::Raster', 150, 8),
  // A major GC the memory reducer started (V8's own event for it, in the v8 category).
  { ...x(10, 1, 'V8.GCFinalizeMCReduceMemory', 120, 20), cat: 'v8' },
  // The other renderer: less GC, ignored.
  x(20, 5, 'MajorGC', 100, 10),
  x(20, 5, 'MinorGC', 100, 1),
];

describe('gcFromTrace', () => {
  it('sums the page main thread GC once per instant, counts majors and scavenges, and the pool marking', () => {
    const g = gcFromTrace(trace);
    expect(g.majors).toBe(1);
    expect(g.reduces).toBe(1);
    expect(g.scavenges).toBe(2);
    expect(g.majorMs).toBeCloseTo(20);
    expect(g.stepsMs).toBeCloseTo(7);
    expect(g.scavengeMs).toBeCloseTo(3.5);
    // 4 + 3 + 20 + 2 + 1.5: the nested events (CppGC in a step, a phase in the pause) add nothing.
    expect(g.mainMs).toBeCloseTo(30.5);
    expect(g.poolMarkingMs).toBeCloseTo(35);
  });

  it('reads a trace without the GC category as not captured, and one with it but no GC as none', () => {
    const g = gcFromTrace([thread(10, 1, 'CrRendererMain'), { ...x(10, 1, 'FunctionCall', 1, 1), cat: 'v8.execute' }]);
    expect(g).toMatchObject({ captured: false, majors: 0, scavenges: 0, mainMs: 0, poolMarkingMs: 0 });
    expect(gcSummary(g, 20)).toContain('not captured');
    const none = gcFromTrace([thread(10, 1, 'CrRendererMain'), x(10, 1, 'V8.GC_TIME_TO_SAFEPOINT', 1, 0)]);
    expect(gcSummary(none, 20)).toContain('0 major (one every - diffs; 0 started by the memory reducer), 0 scavenges');
    expect(gcSummary(gcFromTrace(trace), 10)).toContain(
      '1 major (one every 10.0 diffs; 1 started by the memory reducer), 2 scavenges',
    );
  });

  it('places each diff on the trace by the sync mark and splits them by the GC in their span', () => {
    // The page's clock read 5000 ms at the mark, which the trace stamped at 100 ms: page ms t is trace ms t - 4900.
    const synced = [...trace, { ph: 'R', name: 'gc-log-sync', pid: 10, tid: 1, ts: 100_000 }];
    const diffs = [
      // 5000-5010 page = 100-110 trace: the first step (100-104) and its nested Oilpan step: 4 ms.
      { t0: 5000, paint: 5010 },
      // 5015-5030 = 115-130: 10 ms of the major pause (120-140).
      { t0: 5015, paint: 5030 },
      // 5150-5160 = 250-260: nothing.
      { t0: 5150, paint: 5160 },
      // 5199-5200.5 = 299-300.5: 0.5 ms of a scavenge, under the 2 ms that counts as hit.
      { t0: 5199, paint: 5200.5 },
    ];
    const g = gcFromTrace(synced, 5000, diffs);
    expect(g.perDiff.map((d: { gcMs: number }) => d.gcMs)).toEqual([4, 10, 0, 0.5]);
    // The pool marked at 95-125 and 130-135 trace ms: 10 ms of the first span (100-110), 10 of the second (115-125).
    expect(g.perDiff.map((d: { poolMs: number }) => d.poolMs)).toEqual([10, 10, 0, 0]);
    expect(gcSplit(g.perDiff, 5, 'poolMs')).toEqual({
      hit: { n: 2, median: 12.5, p95: 10 },
      clear: { n: 2, median: 5.75, p95: 1.5 },
    });
    const { hit, clear } = gcSplit(g.perDiff);
    expect(hit).toEqual({ n: 2, median: 12.5, p95: 10 });
    expect(clear).toEqual({ n: 2, median: 5.75, p95: 1.5 });
    expect(gcSummary(g, 4)).toContain('diffs 2 with >= 2 ms of main-thread GC in their span: median 13, p95 10 ms');
    // Without the mark (a trace that lost it) no diff is placed, and the summary says nothing of them.
    expect(gcFromTrace(trace, 5000, diffs).perDiff).toEqual([]);
    expect(gcSummary(gcFromTrace(trace, 5000, diffs), 4)).not.toContain('their span');
  });
});
