// Shared by the trace benches (renderer-trace.mjs: diffs; filter-trace.mjs: filter keys): what one thread did
// within a span of a Chromium trace.

/**
 * Self time (trace microseconds) per event name on one thread within [from, to], the time covered by top-level
 * events (busy), and their thread CPU time (cpu): what waiting for a core does not inflate.
 */
export function selfTimes(events, from, to) {
  const spans = events
    .filter((e) => e.ph === 'X' && e.ts < to && e.ts + (e.dur ?? 0) > from)
    .map((e) => ({
      name: e.name,
      start: Math.max(e.ts, from),
      end: Math.min(e.ts + (e.dur ?? 0), to),
      // Thread CPU time, in the share of the event inside the span.
      cpu: e.tdur === undefined || !e.dur ? 0 : (e.tdur * (Math.min(e.ts + e.dur, to) - Math.max(e.ts, from))) / e.dur,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const self = new Map();
  const stack = [];
  let busy = 0;
  let cpu = 0;
  const add = (name, us) => self.set(name, (self.get(name) ?? 0) + us);
  for (const s of spans) {
    while (stack.length && stack[stack.length - 1].end <= s.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) add(parent.name, -(s.end - s.start));
    else {
      busy += s.end - s.start;
      cpu += s.cpu;
    }
    add(s.name, s.end - s.start);
    stack.push(s);
  }
  return { self, busy, cpu };
}
