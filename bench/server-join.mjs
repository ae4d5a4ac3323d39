// What a page joining costs the server's event loop at 100k rows (issue 13): the real server (startServer) and
// engine (createBackend over `serve --synthetic 100000:0.01`'s collectors) in this process, a WebSocket client
// offering the protocols the page offers (browser-socket.ts: netscope.v5, v4, v1) joining again and again, and the
// longest stretch the event loop did not turn while the page waited for its snapshot: a refresh (or another page's
// diff, or any socket's I/O) coming due then waits that long.
// Measured with a 1 ms timer chain (the gap between two of its turns, less 1 ms), for this tree's server and for
// another tree's (BENCH_JOIN_OLD=/tmp/s22-old: its src/ through jiti), alternated join by join in one process.
// Each join uses a fresh snapshot (a refresh between joins: the encode is cached per snapshot). CPU time of the
// join (process.cpuUsage) is given too: slicing must not add to it.
//   node bench/server-join.mjs   (BENCH_JOIN_ROWS, BENCH_JOIN_RUNS, BENCH_JOIN_OLD; prints a Markdown section and
//   writes bench/results/server-join.md)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { WebSocket } from 'ws';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.BENCH_JOIN_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_JOIN_RUNS ?? 7);
const OLD = process.env.BENCH_JOIN_OLD ?? null;
const TOKEN = 'bench-join-token-0123456789';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function loadTree(root) {
  const jiti = createJiti(import.meta.url);
  const { startServer } = await jiti.import(join(root, 'src/main/serve/server.ts'));
  const { createBackend } = await jiti.import(join(root, 'src/main/engine/backend.ts'));
  const { createSyntheticCollectors } = await jiti.import(join(root, 'src/main/collectors/synthetic.ts'));
  const { WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS } = await jiti.import(join(root, 'src/shared/wire-frame.ts'));
  const { TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } = await jiti.import(join(root, 'src/shared/wire.ts'));
  return {
    startServer,
    createBackend,
    createSyntheticCollectors,
    // The page's offer, best first (an older tree, BENCH_JOIN_OLD, may not have v5).
    pageProtocols: [WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS, WS_PROTOCOL].filter((p) => p !== undefined),
    TOKEN_PROTOCOL_PREFIX,
    WS_PATH,
  };
}

async function startTree(tree, dir) {
  // A long interval: refreshes come when the bench asks (refreshNow), never in the middle of a join.
  const backend = tree.createBackend({
    mode: 'browser',
    allowEndProcess: false,
    intervalMs: 600_000,
    collectors: tree.createSyntheticCollectors(ROWS, 0.01),
  });
  backend.start();
  const server = await tree.startServer({
    backend,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    rendererDir: dir,
    allowActions: false,
  });
  return { tree, backend, server };
}

/** The longest gap between turns of a 1 ms timer chain while `work` runs, less the 1 ms asked for. */
async function longestStall(work) {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 1);
    last = now;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpuStart);
  running = false;
  return { stall: Math.max(0, longest), wall, cpu: (used.user + used.system) / 1000 };
}

/** A page joins: open a socket as the page does, wait for its binary snapshot frame; its size and the protocol. */
function join1(s) {
  const { tree, server } = s;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}${tree.WS_PATH}`,
      [...tree.pageProtocols, `${tree.TOKEN_PROTOCOL_PREFIX}${TOKEN}`],
      { origin: `http://127.0.0.1:${server.port}` },
    );
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      ws.close();
      resolve({ bytes: data.length, protocol: ws.protocol });
    });
    ws.once('error', reject);
  });
}

/** A fresh snapshot for the next join (the encode is cached per snapshot object). */
async function refresh(s) {
  await s.backend.handlers.refreshNow();
  await sleep(300);
}

const dir = mkdtempSync(join(tmpdir(), 'netscope-join-bench-'));
const builds = [{ name: 'this tree', tree: await loadTree(join(here, '..')) }];
if (OLD) builds.unshift({ name: OLD, tree: await loadTree(OLD) });
const running = [];
for (const b of builds) running.push({ ...b, s: await startTree(b.tree, dir), samples: [] });
const loadBefore = loadavg()[0];
await sleep(3000);
for (let r = 0; r < RUNS + 1; r++) {
  for (const b of r % 2 ? [...running].reverse() : running) {
    await refresh(b.s);
    let joined = { bytes: 0, protocol: '' };
    const m = await longestStall(async () => {
      joined = await join1(b.s);
    });
    if (r > 0) b.samples.push({ ...m, ...joined });
  }
}
const lines = [
  '## Server: a page joining at 100k rows, the event loop meanwhile (issue 13)',
  '',
  `\`node bench/server-join.mjs\`; ${ROWS.toLocaleString('en')} synthetic rows, the real server and engine in one Node ${process.version} process, a client offering what the page offers joining ${RUNS} times per build (a fresh snapshot each time), builds alternated; ${cpus().length} cores, load ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after. Medians.`,
  '',
  '| build | protocol | longest event-loop stall while the page waits | join to snapshot received (wall) | CPU of the join | frame |',
  '|---|---|---:|---:|---:|---:|',
];
for (const b of running) {
  const ms = (k) => `${median(b.samples.map((x) => x[k])).toFixed(1)} ms`;
  lines.push(
    `| ${b.name} | ${b.samples[0].protocol} | ${ms('stall')} (max ${Math.max(...b.samples.map((x) => x.stall)).toFixed(1)}) | ${ms('wall')} | ${ms('cpu')} | ${(b.samples[0].bytes / 1024 / 1024).toFixed(2)} MiB |`,
  );
}
const text = lines.join('\n');
console.log(text);
for (const b of running) {
  await b.s.server.close();
  await b.s.backend.stop();
}
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'server-join.md'), `${text}\n`);
process.exit(0);
