// What macOS traffic costs NetScope's own CPU per refresh: the macOS connections
// collector on N sockets with nettop answering (parse nettop's CSV, join it to the
// lsof rows, rates) against the same collector where nettop is missing (lsof only),
// the peer, measured in the same run, interleaved (peer, ours, peer, ours...) so
// load on the machine hits both alike; medians and their ratio. Both get recorded
// text from a scripted runner: the tools' own run time (lsof, nettop on a Mac) is
// not here (this machine is Linux), only what NetScope adds. Outputs are written
// from the documented formats (lsof -F, nettop -L 1 -x CSV). Prints a Markdown
// section and writes bench/results/macos-traffic.md. Runs the TypeScript sources
// through jiti (no build needed).
//
//   node bench/macos-traffic.mjs
//   BENCH_MAC_SOCKETS=1000,10000,50000 BENCH_MAC_RUNS=7 node bench/macos-traffic.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const jiti = createJiti(import.meta.url);
const { createMacosCollectors } = await jiti.import('../src/main/collectors/macos/index.ts');
const { nettopArgs } = await jiti.import('../src/main/parsers/macos/nettop.ts');

const SIZES = (process.env.BENCH_MAC_SOCKETS ?? '1000,10000,50000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_MAC_RUNS ?? 7);
const LSOF = 'lsof -nP -iTCP -iUDP -Tqs -F pcuLfnPtT';
const NETTOP = ['nettop', ...nettopArgs()].join(' ');
const PER_PROCESS = 50;

/** N established TCP connections, PER_PROCESS per process, as lsof -F and nettop -L 1 -x print them. */
function outputs(n, round) {
  const lsof = [];
  const nettop = ['time,,bytes_in,bytes_out,re-tx,rtt_avg,interface,state,'];
  for (let i = 0; i < n; i++) {
    const pid = 1000 + Math.floor(i / PER_PROCESS);
    const local = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const port = 20000 + (i % 40000);
    if (i % PER_PROCESS === 0) {
      lsof.push(`p${pid}`, `capp${pid}`, 'u501', 'Lalice');
      nettop.push(`12:00:00.000000,app${pid}.${pid},${round * 1000},${round * 100},0,,,,`);
    }
    lsof.push(`f${10 + (i % PER_PROCESS)}`, 'tIPv4', 'PTCP', `n${local}:${port}->93.184.216.34:443`, 'TST=ESTABLISHED');
    nettop.push(
      `12:00:00.000001,tcp4 ${local}:${port}<->93.184.216.34:443,${round * 1000 + i},${round * 100 + i},0,12.5 ms,en0,Established,`,
    );
  }
  return { lsof: `${lsof.join('\n')}\n`, nettop: `${nettop.join('\n')}\n` };
}

function collectorsFor(n, withNettop) {
  const enc = new TextEncoder();
  const lsof = enc.encode(outputs(n, 0).lsof);
  const rounds = Array.from({ length: 4 }, (_, r) => enc.encode(outputs(n, r + 1).nettop));
  let round = 0;
  const run = async (cmd, args) => {
    const key = [cmd, ...args].join(' ');
    if (key === LSOF) return { stdout: lsof, stderr: new Uint8Array(), code: 0 };
    if (key === NETTOP && withNettop)
      return { stdout: rounds[round++ % rounds.length], stderr: new Uint8Array(), code: 0 };
    throw Object.assign(new Error(`${cmd} was not found`), { code: null });
  };
  return createMacosCollectors({ run, isRoot: () => true, nettop: { waitMs: 1000, firstWaitMs: 1000 } });
}

const signal = new AbortController().signal;

async function timeCollect(collectors) {
  const t = performance.now();
  const { data } = await collectors.connections.collect({ signal });
  return { ms: performance.now() - t, data };
}

const rows = [];
for (const n of SIZES) {
  const peer = collectorsFor(n, false);
  const ours = collectorsFor(n, true);
  // Warm-up (and the first nettop sample, which has no rates yet).
  await timeCollect(peer);
  await timeCollect(ours);
  const a = [];
  const b = [];
  let withTraffic = 0;
  for (let i = 0; i < RUNS; i++) {
    a.push((await timeCollect(peer)).ms);
    const r = await timeCollect(ours);
    b.push(r.ms);
    withTraffic = r.data.filter((c) => typeof c.traffic?.receiveRate === 'number').length;
  }
  if (withTraffic !== n) throw new Error(`${n} sockets: only ${withTraffic} carried traffic with a rate`);
  rows.push({ n, peer: median(a), ours: median(b) });
}

const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const lines = [
  "## macOS traffic (nettop joined to lsof): NetScope's own CPU per refresh",
  '',
  `${RUNS} interleaved runs per size, medians; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}, Node ${process.version}.`,
  "The macOS connections collector fed recorded lsof -F and nettop -L 1 -x text (no Mac here: the tools' own",
  'run time is not measured). Peer: the same collector with nettop missing (lsof rows only). Every socket of',
  '"with nettop" carried counters and a rate (checked).',
  '',
  '| sockets | lsof only (ms) | lsof + nettop join (ms) | ratio |',
  '|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.n} | ${fmt(r.peer)} | ${fmt(r.ours)} | ${(r.ours / r.peer).toFixed(2)} x |`),
  '',
];
const text = lines.join('\n');
console.log(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'macos-traffic.md'), text);
