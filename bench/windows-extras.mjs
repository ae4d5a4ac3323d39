// What the Windows offload-state and traffic work adds to a refresh, against the peer measured in the same run:
// decoding the extended TCP table (GetExtendedTcpTable's bytes -> rows), which every refresh already does.
//   GetTcpTable2   the TCP rows decoded from GetTcpTable2's bytes instead (tcp-table2.ts): the same rows plus the
//                  offload state; it replaces the extended table for TCP, so this is the cost in place of the peer
//   traffic        WindowsTrafficSampler.sample (estats.ts): MIB_TCPROW per row, both RODs decoded, rates; the
//                  EStats calls are answered from memory, so this is our cost on top of the OS's, not the OS's
//                  (Windows' own GetPerTcpConnectionEStats cost cannot be measured here: no Windows, and Wine 8
//                  has no such call)
// Pure code through jiti (no build). Sizes: BENCH_WINDOWS_SIZES (default 10000,50000). Prints a Markdown section
// and writes bench/results/windows-extras.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const jiti = createJiti(import.meta.url);
const { decodeTable } = await jiti.import('../src/main/collectors/windows/iphlpapi-decode.ts');
const { decodeTcpTable2Rows } = await jiti.import('../src/main/collectors/windows/tcp-table2.ts');
const { WindowsTrafficSampler } = await jiti.import('../src/main/collectors/windows/estats.ts');
const { DATA_ROD_SIZE, PATH_ROD_SIZE } = await jiti.import('../src/main/collectors/windows/estats-decode.ts');

const SIZES = (process.env.BENCH_WINDOWS_SIZES ?? '10000,50000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_WINDOWS_RUNS ?? 7);

/** Both tables for n ESTABLISHED connections 10.x.y.z:443 <- 10.0.0.1:port. */
function tables(n) {
  const extended = new Uint8Array(4 + n * 24);
  const table2 = new Uint8Array(4 + n * 28);
  const ev = new DataView(extended.buffer);
  const tv = new DataView(table2.buffer);
  ev.setUint32(0, n, true);
  tv.setUint32(0, n, true);
  for (let i = 0; i < n; i++) {
    const remote = [10, (i >> 16) & 255, (i >> 8) & 255, i & 255];
    for (const [view, bytes, o, pidAt] of [
      [ev, extended, 4 + i * 24, 20],
      [tv, table2, 4 + i * 28, 20],
    ]) {
      view.setUint32(o, 5, true);
      bytes.set([10, 0, 0, 1], o + 4);
      view.setUint16(o + 8, 1024 + (i % 60000), false);
      bytes.set(remote, o + 12);
      view.setUint16(o + 16, 443, false);
      view.setUint32(o + pidAt, 1000 + (i % 500), true);
    }
    tv.setUint32(4 + i * 28 + 24, i % 4, true);
  }
  return { extended, table2 };
}

const api = {
  enable: () => 0,
  get: (_row, _family, type, size) => {
    const rod = new Uint8Array(size === DATA_ROD_SIZE ? DATA_ROD_SIZE : PATH_ROD_SIZE);
    return { status: 0, enabled: true, rod, type };
  },
};

function time(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const lines = [
  '## Windows offload state and traffic: the added work per refresh',
  '',
  `Median of ${RUNS} runs, in one process (Node ${process.version}). Peer: decoding the extended TCP table that every refresh already decodes.`,
  '',
  '| TCP rows | decode extended table (peer) | decode GetTcpTable2 (with offload) | ratio | traffic sampler (OS calls from memory) | ratio |',
  '|---:|---:|---:|---:|---:|---:|',
];
for (const n of SIZES) {
  const { extended, table2 } = tables(n);
  const peer = [];
  const join = [];
  const traffic = [];
  const sampler = new WindowsTrafficSampler(api);
  for (let run = 0; run < RUNS; run++) {
    let rows;
    peer.push(time(() => (rows = decodeTable('tcp4', extended).connections)));
    join.push(time(() => decodeTcpTable2Rows(4, table2)));
    traffic.push(time(() => sampler.sample(rows)));
  }
  const p = median(peer);
  const j = median(join);
  const t = median(traffic);
  lines.push(
    `| ${n} | ${p.toFixed(1)} ms | ${j.toFixed(1)} ms | ${(j / p).toFixed(2)} x | ${t.toFixed(1)} ms | ${(t / p).toFixed(2)} x |`,
  );
}
lines.push(
  '',
  'Not measured: the OS calls themselves (GetTcpTable2, and two GetPerTcpConnectionEStats calls per connection) on',
  'a real Windows; Wine 8 has no EStats calls and its table calls scan processes per socket.',
);
const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'windows-extras.md'), text);
