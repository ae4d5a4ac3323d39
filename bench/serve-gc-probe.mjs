// `netscope serve --synthetic 100000:0.01 --interval 2` (a build's out/, OUT=) with one WebSocket client taking every
// diff, for SECONDS (default 60): serve's own V8 GCs from --trace-gc (count and ms by kind, and how many
// mark-compacts the memory reducer started), its CPU and RSS (from /proc, every 2 s). WHY (issue 13): the page's diff
// tail waits for a core while serve's GC runs after its send; this counts that work per build and flag set without a
// browser. NODE_ARGS= extra node flags for serve (e.g. "--single-threaded-gc"). Run under `flock /tmp/bench.lock`.
//   OUT=/work/s39-old/out SECONDS=60 node bench/serve-gc-probe.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServe, stopServe } from './renderer.mjs';
import { median } from './stats.mjs';
import { serveSocket } from './serve-socket.mjs';

const OUT = process.env.OUT ?? join(process.cwd(), 'out');
const SECONDS = Number(process.env.SECONDS ?? 60);
const nodeArgs = (process.env.NODE_ARGS ?? '').split(' ').filter(Boolean);
const TOKEN = 'serve-gc-probe-token-0123456789abcdef';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// stdbuf -oL: V8's --trace-gc lines go through libc's stdout, fully buffered into a pipe (and lost at SIGTERM).
const serve = startServe({
  out: OUT,
  launcher: ['stdbuf', '-oL'],
  nodeArgs: ['--trace-gc', ...nodeArgs],
  env: { NETSCOPE_TOKEN: TOKEN },
});
const { child } = serve;
let text = '';
child.stdout.on('data', (d) => (text += d.toString()));
child.stderr.on('data', (d) => (text += d.toString()));
const url = await serve.url;
await sleep(3000);
const ws = serveSocket(url, 'netscope.v1', { token: TOKEN });
let frames = 0;
let bytes = 0;
ws.on('message', (d) => {
  frames++;
  bytes += d.length;
});
await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
ws.send(JSON.stringify({ type: 'invoke', id: 1, method: 'getSnapshot', args: [] }));
await sleep(5000); // the snapshot sent and the first diffs
const clk = 100;
const stat = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
const cpu0 = stat();
const start = text.length;
const rss = [];
const t0 = Date.now();
while (Date.now() - t0 < SECONDS * 1000) {
  rss.push(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024);
  await sleep(2000);
}
const cpu1 = stat();
const cpuMs = ((Number(cpu1[11]) + Number(cpu1[12]) - Number(cpu0[11]) - Number(cpu0[12])) * 1000) / clk;
const lines = text
  .slice(start)
  .split('\n')
  .filter((l) => / ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor)/.test(l));
const kinds = {};
let reducer = 0;
for (const l of lines) {
  const kind = / ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor[\w-]*)/.exec(l)[1];
  const ms = Number(/MB, ([\d.]+) \/ [\d.]+ ms/.exec(l)?.[1] ?? 0);
  kinds[kind] ??= { n: 0, ms: 0 };
  kinds[kind].n++;
  kinds[kind].ms = Math.round((kinds[kind].ms + ms) * 10) / 10;
  if (/memory reducer|Mark-Compact \(reduce\)/.test(l)) reducer++;
}
ws.close();
await stopServe(child);
const r1 = (x) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    out: OUT,
    nodeArgs,
    seconds: SECONDS,
    gc: kinds,
    reducerMajors: reducer,
    cpuMs,
    rssMb: { first: r1(rss[0]), median: r1(median(rss)), max: r1(Math.max(...rss)), last: r1(rss.at(-1)) },
    frames,
    mb: r1(bytes / 1e6),
  }),
);
if (process.env.SHOW_GC) console.log(lines.join('\n'));
if (process.env.SAVE_TEXT) writeFileSync(process.env.SAVE_TEXT, text);
