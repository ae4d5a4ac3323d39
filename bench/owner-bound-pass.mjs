// The owner thread's full pass forced by the bound on a quiet host (owner-quiet.ts countsSuffice): CPU of such a pass
// where known processes with an unchanged fd count are not listed (Linux 6.2+), against the same pass listing every
// process (the fd count hidden), two scanners on this machine's /proc, passes alternated. Prints a Markdown section
// and writes bench/results/owner-bound-pass.md. Run it under `flock /tmp/bench.lock`. OWNER_BOUND_ROUNDS (120).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.env.OWNER_BOUND_ROUNDS ?? 120);
// Inside the repo, so that the bundle finds koffi (libc links) in node_modules.
const outDir = mkdtempSync(join(here, '.owner-bound-'));
const entry = join(outDir, 'entry.ts');
const linux = join(here, '..', 'src', 'main', 'collectors', 'linux');
writeFileSync(
  entry,
  `export { createFdLinks } from ${JSON.stringify(join(linux, 'fd-links'))};
export { InodeSet } from ${JSON.stringify(join(linux, 'inode-table'))};
export { SocketOwnerScanner } from ${JSON.stringify(join(linux, 'owner-scan'))};
`,
);
let lib;
try {
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: entry,
      target: 'node20',
      outDir,
      emptyOutDir: false,
      minify: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'entry.cjs' } },
    },
  });
  lib = createRequire(import.meta.url)(join(outDir, 'entry.cjs'));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
const { createFdLinks, InodeSet, SocketOwnerScanner } = lib;
const { readFileSync } = await import('node:fs');

function tableInodes() {
  const set = new InodeSet();
  for (const name of ['tcp', 'tcp6', 'udp', 'udp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/net/${name}`, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const inode = Number(line.trim().split(/\s+/)[9]);
      if (inode > 0) set.add(inode);
    }
  }
  return set;
}

const builds = [
  { name: 'fd counts compared', links: createFdLinks() },
  { name: 'every process listed', links: Object.assign(createFdLinks(), { openCount: () => -1 }) },
];
for (const b of builds) {
  const list = b.links.list.bind(b.links);
  b.listings = 0;
  b.links.list = (handle) => {
    b.listings++;
    return list(handle);
  };
  // fullScanEvery 2: every second pass is forced by the bound.
  b.scanner = new SocketOwnerScanner('/proc', 1e9, () => undefined, b.links, 2);
  b.cpu = [];
}
const signal = new AbortController().signal;
const table = tableInodes();
for (const b of builds) for (let i = 0; i < 2; i++) await b.scanner.scan(table, signal);
for (const b of builds) b.listings = 0;
const load = loadavg()[0];
for (let round = 0; round < rounds; round++)
  for (const b of builds) {
    const before = process.cpuUsage();
    const result = await b.scanner.scan(table, signal);
    const used = process.cpuUsage(before);
    if (!result.stats.quiet && !result.stats.fallback) b.cpu.push((used.user + used.system) / 1000);
  }
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;
const lines = [
  '## Owner pass forced by the bound (fd counts)',
  '',
  `Run ${new Date().toISOString()}, ${cpus().length} cores, load ${load.toFixed(2)} -> ${loadavg()[0].toFixed(2)}, ` +
    `fd links: ${builds[0].links.kind}, ${builds[0].scanner.lastStats?.processes ?? 0} processes, ` +
    `${table.size} table inodes; ${rounds} alternated rounds (fullScanEvery 2).`,
  '',
  '| pass | bound-forced passes | CPU per pass (ms, median) | fd listings |',
  '|---|---:|---:|---:|',
  ...builds.map((b) => `| ${b.name} | ${b.cpu.length} | ${median(b.cpu).toFixed(3)} | ${b.listings} |`),
  '',
];
const text = lines.join('\n');
console.log(text);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'owner-bound-pass.md'), text);
