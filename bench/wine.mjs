// The Windows connections collector under Wine, against `wine netstat -ano` on the same sockets, at N loopback
// connections (N = 1k and 10k; override with BENCH_WINE_SIZES=1000,5000). Wine is not Windows: the ratios say
// what our code costs on top of the OS call (koffi, decoding, process lookup), not how fast Windows is.
// Needs Wine and scripts/wine-setup.mjs (run here); prints a Markdown section and writes bench/results/wine.md.
//
//   ours             one refresh of the IP Helper path in a running process with the four tables replayed from
//                    one recorded copy: decoding, ids and process lookup, what the app adds to the OS calls
//   live             the same refresh with the real calls; Wine maps every socket to an owner PID by scanning
//                    processes (seconds per thousand sockets, and the PIDs come out 0), which Windows does not,
//                    so "of which Wine's calls" is Wine's cost, shown apart
//   fallback         one refresh of the netstat -ano fallback (runs Wine's netstat.exe and parses it)
//   netstat -ano     a `wine netstat -ano` process, output to a file (the peer; it calls the cheaper GetTcpTable)
import { execFile, spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startLoad } from './loadgen.mjs';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const sizes = (process.env.BENCH_WINE_SIZES ?? '1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_WINE_RUNS ?? 3);

const winPath = (p) => `Z:${p.replace(/\//g, '\\')}`;

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
const time = async (fn) => { const start = performance.now(); const value = await fn(); return [performance.now() - start, value]; };
(async () => {
  const [out, runsText, mode] = process.argv.slice(2);
  const runs = Number(runsText);
  const signal = new AbortController().signal;
  const summary = (result) => ({
    rows: result.data.length,
    tcp4: result.data.filter((c) => c.protocol === 'tcp' && c.family === 4).length,
    warnings: result.warnings,
  });
  if (mode === 'live') {
    // The collector as the app runs it: real IP Helper calls (cold, then warm), then the calls alone.
    const collectors = createWindowsCollectors();
    const collectMs = [];
    let result = null;
    for (let i = 0; i <= runs; i++) {
      const [ms, value] = await time(() => collectors.connections.collect({ signal }));
      collectMs.push(ms);
      result = value;
    }
    const helper = await loadIpHelper();
    const [tablesMs] = await time(() => readAllTables(helper));
    writeFileSync(out, JSON.stringify({ collectMs, tablesMs, ...summary(result) }));
    return;
  }
  if (mode === 'replay') {
    // Ours alone: the same collector fed one recorded copy of the tables, so Wine's calls are out of the figure.
    const helper = await loadIpHelper();
    const recorded = new Map();
    for (const kind of TABLE_KINDS) {
      let call = helper.getTable(kind, 0);
      for (let tries = 0; call.status !== 0 && tries < 5; tries++) call = helper.getTable(kind, call.size + 65536);
      if (call.status !== 0) throw new Error(kind + ' table: error ' + call.status);
      recorded.set(kind, call.bytes);
    }
    const replay = {
      getTable(kind, size) {
        const bytes = recorded.get(kind);
        return size >= bytes.length ? { status: 0, bytes, size: bytes.length } : { status: 122, bytes: new Uint8Array(), size: bytes.length };
      },
    };
    const collectors = createWindowsCollectors({ loadIpHelper: async () => replay });
    const collectMs = [];
    let result = null;
    for (let i = 0; i <= runs; i++) {
      const [ms, value] = await time(() => collectors.connections.collect({ signal }));
      collectMs.push(ms);
      result = value;
    }
    writeFileSync(out, JSON.stringify({ collectMs, ...summary(result) }));
    return;
  }
  // 'fallback' (NETSCOPE_WINDOWS_CONSOLE_ONLY=1 in the environment) or 'cold': plain collects.
  const collectors = createWindowsCollectors();
  const collectMs = [];
  let result = null;
  for (let i = 0; i <= runs; i++) {
    const [ms, value] = await time(() => collectors.connections.collect({ signal }));
    collectMs.push(ms);
    result = value;
  }
  writeFileSync(out, JSON.stringify({ collectMs, ...summary(result) }));
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

/** Each Wine run's budget: on a crowded machine Wine's owner-PID tables can take many minutes. */
const BUDGET_S = Number(process.env.BENCH_WINE_BUDGET_S ?? 240);

/** Runs a Wine program with stdout to a file; resolves with the wall time, rejects past the budget. */
function timedWine(env, args, outFile, extra) {
  return new Promise((resolve, reject) => {
    const fd = openSync(outFile, 'w');
    const start = performance.now();
    const child = spawn(env.wine, args, { env: wineEnv(env, extra), stdio: ['ignore', fd, 'ignore'], detached: true });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, BUDGET_S * 1000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      closeSync(fd);
      if (code === 0) resolve(performance.now() - start);
      else if (signal === 'SIGKILL') reject(new Error(`did not finish within ${BUDGET_S} s`));
      else reject(new Error(`wine ${args.join(' ')} exited with ${code}`));
    });
  });
}

async function driver(env, dir, mode, runs, extra = {}) {
  const out = join(dir, 'driver-out.json');
  const wall = await timedWine(
    env,
    [env.nodeExe, winPath(join(dir, 'driver.js')), winPath(out), String(runs), mode],
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
    // A measurement that fails (a timeout on a crowded machine) is reported as such; the others still run.
    const attempt = (run) => run.catch((error) => ({ failed: String(error.message).split('\n')[0] }));
    const netstat = await attempt(
      (async () => {
        const times = [];
        for (let i = 0; i < RUNS; i++) times.push(await timedWine(env, ['netstat', '-ano'], join(dir, 'netstat.txt')));
        return { ms: median(times), rows: countNetstatTcp4(readFileSync(join(dir, 'netstat.txt'), 'utf8')) };
      })(),
    );
    const ours = await attempt(driver(env, dir, 'replay', RUNS));
    // Wine's owner-PID calls take seconds per thousand sockets, so the live collector runs once warm.
    const live = await attempt(driver(env, dir, 'live', 1));
    const fallback = await attempt(driver(env, dir, 'fallback', RUNS, { NETSCOPE_WINDOWS_CONSOLE_ONLY: '1' }));
    const warm = (result) => (result.failed ? result : median(result.collectMs.slice(1)));
    return {
      n,
      ss: await ssCount(),
      netstatRows: netstat.rows ?? '?',
      ourTcp4: ours.tcp4 ?? '?',
      oursMs: warm(ours),
      liveMs: live.failed ? live : live.collectMs[1],
      coldLiveMs: live.failed ? live : live.collectMs[0],
      wineCallsMs: live.failed ? live : live.tablesMs,
      fallbackMs: warm(fallback),
      netstatMs: netstat.failed ? netstat : netstat.ms,
      warnings: [...new Set([...(ours.warnings ?? []), ...(live.warnings ?? [])])],
    };
  } finally {
    await load.stop();
  }
}

const fmt = (ms) => (typeof ms === 'number' ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `failed: ${ms.failed}`);
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : '-');

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
        `medians of ${RUNS} runs (live collector: 1 warm run), N established loopback connections (2N sockets plus listeners) from bench/loadgen.mjs.`,
        'Wine is not Windows: the ratios are our overhead over the same kernel tables, not Windows speed.',
        '',
        '| N | TCPv4 rows: ss / netstat / ours | ours per refresh (tables replayed) | `wine netstat -ano` | ours / netstat | live collector warm (cold) | of which Wine’s owner-PID calls | live / netstat | netstat -ano fallback | fallback / netstat |',
        '|---|---|---|---|---|---|---|---|---|---|',
        ...rows.map(
          (r) =>
            `| ${r.n} | ${r.ss} / ${r.netstatRows} / ${r.ourTcp4} | ${fmt(r.oursMs)} | ${fmt(r.netstatMs)} | ${ratio(r.oursMs, r.netstatMs)} | ${fmt(r.liveMs)} (${fmt(r.coldLiveMs)}) | ${fmt(r.wineCallsMs)} | ${ratio(r.liveMs, r.netstatMs)} | ${fmt(r.fallbackMs)} | ${ratio(r.fallbackMs, r.netstatMs)} |`,
        ),
        '',
        'Row counts differ by sockets that changed between the reads (other work on the machine included) and because',
        'Wine’s netstat prints only established, closing and TIME_WAIT TCP rows (no listeners). Owner PIDs are 0 under',
        'Wine, so the process lookup is the kernel-PID path only. The machine’s load average is part of every figure:',
        `${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')} (1/5/15 min) at the end of this run on ${cpus().length} cores.`,
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
