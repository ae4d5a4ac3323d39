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
 * Every CPU-profile sample of the marked thread's process (the trace's Profile/ProfileChunk events) taken inside
 * one of `spans`: visit(node, dt, frames, parents) with the sample's node key, its time delta (us), and the node
 * keys' call frames and parents as read so far (a chunk's nodes come before its samples).
 */
export function eachSampleInSpans(events, mark, spans, visit) {
  const frames = new Map();
  const parents = new Map();
  const clock = new Map();
  for (const e of events.filter((x) => x.name === 'Profile')) clock.set(`${e.pid}:${e.id}`, e.args.data.startTime);
  const chunks = events.filter((x) => x.pid === mark.pid && x.name === 'ProfileChunk').sort((a, b) => a.ts - b.ts);
  for (const e of chunks) {
    const id = `${e.pid}:${e.id}`;
    const d = e.args.data;
    for (const n of d.cpuProfile?.nodes ?? []) {
      frames.set(`${id}:${n.id}`, n.callFrame);
      if (n.parent !== undefined) parents.set(`${id}:${n.id}`, `${id}:${n.parent}`);
    }
    let t = clock.get(id) ?? 0;
    const samples = d.cpuProfile?.samples ?? [];
    for (let i = 0; i < samples.length; i++) {
      const dt = d.timeDeltas?.[i] ?? 0;
      t += dt;
      if (spans.some(([a, b]) => t >= a && t <= b)) visit(`${id}:${samples[i]}`, dt, frames, parents);
    }
    clock.set(id, t);
  }
}

/**
 * Prints the JavaScript sampled inside `spans` ([from, to] in trace microseconds) by the trace's own CPU profile of
 * the marked thread's process: the `top` functions by share of samples; `what` names the spans in the heading;
 * `name` names a sampled call frame (default: function, bundle file and line).
 */
export function printProfile(events, mark, spans, { what = 'the spans', top = 30, name = null } = {}) {
  const jsSelf = new Map();
  eachSampleInSpans(events, mark, spans, (node, _dt, frames) => {
    const cf = frames.get(node);
    if (!cf) return;
    const key = name
      ? name(cf)
      : `${cf.functionName || '(anon)'} ${(cf.url ?? '').split('/').pop()}:${(cf.lineNumber ?? 0) + 1}`;
    jsSelf.set(key, (jsSelf.get(key) ?? 0) + 1);
  });
  const sampled = [...jsSelf.values()].reduce((x, y) => x + y, 0);
  console.log(`samples inside ${what}: ${sampled}; top functions (share of samples):`);
  for (const [k, v] of [...jsSelf].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${((100 * v) / sampled).toFixed(1).padStart(5)}%  ${k}`);
}

/**
 * Sampled time per span (`per`: how many spans, e.g. diffs or keys) that ran inside each function, its callees
 * included, so the stages (the message or key handler, the view's update, React's render and commit) read apart
 * from the leaf functions printProfile lists. `name` names a call frame as there; `what` is the spans' name.
 */
export function printInclusive(events, mark, spans, { per = 1, what = 'diff', top = 40, name = null } = {}) {
  const nameOf =
    name ?? ((cf) => `${cf.functionName || '(anon)'} ${(cf.url ?? '').split('/').pop()}:${(cf.lineNumber ?? 0) + 1}`);
  const hits = new Map();
  let interval = 0;
  let counted = 0;
  eachSampleInSpans(events, mark, spans, (sample, dt, frames, parents) => {
    interval += dt;
    counted++;
    const seen = new Set();
    for (let node = sample; node !== undefined; node = parents.get(node)) {
      const cf = frames.get(node);
      if (!cf) break;
      const key = nameOf(cf);
      if (seen.has(key)) continue;
      seen.add(key);
      hits.set(key, (hits.get(key) ?? 0) + 1);
    }
  });
  const each = counted ? interval / counted / 1000 : 0;
  console.log(`inclusive sampled time per ${what} (ms; ${counted} samples of ~${each.toFixed(2)} ms):`);
  for (const [k, v] of [...hits].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`  ${((v * each) / per).toFixed(2).padStart(6)}  ${k}`);
}

// The scheduler's side (renderer-trace.mjs SCHED=1): `perf record -e sched:sched_switch -e sched:sched_wakeup -a
// -k CLOCK_MONOTONIC`, the clock of Chromium's trace on Linux, so a diff's span cuts the kernel's timeline too.

/**
 * Running intervals per thread and the renderer main thread's waits for a core, from `perf script -F
 * pid,tid,cpu,time,event,trace` of such a recording. Times in trace microseconds.
 * Returns { runs: Map<tid, [start, end][]>, tgid: Map<tid, pid>, comm: Map<tid, name>, waits(tid): [start, end][] }.
 */
export function parseSched(text) {
  const runs = new Map();
  const tgid = new Map();
  const comm = new Map();
  const onCpu = new Map(); // cpu -> [tid, since]
  const ready = new Map(); // tid -> since (woken or preempted, not yet on a core)
  const waitsOf = new Map();
  const addRun = (tid, a, b) => {
    if (b <= a) return;
    let list = runs.get(tid);
    if (!list) runs.set(tid, (list = []));
    list.push([a, b]);
  };
  const line = /^\s*(\d+)\/(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s+(.*)$/;
  for (const l of text.split('\n')) {
    const m = line.exec(l);
    if (!m) continue;
    const [, pid, tid, cpu, time, event, args] = m;
    const t = Number(time) * 1e6;
    tgid.set(Number(tid), Number(pid));
    if (event === 'sched_wakeup') {
      const w = /comm=(.+?) pid=(\d+)/.exec(args);
      if (w && !ready.has(Number(w[2]))) ready.set(Number(w[2]), t);
      continue;
    }
    if (event !== 'sched_switch') continue;
    const s = /prev_comm=(.+?) prev_pid=(\d+) .*prev_state=(\S+) ==> next_comm=(.+?) next_pid=(\d+)/.exec(args);
    if (!s) continue;
    const prev = Number(s[2]);
    const next = Number(s[5]);
    comm.set(prev, s[1]);
    comm.set(next, s[4]);
    const cur = onCpu.get(cpu);
    addRun(prev, cur && cur[0] === prev ? cur[1] : t, t);
    // Preempted (still runnable): from now it waits for a core.
    if (s[3].startsWith('R')) ready.set(prev, t);
    const since = ready.get(next);
    if (since !== undefined) {
      let list = waitsOf.get(next);
      if (!list) waitsOf.set(next, (list = []));
      list.push([since, t]);
      ready.delete(next);
    }
    onCpu.set(cpu, [next, t]);
  }
  return { runs, tgid, comm, waits: (tid) => waitsOf.get(tid) ?? [] };
}

const overlap = (list, from, to) => {
  let sum = 0;
  for (const [a, b] of list) if (a < to && b > from) sum += Math.min(b, to) - Math.max(a, from);
  return sum;
};

/**
 * Per span: CPU time (µs) of every group of threads (`groupOf(tid)` names it, or null to skip idle/swapper), the
 * `main` thread's time waiting for a core, and which groups ran while it waited.
 */
export function schedInSpan(sched, main, from, to, groupOf) {
  const cpu = new Map();
  const duringWait = new Map();
  const waits = sched.waits(main).filter(([a, b]) => a < to && b > from);
  const waited = overlap(waits, from, to);
  for (const [tid, list] of sched.runs) {
    const group = groupOf(tid);
    if (group === null) continue;
    const t = overlap(list, from, to);
    if (t > 0) cpu.set(group, (cpu.get(group) ?? 0) + t);
    if (tid === main || waits.length === 0) continue;
    let w = 0;
    for (const [a, b] of waits) w += overlap(list, Math.max(a, from), Math.min(b, to));
    if (w > 0) duringWait.set(group, (duringWait.get(group) ?? 0) + w);
  }
  return { cpu, waited, duringWait };
}

/** Microseconds as milliseconds with one decimal (the trace and perf benches' printing). */
export const usToMs = (us) => (us / 1000).toFixed(1);

/** The `n` largest entries of a Map of microseconds, at least `min` each, as "name 1.2, name 0.8". */
export function topText(map, n, min) {
  return [...map]
    .filter(([, v]) => v >= min)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${usToMs(v)}`)
    .join(', ');
}
