/**
 * Starts the real `netscope serve` (built CLI, real collectors on this machine)
 * on an ephemeral loopback port for each test, and stops it afterwards.
 * WHY per test, not per worker: Pause and the refresh interval are the
 * server's, shared by every page. With one worker a worker-scoped server ran
 * the whole suite, so a11y-layout.spec's Pause froze it for grid.spec, whose
 * new sockets then never appeared.
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

export interface NetScopeServer {
  /** The URL with the token (in its fragment), as printed for the user. */
  url: string;
  origin: string;
  token: string;
  process: ChildProcess;
}

export async function startServe(extraArgs: string[] = []): Promise<NetScopeServer> {
  const bin = resolve(root, 'bin', 'netscope.js');
  if (
    !existsSync(resolve(root, 'out', 'cli', 'index.js')) ||
    !existsSync(resolve(root, 'out', 'renderer', 'index.html'))
  ) {
    throw new Error('NetScope is not built: run `npm run build` first (npm test does)');
  }
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--interval', '1', ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`netscope serve printed no URL in 20 s: ${out} ${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /serving at (\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        ok(match[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`netscope serve exited with ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return { url, origin: parsed.origin, token, process: child };
}

/** A Playwright test whose `server` fixture is a `netscope serve` started with `extraArgs`, stopped after each test. */
export function serveTest(extraArgs: string[] = []) {
  return base.extend<{ server: NetScopeServer }>({
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument.
    server: async ({}, use) => {
      const server = await startServe(extraArgs);
      await use(server);
      const child = server.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      // Gone before the next test starts its own (no two collectors competing for the two cores).
      await exited;
    },
  });
}

export const test = serveTest();

export { expect } from '@playwright/test';
