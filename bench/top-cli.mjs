// `netscope top` as a user runs it, whole process, at ~100k loopback sockets: CPU (user + system) per refresh of
// `netscope top -d 1 -c N --json > /dev/null`, this build against another (OLD_BIN: its bin/netscope.js), and `ss -tani`
// per call in the same seconds (the peer, as bench/RESULTS.md's netlink section). WHY the whole process: what top
// costs a user is the engine's read, the scheduler's diff, the tracker and the printing together; the tracker's part
// alone is bench/talkers.mjs.
// A refresh's CPU: (CPU of `-c LONG`) - (CPU of `-c SHORT`) over LONG - SHORT refreshes (start, the cold snapshot and
// the first refreshes cancel out); the `-c LONG` process's CPU whole is reported too. Builds alternate within a round
// (A B, then B A), ROUNDS rounds.
// The load (bench/loadgen.mjs: CONNECTIONS loopback connections, 2 sockets each; TALK: the share of them that move 64
// bytes a second, default 0, all idle) is set up before the bench lock is taken; the timed part runs under
// `flock /tmp/bench.lock` (LOCK=0: without it, for a try). Writes OUT (default bench/results/top-cli.md).
//   OLD_BIN=/work/s41-old/bin/netscope.js node bench/top-cli.mjs
//   TALK=0.01 BY=host OLD_BIN=... node bench/top-cli.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLoadThenLocked } from './loadgen.mjs';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const NEW_BIN = process.env.NEW_BIN ?? join(here, '..', 'bin', 'netscope.js');
const OLD_BIN = process.env.OLD_BIN;
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50_000);
const TALK = Number(process.env.TALK ?? 0);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const LONG = Number(process.env.LONG ?? 15);
const SHORT = Number(process.env.SHORT ?? 5);
const SS_RUNS = Number(process.env.SS_RUNS ?? 3);
const BY = process.env.BY ?? 'process';
const OUT = process.env.OUT ?? join(here, 'results', 'top-cli.md');

/** One command under time(1): wall, user, system (s) and peak RSS (KiB). */
function timed(argv, env = process.env) {
  const file = `/tmp/top-cli-time-${process.pid}`;
  const r = spawnSync('/usr/bin/time', ['-o', file, '-f', '%e %U %S %M', ...argv], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const [wall, user, sys, rss] = readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, rssMiB: rss / 1024 };
}

/** `netscope top` with `count` refreshes, printing JSON to /dev/null (time(1) discards nothing else). */
function top(bin, count) {
  return timed(['sh', '-c', `exec "${process.execPath}" "${bin}" top -d 1 -c ${count} --by ${BY} --json > /dev/null`]);
}

/** `ss -tani` once: CPU and wall of the mean of SS_RUNS calls (time(1) counts in 10 ms steps). */
function ss() {
  const t = timed(['sh', '-c', `for i in $(seq ${SS_RUNS}); do ss -tani > /dev/null; done`]);
  return { wallMs: t.wallMs / SS_RUNS, cpuMs: t.cpuMs / SS_RUNS };
}

function sockets() {
  const r = spawnSync('sh', ['-c', 'ss -tanH | wc -l'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

const f = (ms) => `${ms.toFixed(1)} ms`;

async function timedPart() {
  const builds = [
    { name: 'old', bin: OLD_BIN },
    { name: 'new', bin: NEW_BIN },
  ];
  const runs = [];
  const started = new Date().toISOString();
  const load = [loadavg()[0]];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    const seen = sockets();
    const peer = ss();
    for (const b of order) {
      const long = top(b.bin, LONG);
      const short = top(b.bin, SHORT);
      const perRefresh = (long.cpuMs - short.cpuMs) / (LONG - SHORT);
      runs.push({ round, build: b.name, long, short, perRefresh, peer, seen });
      process.stderr.write(
        `round ${round + 1} ${b.name}: ${f(perRefresh)} CPU a refresh; -c ${LONG} whole ${f(long.cpuMs)} CPU, ` +
          `${(long.wallMs / 1000).toFixed(1)} s, ${long.rssMiB.toFixed(0)} MiB; -c ${SHORT} ${f(short.cpuMs)}; ` +
          `ss -tani ${f(peer.cpuMs)} CPU (${f(peer.wallMs)}); ${seen} TCP sockets\n`,
      );
    }
  }
  load.push(loadavg()[0]);
  const of = (name, pick) => runs.filter((r) => r.build === name).map(pick);
  const lines = [
    `## \`netscope top\` at ${CONNECTIONS * 2} loopback sockets, whole process (bench/top-cli.mjs)`,
    '',
    `Written ${started}: \`top -d 1 -c ${LONG}|${SHORT} --by ${BY} --json > /dev/null\`, CONNECTIONS=${CONNECTIONS} ` +
      `TALK=${TALK} (${TALK > 0 ? `${Math.round(TALK * CONNECTIONS)} connections writing 64 bytes a second` : 'all idle'}), ${ROUNDS} rounds (builds alternating A B, B A), load average ` +
      `${load.map((x) => x.toFixed(2)).join(' -> ')}. old: ${OLD_BIN}; new: ${NEW_BIN}. A refresh's CPU: ` +
      `(CPU of -c ${LONG}) - (CPU of -c ${SHORT}) over ${LONG - SHORT} refreshes; \`ss -tani\`: the mean of ${SS_RUNS} ` +
      'calls in the same round.',
    '',
    `| round | build | CPU a refresh | / \`ss -tani\` | -c ${LONG}: CPU whole | wall | peak RSS | -c ${SHORT}: CPU | \`ss -tani\` CPU (wall) | TCP sockets |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (r) =>
        `| ${r.round + 1} | ${r.build} | ${f(r.perRefresh)} | ${(r.perRefresh / r.peer.cpuMs).toFixed(3)} | ` +
        `${f(r.long.cpuMs)} | ${(r.long.wallMs / 1000).toFixed(1)} s | ${r.long.rssMiB.toFixed(0)} MiB | ` +
        `${f(r.short.cpuMs)} | ${f(r.peer.cpuMs)} (${f(r.peer.wallMs)}) | ${r.seen} |`,
    ),
    '',
    `Medians: CPU a refresh old ${f(median(of('old', (r) => r.perRefresh)))}, new ${f(median(of('new', (r) => r.perRefresh)))}` +
      ` (new / old ${(median(of('new', (r) => r.perRefresh)) / median(of('old', (r) => r.perRefresh))).toFixed(3)}); ` +
      `-c ${LONG} whole old ${f(median(of('old', (r) => r.long.cpuMs)))}, new ${f(median(of('new', (r) => r.long.cpuMs)))}; ` +
      `\`ss -tani\` ${f(median(runs.filter((r) => r.build === 'old').map((r) => r.peer.cpuMs)))} CPU a call.`,
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
}

if (process.env.TOP_CLI_TIMED === '1') {
  await timedPart();
} else {
  if (!OLD_BIN || !existsSync(OLD_BIN)) {
    process.stderr.write("set OLD_BIN to another build's bin/netscope.js (e.g. /work/s41-old/bin/netscope.js)\n");
    process.exit(2);
  }
  await withLoadThenLocked(import.meta.url, 'TOP_CLI_TIMED', CONNECTIONS, TALK);
}
