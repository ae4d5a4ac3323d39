// `netscope import` of a big saved output: a generated 200 MiB Windows
// `netstat -ano` file (a busy server: a few local addresses, many remote hosts,
// IPv4 and IPv6, TCP in every state, UDP listeners, a few lines that do not
// parse) read by the built CLI (bin/netscope.js, after `npm run build`), as a
// table and as CSV to /dev/null. Wall time, CPU time and peak RSS of the CLI
// process, against peers that read the same file in the same run (`wc -l`,
// `grep -c`, and `node` counting its lines with readline). Targets: under 15 s
// and under 600 MB peak RSS. Override the size with BENCH_IMPORT_MB=50.
// Prints a Markdown section and writes bench/results/import.md.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const bin = join(root, 'bin', 'netscope.js');
const tmp = join(here, 'tmp');
mkdirSync(tmp, { recursive: true });
mkdirSync(join(here, 'results'), { recursive: true });
const MB = Number(process.env.BENCH_IMPORT_MB ?? 200);
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
const file = join(tmp, `netstat-ano-${MB}mib.txt`);
const probe = join(tmp, 'rss-probe.cjs');
const TIME_TARGET_S = 15;
const RSS_TARGET_MB = 600;

if (!existsSync(join(root, 'out', 'cli', 'index.js'))) {
  console.error('bench/import.mjs: run `npm run build` first (it measures the built CLI)');
  process.exit(2);
}

const STATES = ['ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE_WAIT'];
const LOCAL_V4 = ['10.0.0.5', '192.168.1.20', '172.17.0.1'];
const col = (text, width) => (text.length >= width ? `${text} ` : text.padEnd(width));

/** One line of `netstat -ano`; every 50,000th line is something the parser must count as unreadable. */
function line(i) {
  const pid = 4 + ((i * 7919) % 30_000);
  if (i % 50_000 === 49_999) return `  TCP    garbled-row-${i}`;
  const kind = i % 40;
  if (kind === 0)
    return `  TCP    ${col(`0.0.0.0:${1024 + (i % 60_000)}`, 23)}${col('0.0.0.0:0', 23)}${col('LISTENING', 16)}${pid}`;
  if (kind === 1) return `  UDP    ${col(`0.0.0.0:${1024 + (i % 60_000)}`, 23)}${col('*:*', 39)}${pid}`;
  if (kind === 2) {
    return `  UDP    ${col(`[fe80::${(i % 65_535).toString(16)}:1%12]:${1024 + (i % 60_000)}`, 23)}${col('*:*', 39)}${pid}`;
  }
  const remoteHost = (i * 2654435761) >>> 16; // ~65k distinct hosts
  const state = STATES[i % STATES.length];
  const localPort = 49_152 + (i % 16_000);
  if (kind === 3) {
    const local = `[2001:db8::5]:${localPort}`;
    const remote = `[2001:db8:${(remoteHost & 0xfff).toString(16)}::${(remoteHost >> 12).toString(16)}]:443`;
    return `  TCP    ${col(local, 23)}${col(remote, 23)}${col(state, 16)}${pid}`;
  }
  const local = `${LOCAL_V4[i % LOCAL_V4.length]}:${localPort}`;
  const remote = `${20 + (remoteHost >> 8)}.${remoteHost & 255}.${(i >> 3) & 255}.${i & 255}:${[443, 80, 8443, 3389][i % 4]}`;
  return `  TCP    ${col(local, 23)}${col(remote, 23)}${col(state, 16)}${pid}`;
}

async function generate() {
  const target = MB * 1024 * 1024;
  if (existsSync(file) && statSync(file).size >= target && statSync(file).size < target + 64 * 1024) return;
  const out = createWriteStream(file);
  let bytes = 0;
  let i = 0;
  const head =
    '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n';
  out.write(head);
  bytes += head.length;
  while (bytes < target) {
    const lines = [];
    for (let k = 0; k < 5000 && bytes < target; k++) {
      const text = `${line(i++)}\r\n`;
      bytes += text.length;
      lines.push(text);
    }
    if (!out.write(lines.join(''))) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

// Reports the process's own peak RSS and CPU time at exit (into a file named by an env variable).
writeFileSync(
  probe,
  `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
});
`,
);

/** Runs a command with stdout to /dev/null (a file: writes are synchronous, nothing piles up in memory). */
function run(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ ms, stderr });
    });
  });
}

async function peer(label, cmd, args) {
  const times = [];
  for (let r = 0; r < RUNS; r++) times.push((await run(cmd, args)).ms);
  return { label, ms: median(times) };
}

/** A node process run with the probe: wall time, CPU time and peak RSS (the median run by wall time). */
async function probed(label, args) {
  const results = [];
  for (let r = 0; r < RUNS; r++) {
    const rssFile = join(tmp, `import-rss-${r}.json`);
    rmSync(rssFile, { force: true });
    const { ms, stderr } = await run(process.execPath, ['--require', probe, ...args], { BENCH_RSS_FILE: rssFile });
    const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
    results.push({ ms, rssMb: usage.maxRssKb / 1024, cpuMs: usage.cpuMs, stderr });
  }
  const pick = results.slice().sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];
  return { label, ...pick, maxRssMb: Math.max(...results.map((r) => r.rssMb)) };
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

await generate();
const size = statSync(file).size;
const lines = readFileSync(file, 'latin1').split('\r\n').length - 1;
await run('wc', ['-l', file]); // the page cache holds the file for every reader below
const loadBefore = (await import('node:os')).loadavg()[0];
const peers = [
  await peer('`wc -l`', 'wc', ['-l', file]),
  await peer('`grep -c ESTABLISHED`', 'grep', ['-c', 'ESTABLISHED', file]),
];
const nodeLines = await probed('`node` readline line count', [
  '-e',
  `const rl=require('readline').createInterface({input:require('fs').createReadStream(process.argv[1])});let n=0;rl.on('line',()=>n++);rl.on('close',()=>console.log(n));`,
  file,
]);
const runs = [
  await probed('`netscope import FILE` (table)', [bin, 'import', file]),
  await probed('`netscope import FILE --csv`', [bin, 'import', file, '--csv']),
];
const loadAfter = (await import('node:os')).loadavg()[0];
const rows = /(\d+) connections/.exec(runs[0].stderr)?.[1] ?? '?';
const skipped = /(\d+) lines could not be read/.exec(runs[0].stderr)?.[1] ?? '0';

const table = [
  `| reader | wall time (median of ${RUNS}) | CPU time | peak RSS | wall / \`node\` wall | CPU / \`node\` CPU |`,
  '|---|---:|---:|---:|---:|---:|',
  ...peers.map((p) => `| ${p.label} | ${seconds(p.ms)} | | | ${(p.ms / nodeLines.ms).toFixed(2)} | |`),
  ...[nodeLines, ...runs].map(
    (r) =>
      `| ${r.label} | ${seconds(r.ms)} | ${seconds(r.cpuMs)} | ${r.maxRssMb.toFixed(0)} MB | ${(r.ms / nodeLines.ms).toFixed(2)} | ${(r.cpuMs / nodeLines.cpuMs).toFixed(2)} |`,
  ),
];
const worst = runs.reduce((a, b) => (b.ms > a.ms ? b : a));
const worstRss = Math.max(...runs.map((r) => r.maxRssMb));
const verdict = (ok) => (ok ? 'met' : '**not met**');
const md = `## Import: a ${(size / 1024 / 1024).toFixed(0)} MiB Windows \`netstat -ano\` file

Written by \`node bench/import.mjs\` on ${new Date().toISOString()} (${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after).
The file: ${lines.toLocaleString('en-US')} lines (${rows} connections read, ${skipped} garbled lines counted as unreadable), generated like a busy server's output (three local IPv4 addresses and one IPv6, about 65k remote hosts, TCP in several states, UDP listeners on IPv4 and IPv6 link-local). The built CLI (\`bin/netscope.js\`) with stdout to /dev/null; peak RSS and CPU time are the CLI process's own (\`process.resourceUsage()\` at exit). Peers read the same file, from the page cache, in the same run.

${table.join('\n')}

- Under ${TIME_TARGET_S} s: slowest NetScope run ${seconds(worst.ms)} of wall time, ${verdict(worst.ms < TIME_TARGET_S * 1000)}; its CPU time was ${seconds(worst.cpuMs)}. One thread reads, parses and prints, so where a core is free the wall time is about the CPU time; here the load average (${loadBefore.toFixed(0)} on ${cpus().length} cores) is what stretched it.
- Peak RSS under ${RSS_TARGET_MB} MB: ${worstRss.toFixed(0)} MB, ${verdict(worstRss < RSS_TARGET_MB)}

How: the file is checked (a regular file, within \`--max-size\`), opened without blocking, decoded and split into lines in 1 MiB chunks, and the Windows netstat reader hands each row to the printer, which prints it and lets it go (the column widths come from the first 10,000 rows). \`--json\`, \`--serve\` and the desktop app's File > Open Saved Output... keep every row in a snapshot instead, so their memory grows with the file (a few hundred bytes a row).
`;
console.log(md);
writeFileSync(join(here, 'results', 'import.md'), md);
