/**
 * A real `netscope serve` (the built CLI) over a fake /proc in which a
 * process's cmdline and the UDP table never answer (FIFOs with no writer):
 * it still answers HTTP, its WebSocket still answers calls and pushes a diff
 * every refresh, and the connections report says what hangs.
 *
 * The fake tree reaches the CLI through NETSCOPE_TEST_PROC_ROOT and
 * NETSCOPE_TEST_SYS_ROOT, with a short watchdog through
 * NETSCOPE_TEST_WATCHDOG_MS: test-only variables (see
 * src/main/collectors/linux/proc-fs.ts), not a feature.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SnapshotDiff } from '../src/shared/diff';
import { TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } from '../src/shared/wire';
import { FAKE_PID, makeFakeTree, type FakeTree } from './linux-fake-proc';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'netscope.js');
const built = existsSync(path.join(root, 'out', 'cli', 'index.js'));
const isLinux = process.platform === 'linux';
if (isLinux && !built) console.warn('linux-blocking-serve.test: out/cli is not built (npm run build); skipping');

const TOKEN = 'blocking-read-test-token-0123456789';

let tree: FakeTree | null = null;
let child: ChildProcess | null = null;
let socket: WebSocket | null = null;
afterEach(async () => {
  socket?.terminate();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  tree?.remove();
});

function startServe(fake: FakeTree): Promise<{ origin: string; port: number }> {
  child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--interval', '0.2'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NETSCOPE_TOKEN: TOKEN,
      NETSCOPE_TEST_PROC_ROOT: fake.procRoot,
      NETSCOPE_TEST_SYS_ROOT: fake.sysRoot,
      NETSCOPE_TEST_WATCHDOG_MS: '250',
    },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child?.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /serving at (\S+)/.exec(out);
      if (match?.[1]) {
        const url = new URL(match[1]);
        resolve({ origin: url.origin, port: Number(url.port) });
      }
    });
    child?.once('exit', (code) => reject(new Error(`netscope serve exited with ${code}: ${stderr}`)));
  });
}

describe.skipIf(!isLinux || !built)('netscope serve while reads hang', () => {
  it('answers HTTP and the WebSocket, and pushes diffs', async () => {
    tree = makeFakeTree();
    tree.block(`proc/${FAKE_PID}/cmdline`);
    tree.block('proc/net/udp');
    const { origin, port } = await startServe(tree);

    const ws = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`, [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`], {
      origin,
    });
    socket = ws;
    const diffs: SnapshotDiff[] = [];
    const results = new Map<number, unknown>();
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        channel?: string;
        payload?: unknown;
        id?: number;
        result?: unknown;
      };
      if (message.type === 'push' && message.channel === 'diff') diffs.push(message.payload as SnapshotDiff);
      if (message.type === 'result' && message.id !== undefined) results.set(message.id, message.result);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });

    // Wait (bounded by the test timeout) for a few diffs after the hang was detected and skipped.
    while (diffs.filter((d) => d.collectors.find((c) => c.name === 'connections')?.ok).length < 3)
      await new Promise((r) => setTimeout(r, 50));

    const page = await fetch(`${origin}/`);
    const body = await page.text();
    expect(page.status).toBeLessThan(500);
    if (existsSync(path.join(root, 'out', 'renderer', 'index.html'))) expect(body).toMatch(/<html/i);

    ws.send(JSON.stringify({ type: 'invoke', id: 1, method: 'getStatus', args: [] }));
    while (!results.has(1)) await new Promise((r) => setTimeout(r, 20));
    expect(results.get(1)).toMatchObject({ ok: true });

    const last = diffs[diffs.length - 1];
    const connections = last?.collectors.find((c) => c.name === 'connections');
    const said = [connections?.error ?? '', ...(connections?.warnings ?? [])].join('\n');
    expect(said).toMatch(/udp sockets are missing/);
    expect(said).toMatch(new RegExp(`process ${FAKE_PID}: reading its details`));
    for (const name of ['routes', 'interfaces', 'protocol-stats'])
      expect(last?.collectors.find((c) => c.name === name)?.ok, name).toBe(true);
  });
});

describe.skipIf(!isLinux || !built)('netscope (one shot) while a read hangs', () => {
  it('prints what it could read, says what hangs, and exits', async () => {
    tree = makeFakeTree();
    tree.block(`proc/${FAKE_PID}/status`);
    const fake = tree;
    // Node would join the stuck thread at exit for ever; the process must end anyway, with its output.
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const run = spawn(process.execPath, [bin, '--json'], {
          cwd: root,
          env: {
            ...process.env,
            NETSCOPE_TEST_PROC_ROOT: fake.procRoot,
            NETSCOPE_TEST_SYS_ROOT: fake.sysRoot,
            NETSCOPE_TEST_WATCHDOG_MS: '250',
          },
        });
        child = run;
        let out = '';
        let err = '';
        run.stdout.on('data', (d: Buffer) => (out += d.toString()));
        run.stderr.on('data', (d: Buffer) => (err += d.toString()));
        run.once('exit', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
      },
    );
    // --json carries the collectors' problems in its "warnings".
    const printed = JSON.parse(stdout) as { warnings: string[]; connections: unknown[] };
    expect(printed.warnings.join('\n')).toMatch(new RegExp(`process ${FAKE_PID}.*did not answer`));
    expect(stderr).not.toMatch(/Error|at /);
    expect(code).toBe(0);
  });
});

describe.skipIf(!isLinux || !built)('netscope measure', () => {
  it('prints its figures after stopping its reading threads (nothing else keeps the process alive then)', async () => {
    tree = makeFakeTree();
    const fake = tree;
    const stdout = await new Promise<string>((resolve) => {
      const run = spawn(process.execPath, [bin, 'measure', '--warm', '1', '--idle', '1'], {
        cwd: root,
        env: { ...process.env, NETSCOPE_TEST_PROC_ROOT: fake.procRoot, NETSCOPE_TEST_SYS_ROOT: fake.sysRoot },
      });
      child = run;
      let out = '';
      run.stdout.on('data', (d: Buffer) => (out += d.toString()));
      run.once('exit', () => resolve(out));
    });
    expect(JSON.parse(stdout)).toMatchObject({ connections: 2, owned: 2, errors: [] });
  });
});
