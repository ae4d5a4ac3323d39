// What the page's threads other than its main thread ran in each diff's span (renderer-trace.mjs POOL=1, or offline
// on a trace it saved: `node bench/trace-pool.mjs /tmp/t-remote` reads /tmp/t-remote.json and .spans.json).
// WHY: in the slowest diffs the page's main thread waited 11-17 ms for one of the 2 cores while the renderer's
// ThreadPoolForegroundWorker threads ran ~30 ms; this names that work (V8's background GC marking and sweeping,
// concurrent compiles, Oilpan, raster) per diff, and sets the slowest quarter beside the middle half.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { selfTimes, topText, usToMs } from './trace-analysis.mjs';

/** B/E pairs of one thread as complete ('X') events, so selfTimes sees them too. */
function completed(list) {
  const out = [];
  const open = [];
  for (const e of [...list].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X') out.push(e);
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E' && open.length) {
      const b = open.pop();
      out.push({
        ...b,
        ph: 'X',
        dur: e.ts - b.ts,
        tdur: e.tts !== undefined && b.tts !== undefined ? e.tts - b.tts : undefined,
      });
    }
  }
  return out;
}

/** Thread kind: its name without the trailing number (CompositorTileWorker1 -> CompositorTileWorker). */
const kindOf = (name) => (name ?? '?').replace(/\d+$/, '');

/** The other threads of the marked page's process: tid -> { kind, events }. */
function pageThreads(events, mark) {
  const names = new Map();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid) names.set(e.tid, e.args.name);
  const byTid = new Map();
  for (const e of events) {
    if (e.pid !== mark.pid || e.tid === mark.tid || e.ph === 'M') continue;
    if (!byTid.has(e.tid)) byTid.set(e.tid, []);
    byTid.get(e.tid).push(e);
  }
  return new Map([...byTid].map(([tid, list]) => [tid, { kind: kindOf(names.get(tid)), events: completed(list) }]));
}

/** Per span: per thread kind, the busy time, thread CPU and self time per event name (µs). */
export function poolPerSpan(events, mark, spans) {
  const threads = pageThreads(events, mark);
  return spans.map(({ from, to, total }) => {
    const kinds = new Map();
    for (const { kind, events: list } of threads.values()) {
      const { self, busy, cpu } = selfTimes(list, from, to);
      if (busy === 0) continue;
      let k = kinds.get(kind);
      if (!k) kinds.set(kind, (k = { busy: 0, cpu: 0, self: new Map() }));
      k.busy += busy;
      k.cpu += cpu;
      for (const [n, v] of self) k.self.set(n, (k.self.get(n) ?? 0) + v);
    }
    return { total, kinds };
  });
}

const f = usToMs;
const top = (map, n, min = 200) => topText(map, n, min);

/** Mean per diff over `rows`, per "kind: event" and per kind's busy/cpu. */
function means(rows) {
  const ev = new Map();
  const busy = new Map();
  for (const r of rows)
    for (const [kind, k] of r.kinds) {
      busy.set(kind, (busy.get(kind) ?? 0) + k.busy / rows.length);
      busy.set(`${kind} cpu`, (busy.get(`${kind} cpu`) ?? 0) + k.cpu / rows.length);
      for (const [n, v] of k.self) ev.set(`${kind}: ${n}`, (ev.get(`${kind}: ${n}`) ?? 0) + v / rows.length);
    }
  return { ev, busy };
}

/** One line per diff (its total, then per thread kind busy ms and the top events), then slowest quarter vs middle half. */
export function printPool(events, mark, spans) {
  const rows = poolPerSpan(events, mark, spans);
  console.log("page's other threads per diff (ms): total | per thread kind: busy (cpu) top self times");
  for (const r of rows) {
    const parts = [...r.kinds]
      .filter(([, k]) => k.busy >= 500)
      .sort((a, b) => b[1].busy - a[1].busy)
      .map(([kind, k]) => `${kind} ${f(k.busy)} (${f(k.cpu)}): ${top(k.self, 4)}`);
    console.log(`${r.total.toFixed(1)} | ${parts.join(' | ')}`);
  }
  const sorted = [...rows].sort((a, b) => b.total - a.total);
  const q = Math.max(1, Math.floor(rows.length / 4));
  const slow = sorted.slice(0, q);
  const mid = sorted.slice(Math.floor(rows.length / 4), Math.ceil((rows.length * 3) / 4));
  const s = means(slow);
  const m = means(mid);
  const tot = (list) => (list.reduce((a, r) => a + r.total, 0) / list.length).toFixed(1);
  console.log(`slowest ${slow.length} (mean ${tot(slow)} ms) vs middle ${mid.length} (mean ${tot(mid)} ms), per diff:`);
  console.log(`  busy  slow: ${top(s.busy, 10, 300)}`);
  console.log(`  busy  mid:  ${top(m.busy, 10, 300)}`);
  const keys = new Set([...s.ev.keys(), ...m.ev.keys()]);
  const diff = [...keys]
    .map((k) => [k, s.ev.get(k) ?? 0, m.ev.get(k) ?? 0])
    .filter(([, a, b]) => Math.max(a, b) >= 300)
    .sort((x, y) => y[1] - x[1]);
  console.log('  events (slow / mid):');
  for (const [k, a, b] of diff.slice(0, 25)) console.log(`    ${f(a).padStart(6)} / ${f(b).padStart(6)}  ${k}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const prefix = process.argv[2];
  const events = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')).traceEvents;
  const spans = JSON.parse(readFileSync(`${prefix}.spans.json`, 'utf8'));
  printPool(
    events,
    events.find((e) => e.name === 'trace-sync'),
    spans,
  );
}
