// The server's work per refresh at 100k and 250k rows (BENCH_SERVER_DIFF_ROWS), CPU time on its event loop,
// in one Node process (issue 13). Two tables:
// 1. diffSnapshots under 1% churn in several patterns (the oldest rows closed, as `serve --synthetic` does;
//    rows closed anywhere; rows inserted in the middle; rows moved; nothing moved), against two peers measured
//    in the same run: the diff this replaced (pairs rows in place, then a Map of every row that did not) and a
//    plain Map of every id. Rows are fresh objects each refresh, as the procfs engine makes them (the worst
//    case: the netlink engine hands back unchanged rows as the same objects).
// 2. The rest of a refresh of `serve --synthetic N:0.01`: generating the rows, their ids, the diff, the diff's
//    binary frame (encoded once and sent to every page of this build: wire-diff-frame.ts) and its JSON (for pages
//    of older builds), and what a page joining costs: its first screenful (head) and the whole snapshot as binary
//    columns or packed JSON (netscope.v1).
// Runs alternate (peer, ours, peer, ours...) so load on the machine hits both alike; medians of CPU time
// (process.cpuUsage, user + system). Prints a Markdown section and writes bench/results/server-diff.md.
// Runs the TypeScript sources through jiti (no build needed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const jiti = createJiti(import.meta.url);
const { createSyntheticCollectors } = await jiti.import('../src/main/collectors/synthetic.ts');
const { assignConnectionIds, blankConnection, emptySnapshot } = await jiti.import('../src/shared/model.ts');
const { assignIdsKeepingShared } = await jiti.import('../src/main/engine/connection-ids.ts');
const { connectionsEqual, diffSnapshots } = await jiti.import('../src/shared/diff.ts');
const { matchRowsById } = await jiti.import('../src/shared/diff-match.ts');
const { packSnapshot } = await jiti.import('../src/shared/wire.ts');
const { diffFrame, encodeSnapshotColumns, WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS } =
  await jiti.import('../src/shared/wire-frame.ts');
const { encodeDiffColumns } = await jiti.import('../src/shared/wire-diff-frame.ts');
const { headMessage, snapshotHead } = await jiti.import('../src/shared/wire-head.ts');

const SIZES = (process.env.BENCH_SERVER_DIFF_ROWS ?? '100000,250000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_SERVER_DIFF_RUNS ?? 7);
const CHURN = 0.01;

/** CPU milliseconds (user + system) of one call. */
function cpu(fn) {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, result };
}
/** Each function's median over RUNS rounds, the functions alternating within a round. */
function interleaved(fns) {
  const samples = fns.map(() => []);
  for (let r = 0; r < RUNS; r++) fns.forEach((fn, i) => samples[i].push(cpu(fn).ms));
  return samples.map(median);
}

/** The diff before this change, kept here as the peer: rows paired in place, a Map of all the others. */
function positionalThenMap(base, next) {
  const older = base.connections;
  const newer = next.connections;
  const matched = new Uint8Array(older.length);
  const status = new Uint8Array(newer.length);
  const common = Math.min(older.length, newer.length);
  let unmatched = newer.length - common;
  for (let i = 0; i < common; i++) {
    if (older[i].id === newer[i].id) {
      matched[i] = 1;
      if (!connectionsEqual(older[i], newer[i])) status[i] = 1;
    } else {
      status[i] = 2;
      unmatched++;
    }
  }
  if (common < newer.length) status.fill(2, common);
  if (unmatched > 0) {
    const rest = new Map();
    for (let i = 0; i < older.length; i++) if (matched[i] === 0) rest.set(older[i].id, i);
    for (let i = 0; i < newer.length; i++) {
      if (status[i] !== 2) continue;
      const at = rest.get(newer[i].id);
      if (at === undefined) continue;
      matched[at] = 1;
      status[i] = connectionsEqual(older[at], newer[i]) ? 0 : 1;
    }
  }
  const added = [];
  const changed = [];
  for (let i = 0; i < newer.length; i++) {
    if (status[i] === 1) changed.push(newer[i]);
    else if (status[i] === 2) added.push(newer[i]);
  }
  const removed = [];
  for (let i = 0; i < older.length; i++) if (matched[i] === 0) removed.push(older[i].id);
  return { added, changed, removed };
}

/** The plainest diff: a Map of every id of the base. */
function mapOfEveryId(base, next) {
  const byId = new Map();
  for (const c of base.connections) byId.set(c.id, c);
  const added = [];
  const changed = [];
  for (const c of next.connections) {
    const was = byId.get(c.id);
    if (was === undefined) added.push(c);
    else {
      byId.delete(c.id);
      if (!connectionsEqual(was, c)) changed.push(c);
    }
  }
  return { added, changed, removed: [...byId.keys()] };
}

/** A row like `serve --synthetic` makes, as a fresh object. */
function row(n, state) {
  return blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort: 1024 + (n % 60000),
    remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    remotePort: 443,
    state,
    pid: 1000 + (n % 500),
    processName: `worker-${n % 500}`,
    exePath: `/opt/synthetic/bin/worker-${n % 500}`,
    user: 'bench',
    inode: 1_000_000 + n,
  });
}

/** A deterministic generator, so every run diffs the same lists. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The keys of a refresh after `rows` keys 0..rows-1, in one churn pattern; `changedKeys` change state.
 * d = a third of the churn, as the synthetic collector does it.
 */
function pattern(name, rows) {
  const d = Math.max(1, Math.round((rows * CHURN) / 3));
  const rand = random(rows + name.length);
  const keys = Array.from({ length: rows }, (_, i) => i);
  let next = keys.slice();
  const pick = (list) => Math.floor(rand() * list.length);
  const removeRandom = () => {
    for (let i = 0; i < d; i++) next.splice(pick(next), 1);
  };
  if (name === 'oldest closed, new appended') {
    next = next.slice(d);
    for (let i = 0; i < d; i++) next.push(rows + i);
  } else if (name === 'closed anywhere, new appended') {
    removeRandom();
    for (let i = 0; i < d; i++) next.push(rows + i);
  } else if (name === 'closed and opened anywhere') {
    removeRandom();
    for (let i = 0; i < d; i++) next.splice(pick(next), 0, rows + i);
  } else if (name === 'rows moved (1%)') {
    for (let i = 0; i < 3 * d; i++) {
      const [moved] = next.splice(pick(next), 1);
      next.splice(pick(next), 0, moved);
    }
  }
  const changedKeys = new Set();
  if (name !== 'nothing moved' && name !== 'rows moved (1%)')
    while (changedKeys.size < d) changedKeys.add(next[pick(next)]);
  return { keys, next, changedKeys };
}

const PATTERNS = [
  'nothing moved',
  'oldest closed, new appended',
  'closed anywhere, new appended',
  'closed and opened anywhere',
  'rows moved (1%)',
];

const snapshotOf = (seq, keys, changedKeys = new Set()) =>
  emptySnapshot({
    seq,
    connections: assignConnectionIds(keys.map((k) => row(k, changedKeys.has(k) ? 'CLOSE_WAIT' : 'ESTABLISHED'))),
  });

const sameDiff = (a, b) =>
  a.added.length === b.added.length &&
  a.changed.length === b.changed.length &&
  a.removed.length === b.removed.length &&
  a.added.every((c, i) => c === b.added[i]) &&
  a.changed.every((c, i) => c === b.changed[i]) &&
  a.removed.every((id, i) => id === b.removed[i]);

const ms = (x) => `${x.toFixed(1)} ms`;
const ratio = (x, peer) => `${(x / peer).toFixed(3)}x`;

function diffTable(rows) {
  const lines = [
    `| ${rows.toLocaleString('en')} rows, 1% churn | diffSnapshots | positional, then a Map (before) | Map of every id | ratio to before | rows through the Maps |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const name of PATTERNS) {
    const { keys, next, changedKeys } = pattern(name, rows);
    const base = snapshotOf(1, keys);
    const after = snapshotOf(2, next, changedKeys);
    const ours = diffSnapshots(base, after);
    const before = positionalThenMap(base, after);
    // The peer must find the same rows, or the comparison means nothing.
    if (!sameDiff(ours, before)) throw new Error(`${name}: the diffs differ`);
    const { parked } = matchRowsById(base.connections, after.connections, connectionsEqual);
    const [b, o, m] = interleaved([
      () => positionalThenMap(base, after),
      () => diffSnapshots(base, after),
      () => mapOfEveryId(base, after),
    ]);
    lines.push(
      `| ${name} (${ours.added.length} added, ${ours.removed.length} removed, ${ours.changed.length} changed) | ${ms(o)} | ${ms(b)} | ${ms(m)} | ${ratio(o, b)} | ${parked.toLocaleString('en')} |`,
    );
  }
  return lines;
}

/** The synthetic collector before this change (a fresh row object for every socket, every refresh), as the peer. */
function previousSynthetic(rows, churn) {
  let next = 0;
  const live = new Map();
  for (; next < rows; next++) live.set(next, 'ESTABLISHED');
  let tick = 0;
  return () => {
    if (tick++ > 0) {
      const changes = Math.max(1, Math.round((rows * churn) / 3));
      const keys = live.keys();
      for (let i = 0; i < changes; i++) {
        const k = keys.next();
        if (!k.done) live.delete(k.value);
      }
      for (let i = 0; i < changes; i++) live.set(next++, 'SYN_RECV');
      let changed = 0;
      for (const [k, state] of live) {
        if (changed >= changes) break;
        if (state === 'ESTABLISHED' && k % 7 === tick % 7) {
          live.set(k, 'CLOSE_WAIT');
          changed++;
        }
      }
    }
    const data = [];
    for (const [n, state] of live) data.push(row(n, state));
    return data;
  };
}

/**
 * `serve --synthetic rows:0.01`, now and before (the previous generator and diff), refresh by refresh
 * alternately: two refreshes to settle, then RUNS measured.
 */
async function refreshTable(rows) {
  const collectors = createSyntheticCollectors(rows, CHURN);
  const context = { signal: new AbortController().signal };
  const before = previousSynthetic(rows, CHURN);
  const head = { sort: { column: 'remoteAddress', desc: false }, filter: '', hideTimeWait: false, rows: 80 };
  const now = { gen: [], ids: [], diff: [], json: [], frame: [] };
  const was = { gen: [], ids: [], diff: [], json: [] };
  const join = { head: [], columns: [], packed: [] };
  const last = { now: null, was: null };
  let bytes = {};
  for (let r = 0; r < RUNS + 2; r++) {
    const settled = r >= 2;
    for (const side of ['was', 'now']) {
      const start = process.cpuUsage();
      const data = side === 'now' ? (await collectors.connections.collect(context)).data : before();
      const used = process.cpuUsage(start);
      const ids = cpu(() => assignIdsKeepingShared(data));
      const snapshot = emptySnapshot({ seq: r + 1, connections: ids.result });
      const previous = last[side];
      last[side] = snapshot;
      if (!settled || previous === null) continue;
      const diff = cpu(() => (side === 'now' ? diffSnapshots : positionalThenMap)(previous, snapshot));
      const json = cpu(() => JSON.stringify({ type: 'push', channel: 'diff', payload: diff.result }));
      const into = side === 'now' ? now : was;
      into.gen.push((used.user + used.system) / 1000);
      into.ids.push(ids.ms);
      into.diff.push(diff.ms);
      into.json.push(json.ms);
      if (side !== 'now') continue;
      const frame = cpu(() => diffFrame(encodeDiffColumns(diff.result)));
      now.frame.push(frame.ms);
      const headCost = cpu(() => headMessage(snapshotHead(snapshot, head)));
      const columns = cpu(() => encodeSnapshotColumns(snapshot));
      const packed = cpu(() => JSON.stringify(packSnapshot(snapshot)));
      join.head.push(headCost.ms);
      join.columns.push(columns.ms);
      join.packed.push(packed.ms);
      bytes = {
        diff: Buffer.byteLength(json.result),
        frame: frame.result.byteLength,
        columns: columns.result.byteLength,
        packed: packed.result.length,
      };
    }
  }
  const med = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, median(v)]));
  const n = med(now);
  const w = med(was);
  const j = med(join);
  // What the event loop does for the pages of each build: now the binary frame, before the JSON.
  const total = (x, sent) => x.gen + x.ids + x.diff + sent;
  const kib = (x) => `${(x / 1024).toFixed(0)} KiB`;
  const mib = (x) => `${(x / 1024 / 1024).toFixed(2)} MiB`;
  const line = (what, a, b) => `| ${what} | ${ms(a)} | ${ms(b)} | ${ratio(a, b)} |`;
  return [
    `| ${rows.toLocaleString('en')} rows, \`serve --synthetic ${rows}:0.01\`, CPU per refresh (median of ${RUNS}) | now | before | ratio |`,
    '|---|---:|---:|---:|',
    line('generating the rows (before: fresh objects for every row)', n.gen, w.gen),
    line('ids (assignIdsKeepingShared)', n.ids, w.ids),
    line('the diff (before: positional, then a Map)', n.diff, w.diff),
    line(
      `the diff for every page, once: now its binary frame (${WS_PROTOCOL_BINARY_DIFFS}, ${kib(bytes.frame)}), before its JSON (${kib(bytes.diff)})`,
      n.frame,
      w.json,
    ),
    line(`now also, for pages of older builds only: the diff's JSON (${kib(bytes.diff)})`, n.json, w.json),
    `| **per refresh on the event loop** (now: the frame) | **${ms(total(n, n.frame))}** | **${ms(total(w, w.json))}** | **${ratio(total(n, n.frame), total(w, w.json))}** |`,
    '',
    `| ${rows.toLocaleString('en')} rows: a page joins (once per snapshot, shared by the pages joining with it) | CPU | |`,
    '|---|---:|---|',
    `| its first screenful, sorted by remote address (head) | ${ms(j.head)} | |`,
    `| the snapshot as binary columns (${WS_PROTOCOL_BINARY_DIFFS}, ${WS_PROTOCOL_COLUMNS}) | ${ms(j.columns)} | ${mib(bytes.columns)} |`,
    `| the snapshot as packed JSON (netscope.v1, the peer) | ${ms(j.packed)} | ${mib(bytes.packed)}; columns / JSON ${ratio(j.columns, j.packed)} |`,
  ];
}

const out = [
  '## Server: diff and work per refresh at 100k+ rows (issue 13)',
  '',
  `\`node bench/server-diff.mjs\`; Node ${process.version}, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(
      ' ',
    )} at the start. CPU time (user + system) on the main thread's process, medians of ${RUNS}; runs alternate with their peers. In the diff tables rows are fresh objects each refresh (as the procfs engine makes them); in the refresh tables, now, the synthetic collector hands unchanged rows back as the same objects (as the netlink engine does) and ids are not rebuilt for them, before, every row was a fresh object.`,
  '',
];
for (const rows of SIZES) {
  out.push(...diffTable(rows), '');
  out.push(...(await refreshTable(rows)), '');
}
const text = out.join('\n');
console.log(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'server-diff.md'), `${text}\n`);
