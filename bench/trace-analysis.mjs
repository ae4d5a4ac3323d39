// Shared by the trace benches (renderer-trace.mjs: diffs; filter-trace.mjs: filter keys): what one thread did
// within spans of a Chromium trace.

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

/**
 * Prints the JavaScript sampled inside `spans` ([from, to] in trace microseconds) by the trace's own CPU profile of
 * the marked thread's process: the `top` functions by share of samples; `what` names the spans in the heading;
 * `name` names a sampled call frame (default: function, bundle file and line).
 */
export function printProfile(events, mark, spans, { what = 'the spans', top = 30, name = null } = {}) {
  const nodes = new Map();
  const jsSelf = new Map();
  const clock = new Map();
  for (const e of events.filter((x) => x.name === 'Profile')) clock.set(`${e.pid}:${e.id}`, e.args.data.startTime);
  const chunks = events.filter((x) => x.pid === mark.pid && x.name === 'ProfileChunk').sort((a, b) => a.ts - b.ts);
  for (const e of chunks) {
    const id = `${e.pid}:${e.id}`;
    const d = e.args.data;
    for (const n of d.cpuProfile?.nodes ?? []) nodes.set(`${id}:${n.id}`, n.callFrame);
    let t = clock.get(id) ?? 0;
    const samples = d.cpuProfile?.samples ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += d.timeDeltas?.[i] ?? 0;
      const cf = nodes.get(`${id}:${samples[i]}`);
      if (!cf || !spans.some(([a, b]) => t >= a && t <= b)) continue;
      const key = name
        ? name(cf)
        : `${cf.functionName || '(anon)'} ${(cf.url ?? '').split('/').pop()}:${(cf.lineNumber ?? 0) + 1}`;
      jsSelf.set(key, (jsSelf.get(key) ?? 0) + 1);
    }
    clock.set(id, t);
  }
  const sampled = [...jsSelf.values()].reduce((x, y) => x + y, 0);
  console.log(`samples inside ${what}: ${sampled}; top functions (share of samples):`);
  for (const [k, v] of [...jsSelf].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${((100 * v) / sampled).toFixed(1).padStart(5)}%  ${k}`);
}
