/**
 * `netscope serve --metrics` as a user runs it (the built CLI): the page and
 * /metrics on their own ports, one engine behind both. Needs `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const built = join(root, 'out', 'cli', 'index.js');

describe.runIf(process.platform === 'linux')('netscope serve --metrics', () => {
  let child: ChildProcess;
  let listener: Server;
  let metricsUrl = '';
  let pageUrl = '';

  beforeAll(async () => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does)`);
    listener = createServer();
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    child = spawn(
      process.execPath,
      [join(root, 'bin', 'netscope.js'), 'serve', '--port', '0', '--metrics', '--metrics-port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((done, fail) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        metricsUrl = /Metrics for Prometheus at (\S+)/.exec(line)?.[1] ?? metricsUrl;
        pageUrl = /NetScope is serving at (\S+)/.exec(line)?.[1] ?? pageUrl;
        if (metricsUrl && pageUrl) done();
      });
      child.once('exit', (code) => fail(new Error(`netscope serve exited with ${code}`)));
    });
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise((done) => listener.close(done));
  });

  it("serves /metrics on its own port, with this test's listener and process name", async () => {
    expect(new URL(metricsUrl).port).not.toBe(new URL(pageUrl).port);
    const port = (listener.address() as AddressInfo).port;
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(
      `netscope_listening_sockets{protocol="tcp",family="ipv4",address="127.0.0.1",port="${port}",process="${comm}"} 1`,
    );
    expect(text).toContain('netscope_collector_success{collector="connections"} 1');
  });
});
