// The tracker's part of a `netscope top` refresh, measured inside one process on the real engine's ticks (the
// scheduler's snapshots and diffs, as `netscope top` gets them) at ~100k loopback sockets (bench/loadgen.mjs): each
// tick, for each grouping, the old path (OLD_SRC's TalkerTracker.update() over every row, what top did) and this
// tree's (TopFeed.take: the diff's rows where it follows), in alternating order, and whether both give the same rows.
// WHY beside bench/top-cli.mjs: the whole process's CPU is mostly the engine's read (~200 ms a refresh at 100k
// sockets), so a change of ~15 ms in it is within the rounds' spread there; here both paths see the same ticks.
// CONNECTIONS (default 50000; 2 sockets each), TALK (share of connections writing 64 bytes a second, default 0),
// TICKS (default 15). The load is set up before the bench lock is taken (LOCK=0: without it). Writes OUT (default
// bench/results/top-ticks.md).
//   OLD_SRC=/work/s41-old TALK=0.01 node bench/top-ticks.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLoadThenLocked } from './loadgen.mjs';
import { oldSource } from './old-source.mjs';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, '..');
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50_000);
const TALK = Number(process.env.TALK ?? 0);
const TICKS = Number(process.env.TICKS ?? 15);
const OUT = process.env.OUT ?? join(here, 'results', 'top-ticks.md');
const GROUPINGS = ['process', 'host'];

async function timedPart() {
  const old = oldSource('src/shared/top-talkers.ts');
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url);
  process.env.NETSCOPE_SOCKET_ENGINE ??= 'auto';
  const { loadPlatformCollectors } = await jiti.import(`${src}/src/main/cli/platform.ts`);
  const { collectorsForViews } = await jiti.import(`${src}/src/main/cli/needed-collectors.ts`);
  const { Scheduler } = await jiti.import(`${src}/src/main/engine/scheduler.ts`);
  const { trafficAbsentReason } = await jiti.import(`${src}/src/shared/traffic.ts`);
  const { TalkerTracker } = await jiti.import(`${src}/src/shared/top-talkers.ts`);
  const { TopFeed } = await jiti.import(`${src}/src/main/cli/top-feed.ts`);
  const { TalkerTracker: OldTracker } = await jiti.import(`${old}/src/shared/top-talkers.ts`);
  const collectors = collectorsForViews(await loadPlatformCollectors({ views: ['connections'], repeating: true }), [
    'connections',
  ]);
  const sides = GROUPINGS.map((by) => {
    const tracker = new TalkerTracker(by);
    return { by, old: new OldTracker(by), tracker, feed: new TopFeed(tracker) };
  });
  const ticks = [];
  const started = new Date().toISOString();
  const load = [loadavg()[0]];
  // The scheduler's timer does not keep a process alive (netscope top keeps one of its own, as here).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise((done) => {
    const loop = new Scheduler({
      collectors,
      intervalMs: 1000,
      onTick: ({ snapshot, diff }) => {
        const n = ticks.length;
        const counted = trafficAbsentReason(snapshot) === null;
        const tick = {
          seq: snapshot.seq,
          rows: snapshot.connections.length,
          diff: diff === null ? null : [diff.added.length, diff.removed.length, diff.changed.length],
          engineMs: snapshot.tookMs,
          by: {},
        };
        for (const s of sides) {
          let oldMs = 0;
          let newMs = 0;
          let path = '';
          const runOld = () => {
            const t0 = performance.now();
            s.old.update(snapshot.connections, snapshot.takenAt, counted);
            oldMs = performance.now() - t0;
          };
          const runNew = () => {
            const t0 = performance.now();
            path = s.feed.take(snapshot, diff);
            newMs = performance.now() - t0;
          };
          if (n % 2 === 0) {
            runOld();
            runNew();
          } else {
            runNew();
            runOld();
          }
          // The same groups, totals and counts; rates within the steps this tree's tracker sums them in (2^-17 B/s
          // a connection), against the old tracker's float sums.
          const oldRows = new Map(s.old.rows().map((r) => [r.key, r]));
          const newRows = s.tracker.rows();
          const same =
            oldRows.size === newRows.length &&
            newRows.every((r) => {
              const o = oldRows.get(r.key);
              const close = (a, b) => Math.abs(a - b) <= r.connections * 2 ** -17 + 1e-9 * Math.abs(a);
              return (
                o !== undefined &&
                o.label === r.label &&
                o.sent === r.sent &&
                o.received === r.received &&
                o.connections === r.connections &&
                close(o.sendRate, r.sendRate) &&
                close(o.receiveRate, r.receiveRate)
              );
            });
          tick.by[s.by] = { oldMs, newMs, path, same, groups: s.tracker.rows().length };
        }
        ticks.push(tick);
        process.stderr.write(
          `tick ${tick.seq}: ${tick.rows} rows, diff ${tick.diff === null ? '-' : tick.diff.join('/')}; ` +
            GROUPINGS.map((by) => {
              const t = tick.by[by];
              return `${by} old ${t.oldMs.toFixed(1)} ms, new ${t.newMs.toFixed(1)} ms (${t.path}${t.same ? '' : ', ROWS DIFFER'})`;
            }).join('; ') +
            '\n',
        );
        if (ticks.length >= TICKS) void loop.stop().then(done);
      },
    });
    loop.resume();
  });
  clearInterval(keepAlive);
  load.push(loadavg()[0]);
  // The steady ticks: from the third (the first has no diff, the second changes every row's rates from none).
  const steady = ticks.slice(2);
  const lines = [
    `## \`netscope top\`'s tracker per refresh, in the process, at ${CONNECTIONS * 2} loopback sockets (bench/top-ticks.mjs)`,
    '',
    `Written ${started}: the netlink engine's ticks at 1 s, CONNECTIONS=${CONNECTIONS} TALK=${TALK} ` +
      `(${TALK > 0 ? `${Math.round(TALK * CONNECTIONS)} connections writing 64 bytes a second` : 'all idle'}), ` +
      `${TICKS} ticks, load average ${load.map((x) => x.toFixed(2)).join(' -> ')}. old: ${old}'s ` +
      "TalkerTracker.update() over every row; new: this tree's TopFeed.take(); both each tick, order alternating.",
    '',
    '| tick | rows | diff added/removed/changed | engine read | ' +
      GROUPINGS.map((by) => `${by}: old | new | path | same rows`).join(' | ') +
      ' |',
    '|---:|---:|---|---:|' + GROUPINGS.map(() => '---:|---:|---|---|').join(''),
    ...ticks.map(
      (t) =>
        `| ${t.seq} | ${t.rows} | ${t.diff === null ? '-' : t.diff.join('/')} | ${t.engineMs.toFixed(0)} ms | ` +
        GROUPINGS.map((by) => {
          const b = t.by[by];
          return `${b.oldMs.toFixed(1)} ms | ${b.newMs.toFixed(1)} ms | ${b.path} | ${b.same ? 'yes' : 'NO'}`;
        }).join(' | ') +
        ' |',
    ),
    '',
    'Medians of ticks 3 on: ' +
      GROUPINGS.map((by) => {
        const o = median(steady.map((t) => t.by[by].oldMs));
        const n = median(steady.map((t) => t.by[by].newMs));
        return `${by} old ${o.toFixed(1)} ms, new ${n.toFixed(2)} ms`;
      }).join('; ') +
      `; the engine's read ${median(steady.map((t) => t.engineMs)).toFixed(0)} ms (wall).`,
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
}

if (process.env.TOP_TICKS_TIMED === '1') {
  await timedPart();
  process.exit(0);
} else {
  oldSource('src/shared/top-talkers.ts');
  await withLoadThenLocked(import.meta.url, 'TOP_TICKS_TIMED', CONNECTIONS, TALK);
}
