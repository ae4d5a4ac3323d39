// Per diff of a trace saved by renderer-trace.mjs (SAVE_TRACE=prefix; the trace of one view): the diff's main-thread
// work (from its message task to the last main-thread event before an 8 ms gap, within 80 ms), its CPU, and the
// page's V8 GC work overlapping it (main-thread GC pauses; the major GC's marking on the page's worker threads,
// which competes with the main thread for the 2 cores) and V8's tier-up interrupts. WHY: the slow diffs of the
// sorted views were the ones a major GC landed in. A diagnosis tool (issue 13):
//   node bench/diff-gc-overlap.mjs /tmp/t-remote.json
import { readFileSync } from 'node:fs';
const ev = JSON.parse(readFileSync(process.argv[2], 'utf8')).traceEvents;
const mark = ev.find((e) => e.name === 'trace-sync');
const main = ev.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
const gcs = ev.filter((e) => e.pid === mark.pid && e.ph === 'X' && /^V8\.GC|MajorGC|MinorGC/.test(e.name));
let last = -1e15;
const starts = main.filter(
  (e) => e.name === 'v8.callFunction' && e.dur > 3000 && e.ts - last > 500000 && (last = e.ts),
);
for (const s of starts) {
  const inWin = main.filter((e) => e.ts >= s.ts && e.ts < s.ts + 80000 && e.name !== 'FireIdleCallback');
  // end: last event before a gap of > 8 ms
  let end = s.ts + s.dur;
  for (const e of inWin) {
    if (e.ts > end + 8000) break;
    end = Math.max(end, e.ts + e.dur);
  }
  const ov = (e) => Math.max(0, Math.min(e.ts + e.dur, end) - Math.max(e.ts, s.ts));
  const mainGc = gcs
    .filter((e) => e.tid === mark.tid && (e.name === 'MajorGC' || e.name === 'MinorGC'))
    .reduce((a, e) => a + ov(e), 0);
  const bgMark = gcs
    .filter((e) => e.tid !== mark.tid && /BACKGROUND_MARKING/.test(e.name))
    .reduce((a, e) => a + ov(e), 0);
  const tier = main
    .filter((e) => /BytecodeBudgetInterrupt|StackGuard|HandleInterrupts/.test(e.name) && e.ts >= s.ts && e.ts < end)
    .reduce((a, e) => a + (e.tdur ?? 0), 0);
  const cpu = main
    .filter((e) => e.ts >= s.ts && e.ts < end)
    .reduce(
      (a, e, i, arr) =>
        a +
        (arr.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && (o.ts < e.ts || o.dur > e.dur))
          ? 0
          : (e.tdur ?? 0)),
      0,
    );
  console.log(
    `work ${((end - s.ts) / 1000).toFixed(1)} ms, main cpu ${(cpu / 1000).toFixed(1)}, main GC ${(mainGc / 1000).toFixed(1)}, bg marking ${(bgMark / 1000).toFixed(1)}, tier-up interrupts ${(tier / 1000).toFixed(1)}`,
  );
}
