// The cold `netscope` command as a user starts it: whole processes, hyperfine-style
// (a warm-up run each, then RUNS rounds in which every command runs once, in a
// rotating order so load drifts on this shared machine hit all of them alike; the
// median per command). Peers measured in the same rounds: `node -e 0` (the floor
// any Node CLI pays), `netstat -tunap` (Debian net-tools) and `ss -tunap`
// (iproute2), at 200 and 2k extra loopback sockets from bench/loadgen.mjs.
// Prints a Markdown section and writes bench/results/cli.md.
//
//   node bench/cli.mjs                      needs `npm run build` (out/cli)
//   BENCH_CLI_RUNS=21 BENCH_CLI_SOCKETS=200,2000 NETSCOPE_BIN=/other/bin/netscope.js node bench/cli.mjs
//
// NETSCOPE_BIN points at another build (e.g. a copy of the previous out/ and bin/)
// for a before/after comparison in one run: its rows are added as "before".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoad } from './loadgen.mjs';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'netscope.js');
const before = process.env.NETSCOPE_BIN ?? null;
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const SOCKETS = (process.env.BENCH_CLI_SOCKETS ?? '200,2000').split(',').map(Number);
const CPU_RUNS = Number(process.env.BENCH_CLI_CPU_RUNS ?? 9);

if (!existsSync(join(here, '..', 'out', 'cli', 'index.js'))) {
  console.error('bench/cli.mjs: out/cli is missing; run `npm run build` first');
  process.exit(2);
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Wall time of one whole process, output discarded (as hyperfine does), and its exit code. */
function timeOnce(cmd, args) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code }));
    child.on('error', () => resolve({ ms: NaN, code: -1 }));
  });
}

function commands() {
  const node = process.execPath;
  const list = [{ name: '`node -e 0`', cmd: node, args: ['-e', '0'], peer: true }];
  if (has('netstat')) list.push({ name: '`netstat -tunap`', cmd: 'netstat', args: ['-tunap'], peer: true });
  if (has('ss')) list.push({ name: '`ss -tunap`', cmd: 'ss', args: ['-tunap'], peer: true });
  const ours = [
    ['`netscope` (every socket with owners)', []],
    ['`netscope -tunap`', ['-tunap']],
    ['`netscope -r`', ['-r']],
    ['`netscope -s --json`', ['-s', '--json']],
    ['`netscope -e`', ['-e']],
    ['`netscope --help`', ['--help']],
  ];
  for (const [name, args] of ours) list.push({ name, cmd: node, args: [bin, ...args] });
  if (before) {
    for (const [name, args] of ours.slice(0, 4)) {
      list.push({ name: `${name}, before`, cmd: node, args: [before, ...args] });
    }
  }
  return list;
}

/**
 * CPU time (user + system) of one whole process, in ms, through GNU time (10 ms steps; the mean of several runs
 * is finer). On a shared machine the wall time grows with everyone's load; the CPU a command burns much less so.
 */
const GNU_TIME = '/usr/bin/time';
function cpuOnce(cmd, args) {
  const out = join(tmpdir(), `netscope-bench-cli-${process.pid}.time`);
  const run = spawnSync(GNU_TIME, ['-o', out, '-f', '%U %S', cmd, ...args], { stdio: 'ignore' });
  try {
    const [user, system] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    return run.status === 0 ? (user + system) * 1000 : NaN;
  } catch {
    return NaN;
  } finally {
    rmSync(out, { force: true });
  }
}

/** Mean CPU per command over CPU_RUNS rounds, run after the wall-time rounds (GNU time's own start stays out of those). */
function measureCpu(list) {
  if (!existsSync(GNU_TIME)) return new Map();
  const sums = new Map(list.map((c) => [c.name, []]));
  for (let round = 0; round < CPU_RUNS; round++) {
    for (let k = 0; k < list.length; k++) {
      const c = list[(k + round) % list.length];
      sums.get(c.name).push(cpuOnce(c.cmd, c.args));
    }
  }
  return new Map([...sums].map(([name, xs]) => [name, xs.reduce((a, b) => a + b, 0) / xs.length]));
}

async function measureAll(list) {
  const times = new Map(list.map((c) => [c.name, []]));
  const failures = new Map();
  for (const c of list) await timeOnce(c.cmd, c.args); // warm-up: page cache, not V8 caches
  for (let round = 0; round < RUNS; round++) {
    for (let k = 0; k < list.length; k++) {
      const c = list[(k + round) % list.length];
      const { ms, code } = await timeOnce(c.cmd, c.args);
      if (code !== 0) failures.set(c.name, code);
      times.get(c.name).push(ms);
    }
  }
  return new Map(list.map((c) => [c.name, { median: median(times.get(c.name)), failed: failures.get(c.name) }]));
}

function socketCount() {
  const out = spawnSync('ss', ['-tuanH'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.status === 0 ? out.stdout.split('\n').filter(Boolean).length : NaN;
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : 'n/a');

const sections = [];
const verdicts = [];
for (const extra of SOCKETS) {
  // Each loopback connection is two sockets (both ends).
  const load = await startLoad(Math.max(1, Math.round(extra / 2)));
  try {
    const list = commands();
    const present = socketCount();
    const load1 = loadavg()[0].toFixed(1);
    const results = await measureAll(list);
    const cpu = measureCpu(list);
    const get = (name) => results.get(name)?.median ?? NaN;
    const getCpu = (name) => cpu.get(name) ?? NaN;
    const netstat = get('`netstat -tunap`');
    const ss = get('`ss -tunap`');
    const node = get('`node -e 0`');
    const [netstatCpu, nodeCpu] = [getCpu('`netstat -tunap`'), getCpu('`node -e 0`')];
    const rows = list.map((c) => {
      const r = results.get(c.name);
      const note = r.failed !== undefined ? ` (exit ${r.failed})` : '';
      const used = getCpu(c.name);
      return (
        `| ${c.name}${note} | ${fmt(r.median)} | ${ratio(r.median, node)} | ${ratio(r.median, netstat)} | ${ratio(r.median, ss)} ` +
        `| ${Number.isFinite(used) ? fmt(used) : 'n/a'} | ${ratio(used, nodeCpu)} | ${ratio(used, netstatCpu)} |`
      );
    });
    sections.push(
      [
        `### ${extra} extra sockets (${present} TCP/UDP sockets on the machine; load average ${load1})`,
        '',
        '| command | median | / `node -e 0` | / `netstat -tunap` | / `ss -tunap` | CPU (mean) | CPU / `node -e 0` | CPU / `netstat -tunap` |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
        ...rows,
      ].join('\n'),
    );
    if (extra === Math.max(...SOCKETS)) {
      const cold = get('`netscope -tunap`');
      const routes = get('`netscope -r`');
      const help = get('`netscope --help`');
      verdicts.push(
        `- \`netscope -tunap\` within 3x of \`netstat -tunap\` at ${extra} sockets: ${ratio(cold, netstat)}x, ${cold <= 3 * netstat ? 'met' : '**not met**'}`,
        `- \`netscope -r\` within 1.5x of \`node -e 0\`: ${ratio(routes, node)}x, ${routes <= 1.5 * node ? 'met' : '**not met**'}`,
        '',
        `Where \`netscope -tunap\`'s ${fmt(cold)} go at ${extra} sockets (differences of the medians above): ` +
          `Node's own start ${fmt(node)} (\`node -e 0\`, itself ${ratio(node, netstat)}x \`netstat -tunap\`); ` +
          `loading the CLI and parsing its flags ${fmt(help - node)} (\`--help\` minus \`node -e 0\`); ` +
          `loading the collectors and the engine and reading a few files ${fmt(routes - help)} (\`-r\` minus \`--help\`); ` +
          `the socket tables, the owner scan (in its watched thread) and printing ${fmt(cold - routes)} (\`-tunap\` minus \`-r\`). ` +
          `3x \`netstat -tunap\` is ${fmt(3 * netstat)}: ${3 * netstat > node ? `${fmt(3 * netstat - node)} beyond Node's start` : `less than Node's start alone`}.`,
      );
    }
  } finally {
    await load.stop();
  }
}

const markdown = [
  '## CLI startup (whole processes, cold)',
  '',
  `Written by \`node bench/cli.mjs\` on ${new Date().toISOString()} (${cpus().length} cores, Node ${process.version}). ` +
    `Median of ${RUNS} rounds after one warm-up run each; in each round every command runs once, in rotating order. ` +
    'Output goes to /dev/null. The machine is shared: the other sockets present and the load average are given per table; ' +
    'ratios are within one table, measured in the same rounds. ' +
    `CPU is user + system time (GNU time, 10 ms steps), the mean of ${CPU_RUNS} further rounds: under load it moves ` +
    'far less than the wall time, which waits for a core.',
  '',
  ...sections.flatMap((s) => [s, '']),
  'Targets:',
  '',
  ...verdicts,
  '',
].join('\n');

process.stdout.write(markdown);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'cli.md'), markdown);
