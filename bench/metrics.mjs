// Exporter cardinality and scrape cost. 10k remote addresses and 500 processes,
// two ways: the synthetic collector of `serve --synthetic` (one connection per
// remote, 500 process names) and a mixed host (500 listeners, every tenth
// connection half-open). The real metric builder and prom-client exposition,
// bundled from src/ with Vite (a devDependency) into bench/tmp. Reports the
// series count against the documented bound, and the time to build a scrape
// against a peer measured in the same run on the same snapshot: serializing it
// to JSON (what `netscope --json` and the UI's first message do). Then the
// built `netscope serve --synthetic 10000:0 --metrics` answers real HTTP scrapes.
// Prints a Markdown section and writes bench/results/metrics.md.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, 'tmp', 'metrics-lib');
const RUNS = Number(process.env.BENCH_METRICS_RUNS ?? 15);
const REMOTES = 10_000;
const PROCESSES = 500;

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: out,
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: {
        series: join(root, 'src/main/metrics/socket-series.ts'),
        exposition: join(root, 'src/main/metrics/exposition.ts'),
        defaults: join(root, 'src/main/metrics/defaults.ts'),
        peers: join(root, 'src/main/metrics/peers.ts'),
        fixtures: join(root, 'src/main/metrics/test-connections.ts'),
        synthetic: join(root, 'src/main/collectors/synthetic.ts'),
      },
      external: [/^node:/, 'prom-client', 'ipaddr.js'],
      output: { format: 'es', entryFileNames: '[name].mjs' },
    },
  },
});
const load = (name) => import(pathToFileURL(join(out, `${name}.mjs`)).href);
const { buildSocketSeries, seriesBound } = await load('series');
const { renderMetrics, PROMETHEUS_TEXT } = await load('exposition');
const { DEFAULT_LIMITS, DEFAULT_DOS_RULES } = await load('defaults');
const { PeerCache } = await load('peers');
const { manyPeers } = await load('fixtures');
const { createSyntheticCollectors } = await load('synthetic');

const sampleLines = (text) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;

function content(series) {
  return {
    version: 'bench',
    series,
    collectors: [{ name: 'connections', ok: true, tookMs: 0, error: null, warnings: [] }],
    totals: { collectorErrors: new Map(), staleScrapes: { timeout: 0, failed: 0 } },
    dataAgeSeconds: 0,
    scrapeDurationSeconds: 0,
  };
}

async function scenario(name, connections) {
  const snapshot = {
    seq: 1,
    takenAt: Date.now(),
    tookMs: 0,
    host: 'bench',
    platform: 'synthetic',
    source: { kind: 'live' },
    connections,
    routes: [],
    interfaces: [],
    protocolStats: {},
    collectors: [],
  };
  const own = new Set(['10.0.0.1']);
  let text = '';
  const scrapeMs = [];
  const renderMs = [];
  const jsonMs = [];
  const warmMs = [];
  // The exporter keeps its peer cache between snapshots; most peers stay from one scrape to the next.
  const warmPeers = new PeerCache();
  buildSocketSeries(connections, own, DEFAULT_LIMITS, DEFAULT_DOS_RULES, warmPeers);
  let jsonBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    // Alternate the two so neither gets a warmer machine.
    let t = performance.now();
    const series = buildSocketSeries(connections, own, DEFAULT_LIMITS);
    const t2 = performance.now();
    text = await renderMetrics(content(series), PROMETHEUS_TEXT);
    scrapeMs.push(performance.now() - t);
    renderMs.push(performance.now() - t2);
    t = performance.now();
    buildSocketSeries(connections, own, DEFAULT_LIMITS, DEFAULT_DOS_RULES, warmPeers);
    warmMs.push(performance.now() - t);
    t = performance.now();
    jsonBytes = JSON.stringify(snapshot).length;
    jsonMs.push(performance.now() - t);
  }
  const distinctRemotes = new Set(connections.filter((c) => c.remotePort !== 0).map((c) => c.remoteAddress)).size;
  const processes = new Set(connections.map((c) => c.processName)).size;
  return {
    name,
    rows: connections.length,
    distinctRemotes,
    processes,
    series: sampleLines(text),
    bytes: text.length,
    scrape: median(scrapeMs),
    render: median(renderMs),
    warm: median(warmMs),
    json: median(jsonMs),
    jsonBytes,
  };
}

const synthetic = (
  await createSyntheticCollectors(REMOTES, 0).connections.collect({ signal: new AbortController().signal })
).data;
const results = [
  await scenario('`serve --synthetic` collector: one connection per remote', synthetic),
  await scenario('mixed: 500 listeners, every 10th connection SYN_RECV', manyPeers(REMOTES, PROCESSES)),
];
const bound = seriesBound(DEFAULT_LIMITS);

/** The built CLI: `netscope serve --synthetic 10000:0 --metrics`, scraped over HTTP. */
async function endToEnd() {
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'netscope.js'),
      'serve',
      '--port',
      '0',
      '--synthetic',
      `${REMOTES}:0`,
      '--metrics',
      '--metrics-port',
      '0',
      '--interval',
      '5',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const url = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /Metrics for Prometheus at (\S+)/.exec(line);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`netscope serve exited with ${code}`)));
    });
    const times = [];
    let series = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const text = await (await fetch(url)).text();
      times.push(performance.now() - t);
      series = sampleLines(text);
    }
    return { first: times[0], median: median(times.slice(1)), series };
  } catch (error) {
    return { error: error.message };
  } finally {
    child.kill('SIGTERM');
  }
}
const e2e = await endToEnd();

const f = (ms) => ms.toFixed(1);
const lines = [
  '## Exporter: cardinality and scrape cost',
  '',
  `${REMOTES.toLocaleString('en')} remote addresses and ${PROCESSES} processes, default limits (top ${DEFAULT_LIMITS.top} per process/remote/subnet, ${DEFAULT_LIMITS.maxListeners} listeners). ` +
    `Documented bound: 5·(top+1) + (listeners+1) + 157 = **${bound} series**. Medians of ${RUNS} runs; ${cpus().length} CPUs shared with other work, Node ${process.version}.`,
  '',
  '| Snapshot | Rows | Remotes | Processes | Series | Under bound | Body kB | Build + render ms | of which render ms | Build, peers known ms | JSON of the same snapshot ms (kB) | Scrape / JSON |',
  '|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.rows} | ${r.distinctRemotes} | ${r.processes} | ${r.series} | ${r.series <= bound ? 'yes' : '**NO**'} | ${(r.bytes / 1024).toFixed(0)} | ${f(r.scrape)} | ${f(r.render)} | ${f(r.warm)} | ${f(r.json)} (${(r.jsonBytes / 1024).toFixed(0)}) | ${(r.scrape / r.json).toFixed(2)}x |`,
  ),
  '',
  'error' in e2e
    ? `End to end over HTTP: not measured (${e2e.error}).`
    : `End to end over HTTP (built \`netscope serve --synthetic ${REMOTES}:0 --metrics\`): first scrape ${f(e2e.first)} ms (it waits for the first collection), ` +
      `then ${f(e2e.median)} ms median while the snapshot is fresh (its series are built once per snapshot and shared by scrapes); ${e2e.series} series.`,
  '',
];
const text = lines.join('\n');
process.stdout.write(`${text}\n`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'metrics.md'), `${text}\n`);
