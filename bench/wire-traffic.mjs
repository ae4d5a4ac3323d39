// The whole snapshot's binary frame (netscope.v3, src/shared/wire-frame.ts) at 100k rows (BENCH_WIRE_ROWS) with
// traffic counters on every row, as the Linux netlink engine gives them: this tree against OLD_SRC (a checkout of
// the commit to compare with; bench/old-source.mjs), in one Node process, runs interleaved (old, new, old, new...)
// so load on the machine hits both alike. CPU work only: the server's encode (encodeSnapshotColumns) and the page's
// decode into row objects (decodeSnapshotFrame, with its validation); and the frame's bytes.
//
// The rows are `--synthetic`'s (bench/wire.mjs) with counters made as s41-A's `serve --synthetic ROWS:CHURN:MOVING`
// makes them (its firstCounters, used here: bytes, segments, retransmissions, a fractional RTT): BENCH_WIRE_RATES=settled (the
// default: a running server's snapshot, every rate 0 but a MOVING share, 1%, with fractional rates), or `none`
// (the first refresh: every rate null). Every 10th row has no traffic (a UDP socket), so the field's
// absence is in the load too. Prints a Markdown section and writes bench/results/wire-traffic.md. Runs the
// TypeScript sources through jiti (no build needed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { median } from './stats.mjs';
import { oldSource } from './old-source.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const jiti = createJiti(import.meta.url);
const OLD = oldSource('src/shared/wire-frame.ts');
const { createSyntheticCollectors, firstCounters, isMovingRow, mix } = await jiti.import(
  '../src/main/collectors/synthetic.ts',
);
const { assignConnectionIds, emptySnapshot } = await jiti.import('../src/shared/model.ts');
const ours = await jiti.import('../src/shared/wire-frame.ts');
const old = await jiti.import(`${OLD}/src/shared/wire-frame.ts`);

const ROWS = Number(process.env.BENCH_WIRE_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_WIRE_RUNS ?? 7);
const RATES = process.env.BENCH_WIRE_RATES ?? 'settled';
const MOVING = 0.01;
if (RATES !== 'settled' && RATES !== 'none') throw new Error('BENCH_WIRE_RATES is settled or none');

/** Row n's counters: the synthetic collector's firstCounters, then its rates (0, or a moving row's bytes over ~2 s). */
function counters(n) {
  const speed = 100 * 2 ** (mix(n) % 15);
  const seconds = 2.0137;
  const rate = (v) => (RATES === 'none' ? null : isMovingRow(n, MOVING) ? v / seconds : 0);
  return {
    ...firstCounters(n),
    sendRate: rate(Math.round(speed / 8) + 40),
    receiveRate: rate(speed),
    segmentSendRate: rate(1),
    segmentReceiveRate: rate(Math.ceil(speed / 1448)),
    retransmissionRate: rate(0),
  };
}

const { data } = await createSyntheticCollectors(ROWS, 0.01).connections.collect();
const rows = data.map((c, i) => (i % 10 === 9 ? c : { ...c, traffic: counters(i) }));
const snapshot = emptySnapshot({ seq: 1, host: 'bench', connections: assignConnectionIds(rows) });
const route = { type: 'push', channel: 'snapshot' };

function time(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** [old, ours] pairs, alternated; each side's runs and median. */
function pair(a, b) {
  const x = [];
  const y = [];
  for (let i = 0; i < RUNS; i++) {
    x.push(time(a));
    y.push(time(b));
  }
  return { old: median(x), ours: median(y), oldRuns: x, ourRuns: y };
}

const received = (frame) => frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
const loadBefore = loadavg()[0];
const oldFrame = old.snapshotFrame(route, old.encodeSnapshotColumns(snapshot));
const ourFrame = ours.snapshotFrame(route, ours.encodeSnapshotColumns(snapshot));
const oldBytes = received(oldFrame);
const ourBytes = received(ourFrame);
for (const [name, decode, bytes] of [
  ['old', old.decodeSnapshotFrame, oldBytes],
  ['new', ours.decodeSnapshotFrame, ourBytes],
]) {
  const back = decode(bytes);
  // The decoded snapshot must be the one sent, or the timing means nothing.
  if (!('snapshot' in back) || !isDeepStrictEqual(back.snapshot, snapshot))
    throw new Error(`the ${name} frame did not round-trip the snapshot`);
}

const encode = pair(
  () => old.snapshotFrame(route, old.encodeSnapshotColumns(snapshot)),
  () => ours.snapshotFrame(route, ours.encodeSnapshotColumns(snapshot)),
);
const decode = pair(
  () => old.decodeSnapshotFrame(oldBytes),
  () => ours.decodeSnapshotFrame(ourBytes),
);

const fmt = (v) => v.toFixed(1);
const runs = (xs) => xs.map(fmt).join(', ');
const ratio = (r) => `${(r.ours / r.old).toFixed(2)}x`;
const mib = (n) => `${(n / (1 << 20)).toFixed(2)} MiB`;
const lines = [
  `## Binary snapshot frame with traffic counters: ${ROWS.toLocaleString('en')} rows, ${OLD} (old) vs this tree (new)`,
  '',
  `Written by \`node bench/wire-traffic.mjs\` on ${new Date().toISOString()} (${cpus().length} cores, Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after). Rows from \`--synthetic\` with counters on 9 rows in 10 as s41-A's \`--synthetic ROWS:CHURN:MOVING\` makes them; rates: ${RATES === 'none' ? 'none yet (null: the first refresh)' : `settled (0, ${MOVING * 100}% of the rows with fractional rates)`}. Medians of ${RUNS} interleaved runs in one process.`,
  '',
  '| step | old (ms) | new (ms) | ratio | old runs | new runs |',
  '| --- | ---: | ---: | ---: | --- | --- |',
  `| server: encode the snapshot frame | ${fmt(encode.old)} | ${fmt(encode.ours)} | ${ratio(encode)} | ${runs(encode.oldRuns)} | ${runs(encode.ourRuns)} |`,
  `| page: decode it into row objects | ${fmt(decode.old)} | ${fmt(decode.ours)} | ${ratio(decode)} | ${runs(decode.oldRuns)} | ${runs(decode.ourRuns)} |`,
  '',
  `Bytes: old ${mib(oldFrame.length)}, new ${mib(ourFrame.length)} (${(ourFrame.length / oldFrame.length).toFixed(2)}x); ${(oldFrame.length / ROWS).toFixed(0)} vs ${(ourFrame.length / ROWS).toFixed(0)} bytes a row.`,
  '',
];
const text = lines.join('\n');
console.log(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', `wire-traffic${RATES === 'none' ? '-none' : ''}.md`), text);
