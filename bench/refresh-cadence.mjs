// `node bench/refresh-cadence.mjs`: the CPU of one refresh per thread (main, V8 helpers, owner-scan, reading) when
// refreshes run back to back and when they run one a second, 1000 loopback connections, netlink, optionally A/B against
// another build (CADENCE_A=<repo dir with out/cli>), builds alternated. WHY both cadences: on this machine the same
// refresh cost the main thread ~1 ms back to back and ~5 ms one a second (issue 11): a refresh that starts on CPUs
// whose caches the rest of the machine has filled meanwhile pays for every object and every piece of code it reads
// again, so an idle refresh is cut by reading less (rows, strings, counters objects) more than by computing less.
// Each sample is a child process that loads the build's CLI chunks (out/cli: createPlatformCollectors, Scheduler),
// takes 20 refreshes, then CADENCE_N more at the cadence and reads every thread's schedstat around them. Run it under
// `flock /tmp/bench.lock`. Prints a Markdown section and writes bench/results/refresh-cadence.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
else await main();

/** One build, one cadence: CPU ms per refresh of each thread, and the main thread's wake-ups per refresh. */
async function child(dir, n, gapMs) {
  const require = createRequire(import.meta.url);
  const cli = join(dir, 'out', 'cli');
  const chunk = (prefix) =>
    require(
      join(
        cli,
        readdirSync(cli).find((f) => f.startsWith(prefix) && f.endsWith('.js')),
      ),
    );
  // The scheduler's chunk loads the CLI's entry, which reads the command line: one it refuses at once.
  process.argv = [process.argv[0], 'netscope', '--refresh-cadence-child'];
  const { createPlatformCollectors } = chunk('collectors-');
  const { Scheduler } = chunk('scheduler-');
  const threads = () =>
    new Map(
      readdirSync('/proc/self/task').map((t) => {
        const status = readFileSync(`/proc/self/task/${t}/status`, 'utf8');
        const cpu = Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
        return [Number(t), { cpu, wakeups: Number(/\nvoluntary_ctxt_switches:\s+(\d+)/.exec(status)[1]) }];
      }),
    );
  const pause = () => new Promise((r) => setTimeout(r, gapMs));
  const scheduler = new Scheduler({ collectors: createPlatformCollectors(), intervalMs: 1000 });
  for (let i = 0; i < 20; i++) {
    await scheduler.takeNow();
    await pause();
  }
  const a = threads();
  for (let i = 0; i < n; i++) {
    await scheduler.takeNow();
    if (gapMs > 0) await pause();
  }
  const b = threads();
  const tids = [...b.keys()].sort((x, y) => x - y);
  const delta = (t, k) => (b.get(t)[k] - (a.get(t)?.[k] ?? 0)) / n;
  // Threads in start order: main, V8's helpers, then the owner-scan lane's thread and the reading lane's.
  const [owner, reader] = tids.slice(-2);
  const helpers = tids.filter((t) => t !== process.pid && t !== owner && t !== reader);
  const result = {
    main: delta(process.pid, 'cpu'),
    helpers: helpers.reduce((s, t) => s + delta(t, 'cpu'), 0),
    owner: delta(owner, 'cpu'),
    reader: delta(reader, 'cpu'),
    all: tids.reduce((s, t) => s + delta(t, 'cpu'), 0),
    mainWakeups: delta(process.pid, 'wakeups'),
    rows: scheduler.latest.connections.length,
  };
  await scheduler.stop();
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

async function main() {
  const { startLoad } = await import('./loadgen.mjs');
  const builds = [
    ...(process.env.CADENCE_A ? [{ name: 'A', dir: process.env.CADENCE_A }] : []),
    { name: process.env.CADENCE_A ? 'B' : 'this build', dir: process.env.CADENCE_B ?? join(here, '..') },
  ];
  const rounds = Number(process.env.CADENCE_ROUNDS ?? 2);
  const cadences = [
    { label: 'back to back', gap: 0, n: Number(process.env.CADENCE_N_FAST ?? 100) },
    { label: 'one a second', gap: 1000, n: Number(process.env.CADENCE_N ?? 10) },
  ];
  const load = await startLoad(1000);
  const results = [];
  const startedAt = new Date();
  const loadBefore = loadavg()[0];
  try {
    for (let round = 0; round < rounds; round++)
      for (const cadence of cadences)
        for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
          const out = execFileSync(
            process.execPath,
            [fileURLToPath(import.meta.url), '--child', build.dir, String(cadence.n), String(cadence.gap)],
            {
              encoding: 'utf8',
              stdio: ['ignore', 'pipe', 'ignore'],
              env: { ...process.env, NETSCOPE_SOCKET_ENGINE: 'netlink' },
            },
          );
          const s = JSON.parse(out);
          results.push({ build: build.name, cadence: cadence.label, ...s });
          console.error(`${build.name} ${cadence.label}: ${JSON.stringify(s)}`);
        }
  } finally {
    await load.stop();
  }
  const lines = [
    '## Refresh CPU by cadence (1000 loopback connections, netlink)',
    '',
    `Run ${startedAt.toISOString()}, load average ${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}; ${rounds} samples per row (medians), builds alternated; CPU ms per refresh from /proc/self/task/*/schedstat; wake-ups: the main thread's voluntary context switches per refresh.`,
    ...(process.env.CADENCE_A ? ['', `A: ${builds[0].dir}; B: ${builds[1].dir}`] : []),
    '',
    '| build | cadence | all threads | main | V8 helpers | owner-scan | reading | main wake-ups | rows |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const cadence of cadences)
    for (const build of builds) {
      const rows = results.filter((r) => r.build === build.name && r.cadence === cadence.label);
      const m = (k) => median(rows.map((r) => r[k])).toFixed(2);
      lines.push(
        `| ${build.name} | ${cadence.label} | ${m('all')} (${rows.map((r) => r.all.toFixed(1)).join(', ')}) | ${m('main')} | ${m('helpers')} | ${m('owner')} | ${m('reader')} | ${m('mainWakeups')} | ${rows.map((r) => r.rows).join('/')} |`,
      );
    }
  const text = lines.join('\n') + '\n';
  process.stdout.write(text);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(process.env.BENCH_OUT ?? join(here, 'results', 'refresh-cadence.md'), text);
}
