// UNIX domain sockets from the command line, as a user lists them: `netscope -x`
// (/proc/net/unix, peers through sock_diag, owners by the fd scan) against
// `ss -xp` (iproute2: sock_diag and its own fd scan) and `netstat -xp` (net-tools:
// /proc/net/unix, no peers), whole processes, with PAIRS connected pairs on one
// listening socket held by this process (2 sockets a pair). A warm-up run each,
// then RUNS rounds in a rotating order (load drifts on a shared machine hit all
// alike); the median per command, and its ratio to ss. Prints a Markdown section
// and writes bench/results/unix-sockets.md.
//
//   node bench/unix-sockets.mjs            needs `npm run build` (out/cli)
//   BENCH_UNIX_RUNS=15 BENCH_UNIX_PAIRS=200,4000 node bench/unix-sockets.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'netscope.js');
const RUNS = Number(process.env.BENCH_UNIX_RUNS ?? 9);
const PAIRS = (process.env.BENCH_UNIX_PAIRS ?? '200,2000').split(',').map(Number);

if (process.platform !== 'linux') {
  console.error('bench/unix-sockets.mjs: Linux only (sock_diag, /proc/net/unix)');
  process.exit(2);
}
if (!existsSync(join(here, '..', 'out', 'cli', 'index.js'))) {
  console.error('bench/unix-sockets.mjs: out/cli is missing; run `npm run build` first');
  process.exit(2);
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function timeOnce(cmd, args) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code }));
    child.on('error', () => resolve({ ms: NaN, code: -1 }));
  });
}

/** `pairs` connected pairs on one listener at a path, held by this process; close() ends them. */
async function openPairs(pairs) {
  const dir = mkdtempSync(join(tmpdir(), 'netscope-bench-unix-'));
  const path = join(dir, 'bench.sock');
  const accepted = [];
  const server = createServer((s) => accepted.push(s));
  await new Promise((ok) => server.listen(path, 4096, ok));
  const clients = [];
  for (let i = 0; i < pairs; i++) {
    clients.push(
      await new Promise((ok, fail) => {
        const s = connect(path, () => ok(s));
        s.once('error', fail);
      }),
    );
  }
  while (accepted.length < pairs) await new Promise((ok) => setTimeout(ok, 10));
  return async () => {
    for (const s of [...clients, ...accepted]) s.destroy();
    await new Promise((ok) => server.close(ok));
    rmSync(dir, { recursive: true, force: true });
  };
}

function commands() {
  const list = [{ name: '`node -e 0` (floor)', cmd: process.execPath, args: ['-e', '0'] }];
  list.push({ name: '`netscope -x`', cmd: process.execPath, args: [bin, '-x'], ours: true });
  if (has('ss')) list.push({ name: '`ss -xp`', cmd: 'ss', args: ['-xp'], peer: 'ss' });
  if (has('netstat')) list.push({ name: '`netstat -xp`', cmd: 'netstat', args: ['-xp'] });
  return list;
}

const lines = [
  '## UNIX domain sockets from the CLI (`netscope -x` vs `ss -xp`, `netstat -xp`)',
  '',
  `Whole processes, median of ${RUNS} rotating rounds after a warm-up; ${cpus().length} CPUs, ` +
    `load ${loadavg()[0].toFixed(2)} at the start. The sockets: connected pairs held by the benchmark ` +
    'on one listener, plus whatever the machine has.',
  '',
  '| UNIX pairs | command | median ms | vs `ss -xp` |',
  '|---:|---|---:|---:|',
];
for (const pairs of PAIRS) {
  const close = await openPairs(pairs);
  try {
    const list = commands();
    for (const c of list) await timeOnce(c.cmd, c.args);
    const times = new Map(list.map((c) => [c.name, []]));
    for (let round = 0; round < RUNS; round++) {
      for (let k = 0; k < list.length; k++) {
        const c = list[(round + k) % list.length];
        const { ms, code } = await timeOnce(c.cmd, c.args);
        if (code === 0) times.get(c.name).push(ms);
      }
    }
    const ss = list.find((c) => c.peer === 'ss');
    const ssMedian = ss ? median(times.get(ss.name)) : NaN;
    for (const c of list) {
      const m = median(times.get(c.name));
      const ratio = Number.isFinite(ssMedian) ? `${(m / ssMedian).toFixed(2)}x` : 'n/a';
      lines.push(`| ${pairs} | ${c.name} | ${m.toFixed(1)} | ${ratio} |`);
    }
  } finally {
    await close();
  }
}
lines.push(
  '',
  "`netscope -x` pays Node's start (the floor row) and a full fd scan for owners, as `ss -xp` does its own; " +
    '`netstat -xp` reads no peers.',
  '',
);
const text = lines.join('\n');
console.log(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'unix-sockets.md'), text);
