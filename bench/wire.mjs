// The full snapshot's trip at 100k rows (BENCH_WIRE_ROWS), CPU work only, in one
// Node process, against the peer measured in the same run: the packed JSON table
// that `netscope.v1` clients still get (src/shared/wire.ts) versus the binary
// columnar frame of `netscope.v5` and `v4` (src/shared/wire-frame.ts). The rows are the
// ones `netscope serve --synthetic` makes (what bench/renderer.mjs shows the page).
// Also the renderer's diff index (store/rows.ts), now one Map from id to
// arrival order, against the Map + WeakMap it replaced (rebuilt here as the peer).
// Runs interleaved (peer, ours, peer, ours...) so load on the machine hits both
// alike; reports medians and ratios. Prints a Markdown section and writes
// bench/results/wire.md. Runs the TypeScript sources through jiti (no build needed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const jiti = createJiti(import.meta.url);
const { createSyntheticCollectors } = await jiti.import('../src/main/collectors/synthetic.ts');
const { assignConnectionIds, emptySnapshot } = await jiti.import('../src/shared/model.ts');
const { packSnapshot, unpackSnapshot, WS_PROTOCOL } = await jiti.import('../src/shared/wire.ts');
const { decodeSnapshotFrame, encodeSnapshotColumns, snapshotFrame, WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS } =
  await jiti.import('../src/shared/wire-frame.ts');
const { EMPTY_ROWS, receiveSnapshot, withIndex } = await jiti.import('../src/renderer/store/rows.ts');

const ROWS = Number(process.env.BENCH_WIRE_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_WIRE_RUNS ?? 7);

const { data } = await createSyntheticCollectors(ROWS, 0.01).connections.collect();
const snapshot = emptySnapshot({ seq: 1, host: 'bench', connections: assignConnectionIds(data) });

/** The index rows.ts built before: an id -> row Map and a row -> arrival order WeakMap. */
function mapAndWeakMap(s) {
  const byId = new Map();
  const ord = new WeakMap();
  s.connections.forEach((c, i) => {
    byId.set(c.id, c);
    ord.set(c, i);
  });
  return byId.size;
}

function time(fn) {
  const t = performance.now();
  const r = fn();
  return { ms: performance.now() - t, r };
}

/** [peer, ours] pairs, alternated; each side's median. */
function pair(peer, ours) {
  const a = [];
  const b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(time(peer).ms);
    b.push(time(ours).ms);
  }
  return { peer: median(a), ours: median(b) };
}

const loadBefore = loadavg()[0];
const json = JSON.stringify({ type: 'push', channel: 'snapshot', payload: packSnapshot(snapshot) });
const frame = snapshotFrame({ type: 'push', channel: 'snapshot' }, encodeSnapshotColumns(snapshot));
// The browser gets the frame as its own ArrayBuffer.
const received = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);

const encode = pair(
  () => JSON.stringify({ type: 'push', channel: 'snapshot', payload: packSnapshot(snapshot) }),
  () => snapshotFrame({ type: 'push', channel: 'snapshot' }, encodeSnapshotColumns(snapshot)),
);
const decode = pair(
  () => unpackSnapshot(JSON.parse(json).payload),
  () => decodeSnapshotFrame(received),
);
const index = pair(
  () => mapAndWeakMap(snapshot),
  () => withIndex(receiveSnapshot(EMPTY_ROWS, snapshot)).index(),
);
// The decoded snapshot must be the one sent, or the timing means nothing.
const back = decodeSnapshotFrame(received);
if (!('snapshot' in back) || !isDeepStrictEqual(back.snapshot, snapshot))
  throw new Error('the binary frame did not round-trip the snapshot');

const fmt = (v) => v.toFixed(1);
const ratio = (r) => `${(r.ours / r.peer).toFixed(2)}x`;
const mib = (n) => `${(n / (1 << 20)).toFixed(2)} MiB`;
const lines = [
  `## Wire format: a ${ROWS.toLocaleString('en')}-row snapshot, packed JSON (${WS_PROTOCOL}) vs binary columns (${WS_PROTOCOL_BINARY_DIFFS}, ${WS_PROTOCOL_COLUMNS})`,
  '',
  `Written by \`node bench/wire.mjs\` on ${new Date().toISOString()} (${cpus().length} cores, Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after). Rows from \`--synthetic\` (what bench/renderer.mjs shows the page); medians of ${RUNS} interleaved runs in one process, so load hits both sides alike.`,
  '',
  '| step | peer: packed JSON (ms) | binary columns (ms) | ratio |',
  '| --- | ---: | ---: | ---: |',
  `| server: encode the snapshot message | ${fmt(encode.peer)} | ${fmt(encode.ours)} | ${ratio(encode)} |`,
  `| page: decode it into row objects | ${fmt(decode.peer)} | ${fmt(decode.ours)} | ${ratio(decode)} |`,
  `| page: the store's diff index (peer: id Map + row WeakMap; ours: id -> order Map) | ${fmt(index.peer)} | ${fmt(index.ours)} | ${ratio(index)} |`,
  '',
  `Bytes: packed JSON ${mib(Buffer.byteLength(json))}, binary frame ${mib(frame.length)} (${(frame.length / Buffer.byteLength(json)).toFixed(2)}x).`,
  '',
];
const text = lines.join('\n');
console.log(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'wire.md'), text);
