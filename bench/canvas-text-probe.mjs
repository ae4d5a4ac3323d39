/* global document, requestAnimationFrame -- page.evaluate() code runs in the browser */
// Would a grid drawn on a canvas lay its text out for less than the DOM grid does (issue 13)? A diff of the
// unsorted view at the top changes the text of ~440 cells (40 rows by 11 columns), which costs Blink ~8-9 ms a diff
// (layout, paint, pre-paint, layerize: `DETAIL=1 node bench/renderer-trace.mjs unsorted 20`). This draws 440 texts
// of the same kinds (addresses and ports, names) with fillText into a 2D canvas of the bench's window size in
// Debian's Chromium (software, as headless without GPU), new texts each run, in the columns' widths (with and
// without fillText's maxWidth, which the clipping to a column would need), and reads one pixel back so that the
// drawing is rasterized inside the timed span. 30 runs each, each after a frame.
// A diagnosis tool, not part of `npm run bench`:   node bench/canvas-text-probe.mjs   (under flock /tmp/bench.lock)
import { BENCH_VIEWPORT, launchChromium } from './renderer.mjs';
import { median, pct } from './stats.mjs';

const { chromium } = await import('playwright');
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: BENCH_VIEWPORT });
  for (const fit of [true, false]) {
    const times = await page.evaluate(
      async ({ fit, width, height }) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        document.body.replaceChildren(canvas);
        const ctx = canvas.getContext('2d');
        ctx.font = '13px sans-serif';
        // The grid's default columns' widths (src/renderer/grid/columns.ts) and its row height.
        const widths = [58, 150, 96, 150, 108, 104, 96, 64, 140, 96, 240];
        const out = [];
        for (let run = 0; run < 30; run++) {
          const texts = [];
          for (let r = 0; r < 40; r++)
            for (let k = 0; k < widths.length; k++)
              texts.push(k % 2 ? `10.${run}.${r}.${k}:${40000 + run * 40 + r}` : `proc-${run}-${r}-${k}`);
          await new Promise((ok) => requestAnimationFrame(ok));
          const t0 = performance.now();
          ctx.clearRect(0, 0, width, height);
          let i = 0;
          for (let r = 0; r < 40; r++) {
            let x = 0;
            for (const w of widths) {
              if (fit) ctx.fillText(texts[i++], x + 6, r * 22 + 15, w - 12);
              else ctx.fillText(texts[i++], x + 6, r * 22 + 15);
              x += w;
            }
          }
          ctx.getImageData(0, 0, 1, 1);
          out.push(performance.now() - t0);
        }
        return out;
      },
      { fit, ...BENCH_VIEWPORT },
    );
    console.log(
      `440 fillText ${fit ? 'with' : 'without'} maxWidth, rasterized: median ${median(times).toFixed(1)} ms, ` +
        `p95 ${pct(times, 0.95).toFixed(1)} ms (30 runs)`,
    );
  }
} finally {
  await browser.close();
}
