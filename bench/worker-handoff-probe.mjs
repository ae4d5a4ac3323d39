/* global window, Worker -- page.evaluate() code runs in the browser */
// Would decoding a diff in a Web Worker take work off the page's main thread (issue 13's "decoded off the main
// thread")? The store, its views and the grid read row objects on the main thread, so a worker that decodes would
// hand the decoded diff over by postMessage, and the main thread would then deserialize it (structured clone):
// this probe compares that with what the page does now, decoding the binary frame itself.
// Captures 4 binary diffs (netscope.v5) from the built `netscope serve --synthetic LOAD` (default 100000:0.01, the
// renderer bench's load), then, per diff, medians of 30:
//   - Node: decodeFrame (wire-frame.ts, as the page runs it), v8.serialize and v8.deserialize of the decoded diff;
//   - Debian's Chromium: decodeFrame on the main thread (the page's decoder, bundled with rolldown from
//     src/shared/wire-frame.ts), against the decoded diff posted from a worker and deserialized by the main thread
//     (the first read of MessageEvent.data, where Blink deserializes), and the same for the 40 rows a screen shows
//     (what the main thread would get if the store and the views lived in the worker). Mean and median of 30 each:
//     WHY the mean too, the page's clock ticks in 0.1 ms steps (no cross-origin isolation).
// A diagnosis tool, not part of `npm run bench`:   node bench/worker-handoff-probe.mjs   (under flock /tmp/bench.lock)
import { serialize, deserialize } from 'node:v8';
import { createJiti } from 'jiti';
import { rolldown } from 'rolldown';
import { launchChromium, startServe, stopServe } from './renderer.mjs';
import { median } from './stats.mjs';
import { captureDiffs } from './serve-socket.mjs';

const jiti = createJiti(import.meta.url);
const { decodeFrame } = await jiti.import('../src/shared/wire-frame.ts');
const RUNS = 30;
const serve = startServe({ synthetic: process.env.LOAD ?? '100000:0.01' });
/** The next 4 binary diff frames a netscope.v5 page gets. */
const frames = await captureDiffs(await serve.url, 'netscope.v5', 4);
await stopServe(serve.child);

const timeNode = (f) => {
  const t = [];
  for (let i = 0; i < RUNS; i++) {
    const a = performance.now();
    f();
    t.push(performance.now() - a);
  }
  return median(t);
};

const ms = (s) => `${s.mean.toFixed(2)}/${s.median.toFixed(2)} ms`;

const diffs = frames.map((f) => {
  const d = decodeFrame(f);
  if (!('diff' in d)) throw new Error(`not a diff frame: ${d.error}`);
  return d.diff;
});

/** The page's decoder as a script defining `WF` (WF.decodeFrame). */
const bundle = await rolldown({
  input: new URL('../src/shared/wire-frame.ts', import.meta.url).pathname,
  logLevel: 'silent',
});
const decoderScript = (await bundle.generate({ format: 'iife', name: 'WF' })).output[0].code;
await bundle.close();

const { chromium } = await import('playwright');
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage();
  await page.addScriptTag({ content: decoderScript });
  // The worker holds the decoded diffs (sent once) and posts diff i, or its first 40 added rows, on request.
  const inPage = await page.evaluate(
    async ({ diffs, frames, runs }) => {
      const stats = (t) => {
        const mean = t.reduce((a, b) => a + b, 0) / t.length;
        t.sort((x, y) => x - y);
        return { mean, median: t[t.length >> 1] };
      };
      const code = `let held = null;
        onmessage = (e) => {
          if (e.data.hold) { held = e.data.hold; postMessage('held'); return; }
          const d = held[e.data.i];
          postMessage(e.data.screenOnly ? d.added.slice(0, 40) : d);
        };`;
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      const reply = () => new Promise((ok) => (worker.onmessage = (e) => ok(e)));
      worker.postMessage({ hold: diffs });
      await reply();
      const timeReceive = async (i, screenOnly) => {
        const t = [];
        for (let r = 0; r < runs; r++) {
          const got = reply();
          worker.postMessage({ i, screenOnly });
          const e = await got;
          const a = performance.now();
          // The first read of data deserializes it (Blink's MessageEvent.data); a second read would be cached.
          if (e.data === null) throw new Error('no data');
          t.push(performance.now() - a);
        }
        return stats(t);
      };
      const timeDecode = (i) => {
        const bytes = new Uint8Array(frames[i]);
        const t = [];
        for (let r = 0; r < runs; r++) {
          const a = performance.now();
          if (!('diff' in window.WF.decodeFrame(bytes))) throw new Error('not a diff');
          t.push(performance.now() - a);
        }
        return stats(t);
      };
      const out = [];
      for (let i = 0; i < diffs.length; i++)
        out.push({ decode: timeDecode(i), whole: await timeReceive(i, false), window: await timeReceive(i, true) });
      worker.terminate();
      return out;
    },
    { diffs, frames: frames.map((f) => [...f]), runs: RUNS },
  );
  for (let i = 0; i < diffs.length; i++) {
    const d = diffs[i];
    const bytes = serialize(d);
    console.log(
      `diff ${i}: ${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed; frame ${(frames[i].length / 1024).toFixed(0)} KiB` +
        `; Node: decodeFrame ${timeNode(() => decodeFrame(frames[i])).toFixed(2)} ms, v8.serialize ${timeNode(() => serialize(d)).toFixed(2)} ms` +
        ` (${(bytes.length / 1024).toFixed(0)} KiB), v8.deserialize ${timeNode(() => deserialize(bytes)).toFixed(2)} ms` +
        `; Chromium main thread, mean/median: decodeFrame ${ms(inPage[i].decode)}, the decoded diff from a worker` +
        ` ${ms(inPage[i].whole)}, 40 rows ${ms(inPage[i].window)}`,
    );
  }
} finally {
  await browser.close();
}
