/**
 * The GC summary of a renderer bench's span (bench/gc-log.mjs, GC_LOG=1): a hand-written Chromium trace of two
 * renderers, whose page is the one whose main thread ran the most GC; nested GC events count once, other work on
 * the main thread not at all, and only the page's pool threads' concurrent marking is summed.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs bench module without types
import { gcFromTrace, gcSummary } from '../bench/gc-log.mjs';

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
});
