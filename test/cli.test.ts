/**
 * The built `netscope` command as a user runs it: a child process on plain
 * Node, checked on sockets this test opened. Needs `npm run build` (npm test does it).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoopbackSockets } from './loopback';

const bin = resolve(__dirname, '..', 'bin', 'netscope.js');
const built = resolve(__dirname, '..', 'out', 'cli', 'index.js');

/** The folders the tests wrote their files in, removed when the file's tests end (they were left in /tmp). */
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netscope-cli-'));
  tempDirs.push(dir);
  return dir;
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { maxBuffer: 64 << 20, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

interface JsonConnection {
  protocol: string;
  family: number;
  localPort: number;
  remotePort: number;
  state: string;
  pid: number | null;
}

describe('netscope command line', () => {
  afterAll(() => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  beforeAll(() => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does)`);
  });

  it.skipIf(process.platform !== 'linux')('--json lists the sockets this test opened, with this PID', async () => {
    const sockets = await openLoopbackSockets();
    try {
      const { code, stdout } = await run(['--json']);
      expect(code).toBe(0);
      const out = JSON.parse(stdout) as { connections: JsonConnection[]; host: string };
      const mine = out.connections.filter((c) => c.pid === process.pid);
      const ports = (pred: (c: JsonConnection) => boolean) => mine.filter(pred).length;
      expect(ports((c) => c.localPort === sockets.listener4 && c.state === 'LISTEN')).toBe(1);
      expect(ports((c) => c.localPort === sockets.listener6 && c.family === 6 && c.state === 'LISTEN')).toBe(1);
      expect(ports((c) => c.localPort === sockets.client4Port && c.state === 'ESTABLISHED')).toBe(1);
      expect(ports((c) => c.protocol === 'udp' && c.localPort === sockets.udpPort)).toBe(1);

      const listening = await run(['-l', '-p', 'tcp', '--json']);
      const rows = (JSON.parse(listening.stdout) as { connections: JsonConnection[] }).connections;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((c) => c.state === 'LISTEN' && c.protocol === 'tcp' && c.family === 4)).toBe(true);
      expect(rows.some((c) => c.localPort === sockets.listener4)).toBe(true);
    } finally {
      await sockets.close();
    }
  });

  it.skipIf(process.platform !== 'linux')('prints tables and CSV for every view', async () => {
    const table = await run([]);
    expect(table.code).toBe(0);
    // The default engine (auto) adds the traffic columns where netlink answers; procfs (its fallback) has none.
    expect(table.stdout).toMatch(
      /Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State\s+(?:Sent\s+Received\s+RTT\s+Retrans\s+)?PID/,
    );
    for (const view of ['-r', '-e', '-s']) {
      const csv = await run([view, '--csv']);
      expect(csv.code, view).toBe(0);
      expect(csv.stdout.split('\n').length, view).toBeGreaterThan(1);
      const json = await run([view, '--json']);
      expect(() => JSON.parse(json.stdout), view).not.toThrow();
    }
    const routes = JSON.parse((await run(['-r', '--json'])).stdout) as { routes: unknown[] };
    expect(routes.routes.length).toBeGreaterThan(0);
  });

  it('exits 2 with a clear message and one usage hint on a bad flag or value', async () => {
    for (const args of [
      ['--bogus'],
      ['-tulpz'],
      ['-p', 'icmp'],
      ['0.01'],
      ['serve', '--port', 'x'],
      ['exporter', '-x'],
    ]) {
      const { code, stdout, stderr } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(/^netscope: [^\n]+\nTry 'netscope --help'\.\n$/);
      expect(stderr.match(/--help/g), args.join(' ')).toHaveLength(1);
      expect(stdout).toBe('');
    }
  });

  it('repeats at an interval until interrupted, like netstat 5', async () => {
    // No clock in the assertion: interrupt once two refreshes have been printed, however long they took.
    const child = spawn(process.execPath, [bin, '-s', '--json', '0.3']);
    let out = '';
    const twoLines = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').filter(Boolean).length >= 2) resolve();
      });
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    await Promise.race([twoLines, exited]);
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(0);
    const lines = out.trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('protocolStats');
  }, 60_000);

  it('import: unknown format exits 2 and names the known formats; unreadable file exits 2', async () => {
    const dir = tempDir();
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello\nthis is not netstat output\n');
    const unknown = await run(['import', junk]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/netstat/i);
    const missing = await run(['import', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.txt/);
  });

  it('import reads a saved Windows netstat -ano output', async () => {
    const dir = tempDir();
    const file = join(dir, 'netstat.txt');
    writeFileSync(
      file,
      [
        '',
        'Active Connections',
        '',
        '  Proto  Local Address          Foreign Address        State           PID',
        '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1004',
        '  TCP    192.168.1.5:52000      93.184.216.34:443      ESTABLISHED     4242',
        '  UDP    [::]:500               *:*                                    3120',
        '',
      ].join('\r\n'),
    );
    const { code, stdout } = await run(['import', file, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { connections: JsonConnection[] };
    expect(out.connections.map((c) => [c.localPort, c.state, c.pid])).toEqual([
      [135, 'LISTEN', 1004],
      [52000, 'ESTABLISHED', 4242],
      [500, 'NONE', 3120],
    ]);
  });

  it('import --serve takes --port and --token-file, so it can run beside a serve on 7870', async () => {
    const dir = tempDir();
    const file = join(dir, 'netstat.txt');
    writeFileSync(
      file,
      'Active Connections\r\n\r\n  Proto  Local Address  Foreign Address  State\r\n  TCP  0.0.0.0:135  0.0.0.0:0  LISTENING\r\n',
    );
    const tokenFile = join(dir, 'token');
    const token = 'import-serve-test-token-0123456789abcdef';
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const child = spawn(process.execPath, [bin, 'import', file, '--serve', '--port', '0', '--token-file', tokenFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<URL>((done, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /serving at (\S+)/.exec(out);
          if (m?.[1]) done(new URL(m[1]));
        });
        child.once('exit', (code) => fail(new Error(`import --serve exited with ${code}: ${out}`)));
      });
      expect(url.hostname).toBe('127.0.0.1');
      expect(Number(url.port)).toBeGreaterThan(0);
      expect(url.port).not.toBe('7870');
      expect(url.hash).toBe(`#token=${token}`);
      const page = await fetch(new URL('/', url));
      expect(page.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const misuse = await run(['import', file, '--port', '8000']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toMatch(/--port is for --serve/);
  });
});
