/**
 * Debian's real Prometheus scraping a real `netscope exporter` on loopback: a
 * generated config (1 s scrape interval, bearer token from a file, the shipped
 * alert rules loaded), a temporary data folder, free ports. A child process
 * with a name of its own holds a listener and a connected pair on 127.0.0.1;
 * the test asks Prometheus's HTTP API until the series show them. promtool
 * checks a scrape and the shipped rules (and runs their unit tests), and every
 * query of the Grafana dashboard is run against this Prometheus.
 * Needs `npm run build` (npm test does it) and Debian's `prometheus` package
 * (which brings promtool); skipped with the reason where it is absent, failed
 * where CI is set and it is absent.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const bin = join(root, 'bin', 'netscope.js');
const built = join(root, 'out', 'cli', 'index.js');
const rules = join(root, 'resources', 'prometheus', 'netscope-rules.yml');
const rulesTest = join(root, 'resources', 'prometheus', 'netscope-rules.test.yml');
const dashboard = join(root, 'resources', 'grafana', 'netscope-dashboard.json');

function onPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return null;
}

const prometheusBin = onPath('prometheus');
const promtoolBin = onPath('promtool');
const available = process.platform === 'linux' && prometheusBin !== null && promtoolBin !== null;
const MISSING = 'Debian packages prometheus (with promtool) are not installed: apt-get install prometheus';
if (!available && process.platform === 'linux') process.stderr.write(`test/prometheus.test.ts skipped: ${MISSING}\n`);

/** How long the test waits for Prometheus to see the sockets, at most (it normally takes 2 to 4 scrapes). */
const WAIT_MS = 90_000;
const HOLDER_NAME = `nsprom-${process.pid % 100_000}`;
const TOKEN = `prometheus-test-token-${process.pid}-0123456789`;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** Starts a child and resolves with the first stdout line that matches. */
function startAndRead(
  command: string,
  args: string[],
  pattern: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match) done({ child, match });
    });
    child.once('exit', (code) =>
      fail(new Error(`${command} ${args.join(' ')} exited with ${code} before printing ${pattern}: ${stderr}`)),
    );
  });
}

/** A process named HOLDER_NAME with a listener and a connected pair on 127.0.0.1; prints their ports. */
const HOLDER = `
process.title = ${JSON.stringify(HOLDER_NAME)};
const net = require('node:net');
const server = net.createServer((s) => s.on('error', () => {}));
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const client = net.connect(port, '127.0.0.1', () => console.log(JSON.stringify({ port, clientPort: client.localPort })));
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
`;

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(promPort: number, promql: string): Promise<Sample[]> {
  const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: Sample[] } };
  if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error ?? res.status}`);
  return body.data?.result ?? [];
}

/** Retries `check` until it returns a value or WAIT_MS pass (then throws the last reason). */
async function eventually<T>(what: string, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last = 'no answer';
  for (;;) {
    try {
      const value = await check();
      if (value !== null) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${WAIT_MS / 1000} s (${last})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.runIf(process.platform === 'linux' && !available && process.env.CI)('Prometheus in CI', () => {
  it('is installed', () => {
    throw new Error(`${MISSING} (.ci/run must install it)`);
  });
});

describe.skipIf(!available)('netscope exporter scraped by a real Prometheus', () => {
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'netscope-prometheus-'));
  let exporterPort = 0;
  let promPort = 0;
  let holder = { port: 0, clientPort: 0 };

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does)`);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });

    const held = await startAndRead(process.execPath, ['-e', HOLDER], /^\{.*\}$/);
    children.push(held.child);
    holder = JSON.parse(held.match[0]) as typeof holder;

    const exporter = await startAndRead(
      process.execPath,
      [bin, 'exporter', '--port', '0', '--interval', '1', '--metrics-token-file', tokenFile],
      /metrics at http:\/\/127\.0\.0\.1:(\d+)\/metrics/,
    );
    children.push(exporter.child);
    exporterPort = Number(exporter.match[1]);

    promPort = await freePort();
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
        'rule_files:',
        `  - ${JSON.stringify(rules)}`,
        'scrape_configs:',
        '  - job_name: netscope',
        '    authorization:',
        `      credentials_file: ${JSON.stringify(tokenFile)}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${exporterPort}']`,
        '',
      ].join('\n'),
    );
    const prometheus = spawn(
      prometheusBin as string,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(prometheus);
    prometheus.stderr?.on('data', () => undefined);
    await eventually('Prometheus ready', async () =>
      (await fetch(`http://127.0.0.1:${promPort}/-/ready`)).ok ? true : null,
    );
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes the exporter with the bearer token (up == 1)', async () => {
    await eventually('up{job="netscope"} == 1', async () => {
      const up = await query(promPort, 'up{job="netscope"}');
      return up[0]?.value[1] === '1' ? true : null;
    });
  });

  it("shows the test's listener with its process name, and its connected pair", async () => {
    const listenerSample = await eventually('the listener', async () => {
      const found = await query(promPort, `netscope_listening_sockets{port="${holder.port}"}`);
      return found[0] ?? null;
    });
    expect(listenerSample.metric).toMatchObject({
      protocol: 'tcp',
      family: 'ipv4',
      address: '127.0.0.1',
      process: HOLDER_NAME,
    });
    expect(listenerSample.value[1]).toBe('1');

    // Both ends of the pair belong to the holder: its connection count is exactly 2.
    const pair = await eventually('the pair', async () => {
      const found = await query(promPort, `netscope_process_connections{process="${HOLDER_NAME}"}`);
      return found[0] ?? null;
    });
    expect(pair.value[1]).toBe('2');
    const established = await query(
      promPort,
      'sum(netscope_sockets{protocol="tcp",family="ipv4",state="established"})',
    );
    expect(Number(established[0]?.value[1])).toBeGreaterThanOrEqual(2);
  });

  it('loaded the shipped alert rules', async () => {
    const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/rules`);
    const body = (await res.json()) as {
      data: { groups: Array<{ name: string; rules: Array<{ name: string; health: string }> }> };
    };
    const group = body.data.groups.find((g) => g.name === 'netscope');
    expect(group?.rules.map((r) => r.name)).toEqual(
      expect.arrayContaining(['NetScopeSynRecvHigh', 'NetScopeDominantRemote', 'NetScopeNewListeningPort']),
    );
  });

  it('every query of the Grafana dashboard runs on this Prometheus', async () => {
    // (That they name only exported series is checked in src/main/metrics/exposition.test.ts.)
    const json = JSON.parse(readFileSync(dashboard, 'utf8')) as {
      panels: Array<{ targets?: Array<{ expr: string }> }>;
    };
    const exprs = json.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    const instance = (await query(promPort, 'netscope_build_info'))[0]?.metric.instance ?? '';
    expect(instance).toBe(`127.0.0.1:${exporterPort}`);
    for (const expr of exprs) await query(promPort, expr.replaceAll('$instance', instance)); // throws when rejected
  });

  it('promtool: a scrape passes check metrics; the rules pass check rules and their unit tests', async () => {
    const scrape = await fetch(`http://127.0.0.1:${exporterPort}/metrics`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(scrape.status).toBe(200);
    const metrics = spawnSync(promtoolBin as string, ['check', 'metrics'], {
      input: await scrape.text(),
      encoding: 'utf8',
    });
    expect(metrics.status, metrics.stdout + metrics.stderr).toBe(0);
    expect((metrics.stdout + metrics.stderr).trim()).toBe('');
    const checked = spawnSync(promtoolBin as string, ['check', 'rules', rules], { encoding: 'utf8' });
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    const tested = spawnSync(promtoolBin as string, ['test', 'rules', rulesTest], { encoding: 'utf8' });
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
  });

  it('the exporter refuses a scrape without the token', async () => {
    const res = await fetch(`http://127.0.0.1:${exporterPort}/metrics`);
    expect(res.status).toBe(401);
  });
});
