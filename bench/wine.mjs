// The Windows connections collector under Wine, against `wine netstat -ano` on the same sockets, at N loopback
// connections (N = 1k and 10k; override with BENCH_WINE_SIZES=1000,5000). Wine is not Windows: the ratios say
// what our code costs on top of the OS call (koffi, decoding, process lookup), not how fast Windows is.
// Needs Wine and scripts/wine-setup.mjs (run here); prints a Markdown section and writes bench/results/wine.md.
//
//   collector warm   one refresh of the IP Helper path in a running process (what the app pays every second)
//   Wine's calls     of that, the four GetExtended*Table(owner PID) calls alone; Wine maps every socket to an owner
//                    by scanning processes, which Windows does not, so this part is Wine's cost, not ours
//   ours             collector warm minus Wine's calls: decoding, ids, process lookup
//   cold process     a fresh Windows node.exe process that loads koffi, collects once and exits
//   fallback warm    one refresh of the netstat -ano fallback (runs Wine's netstat.exe and parses it)
//   netstat -ano     a `wine netstat -ano` process, output to a file (the peer; it calls the cheaper GetTcpTable)
import { execFile, spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startLoad } from './loadgen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const sizes = (process.env.BENCH_WINE_SIZES ?? '1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_WINE_RUNS ?? 3);

const winPath = (p) => `Z:${p.replace(/\//g, '\\')}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function setupWine() {
  const setup = spawnSync(process.execPath, [join(root, 'scripts', 'wine-setup.mjs')], { encoding: 'utf8' });
  if (setup.status !== 0) return { error: (setup.stderr || 'wine-setup failed').trim() };
  return JSON.parse(setup.stdout.trim().split('\n').pop());
}

/** The Windows collectors alone, bundled as the CLI is (CommonJS, runtime dependencies external). */
async function buildCollectors(outDir) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        input: {
          collectors: join(root, 'src/main/collectors/windows/index.ts'),
          iphlpapi: join(root, 'src/main/collectors/windows/iphlpapi.ts'),
          decode: join(root, 'src/main/collectors/windows/iphlpapi-decode.ts'),
        },
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  });
}

// Runs under Wine's node.exe: one cold collect, then warm ones, timings to a file (node.exe cannot write to a pipe).
const DRIVER = `
const { writeFileSync } = require('node:fs');
const { createWindowsCollectors } = require('./collectors.js');
const { loadIpHelper, readAllTables, TABLE_KINDS } = require('./iphlpapi.js');
const { decodeTable } = require('./decode.js');
const time = async (fn) => { const start = performance.now(); const value = await fn(); return [performance.now() - start, value]; };
(async () => {
  const [out, runs] = process.argv.slice(2);
  const collectors = createWindowsCollectors();
  const signal = new AbortController().signal;
  const collectMs = [];
  const tablesMs = [];
  let result = null;
  for (let i = 0; i <= Number(runs); i++) {
    const [ms, value] = await time(() => collectors.connections.collect({ signal }));
    collectMs.push(ms);
    result = value;
  }
  let decodeMs = 0;
  if (Number(runs) > 0 && !process.env.NETSCOPE_WINDOWS_CONSOLE_ONLY) {
    const helper = await loadIpHelper();
    for (let i = 0; i < Number(runs); i++) tablesMs.push((await time(() => readAllTables(helper)))[0]);
    // The pure decoding alone, on one copy of the four tables' bytes.
    const tables = TABLE_KINDS.map((kind) => {
      const first = helper.getTable(kind, 0);
      return [kind, helper.getTable(kind, first.size + 65536).bytes];
    });
    decodeMs = (await time(() => tables.forEach(([kind, bytes]) => decodeTable(kind, bytes))))[0];
  }
  const tcp4 = result.data.filter((c) => c.protocol === 'tcp' && c.family === 4).length;
  writeFileSync(out, JSON.stringify({ collectMs, tablesMs, decodeMs, rows: result.data.length, tcp4, warnings: result.warnings }));
})().catch((e) => { writeFileSync(process.argv[2], JSON.stringify({ error: String((e && e.stack) || e) })); });
`;

function wineEnv(env, extra = {}) {
  return {
    ...process.env,
    WINEPREFIX: env.prefix,
    WINEDEBUG: '-all',
    NODE_SKIP_PLATFORM_CHECK: '1',
    NODE_PATH: winPath(join(root, 'node_modules')),
    ...extra,
  };
}

/** Runs a Wine program with stdout to a file; resolves with the wall time. */
function timedWine(env, args, outFile, extra) {
  return new Promise((resolve, reject) => {
    const fd = openSync(outFile, 'w');
    const start = performance.now();
    const child = spawn(env.wine, args, { env: wineEnv(env, extra), stdio: ['ignore', fd, 'ignore'] });
    child.once('error', reject);
    child.once('exit', (code) => {
      closeSync(fd);
      if (code === 0) resolve(performance.now() - start);
      else reject(new Error(`wine ${args.join(' ')} exited with ${code}`));
    });
  });
}

async function driver(env, dir, extra = {}, runs = RUNS) {
  const out = join(dir, 'driver-out.json');
  const wall = await timedWine(
    env,
    [env.nodeExe, winPath(join(dir, 'driver.js')), winPath(out), String(runs)],
    join(dir, 'driver.log'),
    extra,
  );
  const result = JSON.parse(readFileSync(out, 'utf8'));
  if (result.error) throw new Error(result.error);
  return { ...result, wall };
}

function countNetstatTcp4(text) {
  return text.split('\n').filter((l) => /^\s*TCP\s+\d/.test(l)).length;
}

const ssCount = () =>
  new Promise((resolve) =>
    execFile('ss', ['-tanH', '-4'], { maxBuffer: 1 << 28 }, (_e, stdout) =>
      resolve(stdout.split('\n').filter(Boolean).length),
    ),
  );

async function measureSize(env, dir, n) {
  const load = await startLoad(n);
  try {
    const netstatMs = [];
    let netstatRows = 0;
    for (let i = 0; i < RUNS; i++) {
      netstatMs.push(await timedWine(env, ['netstat', '-ano'], join(dir, 'netstat.txt')));
      netstatRows = countNetstatTcp4(readFileSync(join(dir, 'netstat.txt'), 'utf8'));
    }
    const ours = await driver(env, dir);
    const fallback = await driver(env, dir, { NETSCOPE_WINDOWS_CONSOLE_ONLY: '1' });
    // A process that starts, loads koffi, collects once and exits.
    const cold = await driver(env, dir, {}, 0);
    return {
      n,
      ss: await ssCount(),
      netstatRows,
      ourTcp4: ours.tcp4,
      ourRows: ours.rows,
      warmMs: median(ours.collectMs.slice(1)),
      wineCallsMs: median(ours.tablesMs) - ours.decodeMs,
      decodeMs: ours.decodeMs,
      coldProcessMs: cold.wall,
      fallbackWarmMs: median(fallback.collectMs.slice(1)),
      netstatMs: median(netstatMs),
      warnings: ours.warnings,
    };
  } finally {
    await load.stop();
  }
}

const fmt = (ms) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

async function main() {
  const env = setupWine();
  let section;
  if (env.error) {
    section = `## Windows collectors under Wine\n\nNot measured: ${env.error}\n`;
  } else {
    const dir = mkdtempSync(join(env.koffiDir, 'bench-'));
    try {
      await buildCollectors(dir);
      writeFileSync(join(dir, 'driver.js'), DRIVER);
      const rows = [];
      for (const n of sizes) rows.push(await measureSize(env, dir, n));
      section = [
        '## Windows collectors under Wine',
        '',
        `Wine ${spawnSync(env.wine, ['--version'], { encoding: 'utf8' }).stdout.trim()}, Windows node.exe ${env.nodeVersion}, koffi ${env.koffiVersion};`,
        `medians of ${RUNS} runs (cold process: 1), N established loopback connections (2N sockets plus listeners) from bench/loadgen.mjs.`,
        'Wine is not Windows: the ratios are our overhead over the same kernel tables, not Windows speed.',
        '',
        '| N | TCPv4 rows: ss / netstat / ours | collector warm | of which Wine’s owner-PID calls | ours (of which decoding) | `wine netstat -ano` | ours / netstat | collector / netstat | cold process / netstat | fallback warm / netstat |',
        '|---|---|---|---|---|---|---|---|---|---|',
        ...rows.map((r) => {
          const oursMs = Math.max(0, r.warmMs - r.wineCallsMs);
          return `| ${r.n} | ${r.ss} / ${r.netstatRows} / ${r.ourTcp4} | ${fmt(r.warmMs)} | ${fmt(r.wineCallsMs)} | ${fmt(oursMs)} (${fmt(r.decodeMs)}) | ${fmt(r.netstatMs)} | ${ratio(oursMs, r.netstatMs)} | ${ratio(r.warmMs, r.netstatMs)} | ${ratio(r.coldProcessMs, r.netstatMs)} (${fmt(r.coldProcessMs)}) | ${ratio(r.fallbackWarmMs, r.netstatMs)} (${fmt(r.fallbackWarmMs)}) |`;
        }),
        '',
        'Row counts differ by sockets that changed between the reads and because Wine’s netstat prints only established,',
        'closing and TIME_WAIT TCP rows (no listeners). Owner PIDs are 0 under Wine, so the process lookup is the',
        'kernel-PID path only.',
        rows.some((r) => r.warnings.length)
          ? `\nCollector warnings: ${[...new Set(rows.flatMap((r) => r.warnings))].join('; ')}`
          : '',
        '',
      ].join('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${section}\n`);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'wine.md'), `${section}\n`);
}

await main();
