// `node bench/idle-refresh.mjs`: the CPU one idle refresh costs (1 s interval, 1000 loopback connections, about 2k
// sockets), per engine, split by thread, optionally A/B against another build (NETSCOPE_BIN_A: its bin/netscope.js),
// the builds alternated in one run so that both see the same machine. WHY per refresh and per thread: the idle target
// (<= 2% of one core) is 20 ms of CPU per refresh; the split says which side (main thread: parsing, ids, diff; the
// owner-scan thread: fd listings; the reading thread: /proc/net reads and dumps, kernel time included) pays it.
// Each sample is `netscope measure --warm 0 --idle N`, CPU of every thread read from /proc/<pid>/task/*/schedstat at
// the window's edges (seconds IDLE_FROM..IDLE_TO, default 25-40, after V8's helpers compiled the hot code), with `ss
// -tanpi` and `ss -tan` run once per second in the same seconds as the peer (IDLE_PEERS, comma-separated ss arguments;
// empty: none); the sampling is bench/idle-cpu.mjs, shared with bench/run.mjs. Prints a Markdown section, writes
// bench/results/idle-refresh.md (BENCH_OUT elsewhere). Run it under `flock /tmp/bench.lock`: other loads on the
// machine (its sockets are shared) change the figures; the socket count before and after each sample is printed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { idleSample } from './idle-cpu.mjs';
import { median } from './stats.mjs';
import { startLoad } from './loadgen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const builds = [
  ...(process.env.NETSCOPE_BIN_A ? [{ name: 'A', bin: process.env.NETSCOPE_BIN_A }] : []),
  {
    name: process.env.NETSCOPE_BIN_A ? 'B' : 'this build',
    bin: process.env.NETSCOPE_BIN ?? join(here, '..', 'bin', 'netscope.js'),
  },
];
const engines = (process.env.IDLE_ENGINES ?? 'procfs,netlink').split(',');
const runs = Number(process.env.IDLE_RUNS ?? 2);
const from = Number(process.env.IDLE_FROM ?? 25);
const to = Number(process.env.IDLE_TO ?? 40);
const together = (process.env.IDLE_TOGETHER ?? (process.env.NETSCOPE_BIN_A ? '1' : '0')) === '1';
const peers = (process.env.IDLE_PEERS ?? '-tanpi,-tan').split(',').filter((p) => p !== '');

/** One build's sample: per-thread ms per refresh in the window, and the peers' ms per call when `withPeers`. */
async function sample(bin, engine, withPeers) {
  const s = await idleSample(bin, {
    env: { NETSCOPE_SOCKET_ENGINE: engine },
    windows: [[from, to]],
    peers: withPeers ? peers : [],
  });
  return { ...s.windows[0], tcp: s.measured.tcp, owned: s.measured.owned, peers: s.peers };
}

/**
 * One sample of each build: one after the other, or all at once (IDLE_TOGETHER=1, the default for an A/B). WHY at
 * once: on this shared machine the same work costs 1x-3x the CPU from one minute to the next (other tenants, the
 * host); two builds sampled in the same seconds see the same machine, so their ratio holds where their figures do not.
 */
async function samples(list, engine) {
  // Together: the peers run once, beside the first build (they cost both builds' machine the same).
  if (together) return Promise.all(list.map(async (build, i) => [build, await sample(build.bin, engine, i === 0)]));
  const out = [];
  for (const build of list) out.push([build, await sample(build.bin, engine, true)]);
  return out;
}

const load = await startLoad(1000);
const results = [];
const startedAt = new Date();
const loadBefore = loadavg()[0];
try {
  await new Promise((r) => setTimeout(r, 500));
  for (let run = 0; run < runs; run++)
    for (const engine of engines) {
      const pair = await samples(run % 2 === 0 ? builds : [...builds].reverse(), engine);
      // The peers of these seconds (run beside one build when together): each build's ratio is against them.
      const seconds = pair.map(([, s]) => s.peers).find((p) => Object.keys(p).length > 0) ?? {};
      for (const [build, s] of pair) {
        const peerMs = Object.fromEntries(peers.map((args) => [args, seconds[args]?.ms ?? NaN]));
        results.push({ build: build.name, engine, ...s, peerMs });
        const versus = peers.map(
          (args) => `ss ${args} ${peerMs[args].toFixed(1)} ms (${(s.ms / peerMs[args]).toFixed(2)}x)`,
        );
        console.error(
          `${build.name} ${engine}: ${s.ms.toFixed(1)} ms/refresh (${s.percent.toFixed(2)}%) main ${s.main.toFixed(1)} helpers ${s.helpers.toFixed(1)} owner ${s.owner.toFixed(1)} reader ${s.reader.toFixed(1)} (kernel ${s.system.toFixed(1)}); ${versus.join(', ')}; tcp sockets on the machine ${s.sockets}, machine ${(s.busy * 100).toFixed(0)}% busy`,
        );
      }
    }
} finally {
  await load.stop();
}

const lines = [
  '## Idle refresh CPU (1 s interval, 1000 loopback connections)',
  '',
  `Run ${startedAt.toISOString()}, load average ${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}; ${runs} samples per row (medians), seconds ${from}-${to} of \`netscope measure --idle\`, builds ${together ? 'run at the same time' : 'alternated'}. CPU of every thread per refresh (ms; on-CPU time from /proc/<pid>/task/<tid>/schedstat, the kernel column from stat's stime ticks); 20 ms per refresh is 2% of one core.`,
  ...(process.env.NETSCOPE_BIN_A ? ['', `A: ${process.env.NETSCOPE_BIN_A}; B: ${builds[1].bin}`] : []),
  '',
  ...(peers.length > 0
    ? [
        `Peers: ${peers.map((args) => `\`ss ${args}\``).join(', ')} run once per second in the same seconds (CPU per call, user + system, from bash's \`times\`: what \`watch -n1 ss ${peers[0]}\` costs); "x ss" is NetScope's CPU per refresh over the peer's per call, each sample against its own seconds' peer, then the median.`,
        '',
      ]
    : []),
  `| build | engine | ms per refresh | % of one core | main thread | V8 helpers | owner-scan thread | reading thread | of all: kernel | ${peers.map((args) => `\`ss ${args}\` ms per call | x \`ss ${args}\``).join(' | ')}${peers.length > 0 ? ' | ' : ''}TCP sockets seen | machine busy |`,
  `|---|---|---:|---:|---:|---:|---:|---:|---:|${peers.map(() => '---:|---:|').join('')}---:|---:|`,
];
/** Per peer: its median ms per call over these rows' seconds, and the median of the rows' ratios to it. */
const peerCells = (rows) =>
  peers
    .map((args) => {
      const calls = median(rows.map((r) => r.peerMs[args]));
      const ratio = median(rows.map((r) => r.ms / r.peerMs[args]));
      return `${calls.toFixed(1)} | ${ratio.toFixed(2)}x | `;
    })
    .join('');
for (const engine of engines)
  for (const build of builds) {
    const rows = results.filter((r) => r.engine === engine && r.build === build.name);
    const m = (k) => median(rows.map((r) => r[k]));
    lines.push(
      `| ${build.name} | ${engine} | ${m('ms').toFixed(1)} (${rows.map((r) => r.ms.toFixed(1)).join(', ')}) | ${m('percent').toFixed(2)}% | ${m('main').toFixed(1)} | ${m('helpers').toFixed(1)} | ${m('owner').toFixed(1)} | ${m('reader').toFixed(1)} | ${m('system').toFixed(1)} | ${peerCells(rows)}${rows[0].tcp} | ${(m('busy') * 100).toFixed(0)}% |`,
    );
  }
const text = lines.join('\n') + '\n';
process.stdout.write(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(process.env.BENCH_OUT ?? join(here, 'results', 'idle-refresh.md'), text);
