// Per diff of a trace saved by renderer-trace.mjs (SAVE_TRACE=prefix DETAIL=1: <prefix>-<view>.json and .spans.json),
// the JS sampled inside each stage of the diff (inclusive, ms) and the main thread's V8 interrupt/compile/GC time,
// diff by diff, so the first diffs after a sort click read beside the later ones (issue 13). A diagnosis tool.
//   node bench/diff-stages.mjs /tmp/t-remote [out]   (out: the traced build, with source maps for names:
//   `npx electron-vite build --sourcemap`; STAGES=a,b: the stages, each a prefix of a function's source name.
//   Chromium's sample time deltas can be negative, so a stage with few samples may read slightly below 0.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eachSampleInSpans, selfTimes } from './trace-analysis.mjs';
import { sourceNamer } from './trace-sourcemap.mjs';

const prefix = process.argv[2];
const out = process.argv[3] ?? fileURLToPath(new URL('../out', import.meta.url));
const events = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')).traceEvents;
const spans = JSON.parse(readFileSync(`${prefix}.spans.json`, 'utf8'));
const nameOf = await sourceNamer(out);
const mark = events.find((e) => e.name === 'trace-sync');
const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid);
/** Stages by a function's source name prefix (the first that matches an ancestor frame, innermost first). */
const STAGES = (
  process.env.STAGES ??
  'receiveDiff,readInboundRows,sync src/renderer/grid/view-index,renderRootSync,commitRoot,useViewRows'
).split(',');
const rows = [];
for (const s of spans) {
  const hits = new Map();
  let js = 0;
  eachSampleInSpans(events, mark, [[s.from, s.to]], (sample, dt, frames, parents) => {
    const seen = new Set();
    let top = null;
    for (let node = sample; node !== undefined; node = parents.get(node)) {
      const cf = frames.get(node);
      if (!cf) break;
      const name = nameOf(cf);
      if (top === null) top = name;
      for (const st of STAGES) {
        if (!name.startsWith(st) || seen.has(st)) continue;
        seen.add(st);
        hits.set(st, (hits.get(st) ?? 0) + dt);
      }
    }
    if (top && !top.startsWith('(program)') && !top.startsWith('(idle)') && !top.startsWith('(root)')) js += dt;
  });
  const { self, busy, cpu } = selfTimes(main, s.from, s.to);
  const v8 = (re) => [...self].filter(([k]) => re.test(k)).reduce((a, [, v]) => a + v, 0) / 1000;
  rows.push({
    total: s.total,
    busy: busy / 1000,
    cpu: cpu / 1000,
    js: js / 1000,
    hits,
    interrupt: v8(/Interrupt|StackGuard/),
    gc: v8(/GC|MinorGC|MajorGC|Scavenge/),
    compile: v8(/[Cc]ompile|Maglev|Turbofan|Optimize/),
  });
}
const f = (v) => v.toFixed(1).padStart(5);
console.log(`total  busy   cpu    js  intr   gc  comp | ${STAGES.map((s) => s.split(' ')[0]).join(' | ')}`);
for (const r of rows)
  console.log(
    `${f(r.total)} ${f(r.busy)} ${f(r.cpu)} ${f(r.js)} ${f(r.interrupt)} ${f(r.gc)} ${f(r.compile)} | ${STAGES.map((s) => f((r.hits.get(s) ?? 0) / 1000)).join(' | ')}`,
  );
