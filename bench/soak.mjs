// `npm run soak` (not part of `npm test`): the built `netscope serve` on this
// machine's real sockets for SOAK_MINUTES (default 15) under a loopback churn of
// SOAK_RATE new connections a second (default 200), with a WebSocket client
// that applies every diff and checks the result against getSnapshot. Every
// SOAK_SAMPLE_SECONDS (default 30) it samples the server's RSS, V8 heap (after
// a GC), descriptors and CPU. Verdict: no lost or inconsistent diff, descriptors
// flat, RSS growth after the warm-up (SOAK_WARMUP_MINUTES, default 3) under 5%.
// Prints a Markdown section and writes it to bench/results/soak.md.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { serveSocket } from './serve-socket.mjs';
import { createChecker } from './soak-check.mjs';
import { heapGrowth } from './soak-heap.mjs';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const minutes = Number(process.env.SOAK_MINUTES ?? 15);
const rate = Number(process.env.SOAK_RATE ?? 200);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 30);
const warmupMinutes = Number(process.env.SOAK_WARMUP_MINUTES ?? Math.min(3, minutes / 5));
const RSS_GROWTH_LIMIT = 0.05;
const FD_TOLERANCE = 8;

/** The shared diff and wire code, bundled from src/shared so the check uses exactly what the app uses. */
async function loadShared() {
  const outDir = join(here, 'tmp', 'soak-shared');
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: { diff: join(root, 'src/shared/diff.ts'), wire: join(root, 'src/shared/wire.ts') },
        formats: ['es'],
        fileName: (_format, name) => `${name}.mjs`,
      },
    },
  });
  const diff = await import(join(outDir, 'diff.mjs'));
  const wire = await import(join(outDir, 'wire.mjs'));
  return { applyDiff: diff.applyDiff, isPackedSnapshot: wire.isPackedSnapshot, unpackSnapshot: wire.unpackSnapshot };
}

function startServer(token) {
  const child = fork(join(root, 'bin', 'netscope.js'), ['serve', '--port', '0', '--interval', '1'], {
    execArgv: ['--expose-gc', '--import', pathToFileURL(join(here, 'soak-probe.mjs')).href],
    env: { ...process.env, NETSCOPE_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /serving at (\S+)/.exec(out);
      if (match) resolve(new URL(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`netscope serve exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

function ask(child, message, answerKey = 'rss') {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (typeof m === 'object' && m !== null && answerKey in m) {
        child.off('message', onMessage);
        resolve(m);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

function startChurn() {
  const child = fork(join(here, 'soak-churn.mjs'), [String(rate)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise((resolve) => child.once('message', resolve));
  const counts = () =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send('counts');
    });
  return { child, ready, counts };
}

const mb = (b) => (b / 1024 / 1024).toFixed(1);
const pct = (x) => `${(x * 100).toFixed(2)}%`;

/** Least-squares slope of y over x. */
function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function main() {
  const shared = await loadShared();
  const token = randomBytes(24).toString('base64url');
  const server = startServer(token);
  const url = await server.url;
  const churn = startChurn();
  await churn.ready;

  const ws = serveSocket(url.href, 'netscope.v1', { token });
  const checker = createChecker(shared, (id) =>
    ws.send(JSON.stringify({ type: 'invoke', id, method: 'getSnapshot', args: [] })),
  );
  let closed = null;
  ws.on('message', (data) => checker.onMessage(data.toString()));
  ws.on('close', (code, reason) => (closed = `${code} ${reason}`));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });

  const started = Date.now();
  const samples = [];
  const take = async () => {
    const s = await ask(server.child, 'sample');
    const c = await churn.counts();
    samples.push({ ...s, minute: (s.at - started) / 60000, churned: c.made, rows: checker.rows() });
    const last = samples.at(-1);
    process.stderr.write(
      `soak ${last.minute.toFixed(1)} min: rss ${mb(last.rss)} MB, heap ${mb(last.heapUsed)} MB, fds ${last.fds}, rows ${last.rows}, ` +
        `diffs ${checker.stats.diffs}, checks ${checker.stats.checked}, problems ${checker.stats.problems.length}\n`,
    );
  };
  const heapFiles = [];
  const heapSnapshot = async (name) => {
    const file = join(here, 'tmp', `soak-${name}.heapsnapshot`);
    heapFiles.push((await ask(server.child, { heapSnapshot: file }, 'heapSnapshot')).heapSnapshot);
  };
  await take();
  const endAt = started + minutes * 60_000;
  while (Date.now() < endAt && closed === null) {
    await new Promise((r) => setTimeout(r, Math.min(sampleSeconds * 1000, Math.max(0, endAt - Date.now()))));
    await take();
    if (heapFiles.length === 0 && samples.at(-1).minute >= warmupMinutes) await heapSnapshot('after-warmup');
  }
  await heapSnapshot('end');
  churn.child.send('stop');
  ws.close();
  server.child.kill('SIGTERM');

  const growth = heapFiles.length === 2 ? heapGrowth(heapFiles[0], heapFiles[1]) : [];
  const report = verdict(samples, checker.stats, closed, growth);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'soak.md'), report);
  process.stdout.write(report);
  process.exitCode = report.includes('**FAIL**') ? 1 : 0;
}

function verdict(samples, stats, closed, growth) {
  const after = samples.filter((s) => s.minute >= warmupMinutes);
  const base = after[0] ?? samples[0];
  const last = samples.at(-1);
  // Medians of the first and last three samples after the warm-up: one sample taken while a
  // multi-megabyte answer is in flight must not decide the verdict either way.
  const rssFirst = median(after.slice(0, 3).map((s) => s.rss));
  const rssLast = median(after.slice(-3).map((s) => s.rss));
  const rssGrowth = (rssLast - rssFirst) / rssFirst;
  const minutesX = after.map((s) => s.minute);
  const rssSlope =
    slope(
      minutesX,
      after.map((s) => s.rss),
    ) / 1024;
  const heapSlope =
    slope(
      minutesX,
      after.map((s) => s.heapUsed),
    ) / 1024;
  const fdRange = Math.max(...after.map((s) => s.fds)) - Math.min(...after.map((s) => s.fds));
  const wall = (last.at - samples[0].at) / 1000;
  const cpuShare = (last.cpuMicros - samples[0].cpuMicros) / 1e6 / wall;
  const churned = last.churned - samples[0].churned;
  const lost = stats.gaps + (closed === null ? 0 : 1);
  const checks = [
    [
      'no lost diff',
      lost === 0,
      `${stats.diffs} diffs applied, ${stats.gaps} gaps${closed ? `, socket closed (${closed})` : ''}`,
    ],
    [
      'no inconsistent diff',
      stats.problems.length === 0 && stats.checked > 0,
      `${stats.checked} of ${stats.diffs} diffs checked against getSnapshot at the same seq (one request at a time; ${stats.skipped} answers came after the next refresh), ${stats.problems.length} mismatches`,
    ],
    [
      'descriptors flat',
      fdRange <= FD_TOLERANCE,
      `after warm-up ${Math.min(...after.map((s) => s.fds))}-${Math.max(...after.map((s) => s.fds))} (range ${fdRange}, allowed ${FD_TOLERANCE})`,
    ],
    [
      'RSS growth after warm-up < 5%',
      rssGrowth < RSS_GROWTH_LIMIT,
      `median of the first 3 samples after warm-up ${mb(rssFirst)} MB, of the last 3 ${mb(rssLast)} MB (${pct(rssGrowth)}); single samples ${mb(base.rss)} -> ${mb(last.rss)} MB; slope ${rssSlope.toFixed(1)} kB/min`,
    ],
  ];
  const failed = checks.some(([, ok]) => !ok);
  const lines = [
    '## Soak: `netscope serve` under loopback churn',
    '',
    `${minutes} min, ${rate} new loopback connections/s requested (${churned} made while sampled, ${(churned / wall).toFixed(0)}/s), refresh every 1 s, ` +
      `one WebSocket client applying every diff and checking it against getSnapshot; samples every ${sampleSeconds} s, warm-up ${warmupMinutes} min. ` +
      `${cpus().length} CPUs (shared with other work during this run), Node ${process.version}.`,
    '',
    `Verdict: ${failed ? '**FAIL**' : '**PASS**'}`,
    '',
    '| Check | Result | Figures |',
    '|---|---|---|',
    ...checks.map(([name, ok, figures]) => `| ${name} | ${ok ? 'pass' : '**fail**'} | ${figures} |`),
    '',
    `Server CPU over the run: ${pct(cpuShare)} of one core. V8 heap after GC: ${mb(base.heapUsed)} -> ${mb(last.heapUsed)} MB, slope ${heapSlope.toFixed(1)} kB/min after warm-up.`,
    '',
    `Sockets on the machine (rows in the snapshot): ${base.rows} at the end of the warm-up, ${last.rows} at the end. ` +
      'The server reads every socket of the machine, so memory follows this count; on a shared machine other work moves it.',
    '',
    '| Minute | Sockets | RSS MB | Heap MB (after GC) | External MB | fds | CPU s | Connections churned |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...samples.map(
      (s) =>
        `| ${s.minute.toFixed(1)} | ${s.rows} | ${mb(s.rss)} | ${mb(s.heapUsed)} | ${mb(s.external)} | ${s.fds} | ${(s.cpuMicros / 1e6).toFixed(1)} | ${s.churned} |`,
    ),
    '',
    ...(growth.length > 0
      ? [
          'What grew most in the main V8 heap from the end of the warm-up to the end (heap snapshots after a GC; the reading threads are separate isolates, not in it):',
          '',
          '| Kind:constructor | Objects | kB |',
          '|---|---:|---:|',
          ...growth,
          '',
        ]
      : []),
    ...(stats.problems.length > 0
      ? ['First mismatches:', '', ...stats.problems.slice(0, 5).map((p) => `- ${p}`), '']
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

main().catch((error) => {
  process.stderr.write(`soak: ${error.stack ?? error}\n`);
  process.exit(2);
});
