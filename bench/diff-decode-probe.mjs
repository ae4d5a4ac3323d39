// The page's reading of a diff, JSON against binary columns (issue 13): captures 4 diffs from the built
// `netscope serve --synthetic LOAD` (default 100000:0.01:0.01, rows with traffic counters) as JSON (a netscope.v1
// client) and as binary frames (a netscope.v5 client) at once, then times reading each in Node (median of 30):
// JSON.parse + diffRowsError (what ws-inbound.ts does with a JSON diff) against decodeFrame (wire-frame.ts), and the
// server's JSON.stringify against encodeDiffColumns + diffFrame of the same diff object. The
// first diff after the page joins is the one that settles every row's rates (every row changed). A diagnosis tool,
// not part of `npm run bench`:   npm run build && node bench/diff-decode-probe.mjs   (under flock /tmp/bench.lock)
import { createJiti } from 'jiti';
import { startServe, stopServe } from './renderer.mjs';
import { captureDiffs } from './serve-socket.mjs';
const jiti = createJiti(import.meta.url);
const { decodeFrame, diffFrame } = await jiti.import('../src/shared/wire-frame.ts');
const { encodeDiffColumns } = await jiti.import('../src/shared/wire-diff-frame.ts');
const { diffRowsError } = await jiti.import('../src/shared/validate-rows.ts');
const serve = startServe({ synthetic: process.env.LOAD ?? '100000:0.01:0.01' });
const url = await serve.url;
const [json, bin] = await Promise.all([captureDiffs(url, 'netscope.v1', 4), captureDiffs(url, 'netscope.v5', 4)]);
await stopServe(serve.child);
const time = (f, n = 30) => {
  const t = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    f();
    t.push(performance.now() - a);
  }
  t.sort((x, y) => x - y);
  return t[n >> 1];
};
for (let i = 0; i < json.length; i++) {
  const j = json[i],
    b = bin[i];
  const tj = time(() => {
    const m = JSON.parse(j);
    diffRowsError(m.payload);
  });
  const tjp = time(() => JSON.parse(j));
  const tb = time(() => {
    const f = decodeFrame(b);
    if (!('diff' in f)) throw new Error(f.error);
  });
  const d = decodeFrame(b).diff;
  // The server's side, on the same diff object: what serve/push-json.ts makes once per diff for each protocol.
  const payload = JSON.parse(j).payload;
  const sj = time(() => JSON.stringify({ type: 'push', channel: 'diff', payload }));
  const sb = time(() => diffFrame(encodeDiffColumns(payload)));
  console.log(
    `diff ${i}: rows ${d.added.length}+${d.changed.length} removed ${d.removed.length}; page: JSON ${(j.length / 1024).toFixed(0)} KiB parse ${tjp.toFixed(2)} +check ${tj.toFixed(2)} ms, binary ${(b.length / 1024).toFixed(0)} KiB decode ${tb.toFixed(2)} ms; server: stringify ${sj.toFixed(2)} ms, encode ${sb.toFixed(2)} ms`,
  );
}
